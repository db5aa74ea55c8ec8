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
