import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import type { components } from "@/lib/api/schema.tenant";
import { djangoRequest } from "./django";

export type MyAccess = components["schemas"]["MyAccessOutput"];
export type MeResult =
  | { kind: "ok"; me: MyAccess }
  | { kind: "anonymous" }
  | { kind: "not_member" }
  | { kind: "suspended" }
  | { kind: "error"; status: number };

/** Server-side GET to Django on the incoming Host with the incoming cookies. */
export async function djangoGet(path: string) {
  const h = await headers();
  const jar = await cookies();
  return djangoRequest({
    method: "GET",
    path,
    host: h.get("host") ?? "localhost",
    headers: { cookie: jar.toString(), accept: "application/json" },
  });
}

/** Who is signed in on this company's host (once per request). */
export const getMe = cache(async (): Promise<MeResult> => {
  let response;
  try {
    response = await djangoGet("/api/v1/access/me/");
  } catch {
    return { kind: "error", status: 502 };
  }
  if (response.status === 200) return { kind: "ok", me: JSON.parse(response.body.toString("utf8")) as MyAccess };
  if (response.status === 401) return { kind: "anonymous" };
  if (response.status === 404) return { kind: "not_member" };
  if (response.status === 403) {
    let code = "";
    try {
      code = (JSON.parse(response.body.toString("utf8")) as { code?: string }).code ?? "";
    } catch {}
    return code === "membership_suspended" ? { kind: "suspended" } : { kind: "anonymous" };
  }
  return { kind: "error", status: response.status };
});
