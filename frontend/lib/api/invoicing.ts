/** Query options and mutations of partners and invoicing: partners, tax rates, invoices, bills,
 *  notes, payments, aged/statement/GST reports and the finance KPIs. */
import { queryOptions } from "@tanstack/react-query";
import { tenantApi, unwrap } from "./client";
import { csrfToken } from "./csrf";
import { ApiError, isApiErrorBody } from "./errors";
import type { components } from "./schema.tenant";

type S = components["schemas"];
export type Partner = S["PartnerOutput"];
export type PartnerInput = S["PartnerInputRequest"];
export type TaxRate = S["TaxRateOutput"];
export type DocumentSummary = S["DocumentListOutput"];
export type DocumentDetail = S["DocumentOutput"];
export type DocumentLineOut = S["LineOutput"];
export type Payment = S["PaymentListOutput"];
export type PaymentDetail = S["PaymentOutput"];
export type Aged = S["AgedOutput"];
export type Statement = S["PartyStatementOutput"];
export type Gstr1 = S["Gstr1Output"];
export type Gstr3b = S["Gstr3bOutput"];
export type Kpis = S["KpiOutput"];
export type TdsRegister = S["TdsRegisterOutput"];
export type TdsSide = "receivable" | "payable";
type Query = Record<string, string | number>;
type Page<T> = { count: number; next?: string | null; previous?: string | null; results: T[] };

/** One fetch for the paths whose prefix varies (invoices, bills, notes): JSON in, JSON out,
 *  the API's error body as an ApiError. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; query?: Query; signal?: AbortSignal } = {}): Promise<T> {
  const params = init.query ? `?${new URLSearchParams(Object.entries(init.query).map(([k, v]) => [k, String(v)]))}` : "";
  const method = init.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${path}${params}`, {
    method,
    headers,
    credentials: "same-origin",
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, isApiErrorBody(data) ? data : undefined);
  return data as T;
}

/** Saves a file answer (PDF, Excel) under the server's file name. */
/** A multipart upload (`api` sends JSON): the form's fields and files, with the CSRF header. */
export async function upload<T>(path: string, fields: Record<string, string | File | undefined>, method = "POST"): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
  const response = await fetch(path, { method, body: form, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" } });
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, isApiErrorBody(data) ? data : undefined);
  return data as T;
}

export async function download(path: string, query: Query = {}): Promise<string> {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const response = await fetch(`${path}${params.size ? `?${params}` : ""}`, { credentials: "same-origin" });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw new ApiError(response.status, isApiErrorBody(body) ? body : undefined);
  }
  const name = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "download";
  const href = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
  return name;
}

// Partners ---------------------------------------------------------------------------------
export const partnerListQuery = (query: Query) =>
  queryOptions({
    queryKey: ["partners", "list", query],
    queryFn: ({ signal }) => api<Page<Partner>>("/api/v1/partners/", { query, signal }),
    placeholderData: (prev) => prev,
  });
export const partnerQuery = (id: number) =>
  queryOptions({
    queryKey: ["partners", "detail", id],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/partners/{partner_id}/", { params: { path: { partner_id: id } }, signal })),
  });
/** Active partners matching `term`: customers or vendors, or any party when `role` is null. */
export async function partnerSearch(term: string, role: "customer" | "vendor" | null, signal: AbortSignal): Promise<Partner[]> {
  return (await api<Page<Partner>>("/api/v1/partners/", { query: { search: term, ...(role ? { role } : {}), is_active: "true", page_size: 20 }, signal })).results;
}
export const partnerCreate = (body: PartnerInput) => api<Partner>("/api/v1/partners/", { method: "POST", body });
export const partnerUpdate = (id: number, body: Partial<PartnerInput>) => api<Partner>(`/api/v1/partners/${id}/`, { method: "PATCH", body });

export const partnerImport = (file: File) => upload<{ created: number; codes: string[] }>("/api/v1/partners/import/", { file });

// Tax rates --------------------------------------------------------------------------------
export const taxRatesQuery = (on?: string) =>
  queryOptions({
    queryKey: ["tax-rates", "list", on ?? ""],
    queryFn: ({ signal }) => api<TaxRate[]>("/api/v1/invoicing/tax-rates/", { query: on ? { on } : {}, signal }),
    staleTime: 10 * 60_000,
  });

