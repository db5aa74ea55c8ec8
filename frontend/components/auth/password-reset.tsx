"use client";
import { CheckCircle2Icon, Loader2Icon, MailCheckIcon } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { AllauthError, passwordReset, passwordResetKeyCheck, passwordResetRequest } from "@/lib/allauth";

/** "Forgot password": asks for the e-mail; the answer is the same whether an account exists. */
export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [error, setError] = useState("");
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  if (sent) {
    return (
      <div role="status" className="grid gap-4 text-sm">
        <div className="flex items-start gap-3 rounded-lg bg-muted px-3 py-3">
          <MailCheckIcon className="mt-0.5 size-5 shrink-0 text-primary" />
          <p>If an account uses <strong>{email}</strong>, an e-mail with a reset link is on its way. The link works for a few days and only once.</p>
        </div>
        <Link href="/login" className="text-primary hover:underline">Back to sign in</Link>
      </div>
    );
  }
  return (
    <form
      noValidate
      className="grid gap-5"
      onSubmit={async (e) => {
        e.preventDefault();
        setError("");
        if (!/^\S+@\S+\.\S+$/.test(email.trim())) return setError("Enter a valid e-mail address.");
        setBusy(true);
        try {
          await passwordResetRequest(email.trim());
          setSent(true);
        } catch (err) {
          setError(err instanceof Error ? err.message : "Could not send the e-mail.");
        } finally {
          setBusy(false);
        }
      }}
    >
      <FormField id="reset-email" label="E-mail" error={error}>
        <Input id="reset-email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!error} />
      </FormField>
      <Button type="submit" size="lg" disabled={busy}>{busy && <Loader2Icon className="animate-spin" />} Send reset link</Button>
      <Link href="/login" className="text-center text-sm text-muted-foreground hover:text-foreground">Back to sign in</Link>
    </form>
  );
}

/** The page the reset e-mail links to: a new password for the key in the link. */
export function ResetPasswordForm({ resetKey }: { resetKey: string }) {
  const [valid, setValid] = useState<boolean | null>(null);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void passwordResetKeyCheck(resetKey).then(setValid);
  }, [resetKey]);

  if (valid === null) return <p className="flex items-center gap-2 text-sm text-muted-foreground"><Loader2Icon className="size-4 animate-spin" /> Checking the link…</p>;
  if (!valid) {
    return (
      <div role="alert" className="grid gap-3 text-sm">
        <p>This reset link is not valid any more: it was used already, or it expired.</p>
        <Link href="/account/password/reset" className="text-primary hover:underline">Ask for a new link</Link>
      </div>
    );
  }
  if (done) {
    return (
      <div role="status" className="grid gap-4 text-sm">
        <p className="flex items-center gap-2"><CheckCircle2Icon className="size-5 text-emerald-600" /> Your password was changed.</p>
        <Button asChild size="lg"><Link href="/login">Sign in</Link></Button>
      </div>
    );
  }
  return (
    <form
      noValidate
      className="grid gap-5"
      onSubmit={async (e) => {
        e.preventDefault();
        setErrors({});
        if (password.length < 10) return setErrors({ password: "Use at least 10 characters." });
        if (password !== confirm) return setErrors({ confirm: "The two passwords differ." });
        setBusy(true);
        try {
          await passwordReset(resetKey, password);
          setDone(true);
        } catch (err) {
          setErrors(err instanceof AllauthError && err.fields.password ? { password: err.fields.password } : { form: err instanceof Error ? err.message : "Could not reset." });
        } finally {
          setBusy(false);
        }
      }}
    >
      {errors.form && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.form}</p>}
      <FormField id="new-password" label="New password" error={errors.password} hint="At least 10 characters.">
        <Input id="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={!!errors.password} />
      </FormField>
      <FormField id="confirm-password" label="Repeat the new password" error={errors.confirm}>
        <Input id="confirm-password" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-invalid={!!errors.confirm} />
      </FormField>
      <Button type="submit" size="lg" disabled={busy}>{busy && <Loader2Icon className="animate-spin" />} Set new password</Button>
    </form>
  );
}
