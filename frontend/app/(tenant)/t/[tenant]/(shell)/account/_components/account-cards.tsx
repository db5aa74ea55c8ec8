"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { FingerprintIcon, Loader2Icon, LogOutIcon, MonitorIcon, SmartphoneIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormField } from "@/components/form-field";
import { useMe } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { tenantApi, unwrap } from "@/lib/api/client";
import { AllauthError, passkeyAdd, passkeysRemove, passkeysSupported, passwordChange, sessionsEnd, sessionsList, type Passkey } from "@/lib/allauth";
import { authenticatorsList, reauthenticate } from "@/lib/mfa";
import { formatDate } from "@/lib/utils";

const epoch = (s: number | null | undefined) => (s ? new Date(s * 1000).toISOString() : null);

export function ProfileCard() {
  const { user } = useMe();
  const router = useRouter();
  const [name, setName] = useState(user.full_name);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Profile</CardTitle>
        <CardDescription>Signed in as {user.email}. Your name is shown to colleagues in every company you belong to.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="flex flex-col gap-3 sm:flex-row sm:items-end"
          onSubmit={async (e) => {
            e.preventDefault();
            setError("");
            setBusy(true);
            try {
              unwrap(await tenantApi.PATCH("/api/v1/me/", { body: { full_name: name } }));
              toast.success("Name saved");
              router.refresh();
            } catch (err) {
              setError(err instanceof Error ? err.message : "Could not save.");
            } finally {
              setBusy(false);
            }
          }}
        >
          <FormField id="profile-name" label="Full name" error={error} className="flex-1">
            <Input id="profile-name" autoComplete="name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          </FormField>
          <Button type="submit" variant="outline" disabled={busy || name === user.full_name}>
            {busy && <Loader2Icon className="animate-spin" />} Save name
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}

export function PasswordCard() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Password</CardTitle>
        <CardDescription>At least 10 characters; a few unrelated words make a strong one.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="grid gap-4 sm:grid-cols-2"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            setErrors({});
            if (!current || !next) return setErrors({ ...(!current && { current_password: "Enter your current password." }), ...(!next && { new_password: "Enter a new password." }) });
            setBusy(true);
            try {
              await passwordChange(current, next);
              setCurrent("");
              setNext("");
              toast.success("Password changed. Other devices stay signed in until you sign them out below.");
            } catch (err) {
              setErrors(err instanceof AllauthError && Object.keys(err.fields).length ? err.fields : { form: err instanceof Error ? err.message : "Could not change the password." });
            } finally {
              setBusy(false);
            }
          }}
        >
          {errors.form && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive sm:col-span-2">{errors.form}</p>}
          <FormField id="pw-current" label="Current password" error={errors.current_password}>
            <Input id="pw-current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} aria-invalid={!!errors.current_password} />
          </FormField>
          <FormField id="pw-new" label="New password" error={errors.new_password}>
            <Input id="pw-new" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} aria-invalid={!!errors.new_password} />
          </FormField>
          <div className="flex justify-end sm:col-span-2">
            <Button type="submit" variant="outline" disabled={busy}>{busy && <Loader2Icon className="animate-spin" />} Change password</Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

