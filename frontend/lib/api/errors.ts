/** The API's error shape everywhere: {"detail", "code", "fields": {name: [msg]}}. */
export type ApiErrorBody = {
  detail: string;
  code: string;
  fields?: Record<string, string[]>;
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string[]>;

  constructor(status: number, body: Partial<ApiErrorBody> | undefined) {
    super(body?.detail || `Request failed (${status})`);
    this.status = status;
    this.code = body?.code ?? "error";
    this.fields = body?.fields ?? {};
  }
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === "object" && value !== null && "detail" in value;
}

/** Puts each field error from the API beside its field (React Hook Form's setError). */
export function applyFieldErrors<T extends string>(
  error: ApiError,
  setError: (name: T, e: { type: string; message: string }) => void,
  known: readonly T[],
): boolean {
  let placed = false;
  for (const [name, messages] of Object.entries(error.fields)) {
    if ((known as readonly string[]).includes(name) && messages.length) {
      setError(name as T, { type: "server", message: messages.join(" ") });
      placed = true;
    }
  }
  return placed;
}

/** A failed save as messages by field for a form kept in plain state: each field's messages
 *  joined; `form` holds the message when no field is named (or the server was not reached). */
export function errorsByField(e: unknown): Record<string, string> {
  const found: Record<string, string> = {};
  if (e instanceof ApiError) {
    for (const [key, messages] of Object.entries(e.fields)) found[key] = messages.join(" ");
    if (!Object.keys(found).length) found.form = e.message;
  } else found.form = e instanceof Error ? e.message : "Could not reach the server.";
  return found;
}
