import { queryOptions } from "@tanstack/react-query";
import { tenantApi, unwrap } from "./client";

/** The signed-in user's companies (company switcher). */
export const myCompaniesQuery = () =>
  queryOptions({
    queryKey: ["me", "companies"],
    queryFn: async () => unwrap(await tenantApi.GET("/api/v1/me/companies/")),
    staleTime: 5 * 60_000,
  });
