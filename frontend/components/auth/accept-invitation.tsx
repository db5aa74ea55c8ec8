"use client";
import { Building2Icon, Loader2Icon, LogOutIcon } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { LoginForm } from "@/components/auth/login-form";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { allauth, AllauthError } from "@/lib/allauth";
import { tenantApi, unwrap } from "@/lib/api/client";
import { logout } from "@/lib/auth";
import { formatDate } from "@/lib/utils";

type Lookup = { company_name: string; email: string; expires_at: string };
type Session = { email: string } | null;

async function sessionUser(): Promise<Session> {
  const { status, body } = await allauth<{ user?: { email?: string } }>("GET", "/auth/session");
  return status === 200 && body?.data?.user?.email ? { email: body.data.user.email } : null;
}

/**
 * The page an invitation e-mail links to (`<company>.<domain>/invite/accept?token=…`): who
 * invited whom to which company; then sign up or sign in as the invited address, and join.
 * Lands on the company's dashboard.
 */
export function AcceptInvitation({ token }: { token: string }) {
  const [lookup, setLookup] = useState<Lookup | null>(null);
  const [invalid, setInvalid] = useState("");
  const [session, setSession] = useState<Session | undefined>(undefined);
  const [mode, setMode] = useState<"signup" | "login">("signup");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    void (async () => {
      try {
        setLookup(unwrap(await tenantApi.GET("/api/v1/access/invitations/lookup/", { params: { query: { token } } })));
      } catch (e) {
        setInvalid(e instanceof Error ? e.message : "This invitation link is not valid.");
      }
      setSession(await sessionUser());
    })();
  }, [token]);

  const accept = useCallback(
    async (fullName?: string) => {
      setError("");
      setBusy(true);
      try {
        unwrap(await tenantApi.POST("/api/v1/access/invitations/accept/", { body: { token } }));
        if (fullName) await tenantApi.PATCH("/api/v1/me/", { body: { full_name: fullName } });
        window.location.assign("/");
      } catch (e) {
        setError(e instanceof Error ? e.message : "Could not accept the invitation.");
        setBusy(false);
      }
    },
    [token],
  );

  if (invalid) return <p role="alert" className="text-sm text-destructive">{invalid}</p>;
  if (!lookup || session === undefined) return <p className="flex items-center gap-2 text-sm text-muted-foreground"><Loader2Icon className="size-4 animate-spin" /> Opening your invitation…</p>;

  const header = (
    <div className="mb-5 flex items-start gap-3 rounded-lg bg-muted px-3 py-3 text-sm">
      <Building2Icon className="mt-0.5 size-5 shrink-0 text-primary" />
      <p>
        <strong data-testid="invite-company">{lookup.company_name}</strong> invited <strong>{lookup.email}</strong>. The link works until {formatDate(lookup.expires_at)}.
      </p>
    </div>
  );
  const alert = error ? <p role="alert" className="mb-4 rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{error}</p> : null;

  if (session) {
    const same = session.email.toLowerCase() === lookup.email.toLowerCase();
    return (
      <div>
        {header}
        {alert}
        {same ? (
          <Button size="lg" className="w-full" disabled={busy} onClick={() => void accept()}>
            {busy && <Loader2Icon className="animate-spin" />} Join {lookup.company_name}
          </Button>
        ) : (
          <div className="grid gap-3 text-sm">
            <p>You are signed in as <strong>{session.email}</strong>, but this invitation is for <strong>{lookup.email}</strong>.</p>
            <Button variant="outline" onClick={async () => { await logout(); setSession(null); }}><LogOutIcon /> Sign out and continue</Button>
          </div>
        )}
      </div>
    );
  }

  return (
    <div>
      {header}
      {alert}
      <div role="tablist" aria-label="Account" className="mb-5 grid grid-cols-2 gap-1 rounded-lg bg-muted p-1 text-sm">
        {(["signup", "login"] as const).map((m) => (
          <button
            key={m}
            role="tab"
            type="button"
            aria-selected={mode === m}
            onClick={() => setMode(m)}
            className="rounded-md px-3 py-1.5 font-medium text-muted-foreground aria-selected:bg-background aria-selected:text-foreground aria-selected:shadow-sm"
          >
            {m === "signup" ? "I'm new here" : "I have an account"}
          </button>
        ))}
      </div>
      {mode === "login" ? (
        <LoginForm next="/" defaultEmail={lookup.email} lockEmail onSignedIn={() => void accept()} />
      ) : (
        <form
          noValidate
          className="grid gap-5"
          onSubmit={async (e) => {
            e.preventDefault();
            setFieldErrors({});
            setError("");
            const errs: Record<string, string> = {};
            if (!name.trim()) errs.name = "Enter your name.";
            if (password.length < 10) errs.password = "Use at least 10 characters.";
            if (Object.keys(errs).length) return setFieldErrors(errs);
            setBusy(true);
            const { status, body } = await allauth<{ user?: { email: string } }>("POST", "/auth/signup", { body: { email: lookup.email, password } });
            if (status === 200) return accept(name.trim());
            setBusy(false);
            const err = new AllauthError(status, body, "Could not create your account.");
            if (err.fields.password) return setFieldErrors({ password: err.fields.password });
            if (status === 401 || err.fields.email) {
              setMode("login");
              setError("An account with this e-mail may already exist. Sign in with its password.");
              return;
            }
            setError(err.message);
          }}
        >
          <FormField id="invite-email" label="E-mail">
            <Input id="invite-email" value={lookup.email} readOnly className="bg-muted" />
          </FormField>
          <FormField id="invite-name" label="Your name" error={fieldErrors.name}>
            <Input id="invite-name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!fieldErrors.name} />
          </FormField>
          <FormField id="invite-password" label="Choose a password" error={fieldErrors.password} hint="At least 10 characters.">
            <Input id="invite-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={!!fieldErrors.password} />
          </FormField>
          <Button type="submit" size="lg" disabled={busy}>{busy && <Loader2Icon className="animate-spin" />} Create account and join</Button>
        </form>
      )}
    </div>
  );
}
