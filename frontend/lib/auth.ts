/** allauth headless (browser client): login, the MFA step, logout. Same-origin via the proxy. */
import { ensureCsrf } from "./api/csrf";

const BASE = "/_allauth/browser/v1";

type AllauthError = { message: string; code?: string; param?: string };
type AllauthFlow = { id: string; is_pending?: boolean };
type AllauthBody = {
  status: number;
  errors?: AllauthError[];
  data?: { flows?: AllauthFlow[]; user?: { email?: string; display?: string } };
  meta?: { is_authenticated?: boolean };
};

export type LoginResult =
  | { kind: "ok" }
  | { kind: "mfa" }
  | { kind: "error"; message: string; fields: Record<string, string> };

async function call(method: string, path: string, body?: unknown): Promise<AllauthBody> {
  const token = await ensureCsrf();
  const response = await fetch(`${BASE}${path}`, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": token },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  try {
    return (await response.json()) as AllauthBody;
  } catch {
    return { status: response.status, errors: [{ message: "The server is not reachable." }] };
  }
}

function interpret(body: AllauthBody): LoginResult {
  if (body.status === 200 && body.meta?.is_authenticated) return { kind: "ok" };
  if (body.status === 401 && body.data?.flows?.some((f) => f.id === "mfa_authenticate" && f.is_pending)) {
    return { kind: "mfa" };
  }
  const fields: Record<string, string> = {};
  let message = "";
  for (const e of body.errors ?? []) {
    if (e.param) fields[e.param] = e.message;
    else message = message || e.message;
  }
  if (!message && !Object.keys(fields).length) message = "Sign-in failed. Check your e-mail and password.";
  return { kind: "error", message, fields };
}

export async function login(email: string, password: string): Promise<LoginResult> {
  return interpret(await call("POST", "/auth/login", { email, password }));
}

export async function mfaAuthenticate(code: string): Promise<LoginResult> {
  return interpret(await call("POST", "/auth/2fa/authenticate", { code }));
}

export async function logout(): Promise<void> {
  await call("DELETE", "/auth/session");
}
