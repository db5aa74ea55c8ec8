/** allauth headless (browser client) calls beyond sign-in: password, e-mail verification,
 *  sessions, passkeys. Same-origin through the Next proxy; errors carry allauth's messages. */
import { ensureCsrf } from "./api/csrf";

const BASE = "/_allauth/browser/v1";

export type AllauthErrorItem = { message: string; code?: string; param?: string };
export type AllauthBody<T = unknown> = { status: number; data?: T; meta?: Record<string, unknown>; errors?: AllauthErrorItem[] };

export class AllauthError extends Error {
  readonly status: number;
  readonly fields: Record<string, string>;
  readonly body: AllauthBody | undefined;
  constructor(status: number, body: AllauthBody | undefined, fallback: string) {
    const fields: Record<string, string> = {};
    let message = "";
    for (const e of body?.errors ?? []) {
      if (e.param) fields[e.param] = fields[e.param] ? `${fields[e.param]} ${e.message}` : e.message;
      else message ||= e.message;
    }
    super(message || Object.values(fields)[0] || fallback);
    this.status = status;
    this.fields = fields;
    this.body = body;
  }
}

export async function allauth<T = unknown>(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) {
  const token = await ensureCsrf();
  const response = await fetch(`${BASE}${path}`, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token, ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  let body: AllauthBody<T> | undefined;
  try {
    body = (await response.json()) as AllauthBody<T>;
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

async function expectOk<T>(p: Promise<{ status: number; body: AllauthBody<T> | undefined }>, fallback: string, ok: number[] = [200]): Promise<AllauthBody<T> | undefined> {
  const { status, body } = await p;
  if (!ok.includes(status)) throw new AllauthError(status, body, fallback);
  return body;
}

// Password -----------------------------------------------------------------------------------
export async function passwordChange(current_password: string, new_password: string) {
  await expectOk(allauth("POST", "/account/password/change", { body: { current_password, new_password } }), "Could not change the password.");
}
/** Always "sent" (allauth does not reveal whether an account exists). */
export async function passwordResetRequest(email: string) {
  await expectOk(allauth("POST", "/auth/password/request", { body: { email } }), "Could not send the e-mail.");
}
/** Whether a reset key from the e-mail is still valid. */
export async function passwordResetKeyCheck(key: string): Promise<boolean> {
  const { status } = await allauth("GET", "/auth/password/reset", { headers: { "X-Password-Reset-Key": key } });
  return status === 200;
}
/** Sets the new password. allauth answers 401 when it then wants a sign-in (not logged in by the reset). */
export async function passwordReset(key: string, password: string) {
  await expectOk(allauth("POST", "/auth/password/reset", { body: { key, password } }), "Could not reset the password.", [200, 401]);
}

// E-mail verification ------------------------------------------------------------------------
export async function emailVerifyLookup(key: string): Promise<{ email: string } | null> {
  const { status, body } = await allauth<{ email: string }>("GET", "/auth/email/verify", { headers: { "X-Email-Verification-Key": key } });
  return status === 200 && body?.data ? { email: body.data.email } : null;
}
export async function emailVerify(key: string) {
  await expectOk(allauth("POST", "/auth/email/verify", { body: { key } }), "This link is not valid any more.", [200, 401]);
}

// Sessions -----------------------------------------------------------------------------------
export type UserSession = { id: number; user_agent: string; ip: string; created_at: number; last_seen_at?: number; is_current: boolean };
export async function sessionsList(): Promise<UserSession[]> {
  return (await expectOk(allauth<UserSession[]>("GET", "/auth/sessions"), "Could not load your sessions."))?.data ?? [];
}
export async function sessionsEnd(ids: number[]) {
  await expectOk(allauth("DELETE", "/auth/sessions", { body: { sessions: ids } }), "Could not sign those sessions out.");
}

// Passkeys (WebAuthn) ------------------------------------------------------------------------
export type Passkey = { id: number; type: "webauthn"; name: string; created_at: number; last_used_at: number | null; is_passwordless?: boolean };

export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && "PublicKeyCredential" in window && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";
}

/** Registers a passkey on this device (after `reauthenticate`). */
export async function passkeyAdd(name: string) {
  const options = await expectOk(allauth<{ creation_options: { publicKey: PublicKeyCredentialCreationOptionsJSON } }>("GET", "/account/authenticators/webauthn?passwordless"), "Could not start adding a passkey.");
  const publicKey = options?.data?.creation_options.publicKey;
  if (!publicKey) throw new Error("The server did not send passkey options.");
  const credential = (await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(publicKey) })) as PublicKeyCredential | null;
  if (!credential) throw new Error("No passkey was created.");
  await expectOk(allauth("POST", "/account/authenticators/webauthn", { body: { name, credential: credential.toJSON() } }), "The passkey could not be saved.");
}
export async function passkeysRemove(ids: number[]) {
  await expectOk(allauth("DELETE", "/account/authenticators/webauthn", { body: { authenticators: ids } }), "Could not remove the passkey.");
}
