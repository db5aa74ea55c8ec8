"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { CheckIcon, CopyIcon, DownloadIcon, Loader2Icon } from "lucide-react";
import QRCode from "qrcode";
import { useEffect, useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { MfaError, reauthenticate, recoveryCodes, totpActivate, totpSetup, type TotpSetup as Setup } from "@/lib/mfa";

const passwordSchema = z.object({ password: z.string().min(1, "Enter your password.") });
const codeSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from the app.") });

type Step = { kind: "password" } | { kind: "scan"; setup: Setup } | { kind: "codes"; codes: string[] };

function message(error: unknown): string {
  if (error instanceof MfaError && error.code === "unverified_email") {
    return "Verify your e-mail address first: open the link we sent when you signed up, then come back here.";
  }
  return error instanceof Error ? error.message : "Something went wrong. Try again.";
}

function Alert({ children }: { children: string }) {
  return children ? (
    <div role="alert" data-testid="form-error" className="rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">{children}</div>
  ) : null;
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      type="button"
      variant="outline"
      size="sm"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        } catch {}
      }}
    >
      {copied ? <CheckIcon /> : <CopyIcon />} {copied ? "Copied" : label}
    </Button>
  );
}

function StepTitle({ n, title, children }: { n: number; title: string; children?: ReactNode }) {
  return (
    <div className="flex items-start gap-3">
      <span className="inline-flex size-6 shrink-0 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground">{n}</span>
      <div className="grid gap-1">
        <p className="text-sm font-medium">{title}</p>
        {children && <p className="text-sm text-muted-foreground">{children}</p>}
      </div>
    </div>
  );
}

/** Password → QR code and secret → first code → recovery codes, shown once. */
export function TotpSetup({ onCancel, onActivated, onDone }: { onCancel: () => void; onActivated: () => void; onDone: () => void }) {
  const [step, setStep] = useState<Step>({ kind: "password" });
  const [formError, setFormError] = useState("");

  if (step.kind === "password") {
    return (
      <PasswordStep
        error={formError}
        onCancel={onCancel}
        onSubmit={async (password) => {
          setFormError("");
          try {
            await reauthenticate(password);
            setStep({ kind: "scan", setup: await totpSetup() });
          } catch (error) {
            setFormError(message(error));
          }
        }}
      />
    );
  }
  if (step.kind === "scan") {
    return (
      <ScanStep
        setup={step.setup}
        onCancel={onCancel}
        onActivated={async () => {
          onActivated();
          let codes: string[] = [];
          try {
            codes = await recoveryCodes();
          } catch {}
          setStep({ kind: "codes", codes });
        }}
      />
    );
  }
  return <CodesStep codes={step.codes} onDone={onDone} />;
}

function PasswordStep({ error, onSubmit, onCancel }: { error: string; onSubmit: (password: string) => Promise<void>; onCancel: () => void }) {
  const form = useForm<z.infer<typeof passwordSchema>>({ resolver: zodResolver(passwordSchema), defaultValues: { password: "" } });
  return (
    <form noValidate className="grid max-w-sm gap-5" onSubmit={form.handleSubmit((v) => onSubmit(v.password))}>
      <StepTitle n={1} title="Confirm it is you">Enter your password to change how you sign in.</StepTitle>
      <Alert>{error}</Alert>
      <FormField id="reauth-password" label="Password" error={form.formState.errors.password?.message}>
        <Input id="reauth-password" type="password" autoComplete="current-password" autoFocus aria-invalid={!!form.formState.errors.password} {...form.register("password")} />
      </FormField>
      <div className="flex gap-2">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting && <Loader2Icon className="animate-spin" />} Continue
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function ScanStep({ setup, onActivated, onCancel }: { setup: Setup; onActivated: () => Promise<void>; onCancel: () => void }) {
  const [qr, setQr] = useState("");
  const [formError, setFormError] = useState("");
  const form = useForm<z.infer<typeof codeSchema>>({ resolver: zodResolver(codeSchema), defaultValues: { code: "" } });
  useEffect(() => {
    if (!setup.totpUrl) return;
    let live = true;
    QRCode.toDataURL(setup.totpUrl, { margin: 1, width: 192, errorCorrectionLevel: "M" })
      .then((url) => live && setQr(url))
      .catch(() => live && setQr(""));
    return () => {
      live = false;
    };
  }, [setup.totpUrl]);
  const grouped = setup.secret.match(/.{1,4}/g)?.join(" ") ?? setup.secret;

  return (
    <form
      noValidate
      className="grid gap-6"
      onSubmit={form.handleSubmit(async (v) => {
        setFormError("");
        try {
          await totpActivate(v.code);
          await onActivated();
        } catch (error) {
          form.setError("code", { message: message(error) });
        }
      })}
    >
      <StepTitle n={2} title="Scan the QR code">
        Open Google Authenticator, Microsoft Authenticator or any TOTP app, add an account and scan this code.
      </StepTitle>
      <div className="flex flex-col gap-5 sm:flex-row sm:items-center">
        <div className="flex size-48 shrink-0 items-center justify-center rounded-lg border bg-white p-2">
          {qr ? <img src={qr} alt="QR code for your authenticator app" className="size-full" data-testid="totp-qr" /> : <Loader2Icon className="size-6 animate-spin text-muted-foreground" />}
        </div>
        <div className="grid min-w-0 gap-2 text-sm">
          <p className="text-muted-foreground">Cannot scan it? Enter this key in the app instead (time-based, 6 digits):</p>
          <code data-testid="totp-secret" data-secret={setup.secret} className="rounded-md bg-muted px-3 py-2 font-mono text-base tracking-wider break-all select-all">
            {grouped}
          </code>
          <div><CopyButton text={setup.secret} label="Copy key" /></div>
        </div>
      </div>
      <StepTitle n={3} title="Enter the code from the app" />
      <Alert>{formError}</Alert>
      <FormField id="totp-code" label="Authentication code" error={form.formState.errors.code?.message} className="max-w-56">
        <Input id="totp-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} className="font-mono tracking-widest" aria-invalid={!!form.formState.errors.code} {...form.register("code")} />
      </FormField>
      <div className="flex gap-2">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting && <Loader2Icon className="animate-spin" />} Activate
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function CodesStep({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = codes.join("\n");
  return (
    <div className="grid gap-5">
      <p role="status" className="rounded-md bg-emerald-500/10 px-3 py-2 text-sm text-emerald-700 dark:text-emerald-400">
        Two-factor authentication is on. You will be asked for a code each time you sign in.
      </p>
      <StepTitle n={4} title="Save your recovery codes">
        If you lose your phone, sign in with one of these instead of a code. Each works once, and they are shown only now: print them or keep them in a password manager.
      </StepTitle>
      {codes.length > 0 && (
        <>
          <ul data-testid="recovery-codes" className="grid grid-cols-2 gap-2 rounded-lg border bg-muted/50 p-4 font-mono text-sm sm:grid-cols-5">
            {codes.map((c) => <li key={c}>{c}</li>)}
          </ul>
          <div className="flex gap-2">
            <CopyButton text={text} label="Copy codes" />
            <Button asChild variant="outline" size="sm">
              <a href={`data:text/plain;charset=utf-8,${encodeURIComponent(text + "\n")}`} download="b3-macbis-recovery-codes.txt"><DownloadIcon /> Download</a>
            </Button>
          </div>
        </>
      )}
      <div><Button onClick={onDone}>I have saved them</Button></div>
    </div>
  );
}
