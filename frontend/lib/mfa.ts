/** allauth headless (browser client): the signed-in user's second factors. Same-origin via the proxy. */
import { ensureCsrf } from "./api/csrf";

const BASE = "/_allauth/browser/v1";

type AllauthError = { message: string; code?: string; param?: string };
type Body<T> = { status: number; data?: T; meta?: Record<string, unknown>; errors?: AllauthError[] };

export type Authenticator = { type: "totp" | "recovery_codes" | "webauthn"; created_at?: number; last_used_at?: number | null };
export type TotpSetup = { secret: string; totpUrl: string };

/** An allauth answer that is not what the caller wanted; `message` is fit to show. */
export class MfaError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, body: Body<unknown> | undefined, fallback: string) {
    const first = body?.errors?.[0];
    super(first?.message || fallback);
    this.status = status;
    this.code = first?.code ?? "error";
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: Body<T> | undefined }> {
  const token = await ensureCsrf();
  const response = await fetch(`${BASE}${path}`, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let parsed: Body<T> | undefined;
  try {
    parsed = (await response.json()) as Body<T>;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}

/** The user's authenticators (TOTP, recovery codes, passkeys). */
export async function authenticatorsList(): Promise<Authenticator[]> {
  const { status, body } = await call<Authenticator[]>("GET", "/account/authenticators");
  if (status !== 200) throw new MfaError(status, body, "Could not load your sign-in methods.");
  return body?.data ?? [];
}

/** Confirms the password: adding a factor needs a fresh sign-in step. */
export async function reauthenticate(password: string): Promise<void> {
  const { status, body } = await call("POST", "/auth/reauthenticate", { password });
  if (status !== 200) throw new MfaError(status, body, "That password is not correct.");
}

/** A new TOTP secret (allauth answers 404 "no authenticator yet" with the secret in meta). */
export async function totpSetup(): Promise<TotpSetup> {
  const { status, body } = await call("GET", "/account/authenticators/totp");
  const secret = body?.meta?.secret;
  const totpUrl = body?.meta?.totp_url;
  if (status === 404 && typeof secret === "string") {
    return { secret, totpUrl: typeof totpUrl === "string" ? totpUrl : "" };
  }
  if (status === 200) throw new MfaError(status, undefined, "An authenticator app is already set up.");
  throw new MfaError(status, body, "Could not start the set-up. Try again.");
}

export async function totpActivate(code: string): Promise<void> {
  const { status, body } = await call("POST", "/account/authenticators/totp", { code });
  if (status !== 200) throw new MfaError(status, body, "That code is not correct.");
}

export async function recoveryCodes(): Promise<string[]> {
  const { status, body } = await call<{ unused_codes?: string[] }>("GET", "/account/authenticators/recovery-codes");
  if (status !== 200) throw new MfaError(status, body, "Could not load your recovery codes.");
  return body?.data?.unused_codes ?? [];
}
