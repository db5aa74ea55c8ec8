"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2Icon, ShieldCheckIcon } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { login, mfaAuthenticate, type LoginResult } from "@/lib/auth";

const credentials = z.object({
  email: z.string().trim().min(1, "Enter your e-mail.").email("Enter a valid e-mail address."),
  password: z.string().min(1, "Enter your password."),
});
const mfa = z.object({ code: z.string().trim().regex(/^[0-9A-Za-z-]{6,}$/, "Enter the 6-digit code or a recovery code.") });

/** Sign in on this company's host: e-mail and password, then the authenticator code if MFA is on. */
export function LoginForm({ next, defaultEmail = "", onSignedIn, lockEmail = false }: {
  next: string;
  defaultEmail?: string;
  /** Called instead of going to `next` once signed in (e.g. to accept an invitation). */
  onSignedIn?: () => void;
  lockEmail?: boolean;
}) {
  const [step, setStep] = useState<"credentials" | "mfa">("credentials");
  const [formError, setFormError] = useState("");

  const done = (result: LoginResult, setFieldError: (field: string, message: string) => void) => {
    if (result.kind === "ok") {
      if (onSignedIn) return onSignedIn();
      window.location.assign(next.startsWith("/") && !next.startsWith("//") ? next : "/");
      return;
    }
    if (result.kind === "mfa") {
      setFormError("");
      setStep("mfa");
      return;
    }
    setFormError(result.message);
    for (const [field, message] of Object.entries(result.fields)) setFieldError(field, message);
  };

  const creds = useForm<z.infer<typeof credentials>>({ resolver: zodResolver(credentials), defaultValues: { email: defaultEmail, password: "" } });
  const code = useForm<z.infer<typeof mfa>>({ resolver: zodResolver(mfa), defaultValues: { code: "" } });

  const submitCredentials = creds.handleSubmit(async (values) => {
    setFormError("");
    done(await login(values.email, values.password), (f, m) =>
      f === "email" || f === "password" ? creds.setError(f, { message: m }) : setFormError(m),
    );
  });
  const submitCode = code.handleSubmit(async (values) => {
    setFormError("");
    done(await mfaAuthenticate(values.code), (_f, m) => code.setError("code", { message: m }));
  });

  const alert = formError ? (
    <div role="alert" className="rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</div>
  ) : null;

  if (step === "mfa") {
    return (
      <form onSubmit={submitCode} noValidate className="grid gap-5">
        <div className="flex items-start gap-3 rounded-lg bg-muted px-3 py-3 text-sm">
          <ShieldCheckIcon className="mt-0.5 size-5 shrink-0 text-primary" />
          <p>Two-factor authentication is on. Enter the code from your authenticator app.</p>
        </div>
        {alert}
        <FormField id="code" label="Authentication code" error={code.formState.errors.code?.message}>
          <Input id="code" inputMode="numeric" autoComplete="one-time-code" autoFocus className="font-mono tracking-widest" aria-invalid={!!code.formState.errors.code} {...code.register("code")} />
        </FormField>
        <Button type="submit" size="lg" disabled={code.formState.isSubmitting}>
          {code.formState.isSubmitting && <Loader2Icon className="animate-spin" />} Verify
        </Button>
      </form>
    );
  }
  return (
    <form onSubmit={submitCredentials} noValidate className="grid gap-5">
      {alert}
      <FormField id="email" label="E-mail" error={creds.formState.errors.email?.message}>
        <Input id="email" type="email" autoComplete="username" readOnly={lockEmail} aria-invalid={!!creds.formState.errors.email} {...creds.register("email")} />
      </FormField>
      <FormField id="password" label="Password" error={creds.formState.errors.password?.message}>
        <Input id="password" type="password" autoComplete="current-password" aria-invalid={!!creds.formState.errors.password} {...creds.register("password")} />
      </FormField>
      <p className="-mt-2 text-right text-sm">
        <a href="/account/password/reset" className="text-primary hover:underline">Forgot your password?</a>
      </p>
      <Button type="submit" size="lg" disabled={creds.formState.isSubmitting}>
        {creds.formState.isSubmitting && <Loader2Icon className="animate-spin" />} Sign in
      </Button>
    </form>
  );
}
