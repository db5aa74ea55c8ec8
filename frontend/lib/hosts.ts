/** Which site a Host header belongs to: the public site or one company's app. */
export const BASE_DOMAIN = process.env.ERP_BASE_DOMAIN ?? "localhost";

export type Site = { kind: "public" } | { kind: "tenant"; slug: string };

export function siteOf(hostHeader: string | null | undefined): Site {
  const host = (hostHeader ?? "").toLowerCase().replace(/:\d+$/, "");
  if (!host || host === BASE_DOMAIN || host === `www.${BASE_DOMAIN}` || host === "127.0.0.1") {
    return { kind: "public" };
  }
  const suffix = `.${BASE_DOMAIN}`;
  if (host.endsWith(suffix)) {
    const slug = host.slice(0, -suffix.length);
    if (/^[a-z0-9][a-z0-9-]*$/.test(slug)) return { kind: "tenant", slug };
  }
  return { kind: "public" };
}
