/** Query options and mutations of the fixed asset register (ADR 0075): categories, assets and
 *  their disposal, the monthly depreciation runs and the register for a period. Keys start with
 *  "assets" (categories with "asset-categories"); a mutation invalidates both prefixes, since a
 *  run or a disposal changes every figure the register shows. */
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { tenantApi, unwrap } from "./client";
import { download, upload } from "./invoicing";
import type { components, operations } from "./schema.tenant";

type S = components["schemas"];
export type AssetCategory = S["AssetCategoryOutput"];
export type AssetCategoryInput = S["AssetCategoryInputRequest"];
export type AssetSummary = S["AssetListOutput"];
export type Asset = S["AssetOutput"];
export type AssetInput = S["AssetInputRequest"];
export type AssetChange = S["PatchedAssetChangeInputRequest"];
export type AssetDisposal = S["AssetDisposalOutput"];
export type AssetDisposalInput = S["AssetDisposalInputRequest"];
export type DepreciationPreview = S["DepreciationPreviewOutput"];
export type DepreciationRow = S["DepreciationRowOutput"];
export type DepreciationRun = S["DepreciationRunOutput"];
export type DepreciationRunDetail = S["DepreciationRunDetailOutput"];
export type AssetRegister = S["AssetRegisterOutput"];
export type AssetBlock = S["AssetBlockOutput"];
export type AssetLedgerCheck = S["AssetLedgerCheckOutput"];
export type DepreciationMethod = S["MethodEnum"];
export type AssetImportResult = S["AssetImportOutput"];
export type CwipLedger = S["CwipLedgerOutput"];
export type BillRef = Pick<S["DocumentListOutput"], "id" | "number" | "date" | "party_name" | "total" | "currency">;

type Q<K extends keyof operations> = NonNullable<operations[K]["parameters"]["query"]>;

export const METHOD_LABELS: Record<DepreciationMethod, string> = { wdv: "Written-down value", slm: "Straight line" };

/** Everything a category, an asset, a run or a disposal changes is under these two prefixes. */
export const assetsInvalidate = (queryClient: QueryClient) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: ["assets"] }),
    queryClient.invalidateQueries({ queryKey: ["asset-categories"] }),
    // entries were posted or reversed
    queryClient.invalidateQueries({ queryKey: ["finance-journal"] }),
    queryClient.invalidateQueries({ queryKey: ["finance-reports"] }),
  ]);

// Categories -------------------------------------------------------------------------------
export const assetCategoryListQuery = () =>
  queryOptions({
    queryKey: ["asset-categories", "list"],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/assets/categories/", { signal })),
    staleTime: 60_000,
  });
export async function assetCategoryCreate(body: AssetCategoryInput) {
  return unwrap(await tenantApi.POST("/api/v1/assets/categories/", { body }));
}
export async function assetCategoryUpdate(id: number, body: S["PatchedAssetCategoryInputRequest"]) {
  return unwrap(await tenantApi.PATCH("/api/v1/assets/categories/{category_id}/", { params: { path: { category_id: id } }, body }));
}

// Capital work in progress (ADR 0077) ------------------------------------------------------
/** The work-in-progress ledgers and what each holds, to be capitalised into the register. */
export const cwipListQuery = () =>
  queryOptions({
    queryKey: ["assets", "cwip"],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/assets/cwip/", { signal })),
  });

// Assets -----------------------------------------------------------------------------------
export const assetListQuery = (query: Record<string, string | number>) =>
  queryOptions({
    queryKey: ["assets", "list", query],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/assets/assets/", { params: { query: query as Q<"v1_assets_assets_list"> }, signal })),
    placeholderData: (prev) => prev,
  });
export const assetQuery = (id: number) =>
  queryOptions({
    queryKey: ["assets", "detail", id],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/assets/assets/{asset_id}/", { params: { path: { asset_id: id } }, signal })),
  });
/** The list's current filter (status, category, search, ordering) as Excel or CSV. */
export const ASSET_EXPORT = "/api/v1/assets/assets/export/";
/** The import's template (fixed-assets.xlsx): the columns and two example rows, saved under the
 *  server's file name. */
export const assetImportTemplate = () => download("/api/v1/assets/assets/import/template/");
/** An existing register from an .xlsx, one asset per row (categories by name, cost centres by
 *  code); posts nothing. All rows or none: any wrong row answers 400 `import_invalid` with
 *  `fields["rows.<row>.<column>"]`; a file that is no workbook or has the wrong header answers
 *  `invalid_file` / `invalid_header` with `fields.file`. Invalidate the "assets" prefix after. */
