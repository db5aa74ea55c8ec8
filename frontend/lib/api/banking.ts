/** Query options and mutations of bank reconciliation (ADR 0053): statements, matching, the
 *  reconciliation statement. */
import { queryOptions } from "@tanstack/react-query";
import { csrfToken } from "./csrf";
import { ApiError, isApiErrorBody } from "./errors";
import { api, download } from "./invoicing";
import type { components } from "./schema.tenant";

type S = components["schemas"];
export type BankStatement = S["BankStatementOutput"];
export type BankStatementDetail = S["BankStatementDetailOutput"];
export type BankStatementLine = S["BankStatementLineOutput"];
export type BankJournalLine = S["BankJournalLineBrief"];
export type BankReconciliation = S["BankReconciliationOutput"];

const BASE = "/api/v1/banking";

export const statementListQuery = (account?: number) =>
  queryOptions({
    queryKey: ["bank-statements", "list", account ?? null],
    queryFn: ({ signal }) => api<BankStatement[]>(`${BASE}/statements/`, { signal, query: account ? { account } : undefined }),
  });

export const statementQuery = (id: number) =>
  queryOptions({
    queryKey: ["bank-statements", "detail", id],
    queryFn: ({ signal }) => api<BankStatementDetail>(`${BASE}/statements/${id}/`, { signal }),
  });

export const reconciliationQuery = (account: number, date: string) =>
  queryOptions({
    queryKey: ["bank-statements", "reconciliation", account, date],
    queryFn: ({ signal }) => api<BankReconciliation>(`${BASE}/reconciliation/`, { signal, query: { account, date } }),
  });

export const statementTemplate = () => download(`${BASE}/statements/template/`);

export async function statementImport(account: number, file: File, openingBalance?: string): Promise<BankStatementDetail> {
  const form = new FormData();
  form.append("account", String(account));
  form.append("file", file);
  if (openingBalance) form.append("opening_balance", openingBalance);
  const response = await fetch(`${BASE}/statements/`, { method: "POST", body: form, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" } });
  const data: unknown = await response.json();
  if (!response.ok) throw new ApiError(response.status, isApiErrorBody(data) ? data : undefined);
  return data as BankStatementDetail;
}

export const statementDelete = (id: number) => api<void>(`${BASE}/statements/${id}/`, { method: "DELETE" });
export const lineMatch = (statement: number, line: number, journalLines: number[]) =>
  api<BankStatementDetail>(`${BASE}/statements/${statement}/lines/${line}/match/`, { method: "POST", body: { journal_lines: journalLines } });
export const lineUnmatch = (statement: number, line: number) =>
  api<BankStatementDetail>(`${BASE}/statements/${statement}/lines/${line}/unmatch/`, { method: "POST" });
export const autoMatch = (statement: number) =>
  api<BankStatementDetail & { matched_now: number }>(`${BASE}/statements/${statement}/auto-match/`, { method: "POST" });
export const lineEntryCreate = (statement: number, line: number, ledger: number, narration: string) =>
  api<BankStatementDetail>(`${BASE}/statements/${statement}/lines/${line}/create-entry/`, { method: "POST", body: { ledger, narration } });