// Documents --------------------------------------------------------------------------------
export type DocumentFamily = "invoices" | "bills" | "notes";
const base = (family: DocumentFamily) => `/api/v1/invoicing/${family}/`;

export const documentListQuery = (family: DocumentFamily, query: Query) =>
  queryOptions({
    queryKey: [family, "list", query],
    queryFn: ({ signal }) => api<Page<DocumentSummary>>(base(family), { query, signal }),
    placeholderData: (prev) => prev,
  });
export const documentQuery = (family: DocumentFamily, id: number) =>
  queryOptions({
    queryKey: [family, "detail", id],
    queryFn: ({ signal }) => api<DocumentDetail>(`${base(family)}${id}/`, { signal }),
  });
export type DocumentBody = {
  kind?: "credit_note" | "debit_note";
  partner: number;
  date: string;
  due_date?: string | null;
  reference?: string;
  place_of_supply?: string;
  currency?: string;
  exchange_rate?: string;
  notes?: string;
  original?: number | null;
  /** A balance brought forward from the previous books (invoices and bills): no GST, series OB. */
  is_opening?: boolean;
  /** Each line may name its ledger and cost centre (ADR 0069); blank: the default ledger, none. */
  lines: S["LineInputRequest"][];
};
export const documentCreate = (family: DocumentFamily, body: DocumentBody) => api<DocumentDetail>(base(family), { method: "POST", body });
export const documentUpdate = (family: DocumentFamily, id: number, body: Partial<DocumentBody>) =>
  api<DocumentDetail>(`${base(family)}${id}/`, { method: "PATCH", body });
/** Posting an invoice past its customer's credit limit needs `override_credit_limit` (ADR 0059). */
export const documentPost = (family: DocumentFamily, id: number, body: { override_credit_limit?: boolean } = {}) =>
  api<DocumentDetail>(`${base(family)}${id}/post/`, { method: "POST", body });
/** The customer's credit before and after a draft invoice (limit 0: none set). */
export type CreditPosition = S["CreditOutput"];
export const invoiceCreditQuery = (id: number) =>
  queryOptions({
    queryKey: ["invoices", "credit", id],
    queryFn: ({ signal }) => api<CreditPosition>(`${base("invoices")}${id}/credit/`, { signal }),
  });
export const documentCancel = (family: DocumentFamily, id: number, body: { date?: string; reason?: string }) =>
  api<DocumentDetail>(`${base(family)}${id}/cancel/`, { method: "POST", body });
/** Recurring invoices (ADR 0064): schedules that raise an invoice again each period. */
export type RecurringSchedule = S["RecurringOutput"];
export type RecurringDetail = S["RecurringDetailOutput"];
export const recurringListQuery = () =>
  queryOptions({
    queryKey: ["recurring", "list"],
    queryFn: ({ signal }) => api<Page<RecurringSchedule>>("/api/v1/invoicing/recurring/", { query: { page_size: 100 }, signal }),
  });
export const recurringCreate = (body: S["RecurringInputRequest"]) => api<RecurringDetail>("/api/v1/invoicing/recurring/", { method: "POST", body });
export const recurringUpdate = (id: number, body: S["PatchedRecurringChangeInputRequest"]) =>
  api<RecurringDetail>(`/api/v1/invoicing/recurring/${id}/`, { method: "PATCH", body });
/** A new draft like an invoice or bill (party, lines, currency and rate), dated today. */
export const documentDuplicate = (family: "invoices" | "bills", id: number) =>
  api<DocumentDetail>(`${base(family)}${id}/duplicate/`, { method: "POST", body: {} });
export const documentDelete = (family: DocumentFamily, id: number) => api<undefined>(`${base(family)}${id}/`, { method: "DELETE" });
export const documentPdf = (family: DocumentFamily, id: number) => download(`${base(family)}${id}/pdf/`);

/** E-invoicing (ADR 0062): the IRP's JSON as a download, its answer recorded, the IRN cancelled. */
export type EInvoice = S["EInvoiceOutput"];
export type EInvoiceRecordBody = S["EInvoiceRecordInputRequest"];
type EInvoiceFamily = "invoices" | "notes";
export const documentEInvoiceJson = (family: EInvoiceFamily, id: number) => download(`${base(family)}${id}/einvoice/json/`);
export const documentEInvoiceRecord = (family: EInvoiceFamily, id: number, body: EInvoiceRecordBody) =>
  api<EInvoice>(`${base(family)}${id}/einvoice/`, { method: "POST", body });
