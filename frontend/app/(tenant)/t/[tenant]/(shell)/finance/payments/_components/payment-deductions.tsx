"use client";
import { PlusIcon, XIcon } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { AsyncSelect } from "@/components/fields/async-select";
import { MoneyInput } from "@/components/fields/money-input";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useCan } from "@/components/shell/shell-context";
import { costCentreListQuery } from "@/lib/api/finance";
import { deductionAccountSearch, type DeductionAccount } from "@/lib/api/invoicing";
import { costCentreOptions } from "../../_components/line-choices";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";

/** One deduction being entered: what the party kept back instead of paying; `section` is the
 *  TDS section and `tdsBase` what the TDS was deducted on (₹, GST excluded; "" = the server's
 *  default: the taxable value of what the payment settles, ADR 0060), both only on a TDS account. */
export type DeductionRow = { key: number; account: DeductionAccount | null; amount: string; description: string; section: string; tdsBase: string; costCentre: string };

/** The TDS sections a deduction to TDS receivable or payable is filed under (Form 26AS / 26Q). */
export const TDS_SECTIONS = [
  { value: "194C", label: "194C Contractors" },
  { value: "194J", label: "194J Professional / technical fees" },
  { value: "194Q", label: "194Q Purchase of goods" },
  { value: "194H", label: "194H Commission / brokerage" },
  { value: "194I", label: "194I Rent" },
  { value: "194A", label: "194A Interest" },
  { value: "other", label: "Other" },
] as const;
/** Works contracts (fabrication, installation) are what our customers deduct most: 194C. */
export const DEFAULT_SECTION = "194C";
export const sectionLabel = (value: string) => TDS_SECTIONS.find((s) => s.value === value)?.label ?? value;

export const isTds = (account: DeductionAccount | null | undefined) => account?.role === "tds_receivable" || account?.role === "tds_payable";
/** A discount or charge (an income or expense ledger) may belong to a job (ADR 0069). */
export const takesCostCentre = (account: DeductionAccount | null | undefined) => account?.type === "income" || account?.type === "expense";

/** The rows as the payments API takes them (every row, in order: errors come back by position). */
export function deductionsPayload(rows: DeductionRow[]) {
  return rows.map((d) => ({
    account: d.account?.id ?? null,
    amount: d.amount,
    description: d.description,
    tds_section: isTds(d.account) ? d.section : "",
    tds_base: isTds(d.account) && d.tdsBase ? d.tdsBase : null,
    cost_centre: takesCostCentre(d.account) && d.costCentre ? Number(d.costCentre) : null,
  }));
}

/** The account a new deduction suggests: the party deducted TDS from us (a receipt: TDS
 *  receivable, we claim it against our tax) or we deduct it from the vendor (a payment: TDS
 *  payable to the government). */
export const SUGGESTED_ROLE = { receipt: "tds_receivable", payment: "tds_payable" } as const;

/** The deductions' total as a scaled integer (2 decimals, as the rest of the payment form). */
export function deductionsTotal(rows: DeductionRow[]): bigint {
  return rows.reduce((sum, r) => sum + (parseDecimal(r.amount, 2) ?? 0n), 0n);
}

/** A document being settled, as the TDS base default needs it: the amount allocated (scale 2)
 *  and the document's taxable value and total (decimal strings). */
export type SettledDocument = { amount: bigint; taxableTotal?: string; total?: string };

/** What the server takes a TDS deduction's base to be when "TDS on" is left blank
 *  (`services.tds.tds_base_default`, ADR 0060), for a payment in rupees: each document's
 *  amount allocated × taxable value ÷ total, rounded half up to the paisa once per document
 *  (a document without a taxable value at face value), plus what is not allocated (an advance)
 *  at face value. Scale 2; null when the payment settles nothing yet. Exact (BigInt), as the
 *  server's Decimal: one rounding of the exact quotient. */
