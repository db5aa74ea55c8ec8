/**
 * The Django proxy: `/api`, `/_allauth`, `/admin`, `/static`, `/media` arrive here (rewritten by
 * proxy.ts) and go to Django with the browser's own Host, cookies and body, so sessions and CSRF
 * stay same-origin. Redirects and Set-Cookie pass through untouched.
 */
import type { NextRequest } from "next/server";
import { djangoRequest, isHopByHop } from "@/lib/server/django";

export const dynamic = "force-dynamic";

async function forward(request: NextRequest): Promise<Response> {
  const original = request.headers.get("x-erp-original-path");
  const url = new URL(request.url);
  const path = original ?? url.pathname.replace(/^\/django/, "") + url.search;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!name.startsWith("x-middleware") && name !== "x-erp-original-path") headers[name] = value;
  });
  const body =
    request.method === "GET" || request.method === "HEAD"
      ? undefined
      : Buffer.from(await request.arrayBuffer());
  let upstream;
  try {
    upstream = await djangoRequest({
      method: request.method,
      path,
      host: request.headers.get("host") ?? "localhost",
      headers,
      body,
      forwardedFor: request.headers.get("x-forwarded-for") ?? undefined,
    });
  } catch {
    return Response.json(
      { detail: "The server is not reachable. Try again in a moment.", code: "upstream_unavailable", fields: {} },
      { status: 502 },
    );
  }
  const out = new Headers();
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value === undefined || isHopByHop(name)) continue;
    if (Array.isArray(value)) value.forEach((v) => out.append(name, v));
    else out.set(name, value);
  }
  const noBody = request.method === "HEAD" || upstream.status === 204 || upstream.status === 304;
  return new Response(noBody ? null : new Uint8Array(upstream.body), {
    status: upstream.status,
    headers: out,
  });
}

export const GET = forward;
export const HEAD = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
export const OPTIONS = forward;