/** E-way bills (ADR 0063): the portal's JSON with the transport, its answer recorded. */
export type EWayBill = S["EWayBillOutput"];
export type Transport = { mode: "" | "road" | "rail" | "air" | "ship"; distance_km: string; vehicle_number: string; transporter_id: string; transporter_name: string; doc_number: string; doc_date: string };
export const invoiceEWayBillJson = (id: number, transport: Transport) =>
  download(`${base("invoices")}${id}/ewaybill/json/`, Object.fromEntries(Object.entries(transport).filter(([, v]) => v !== "")));
export const invoiceEWayBillRecord = (id: number, body: S["EWayBillRecordInputRequest"]) =>
  api<EWayBill>(`${base("invoices")}${id}/ewaybill/`, { method: "POST", body });
export const invoiceEWayBillCancel = (id: number, body: { reason: string; remark?: string }) =>
  api<EWayBill>(`${base("invoices")}${id}/ewaybill/cancel/`, { method: "POST", body });
/** The list's filter: its documents waiting for an IRN in one file, and the IRP's answers. */
export const documentEInvoiceBulkJson = (family: EInvoiceFamily, query: Query) => download(`${base(family)}einvoice/json/`, query);
export const documentEInvoiceImport = (family: EInvoiceFamily, answers: Record<string, unknown>[]) =>
  api<S["EInvoiceImportedOutput"][]>(`${base(family)}einvoice/import/`, { method: "POST", body: { answers } });
export const documentEInvoiceCancel = (family: EInvoiceFamily, id: number, body: { reason: string; remark?: string }) =>
  api<EInvoice>(`${base(family)}${id}/einvoice/cancel/`, { method: "POST", body });

/** What documents print besides the company settings, and the payment reminders (ADR 0052). */
export type InvoiceSettings = S["InvoiceSettings"];
export const invoiceSettingsQuery = () =>
  queryOptions({
    queryKey: ["invoice-settings"],
    queryFn: ({ signal }) => api<InvoiceSettings>("/api/v1/invoicing/settings/", { signal }),
  });
/** Each reminder stage's letter (ADR 0058): subject and message with {placeholders}. */
export type ReminderLetter = S["ReminderLetter"];
export const invoiceSettingsUpdate = (body: S["PatchedInvoiceSettingsInputRequest"]) =>
  api<InvoiceSettings>("/api/v1/invoicing/settings/", { method: "PATCH", body });
export type ReminderLetterPreview = S["ReminderLetterPreviewOutput"];
/** A stage's letter as it would go out today, from the unsaved text (ADR 0058): filled for the
 *  most overdue open invoice, or a made-up one (`sample` null). */
export const reminderLetterPreview = (body: S["ReminderLetterPreviewInputRequest"]) =>
  api<ReminderLetterPreview>("/api/v1/invoicing/settings/reminder-letters/preview/", { method: "POST", body });

export type DocumentEmails = S["EmailsOutput"];
export type DocumentEmail = S["EmailOutput"];
export type DocumentEmailBody = { to: string[]; cc: string[]; subject: string; message: string };
/** What is e-mailed from its own page: invoices, notes, receipts and payments (bills are not sent). */
export type MailFamily = "invoices" | "notes" | "payments";
/** The e-mail dialog's defaults and what was sent before. */
export const documentEmailsQuery = (family: MailFamily, id: number) =>
  queryOptions({
    queryKey: [family, "emails", id],
    queryFn: ({ signal }) => api<DocumentEmails>(`/api/v1/invoicing/${family}/${id}/email/`, { signal }),
  });
export const documentEmailSend = (family: MailFamily, id: number, body: DocumentEmailBody) =>
  api<DocumentEmail>(`/api/v1/invoicing/${family}/${id}/email/`, { method: "POST", body });
