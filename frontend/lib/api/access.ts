/** Query options for the access module: members, roles, invitations. */
import { queryOptions } from "@tanstack/react-query";
import { tenantApi, unwrap } from "./client";
import type { components, operations } from "./schema.tenant";

export type MemberList = components["schemas"]["PaginatedMemberOutputList"];
export type MemberListParams = NonNullable<operations["v1_access_members_list"]["parameters"]["query"]>;

export const membersQuery = (params: MemberListParams) =>
  queryOptions({
    queryKey: ["members", "list", params],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/access/members/", { params: { query: params }, signal })),
    placeholderData: (previous) => previous,
  });

export const rolesQuery = () =>
  queryOptions({
    queryKey: ["roles", "list", { page_size: 500 }],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/access/roles/", { params: { query: { page_size: 500 } }, signal })),
    staleTime: 5 * 60_000,
  });

export async function invitationCreate(body: { email: string; roles: number[] }) {
  return unwrap(await tenantApi.POST("/api/v1/access/invitations/", { body }));
}
