/** Typed API clients (openapi-fetch) for the tenant and public hosts, same-origin through Next. */
import createClient, { type Middleware } from "openapi-fetch";
import { csrfToken } from "./csrf";
import { ApiError, isApiErrorBody } from "./errors";
import type { paths as PublicPaths } from "./schema.public";
import type { paths as TenantPaths } from "./schema.tenant";

const csrf: Middleware = {
  onRequest({ request }) {
    if (!["GET", "HEAD", "OPTIONS"].includes(request.method)) {
      request.headers.set("X-CSRFToken", csrfToken());
    }
    request.headers.set("Accept", "application/json");
    return request;
  },
};

const baseUrl = typeof window === "undefined" ? "http://localhost" : window.location.origin;

export const tenantApi = createClient<TenantPaths>({ baseUrl, credentials: "same-origin" });
tenantApi.use(csrf);

export const publicApi = createClient<PublicPaths>({ baseUrl, credentials: "same-origin" });
publicApi.use(csrf);

/** The data of an openapi-fetch result, or an ApiError carrying the API's error body. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const body = isApiErrorBody(result.error) ? result.error : undefined;
    throw new ApiError(result.response.status, body);
  }
  return result.data as T;
}