/** A party's statement by e-mail: the dialog's defaults for the period, and what was sent to the party. */
export type StatementPeriod = { partner: number; date_from: string; date_to: string };
export const statementEmailsQuery = (period: StatementPeriod) =>
  queryOptions({
    queryKey: ["statement-emails", period.partner, period.date_from, period.date_to],
    queryFn: ({ signal }) => api<DocumentEmails>("/api/v1/invoicing/reports/statement/email/", { query: period, signal }),
  });
export const statementEmailSend = (period: StatementPeriod, body: DocumentEmailBody) =>
  api<DocumentEmail>("/api/v1/invoicing/reports/statement/email/", { method: "POST", body, query: period });

/** A party's posted invoices (bills), paid or not, newest first: what a credit (debit) note can
 *  be raised against. */
export async function postedDocumentSearch(family: "invoices" | "bills", partner: number, term: string, signal: AbortSignal): Promise<DocumentSummary[]> {
  const q = new URLSearchParams({ partner: String(partner), search: term, ordering: "-date", page_size: "20" });
  for (const status of ["posted", "partly_paid", "paid"]) q.append("status", status);
  return (await api<Page<DocumentSummary>>(`${base(family)}?${q}`, { signal })).results;
}
/** A party's open invoices (bills), oldest first: what a posted note can be applied to. */
export const openForNoteQuery = (family: "invoices" | "bills", partner: number) =>
  queryOptions({
    queryKey: [family, "open-for-note", partner],
    queryFn: ({ signal }) => api<Page<DocumentSummary>>(base(family), { query: { partner, open: "true", ordering: "date", page_size: 200 }, signal }).then((p) => p.results),
  });
export type NoteApplyBody = { date?: string; allocations: Array<{ document: number; amount: string }> };
export const noteApply = (id: number, body: NoteApplyBody) => api<DocumentDetail>(`${base("notes")}${id}/apply/`, { method: "POST", body });

// Payments ---------------------------------------------------------------------------------
export const paymentListQuery = (query: Query) =>
  queryOptions({
    queryKey: ["payments", "list", query],
    queryFn: ({ signal }) => api<Page<Payment>>("/api/v1/invoicing/payments/", { query, signal }),
    placeholderData: (prev) => prev,
  });
export const paymentQuery = (id: number) =>
  queryOptions({
    queryKey: ["payments", "detail", id],
    queryFn: ({ signal }) => api<PaymentDetail>(`/api/v1/invoicing/payments/${id}/`, { signal }),
  });
export const openDocumentsQuery = (partner: number | null, kind: "receipt" | "payment") =>
  queryOptions({
    queryKey: ["open-documents", partner, kind],
    queryFn: ({ signal }) => api<DocumentSummary[]>("/api/v1/invoicing/payments/open-documents/", { query: { partner: partner ?? 0, kind }, signal }),
    enabled: partner !== null,
  });
export type PaymentBody = {
  kind: "receipt" | "payment";
  partner: number;
  date: string;
  account: number;
  amount: string;
  mode?: string;
  reference?: string;
  /** the money's currency (the documents allocated to must be in it) and its rate on the day */
  currency?: string;
  exchange_rate?: string;
  /** the rupees the bank credited (debited) for a foreign amount, kept to the paisa (ADR 0054) */
  amount_base?: string;
  /** what the party kept back (TDS, discount, charges), in the payment's currency: the payment
   *  settles `amount` plus these */
  deductions?: Array<{ account: number | null; amount: string; description?: string; tds_section?: string }>;
  allocations: Array<{ document: number; amount: string }>;
};
export const paymentCreate = (body: PaymentBody) => api<PaymentDetail>("/api/v1/invoicing/payments/", { method: "POST", body });
/** The receipt voucher, payment receipt or payment advice as a PDF download. */
export const paymentPdf = (id: number) => download(`/api/v1/invoicing/payments/${id}/pdf/`);
export const paymentCancel = (id: number) => api<PaymentDetail>(`/api/v1/invoicing/payments/${id}/cancel/`, { method: "POST", body: {} });

export type CashAccount = S["CashAccountOutput"];
/** The ledger's bank and cash accounts (where a payment's money moves). */
export const cashAccountsQuery = () =>
  queryOptions({
    queryKey: ["cash-accounts"],
    queryFn: ({ signal }) => api<CashAccount[]>("/api/v1/invoicing/payments/accounts/", { signal }),
    staleTime: 5 * 60_000,
  });

