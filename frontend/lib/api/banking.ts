/** Query options and mutations of bank reconciliation (ADR 0053): statements, matching, the
 *  reconciliation statement. */
import { queryOptions } from "@tanstack/react-query";
import { api, download, upload } from "./invoicing";
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

export const statementImport = (account: number, file: File, openingBalance?: string) =>
  upload<BankStatementDetail>(`${BASE}/statements/`, { account: String(account), file, opening_balance: openingBalance || undefined });

export const statementDelete = (id: number) => api<void>(`${BASE}/statements/${id}/`, { method: "DELETE" });
export const lineMatch = (statement: number, line: number, journalLines: number[]) =>
  api<BankStatementDetail>(`${BASE}/statements/${statement}/lines/${line}/match/`, { method: "POST", body: { journal_lines: journalLines } });
export const lineUnmatch = (statement: number, line: number) =>
  api<BankStatementDetail>(`${BASE}/statements/${statement}/lines/${line}/unmatch/`, { method: "POST" });
export const autoMatch = (statement: number) =>
  api<BankStatementDetail & { matched_now: number }>(`${BASE}/statements/${statement}/auto-match/`, { method: "POST" });
export const lineEntryCreate = (statement: number, line: number, ledger: number, narration: string, costCentre: number | null = null) =>
  api<BankStatementDetail>(`${BASE}/statements/${statement}/lines/${line}/create-entry/`, { method: "POST", body: { ledger, narration, cost_centre: costCentre } });
