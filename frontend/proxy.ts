/**
 * One Next server for the public site (`localhost`) and every company (`<slug>.localhost`).
 *
 * - `/api`, `/_allauth`, `/admin`, `/static`, `/media` go to Django through app/django (the
 *   browser's Host kept), so cookies and CSRF are same-origin.
 * - Public host: `/x` renders app/(public)/www/x. Tenant host: `/x` renders
 *   app/(tenant)/t/<slug>/x, and pages other than the sign-in ones need a session cookie.
 */
import { NextResponse, type NextRequest } from "next/server";
import { siteOf } from "@/lib/hosts";

const DJANGO_PREFIXES = ["/api/", "/_allauth/", "/admin", "/static/", "/media/"];
const TENANT_OPEN_PATHS = ["/login", "/invite", "/account/password/reset", "/account/verify-email"];
const SESSION_COOKIE = process.env.SESSION_COOKIE_NAME ?? "sessionid";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;

  if (DJANGO_PREFIXES.some((p) => pathname === p.replace(/\/$/, "") || pathname.startsWith(p))) {
    const headers = new Headers(request.headers);
    headers.set("x-erp-original-path", pathname + search);
    const url = request.nextUrl.clone();
    url.pathname = `/django${pathname}`;
    return NextResponse.rewrite(url, { request: { headers } });
  }

  const site = siteOf(request.headers.get("host"));
  const url = request.nextUrl.clone();
  if (site.kind === "public") {
    url.pathname = `/www${pathname === "/" ? "" : pathname}`;
    return NextResponse.rewrite(url);
  }

  const open = TENANT_OPEN_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (!open && !request.cookies.get(SESSION_COOKIE)) {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("next", pathname + search);
    return NextResponse.redirect(login);
  }
  url.pathname = `/t/${site.slug}${pathname === "/" ? "" : pathname}`;
  return NextResponse.rewrite(url);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|icons/|manifest.webmanifest|robots.txt).*)"],
};