export type DeductionAccount = S["DeductionAccountOutput"];
export type PaymentDeduction = S["PaymentDeductionOutput"];
/** The ledgers a payment's deduction can go to (every active ledger but the party control
 *  accounts), matching `term` by code or name. */
export async function deductionAccountSearch(term: string, signal?: AbortSignal): Promise<DeductionAccount[]> {
  return api<DeductionAccount[]>("/api/v1/invoicing/payments/deduction-accounts/", { query: term ? { search: term } : {}, signal });
}
export const deductionAccountsQuery = () =>
  queryOptions({
    queryKey: ["deduction-accounts"],
    queryFn: ({ signal }) => deductionAccountSearch("", signal),
    staleTime: 5 * 60_000,
  });

// Reports ----------------------------------------------------------------------------------
export const agedQuery = (side: "receivable" | "payable", asOf: string) =>
  queryOptions({
    queryKey: ["aged", side, asOf],
    queryFn: ({ signal }) => api<Aged>("/api/v1/invoicing/reports/aged/", { query: { side, as_of: asOf }, signal }),
  });
export const statementQuery = (query: { partner: number; date_from?: string; date_to?: string }) =>
  queryOptions({
    queryKey: ["statement", query],
    queryFn: ({ signal }) => api<Statement>("/api/v1/invoicing/reports/statement/", { query, signal }),
  });
export const gstr1Query = (dateFrom: string, dateTo: string) =>
  queryOptions({
    queryKey: ["gstr1", dateFrom, dateTo],
    queryFn: ({ signal }) => api<Gstr1>("/api/v1/invoicing/reports/gstr1/", { query: { date_from: dateFrom, date_to: dateTo }, signal }),
  });
export const gstr3bQuery = (dateFrom: string, dateTo: string) =>
  queryOptions({
    queryKey: ["gstr3b", dateFrom, dateTo],
    queryFn: ({ signal }) => api<Gstr3b>("/api/v1/invoicing/reports/gstr3b/", { query: { date_from: dateFrom, date_to: dateTo }, signal }),
  });
/** `status`: payable side pending|deposited (through a challan), receivable pending|received
 *  (Form 16A); empty for all. */
export const tdsRegisterQuery = (side: TdsSide, dateFrom: string, dateTo: string, status = "") =>
  queryOptions({
    queryKey: ["tds-register", side, dateFrom, dateTo, status],
    queryFn: ({ signal }) => api<TdsRegister>("/api/v1/invoicing/reports/tds/", { query: { side, date_from: dateFrom, date_to: dateTo, ...(status ? { status } : {}) }, signal }),
  });
export const kpisQuery = () =>
  queryOptions({
    queryKey: ["finance-kpis"],
    queryFn: ({ signal }) => api<Kpis>("/api/v1/invoicing/reports/kpis/", { signal }),
  });

// Opening balances -------------------------------------------------------------------------
export type OpeningSummary = S["OpeningSummaryOutput"];
export type OpeningImportResult = S["OpeningImportOutput"];
export const openingSummaryQuery = () =>
  queryOptions({
    queryKey: ["opening-balances", "detail"],
    queryFn: ({ signal }) => api<OpeningSummary>("/api/v1/invoicing/opening-balances/", { signal }),
  });
export const openingTemplate = () => download("/api/v1/invoicing/opening-balances/template/");
export const openingImport = (file: File) => upload<OpeningImportResult>("/api/v1/invoicing/opening-balances/import/", { file });

// TDS challans and certificates (ADR 0048) --------------------------------------------------
export type TdsChallan = S["TdsChallanListOutput"];
export type TdsChallanDetail = S["TdsChallanOutput"];
export type TdsDeduction = S["TdsDeductionOutput"];
export type TdsPendingDeduction = S["TdsPendingDeductionOutput"];
export type TdsChallanAccounts = S["TdsChallanAccountsOutput"];
export const tdsChallanListQuery = (query: Query) =>
  queryOptions({
    queryKey: ["tds-challans", "list", query],
    queryFn: ({ signal }) => api<Page<TdsChallan>>("/api/v1/invoicing/tds/challans/", { query, signal }),
    placeholderData: (prev) => prev,
  });
