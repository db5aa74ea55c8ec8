/** Query options and mutations of the ledger pages: chart of accounts, cost centres and their
 *  budgets, fiscal years and periods, journal entries and the reports (trial balance, P&L,
 *  balance sheet, ledger, profit by cost centre, budget vs actual). */
import { queryOptions } from "@tanstack/react-query";
import { tenantApi, unwrap } from "./client";
import type { components, operations } from "./schema.tenant";

type S = components["schemas"];
export type Account = S["AccountOutput"];
export type CostCentre = S["CostCentreOutput"];
export type Budget = S["BudgetOutput"];
export type BudgetLineInput = S["BudgetLineInputRequest"];
export type BudgetReport = S["BudgetReportOutput"];
export type BudgetRow = S["BudgetRowOutput"];
export type FiscalYear = S["FiscalYearOutput"];
export type Period = S["PeriodOutput"];
export type JournalEntry = S["JournalEntryOutput"];
export type JournalEntryDetail = S["JournalEntryDetailOutput"];
export type JournalLine = S["JournalLineOutput"];
export type TrialBalance = S["TrialBalanceOutput"];
export type Statement = S["StatementOutput"];
export type ReportRow = S["ReportRowOutput"];
export type GeneralLedger = S["GeneralLedgerOutput"];
export type DraftLineInput = S["DraftLineInputRequest"];
/** A journal entry as the form saves it, on create (POST) and on edit (PATCH, every line replaced). */
export type JournalEntryBody = S["JournalEntryInputRequest"];

type Q<K extends keyof operations> = NonNullable<operations[K]["parameters"]["query"]>;
type Query = Record<string, string | number>;

// Chart of accounts ------------------------------------------------------------------------
export const accountListQuery = () =>
  queryOptions({
    queryKey: ["finance-accounts", "list"],
    queryFn: async ({ signal }) =>
      unwrap(
        await tenantApi.GET("/api/v1/finance/accounts/", {
          params: { query: { page_size: 500, ordering: "code" } as Q<"v1_finance_accounts_list"> },
          signal,
        }),
      ).results,
    staleTime: 60_000,
  });

export async function accountCreate(body: S["AccountCreateInputRequest"]) {
  return unwrap(await tenantApi.POST("/api/v1/finance/accounts/", { body }));
}
export async function accountUpdate(id: number, body: S["PatchedAccountUpdateInputRequest"]) {
  return unwrap(await tenantApi.PATCH("/api/v1/finance/accounts/{account_id}/", { params: { path: { account_id: id } }, body }));
}
export async function accountDelete(id: number) {
  const result = await tenantApi.DELETE("/api/v1/finance/accounts/{account_id}/", { params: { path: { account_id: id } } });
  if (!result.response.ok) unwrap(result);
}

// Cost centres (ADR 0069): groups and leaves, under the chart of accounts' permissions --------
export const costCentreListQuery = () =>
  queryOptions({
    queryKey: ["finance-cost-centres", "list"],
    queryFn: async ({ signal }) =>
      unwrap(
        await tenantApi.GET("/api/v1/finance/cost-centres/", {
          params: { query: { page_size: 500, ordering: "code" } },
          signal,
        }),
      ).results,
    staleTime: 60_000,
  });

export async function costCentreCreate(body: S["CostCentreCreateInputRequest"]) {
  return unwrap(await tenantApi.POST("/api/v1/finance/cost-centres/", { body }));
}
export async function costCentreUpdate(id: number, body: S["PatchedCostCentreUpdateInputRequest"]) {
  return unwrap(await tenantApi.PATCH("/api/v1/finance/cost-centres/{cost_centre_id}/", { params: { path: { cost_centre_id: id } }, body }));
}
/** Refused (`cost_centre_in_use`) while lines name it or cost centres sit under it. */
export async function costCentreDelete(id: number) {
  const result = await tenantApi.DELETE("/api/v1/finance/cost-centres/{cost_centre_id}/", { params: { path: { cost_centre_id: id } } });
  if (!result.response.ok) unwrap(result);
}

// Budgets (ADR 0070): per cost centre and fiscal year, an amount per income or expense account
export const budgetQuery = (costCentreId: number, yearId: number) =>
  queryOptions({
    queryKey: ["finance-budgets", "detail", costCentreId, yearId],
    queryFn: async ({ signal }) =>
      unwrap(
        await tenantApi.GET("/api/v1/finance/cost-centres/{cost_centre_id}/budgets/{year_id}/", {
          params: { path: { cost_centre_id: costCentreId, year_id: yearId } },
          signal,
        }),
      ),
  });

/** Replaces the budget of that cost centre and year; no lines removes it. Refusals name the
 *  line: `lines.1.account`, `lines.0.amount`. */
export async function budgetSave(costCentreId: number, yearId: number, lines: BudgetLineInput[]) {
  return unwrap(
    await tenantApi.PUT("/api/v1/finance/cost-centres/{cost_centre_id}/budgets/{year_id}/", {
      params: { path: { cost_centre_id: costCentreId, year_id: yearId } },
      body: { lines },
    }),
  );
}

// Fiscal years and periods -----------------------------------------------------------------
export const fiscalYearListQuery = () =>
  queryOptions({
    queryKey: ["finance-years", "list"],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/finance/fiscal-years/", { params: { query: { page_size: 100 } }, signal })).results,
  });

