/** Django's CSRF token from its cookie (same-origin through the Next proxy). */
export function csrfToken(): string {
  if (typeof document === "undefined") return "";
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match?.[1] ? decodeURIComponent(match[1]) : "";
}

/** Makes sure the csrftoken cookie exists (allauth's session endpoint sets it). */
export async function ensureCsrf(): Promise<string> {
  if (!csrfToken()) {
    await fetch("/_allauth/browser/v1/auth/session", { credentials: "same-origin" });
  }
  return csrfToken();
}