export const tdsChallanQuery = (id: number) =>
  queryOptions({
    queryKey: ["tds-challans", "detail", id],
    queryFn: ({ signal }) => api<TdsChallanDetail>(`/api/v1/invoicing/tds/challans/${id}/`, { signal }),
  });
/** TDS deducted from vendors, not yet deposited, of one section: what a challan can carry. */
/** Pending deductions of a section with each one's interest if deposited on `date`. */
export const tdsPendingQuery = (section: string, date: string) =>
  queryOptions({
    queryKey: ["tds-challans", "pending", section, date],
    queryFn: ({ signal }) => api<TdsPendingDeduction[]>("/api/v1/invoicing/tds/pending/", { query: { section, date }, signal }),
    // the same section's rows stay while another date loads (no flicker of the ticks)
    placeholderData: (previous, query) => (query?.queryKey[2] === section ? previous : undefined),
  });
export const tdsChallanAccountsQuery = () =>
  queryOptions({
    queryKey: ["tds-challans", "accounts"],
    queryFn: ({ signal }) => api<TdsChallanAccounts>("/api/v1/invoicing/tds/challans/accounts/", { signal }),
    staleTime: 5 * 60_000,
  });
export type TdsChallanBody = {
  section: string;
  date: string;
  bsr_code: string;
  serial_number: string;
  account: number;
  deductions: number[];
  interest?: string;
  interest_account?: number | null;
  late_fee?: string;
  late_fee_account?: number | null;
  notes?: string;
};
export const tdsChallanCreate = (body: TdsChallanBody) => api<TdsChallanDetail>("/api/v1/invoicing/tds/challans/", { method: "POST", body });
export const tdsChallanCancel = (id: number, body: { date?: string; reason?: string }) =>
  api<TdsChallanDetail>(`/api/v1/invoicing/tds/challans/${id}/cancel/`, { method: "POST", body });
export type Form26q = S["Form26qOutput"];
export type TdsQuarter = "Q1" | "Q2" | "Q3" | "Q4";
export const form26qQuery = (fy: string, quarter: TdsQuarter) =>
  queryOptions({
    queryKey: ["tds-returns", "26q", fy, quarter],
    queryFn: ({ signal }) => api<Form26q>("/api/v1/invoicing/tds/returns/26q/", { query: { fy, quarter }, signal }),
  });
export type TdsCertificateBody = { deductions: number[]; certificate_number: string; certificate_date: string };
export const tdsCertificateRecord = (body: TdsCertificateBody) => api<unknown>("/api/v1/invoicing/tds/certificates/", { method: "POST", body });
export const tdsCertificateClear = (deductions: number[]) => api<unknown>("/api/v1/invoicing/tds/certificates/clear/", { method: "POST", body: { deductions } });

// Exchange revaluation (ADR 0047) -------------------------------------------------------------
export type RevaluationCurrency = S["CurrencyOutput"];
export type RevaluationPreview = S["PreviewOutput"];
export type RevaluationSummary = S["RevaluationOutput"];
export type RevaluationDetail = S["RevaluationDetailOutput"];
export type RevaluationBody = { date: string; rates: Record<string, string> };
export const revaluationCurrenciesQuery = (date: string) =>
  queryOptions({
    queryKey: ["revaluations", "currencies", date],
    queryFn: ({ signal }) => api<RevaluationCurrency[]>("/api/v1/invoicing/revaluations/currencies/", { query: { date }, signal }),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(date),
  });
export const revaluationListQuery = () =>
  queryOptions({
    queryKey: ["revaluations", "list"],
    queryFn: ({ signal }) => api<Page<RevaluationSummary>>("/api/v1/invoicing/revaluations/", { query: { page_size: 50 }, signal }),
  });
export const revaluationPreview = (body: RevaluationBody) =>
  api<RevaluationPreview>("/api/v1/invoicing/revaluations/preview/", { method: "POST", body });
export const revaluationPost = (body: RevaluationBody) =>
  api<RevaluationDetail>("/api/v1/invoicing/revaluations/", { method: "POST", body });
export const revaluationCancel = (id: number) =>
  api<RevaluationDetail>(`/api/v1/invoicing/revaluations/${id}/cancel/`, { method: "POST" });