export async function fiscalYearCreate(startDate: string) {
  return unwrap(await tenantApi.POST("/api/v1/finance/fiscal-years/", { body: { start_date: startDate } }));
}
export async function fiscalYearClose(id: number) {
  return unwrap(await tenantApi.POST("/api/v1/finance/fiscal-years/{year_id}/close/", { params: { path: { year_id: id } } }));
}
/** Reopen the latest closed year: its closing entry is reversed, the year is open again. */
export async function fiscalYearReopen(id: number, reason: string) {
  return unwrap(await tenantApi.POST("/api/v1/finance/fiscal-years/{year_id}/reopen/", { params: { path: { year_id: id } }, body: { reason } }));
}
export async function periodLock(id: number) {
  return unwrap(await tenantApi.POST("/api/v1/finance/periods/{period_id}/lock/", { params: { path: { period_id: id } } }));
}
export async function periodUnlock(id: number) {
  return unwrap(await tenantApi.POST("/api/v1/finance/periods/{period_id}/unlock/", { params: { path: { period_id: id } } }));
}

// Journal entries --------------------------------------------------------------------------
export const journalListQuery = (query: Query) =>
  queryOptions({
    queryKey: ["finance-journal", "list", query],
    queryFn: async ({ signal }) =>
      unwrap(
        await tenantApi.GET("/api/v1/finance/journal-entries/", {
          params: { query: query as Q<"v1_finance_journal_entries_list"> },
          signal,
        }),
      ),
    placeholderData: (prev) => prev,
  });

export const journalEntryQuery = (id: number) =>
  queryOptions({
    queryKey: ["finance-journal", "detail", id],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/finance/journal-entries/{entry_id}/", { params: { path: { entry_id: id } }, signal })),
  });

/** Line amounts are in `currency` (the company's base currency when left out); the server posts
 *  them × `exchange_rate` in the base currency. */
export async function journalEntryCreate(body: JournalEntryBody) {
  return unwrap(await tenantApi.POST("/api/v1/finance/journal-entries/", { body }));
}
/** Change a draft; `lines`, when sent, replaces every line. Posted entries are refused (400). */
export async function journalEntryUpdate(id: number, body: S["PatchedJournalEntryUpdateInputRequest"]) {
  return unwrap(await tenantApi.PATCH("/api/v1/finance/journal-entries/{entry_id}/", { params: { path: { entry_id: id } }, body }));
}
export async function journalEntryPost(id: number) {
  return unwrap(await tenantApi.POST("/api/v1/finance/journal-entries/{entry_id}/post/", { params: { path: { entry_id: id } } }));
}
export async function journalEntryReverse(id: number, body: { date: string; reason: string }) {
  return unwrap(await tenantApi.POST("/api/v1/finance/journal-entries/{entry_id}/reverse/", { params: { path: { entry_id: id } }, body }));
}
export async function journalEntryDelete(id: number) {
  const result = await tenantApi.DELETE("/api/v1/finance/journal-entries/{entry_id}/", { params: { path: { entry_id: id } } });
  if (!result.response.ok) unwrap(result);
}

// Reports ----------------------------------------------------------------------------------
export const trialBalanceQuery = (query: { to_date: string; from_date?: string }) =>
  queryOptions({
    queryKey: ["finance-reports", "trial-balance", query],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/finance/reports/trial-balance/", { params: { query }, signal })),
    placeholderData: (prev) => prev,
  });

/** With `cost_centre`: the P&L of that cost centre and those under it. */
export const profitAndLossQuery = (query: { from_date: string; to_date: string; compare_from?: string; compare_to?: string; cost_centre?: number }) =>
  queryOptions({
    queryKey: ["finance-reports", "profit-and-loss", query],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/finance/reports/profit-and-loss/", { params: { query }, signal })),
    placeholderData: (prev) => prev,
  });

/** The cash flow statement (direct method, ADR 0066). */
export const cashFlowQuery = (query: { from_date: string; to_date: string }) =>
  queryOptions({
    queryKey: ["finance-reports", "cash-flow", query],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/finance/reports/cash-flow/", { params: { query }, signal })),
    placeholderData: (prev) => prev,
  });

/** Income, expense and profit per cost centre, groups summing their children (ADR 0069). */
export const costCentreSummaryQuery = (query: { from_date: string; to_date: string }) =>
  queryOptions({
    queryKey: ["finance-reports", "cost-centres", query],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/finance/reports/cost-centres/", { params: { query }, signal })),
    placeholderData: (prev) => prev,
  });

/** A cost centre's budget for a fiscal year beside its actuals from the year's start to
 *  `to_date` (default: the year's end), ADR 0070. */
export const budgetVsActualQuery = (query: { cost_centre: number; fiscal_year: number; to_date?: string }) =>
  queryOptions({
    queryKey: ["finance-reports", "budget-vs-actual", query],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/finance/reports/budget-vs-actual/", { params: { query }, signal })),
    placeholderData: (prev) => prev,
  });

export const balanceSheetQuery = (query: { as_of: string; compare_as_of?: string }) =>
  queryOptions({
    queryKey: ["finance-reports", "balance-sheet", query],
    queryFn: async ({ signal }) =>
      unwrap(await tenantApi.GET("/api/v1/finance/reports/balance-sheet/", { params: { query }, signal })),
    placeholderData: (prev) => prev,
  });

/** With `cost_centre`: only the lines of that cost centre and those under it (ADR 0069). */
export async function generalLedgerPage(query: { account: number; from_date: string; to_date: string; cursor?: string; limit?: number; cost_centre?: number }) {
  return unwrap(await tenantApi.GET("/api/v1/finance/reports/general-ledger/", { params: { query } }));
}


/** The first day of the Indian fiscal year (April) containing `iso`. */
export function fiscalYearStartOf(iso: string): string {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  return `${month >= 4 ? year : year - 1}-04-01`;
}