export function tdsBaseDefault(settled: bigint, documents: SettledDocument[]): bigint | null {
  if (settled <= 0n) return null;
  let base = 0n;
  let allocated = 0n;
  for (const d of documents) {
    allocated += d.amount;
    const taxable = parseDecimal(d.taxableTotal, 4) ?? 0n;
    const total = parseDecimal(d.total, 4) ?? 0n;
    if (total > 0n && taxable > 0n) {
      // amount × taxable ÷ total to the paisa, half up (amounts are positive)
      const n = d.amount * taxable;
      base += (2n * n + total) / (2n * total);
    } else base += d.amount;
  }
  // allocations above the settled amount are refused on save: no advance then
  if (settled > allocated) base += settled - allocated;
  return base > 0n ? base : settled;
}

let nextKey = 1;
export function newDeduction(account: DeductionAccount | null = null): DeductionRow {
  return { key: nextKey++, account, amount: "", description: isTds(account) ? "TDS" : "", section: isTds(account) ? DEFAULT_SECTION : "", tdsBase: "", costCentre: "" };
}

/** Rows of account · amount · description; errors come back keyed `deductions.<i>.<field>`
 *  by the row's position (every row is sent, in order). */
export function DeductionsEditor({
  kind,
  rows,
  onChange,
  suggested,
  moneyAccount,
  symbol,
  errors,
  defaultBase = null,
}: {
  kind: "receipt" | "payment";
  rows: DeductionRow[];
  onChange: (rows: DeductionRow[]) => void;
  /** the suggested account (TDS receivable or payable), once loaded */
  suggested: DeductionAccount | null;
  /** the bank or cash account the money moves through: not offered */
  moneyAccount: number | null;
  symbol: string;
  errors: Record<string, string[]>;
  /** the TDS base the server will use when "TDS on" is left blank (`tdsBaseDefault`, scale 2);
   *  null when the form cannot know it (another currency, nothing settled yet) */
  defaultBase?: bigint | null;
}) {
  // a discount or charge may name its job, from the active cost centres (ADR 0069)
  const canSeeCentres = useCan("finance.account.view");
  const centres = useQuery({ ...costCentreListQuery(), enabled: canSeeCentres && rows.some((r) => takesCostCentre(r.account)) });
  const centreOptions = costCentreOptions(centres.data ?? [], new Set(rows.map((r) => r.costCentre)));
  const basePlaceholder = defaultBase != null && defaultBase > 0n ? `Default ${formatMoney(formatDecimal(defaultBase, 2), { symbol: false })}` : "Value without GST";
  const set = (key: number, change: Partial<DeductionRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const role = SUGGESTED_ROLE[kind];
  async function search(term: string, signal: AbortSignal) {
    const found = (await deductionAccountSearch(term, signal)).filter((a) => a.id !== moneyAccount);
    // the side's TDS account first, then the chart's order
    return [...found.filter((a) => a.role === role), ...found.filter((a) => a.role !== role)];
  }
  const add = () => onChange([...rows, newDeduction(rows.some((r) => r.account?.role === role) ? null : suggested)]);
  // A row added before the suggested account had loaded (a slow line) gets it when it arrives,
  // unless the user has started on that row or another row already holds it.
  useEffect(() => {
    if (!suggested || rows.some((r) => r.account?.role === role)) return;
    const blank = rows.find((r) => r.account === null && !r.amount && !r.description);
    if (blank) onChange(rows.map((r) => (r.key === blank.key ? { ...newDeduction(suggested), key: r.key } : r)));
  }, [suggested]); // only when the suggestion arrives
  const err = (i: number, field: string) => errors[`deductions.${i}.${field}`]?.join(" ");
  return (
    <div className="grid gap-2">
      {rows.length > 0 && (
        <Table aria-label="Deductions">
          <TableHeader>
            <TableRow>
              <TableHead>Account</TableHead>
              <TableHead className="w-56">Section · TDS on</TableHead>
              <TableHead className="w-44 text-right">Amount</TableHead>
              <TableHead>Description</TableHead>
              <TableHead className="w-10"><span className="sr-only">Remove</span></TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r, i) => (
              <TableRow key={r.key} data-testid="deduction-row">
                <TableCell className="min-w-64 align-top">
                  <AsyncSelect<DeductionAccount>
                    aria-label={`Deduction ${i + 1} account`}
                    value={r.account}
                    onChange={(account) =>
                      set(r.key, {
                        account,
                        description: r.description || (isTds(account) ? "TDS" : ""),
                        section: isTds(account) ? r.section || DEFAULT_SECTION : "",
                        tdsBase: isTds(account) ? r.tdsBase : "",
                        costCentre: takesCostCentre(account) ? r.costCentre : "",
                      })
                    }
                    fetcher={search}
                    getKey={(a) => a.id}
                    getLabel={(a) => `${a.code} · ${a.name}`}
                    getDescription={(a) => (a.role === role ? "Suggested for TDS" : undefined)}
                    queryKey={`deduction-accounts-${kind}-${moneyAccount ?? 0}`}
                    placeholder="TDS, discount, bank charges…"
                    invalid={Boolean(err(i, "account"))}
                  />
                  {err(i, "account") && <p className="mt-1 text-xs text-destructive">{err(i, "account")}</p>}
                </TableCell>
                <TableCell className="align-top">
                  {isTds(r.account) ? (
                    <NativeSelect aria-label={`Deduction ${i + 1} TDS section`} value={r.section} onChange={(e) => set(r.key, { section: e.target.value })} aria-invalid={Boolean(err(i, "tds_section"))}>
                      {TDS_SECTIONS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
                    </NativeSelect>
                  ) : (
                    <span className="block py-2 text-sm text-muted-foreground">—</span>
                  )}
                  {err(i, "tds_section") && <p className="mt-1 text-xs text-destructive">{err(i, "tds_section")}</p>}
                  {isTds(r.account) && (
                    <label className="mt-2 grid gap-1 text-xs text-muted-foreground">
                      <span>TDS on (₹)</span>
                      <MoneyInput
                        aria-label={`Deduction ${i + 1} TDS on`}
                        value={r.tdsBase}
                        onChange={(tdsBase) => set(r.key, { tdsBase })}
                        placeholder={basePlaceholder}
                        title="Left blank: the taxable value (without GST) of the bills or invoices settled, an advance at face value"
                        aria-invalid={Boolean(err(i, "tds_base"))}
                      />
                    </label>
                  )}
                  {err(i, "tds_base") && <p className="mt-1 text-xs text-destructive">{err(i, "tds_base")}</p>}
                </TableCell>
                <TableCell className="align-top">
                  <MoneyInput aria-label={`Deduction ${i + 1} amount`} symbol={symbol} value={r.amount} onChange={(amount) => set(r.key, { amount })} aria-invalid={Boolean(err(i, "amount"))} />
                  {err(i, "amount") && <p className="mt-1 text-xs text-destructive">{err(i, "amount")}</p>}
                </TableCell>
                <TableCell className="align-top">
                  <Input aria-label={`Deduction ${i + 1} description`} value={r.description} maxLength={200} placeholder="e.g. TDS u/s 194C" onChange={(e) => set(r.key, { description: e.target.value })} />
                  {takesCostCentre(r.account) && canSeeCentres && (
                    <NativeSelect className="mt-2" aria-label={`Deduction ${i + 1} cost centre`} value={r.costCentre} onChange={(e) => set(r.key, { costCentre: e.target.value })} aria-invalid={Boolean(err(i, "cost_centre"))}>
                      <option value="">No cost centre</option>
                      {centreOptions.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                    </NativeSelect>
                  )}
                  {err(i, "cost_centre") && <p className="mt-1 text-xs text-destructive">{err(i, "cost_centre")}</p>}
                </TableCell>
                <TableCell className="align-top">
                  <Button variant="ghost" size="icon" aria-label={`Remove deduction ${i + 1}`} onClick={() => onChange(rows.filter((x) => x.key !== r.key))}>
                    <XIcon />
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {errors.deductions && <p className="text-xs text-destructive">{errors.deductions.join(" ")}</p>}
      {errors["deductions.non_field_errors"] && <p className="text-xs text-destructive">{errors["deductions.non_field_errors"].join(" ")}</p>}
      <div>
        <Button variant="outline" size="sm" onClick={add} disabled={rows.length >= 20}>
          <PlusIcon /> Add deduction
        </Button>
      </div>
    </div>
  );
}