// GSTR-2B reconciliation (ADR 0065) ---------------------------------------------------------
export type Gstr2bMonth = S["Gstr2bReturnOutput"];
export type Gstr2bReconciliation = S["Gstr2bReconciliationOutput"];
export type Gstr2bRow = S["Gstr2bRowOutput"];
export type Gstr2bDocument = S["Gstr2bDocumentBrief"];
const GSTR2B = "/api/v1/invoicing/gstr2b/";
export const gstr2bMonthsQuery = () =>
  queryOptions({ queryKey: ["gstr2b", "list"], queryFn: ({ signal }) => api<Gstr2bMonth[]>(GSTR2B, { signal }) });
export const gstr2bQuery = (month: string, dateFrom?: string) =>
  queryOptions({
    queryKey: ["gstr2b", "detail", month, dateFrom ?? ""],
    queryFn: ({ signal }) => api<Gstr2bReconciliation>(`${GSTR2B}${month}/`, { query: dateFrom ? { date_from: dateFrom } : {}, signal }),
  });
export const gstr2bImport = (file: File) => upload<Gstr2bReconciliation>(GSTR2B, { file });
export const gstr2bLink = (line: number, document: number | null) => api<Gstr2bRow>(`${GSTR2B}lines/${line}/`, { method: "PATCH", body: { document } });
export const gstr2bDelete = (month: string) => api<undefined>(`${GSTR2B}${month}/`, { method: "DELETE" });

// GST set-off and payment of a month (ADR 0073) -----------------------------------------------
export type GstPaymentPreview = S["GstPaymentPreviewOutput"];
export type GstPayment = S["GstPaymentOutput"];
export type GstHeads = S["GstHeadsOutput"];
/** `date`: the payment date the interest on a late payment is computed for. */
export const gstPaymentPreviewQuery = (month: string, date: string) =>
  queryOptions({
    queryKey: ["gst-payments", "preview", month, date],
    queryFn: ({ signal }) => api<GstPaymentPreview>("/api/v1/invoicing/gst-payments/preview/", { query: { month, ...(date ? { date } : {}) }, signal }),
  });
export const gstPaymentListQuery = () =>
  queryOptions({
    queryKey: ["gst-payments", "list"],
    queryFn: ({ signal }) => api<Page<GstPayment>>("/api/v1/invoicing/gst-payments/", { query: { page_size: 24 }, signal }),
  });
export const gstPaymentCreate = (body: { month: string; date: string; account: number; reference?: string; interest?: string; interest_account?: number | null; late_fee?: string; late_fee_account?: number | null }) =>
  api<GstPayment>("/api/v1/invoicing/gst-payments/", { method: "POST", body });
export const gstPaymentCancel = (id: number, body: { date?: string; reason?: string }) =>
  api<GstPayment>(`/api/v1/invoicing/gst-payments/${id}/cancel/`, { method: "POST", body });

// Input credit on bills unpaid 180 days, reversed and reclaimed (CGST Rule 37, ADR 0074) -----
export type ItcReversalPreview = S["ItcReversalPreviewOutput"];
export type ItcReversal = S["ItcReversalOutput"];
export type ItcReversalDetail = S["ItcReversalDetailOutput"];
const ITC_REVERSALS = "/api/v1/invoicing/itc-reversals/";
export const itcReversalPreviewQuery = (month: string) =>
  queryOptions({
    queryKey: ["itc-reversals", "preview", month],
    queryFn: ({ signal }) => api<ItcReversalPreview>(`${ITC_REVERSALS}preview/`, { query: { month }, signal }),
  });
export const itcReversalListQuery = () =>
  queryOptions({
    queryKey: ["itc-reversals", "list"],
    queryFn: ({ signal }) => api<Page<ItcReversal>>(ITC_REVERSALS, { query: { page_size: 24 }, signal }),
  });
export const itcReversalQuery = (id: number) =>
  queryOptions({
    queryKey: ["itc-reversals", "detail", id],
    queryFn: ({ signal }) => api<ItcReversalDetail>(`${ITC_REVERSALS}${id}/`, { signal }),
  });
export const itcReversalCreate = (month: string) => api<ItcReversalDetail>(ITC_REVERSALS, { method: "POST", body: { month } });
export const itcReversalCancel = (id: number) => api<ItcReversalDetail>(`${ITC_REVERSALS}${id}/cancel/`, { method: "POST", body: {} });
