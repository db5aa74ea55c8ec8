/** Query options and the mutations of income-tax depreciation (s.32; ADR 0075 addendum, ADR
 *  0076): the blocks of assets at written-down value for a fiscal year, a block's opening
 *  entered from the last return, and whether additional depreciation is claimed. Keys start
 *  with "tax-depreciation"; a change invalidates them all (it changes that year and every later
 *  one). Nothing here is posted. */
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { tenantApi, unwrap } from "./client";
import type { components } from "./schema.tenant";

type S = components["schemas"];
export type TaxDepreciation = S["TaxDepreciationOutput"];
export type TaxBlock = S["TaxBlockOutput"];
export type TaxItem = S["TaxItemOutput"];
export type TaxOpeningInput = S["TaxOpeningInputRequest"];

export const TAX_DEPRECIATION_EXPORT = "/api/v1/assets/tax-depreciation/export/";

/** The fiscal year containing `year` (any of its days; without it, today's). */
export const taxDepreciationQuery = (query: { year?: string }) =>
  queryOptions({
    queryKey: ["tax-depreciation", "report", query],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/assets/tax-depreciation/", { params: { query }, signal })),
    placeholderData: (prev) => prev,
  });

/** Enter (or change) a block's written-down value at a fiscal year's first day; answers that
 *  year's blocks. Refusals name `wdv`, `block` or `year_start`. */
export async function taxOpeningSet(body: TaxOpeningInput) {
  return unwrap(await tenantApi.PUT("/api/v1/assets/tax-depreciation/openings/", { body }));
}

/** Whether additional depreciation of new plant (s.32(1)(iia)) is claimed: not by a company
 *  taxed under s.115BAA (ADR 0076). */
export async function taxSettingsSet(claimAdditional: boolean) {
  return unwrap(await tenantApi.PUT("/api/v1/assets/tax-depreciation/settings/", { body: { claim_additional: claimAdditional } }));
}

export const taxDepreciationInvalidate = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: ["tax-depreciation"] });
