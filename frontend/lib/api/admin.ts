/** Query options and mutations of the tenant admin pages: roles, permissions, invitations,
 *  members' actions, audit log, API tokens, company settings. */
import { queryOptions } from "@tanstack/react-query";
import { tenantApi, unwrap } from "./client";
import { csrfToken } from "./csrf";
import { ApiError, isApiErrorBody } from "./errors";
import type { components, operations } from "./schema.tenant";

type S = components["schemas"];
export type Role = S["RoleOutput"];
export type PermissionModule = S["PermissionModuleOutput"];
export type Invitation = S["InvitationOutput"];
export type Member = S["MemberOutput"];
export type AuditEvent = S["AuditEventOutput"];
export type ApiToken = S["ApiTokenOutput"];
export type ApiTokenCreated = S["ApiTokenCreatedOutput"];
export type CompanySettings = S["CompanySettingsOutput"];

type Q<K extends keyof operations> = NonNullable<operations[K]["parameters"]["query"]>;
type Query = Record<string, string | number>;

// Roles and permissions --------------------------------------------------------------------
export const permissionsQuery = () =>
  queryOptions({
    queryKey: ["permissions"],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/access/permissions/", { signal })),
    staleTime: 10 * 60_000,
  });

export const roleListQuery = (query: Query) =>
  queryOptions({
    queryKey: ["roles", "list", query],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/access/roles/", { params: { query: query as Q<"v1_access_roles_list"> }, signal })),
    placeholderData: (prev) => prev,
  });

export const roleQuery = (id: number) =>
  queryOptions({
    queryKey: ["roles", "detail", id],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/access/roles/{role_id}/", { params: { path: { role_id: id } }, signal })),
  });

export async function roleCreate(body: { name: string; description: string; permissions: string[] }) {
  return unwrap(await tenantApi.POST("/api/v1/access/roles/", { body }));
}
export async function roleUpdate(id: number, body: { name?: string; description?: string; permissions?: string[] }) {
  return unwrap(await tenantApi.PATCH("/api/v1/access/roles/{role_id}/", { params: { path: { role_id: id } }, body }));
}
export async function roleDelete(id: number) {
  const result = await tenantApi.DELETE("/api/v1/access/roles/{role_id}/", { params: { path: { role_id: id } } });
  if (!result.response.ok) unwrap(result);
}

// Members ----------------------------------------------------------------------------------
export async function memberRolesSet(id: number, roles: number[]) {
  return unwrap(await tenantApi.PUT("/api/v1/access/members/{member_id}/roles/", { params: { path: { member_id: id } }, body: { roles } }));
}
export async function memberDeactivate(id: number) {
  return unwrap(await tenantApi.POST("/api/v1/access/members/{member_id}/deactivate/", { params: { path: { member_id: id } } }));
}
export async function memberReactivate(id: number) {
  return unwrap(await tenantApi.POST("/api/v1/access/members/{member_id}/reactivate/", { params: { path: { member_id: id } } }));
}
export async function ownershipTransfer(id: number) {
  return unwrap(await tenantApi.POST("/api/v1/access/members/{member_id}/transfer-ownership/", { params: { path: { member_id: id } } }));
}

// Invitations ------------------------------------------------------------------------------
export const invitationListQuery = (query: Query) =>
  queryOptions({
    queryKey: ["invitations", "list", query],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/access/invitations/", { params: { query: query as Q<"v1_access_invitations_list"> }, signal })),
    placeholderData: (prev) => prev,
  });
export async function invitationRevoke(id: number) {
  return unwrap(await tenantApi.POST("/api/v1/access/invitations/{invitation_id}/revoke/", { params: { path: { invitation_id: id } } }));
}
export async function invitationResend(id: number) {
  return unwrap(await tenantApi.POST("/api/v1/access/invitations/{invitation_id}/resend/", { params: { path: { invitation_id: id } } }));
}

// Audit ------------------------------------------------------------------------------------
export const auditListQuery = (query: Query) =>
  queryOptions({
    queryKey: ["audit", "list", query],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/audit/events/", { params: { query: query as Q<"v1_audit_events_list"> }, signal })),
    placeholderData: (prev) => prev,
  });
export const auditDailyQuery = (days = 30) =>
  queryOptions({
    queryKey: ["audit", "daily", days],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/audit/events/daily/", { params: { query: { days } }, signal })),
  });

// API tokens -------------------------------------------------------------------------------
export const tokenListQuery = (query: Query) =>
  queryOptions({
    queryKey: ["tokens", "list", query],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/tokens/", { params: { query: query as Q<"v1_tokens_list"> }, signal })),
    placeholderData: (prev) => prev,
  });
export async function tokenCreate(body: { name: string; expires_at?: string | null }) {
  return unwrap(await tenantApi.POST("/api/v1/tokens/", { body }));
}
export async function tokenRevoke(id: number) {
  const result = await tenantApi.DELETE("/api/v1/tokens/{token_id}/", { params: { path: { token_id: id } } });
  if (!result.response.ok) unwrap(result);
}

// Company settings -------------------------------------------------------------------------
export const companyQuery = () =>
  queryOptions({
    queryKey: ["company"],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/core/company/", { signal })),
  });
export async function companyUpdate(body: S["PatchedCompanySettingsInputRequest"]) {
  return unwrap(await tenantApi.PATCH("/api/v1/core/company/", { body }));
}
/** Multipart upload (openapi-fetch sends JSON): plain fetch with the CSRF header. */
export async function companyLogoUpload(file: File): Promise<CompanySettings> {
  const form = new FormData();
  form.append("logo", file);
  const response = await fetch("/api/v1/core/company/logo/", {
    method: "PUT",
    body: form,
    credentials: "same-origin",
    headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, isApiErrorBody(body) ? body : undefined);
  return body as CompanySettings;
}
export async function companyLogoRemove() {
  return unwrap(await tenantApi.DELETE("/api/v1/core/company/logo/", {}));
}