export const assetImport = (file: File) => upload<AssetImportResult>("/api/v1/assets/assets/import/", { file });
export async function assetCreate(body: AssetInput) {
  return unwrap(await tenantApi.POST("/api/v1/assets/assets/", { body }));
}
/** Change what does not touch the figures: the name, the description, the cost centre (the runs
 *  and a disposal from now on book to it). A group or an inactive cost centre is refused (400,
 *  `fields.cost_centre`). */
export async function assetUpdate(id: number, body: AssetChange) {
  return unwrap(await tenantApi.PATCH("/api/v1/assets/assets/{asset_id}/", { params: { path: { asset_id: id } }, body }));
}
export async function assetDelete(id: number) {
  const result = await tenantApi.DELETE("/api/v1/assets/assets/{asset_id}/", { params: { path: { asset_id: id } } });
  if (!result.response.ok) unwrap(result);
}

/** What disposing of the asset on `date` for `proceeds` would book (nothing is posted). A day
 *  the disposal would refuse answers 400 with the reason in `fields.date`. */
export const assetDisposalPreviewQuery = (id: number, date: string, proceeds: string) =>
  queryOptions({
    queryKey: ["assets", "disposal-preview", id, date, proceeds],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/assets/assets/{asset_id}/disposal/", { params: { path: { asset_id: id }, query: { date, proceeds } }, signal })),
    placeholderData: (prev) => prev,
    retry: false,
  });
export async function assetDispose(id: number, body: AssetDisposalInput) {
  return unwrap(await tenantApi.POST("/api/v1/assets/assets/{asset_id}/disposal/", { params: { path: { asset_id: id } }, body }));
}
export async function assetDisposalCancel(id: number, reason = "") {
  return unwrap(await tenantApi.POST("/api/v1/assets/assets/{asset_id}/disposal/cancel/", { params: { path: { asset_id: id } }, body: { reason } }));
}

/** Posted vendor bills matching `term`, newest first: what an asset may have come on. */
export async function assetBillSearch(term: string, signal: AbortSignal): Promise<BillRef[]> {
  const result = await tenantApi.GET("/api/v1/invoicing/bills/", {
    params: { query: { search: term, ordering: "-date", page_size: 20, status: ["posted", "partly_paid", "paid"] } },
    signal,
  });
  return unwrap(result).results;
}

// Monthly depreciation ---------------------------------------------------------------------
export const depreciationPreviewQuery = (month: string) =>
  queryOptions({
    queryKey: ["assets", "depreciation", "preview", month],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/assets/depreciation/preview/", { params: { query: { month } }, signal })),
  });
export const depreciationRunListQuery = () =>
  queryOptions({
    queryKey: ["assets", "depreciation", "list"],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/assets/depreciation/", { params: { query: { page_size: 24 } }, signal })),
  });
export const depreciationRunQuery = (id: number) =>
  queryOptions({
    queryKey: ["assets", "depreciation", "detail", id],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/assets/depreciation/{run_id}/", { params: { path: { run_id: id } }, signal })),
  });
export async function depreciationRunCreate(month: string) {
  return unwrap(await tenantApi.POST("/api/v1/assets/depreciation/", { body: { month } }));
}
export const assetSettingsQuery = () =>
  queryOptions({
    queryKey: ["assets", "settings"],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/assets/depreciation/settings/", { signal })),
  });
export async function assetSettingsUpdate(autoDepreciate: boolean) {
  return unwrap(await tenantApi.PATCH("/api/v1/assets/depreciation/settings/", { body: { auto_depreciate: autoDepreciate } }));
}
export async function depreciationRunCancel(id: number) {
  return unwrap(await tenantApi.POST("/api/v1/assets/depreciation/{run_id}/cancel/", { params: { path: { run_id: id } }, body: {} }));
}

// The register for a period ----------------------------------------------------------------
/** Without dates: the company's current fiscal year (the answer says which). */
export const assetRegisterQuery = (query: { date_from?: string; date_to?: string }) =>
  queryOptions({
    queryKey: ["assets", "register", query],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/assets/register/", { params: { query }, signal })),
    placeholderData: (prev) => prev,
  });
export const ASSET_REGISTER_EXPORT = "/api/v1/assets/register/export/";