export function PasskeysCard() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ["mfa", "authenticators"], queryFn: authenticatorsList });
  const passkeys = (list.data ?? []).filter((a) => a.type === "webauthn") as unknown as Passkey[];
  const [adding, setAdding] = useState(false);
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const supported = typeof window === "undefined" ? true : passkeysSupported();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["mfa", "authenticators"] });

  return (
    <Card>
      <CardHeader className="flex flex-row items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle>Passkeys</CardTitle>
          <CardDescription>Sign in with your fingerprint, face or screen lock instead of a password and code.</CardDescription>
        </div>
        {!adding && (
          <Button variant="outline" onClick={() => setAdding(true)} disabled={!supported} className="shrink-0">
            <FingerprintIcon /> Add passkey
          </Button>
        )}
      </CardHeader>
      <CardContent className="grid gap-3">
        {!supported && <p className="text-sm text-muted-foreground">This browser cannot create passkeys.</p>}
        {adding && (
          <form
            className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2"
            onSubmit={async (e) => {
              e.preventDefault();
              setError("");
              setBusy(true);
              try {
                await reauthenticate(password);
                await passkeyAdd(name.trim() || "Passkey");
                toast.success("Passkey added");
                setAdding(false);
                setPassword("");
                setName("");
                await refresh();
              } catch (err) {
                if (err instanceof DOMException && err.name === "NotAllowedError") setError("The passkey was not created (cancelled or timed out).");
                else if (err instanceof DOMException && err.name === "SecurityError") setError("This browser refused a passkey for this address. Passkeys need the company's own domain (not a *.localhost test address).");
                else setError(err instanceof Error ? err.message : "Could not add the passkey.");
              } finally {
                setBusy(false);
              }
            }}
          >
            <FormField id="pk-name" label="Name this passkey" hint="e.g. Work laptop, Pixel phone">
              <Input id="pk-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
            </FormField>
            <FormField id="pk-password" label="Confirm with your password" error={error}>
              <Input id="pk-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
            </FormField>
            <div className="flex justify-end gap-2 sm:col-span-2">
              <Button type="button" variant="ghost" onClick={() => setAdding(false)}>Cancel</Button>
              <Button type="submit" disabled={busy || !password}>{busy && <Loader2Icon className="animate-spin" />} Continue</Button>
            </div>
          </form>
        )}
        {list.isPending ? (
          <Skeleton className="h-12" />
        ) : passkeys.length === 0 ? (
          !adding && <p className="text-sm text-muted-foreground">No passkeys yet.</p>
        ) : (
          <ul className="divide-y rounded-lg border" data-testid="passkeys">
            {passkeys.map((p) => (
              <li key={p.id} className="flex items-center gap-3 px-3 py-2.5 text-sm">
                <FingerprintIcon className="size-4 text-muted-foreground" aria-hidden />
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">{p.name}</p>
                  <p className="text-xs text-muted-foreground">Added {formatDate(epoch(p.created_at))}{p.last_used_at ? ` · last used ${formatDate(epoch(p.last_used_at))}` : ""}</p>
                </div>
                <ConfirmDialog
                  title={`Remove “${p.name}”?`}
                  description="You will not be able to sign in with it any more."
                  confirmLabel="Remove passkey"
                  destructive
                  onConfirm={async () => {
                    await passkeysRemove([p.id]);
                    toast.success("Passkey removed");
                    await refresh();
                  }}
                  trigger={<Button variant="ghost" size="icon" className="size-8" aria-label={`Remove ${p.name}`}><Trash2Icon /></Button>}
                />
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function deviceOf(ua: string): { label: string; phone: boolean } {
  const phone = /Mobile|Android|iPhone/i.test(ua);
  const browser = /Edg\//.test(ua) ? "Edge" : /Chrome\//.test(ua) ? "Chrome" : /Firefox\//.test(ua) ? "Firefox" : /Safari\//.test(ua) ? "Safari" : "Browser";
  const os = /Windows/.test(ua) ? "Windows" : /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Mac OS/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : "";
  return { label: os ? `${browser} on ${os}` : browser, phone };
}

export function SessionsCard() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ["sessions"], queryFn: sessionsList });
  const others = (sessions.data ?? []).filter((s) => !s.is_current);
  return (
    <Card>
      <CardHeader className="flex flex-row items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle>Where you&apos;re signed in</CardTitle>
          <CardDescription>Sign out of devices you no longer use or don&apos;t recognise.</CardDescription>
        </div>
        {others.length > 0 && (
          <ConfirmDialog
            title="Sign out everywhere else?"
            description={`${others.length} other session(s) end at once. This one stays signed in.`}
            confirmLabel="Sign out others"
            destructive
            onConfirm={async () => {
              await sessionsEnd(others.map((s) => s.id));
              toast.success("Other sessions signed out");
              await queryClient.invalidateQueries({ queryKey: ["sessions"] });
            }}
            trigger={<Button variant="outline" className="shrink-0"><LogOutIcon /> Sign out others</Button>}
          />
        )}
      </CardHeader>
      <CardContent>
        {sessions.isPending ? (
          <Skeleton className="h-24" />
        ) : sessions.isError ? (
          <p role="alert" className="text-sm text-destructive">{sessions.error.message}</p>
        ) : (sessions.data ?? []).length === 0 ? (
          <p className="text-sm text-muted-foreground">Sessions are listed from your next sign-in with a password or passkey.</p>
        ) : (
          <ul className="divide-y rounded-lg border" data-testid="sessions">
            {(sessions.data ?? []).map((s) => {
              const d = deviceOf(s.user_agent);
              const Icon = d.phone ? SmartphoneIcon : MonitorIcon;
              return (
                <li key={s.id} className="flex items-center gap-3 px-3 py-2.5 text-sm">
                  <Icon className="size-4 text-muted-foreground" aria-hidden />
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium">{d.label} {s.is_current && <Badge variant="success" className="ml-1">This device</Badge>}</p>
                    <p className="text-xs text-muted-foreground">{s.ip} · signed in {formatDate(epoch(s.created_at))}</p>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
