"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ExportButton } from "@/components/data-table/export-button";
import { EmptyState } from "@/components/empty-state";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { tdsCertificateClear, tdsCertificateRecord, tdsRegisterQuery, type TdsRegister, type TdsSide } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";
import { today } from "@/lib/dates";

const m = (v: string) => formatMoney(v, { symbol: false });

/** The Indian fiscal year (April to March) holding `day`, as ISO dates. */
export function fiscalYearOf(day: string): [string, string] {
  const year = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 4 ? year : year - 1;
  return [`${start}-04-01`, `${start + 1}-03-31`];
}

const SIDES: { value: TdsSide; label: string; description: string }[] = [
  { value: "receivable", label: "Deducted by customers", description: "TDS our customers kept back from their payments (TDS receivable): match it with Form 26AS and collect the certificates (Form 16A)." },
  { value: "payable", label: "Deducted from vendors", description: "TDS we kept back from vendors (TDS payable): deposit it by the 7th of the next month and file it in Form 26Q each quarter." },
];

type Row = TdsRegister["rows"][number];
const DONE: Record<TdsSide, { value: string; label: string }> = {
  payable: { value: "deposited", label: "Deposited" },
  receivable: { value: "received", label: "Certificate received" },
};

/** Form 16A for the ticked deductions of one customer: number and date. */
function CertificateDialog({ rows, onDone }: { rows: Row[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [number, setNumber] = useState("");
  const [date, setDate] = useState(today());
  const customers = new Set(rows.map((r) => r.partner_id));
  return (
    <ConfirmDialog
      title="Record Form 16A"
      description={`The certificate ${rows[0]?.partner_name ?? "the customer"} issued for ${rows.length} ${rows.length === 1 ? "deduction" : "deductions"}.`}
      confirmLabel="Record certificate"
      onConfirm={async () => {
        await tdsCertificateRecord({ deductions: rows.map((r) => r.deduction_id), certificate_number: number, certificate_date: date });
        await queryClient.invalidateQueries({ queryKey: ["tds-register"] });
        toast.success(`Certificate ${number} recorded`);
        onDone();
      }}
      trigger={<Button size="sm" disabled={rows.length === 0 || customers.size > 1} data-testid="record-certificate">Record certificate{rows.length > 0 && ` (${rows.length})`}</Button>}
    >
      <div className="grid gap-3">
        <FormField id="cert-number" label="Certificate number" hint="Form 16A, up to 20 characters"><Input id="cert-number" maxLength={20} value={number} onChange={(e) => setNumber(e.target.value)} /></FormField>
        <FormField id="cert-date" label="Certificate date"><DateInput id="cert-date" value={date} onChange={setDate} /></FormField>
      </div>
    </ConfirmDialog>
  );
}

function Totals({ title, rows }: { title: string; rows: { key: string; name: string; count: number; base: string; amount: string }[] }) {
  return (
    <Card>
      <CardHeader><CardTitle>{title}</CardTitle></CardHeader>
      <CardContent>
        <Table aria-label={title}>
          <TableHeader><TableRow><TableHead>{title.replace("By ", "").replace(/^./, (c) => c.toUpperCase())}</TableHead><TableHead className="text-right">Deductions</TableHead><TableHead className="text-right">TDS on, excl. GST (₹)</TableHead><TableHead className="text-right">TDS (₹)</TableHead></TableRow></TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.key}><TableCell>{r.name}</TableCell><TableCell className="text-right tabular-nums">{r.count}</TableCell><TableCell className="text-right tabular-nums">{m(r.base)}</TableCell><TableCell className="text-right tabular-nums">{m(r.amount)}</TableCell></TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

/** The TDS register: each TDS deduction of the live payments in a period, by side (deducted by
 *  customers / from vendors), with totals by section and by fiscal quarter; Excel and PDF. */
export function TdsView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [fyFrom, fyTo] = fiscalYearOf(today());
  const side: TdsSide = params.get("side") === "payable" ? "payable" : "receivable";
  const from = params.get("date_from") || fyFrom;
  const to = params.get("date_to") || fyTo;
  const status = params.get("status") ?? "";
  const canExport = useCan("invoicing.report.export");
  const canCertify = useCan("invoicing.tds_certificate.change");
  const queryClient = useQueryClient();
  const [ticked, setTicked] = useState<number[]>([]);
  const { data, isPending, error } = useQuery(tdsRegisterQuery(side, from, to, status));
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === "side") next.delete("status");
    setTicked([]);
    router.replace(`${pathname}?${next}`);
  };
  const party = side === "receivable" ? "Customer" : "Vendor";
  const certify = side === "receivable" && canCertify;
  const tickedRows = (data?.rows ?? []).filter((r) => ticked.includes(r.deduction_id));
  const done = DONE[side];
  return (
    <>
      <PageHeader
        title="TDS register"
        description={SIDES.find((s) => s.value === side)?.description}
        actions={canExport && <ExportButton url="/api/v1/invoicing/reports/tds/" query={{ side, date_from: from, date_to: to, ...(status ? { status } : {}) }} formats={["xlsx", "pdf"]} />}
      />
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <div role="tablist" aria-label="Side" className="inline-flex rounded-md border p-0.5">
          {SIDES.map((s) => (
            <Button key={s.value} role="tab" aria-selected={side === s.value} size="sm" variant={side === s.value ? "secondary" : "ghost"} onClick={() => set("side", s.value)}>
              {s.label}
            </Button>
          ))}
        </div>
        <FormField id="tds-from" label="From"><DateInput id="tds-from" value={from} onChange={(v) => set("date_from", v)} /></FormField>
        <FormField id="tds-to" label="To"><DateInput id="tds-to" value={to} onChange={(v) => set("date_to", v)} /></FormField>
        <FormField id="tds-status" label="Status">
          <NativeSelect id="tds-status" value={status} onChange={(e) => set("status", e.target.value)}>
            <option value="">All</option>
            <option value="pending">Pending</option>
            <option value={done.value}>{done.label}</option>
          </NativeSelect>
        </FormField>
        {side === "payable" && <Button asChild variant="outline" size="sm"><Link href="/finance/tds-challans">TDS challans</Link></Button>}
        {side === "payable" && <Button asChild variant="outline" size="sm"><Link href="/finance/reports/tds-26q">Quarterly return (26Q)</Link></Button>}
        {certify && <CertificateDialog key={ticked.join("-")} rows={tickedRows} onDone={() => setTicked([])} />}
      </div>
      {isPending ? (
        <Skeleton className="h-64" />
      ) : error ? (
        <p role="alert" className="text-destructive">{error.message}</p>
      ) : (
        <div className="grid grid-cols-1 gap-4">
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <Totals title="By section" rows={data.by_section.map((s) => ({ key: s.section, name: s.name, count: s.count, base: s.base, amount: s.amount }))} />
            <Totals title="By quarter" rows={data.by_quarter.map((q) => ({ key: q.quarter, name: q.name, count: q.count, base: q.base, amount: q.amount }))} />
          </div>
          <Card>
            <CardHeader><CardTitle>Deductions ({data.rows.length}) · total ₹{m(data.total)} · pending ₹{m(data.pending_total)}</CardTitle></CardHeader>
            <CardContent className="overflow-x-auto">
              {data.rows.length === 0 ? (
                <EmptyState title="No TDS in this period" description={`Record a ${side === "receivable" ? "receipt" : "payment"} with a TDS deduction and it appears here.`} />
              ) : (
                <Table aria-label="TDS register">
                  <TableHeader>
                    <TableRow>
                      {certify && <TableHead className="w-8"><span className="sr-only">Tick</span></TableHead>}
                      <TableHead>Payment</TableHead><TableHead>{party}</TableHead><TableHead>PAN</TableHead><TableHead>Section</TableHead><TableHead>Documents settled</TableHead>
                      <TableHead className="text-right" title="What the TDS was deducted on, GST excluded (CBDT circular 23/2017): the amount Form 26AS / 26Q shows as paid or credited">TDS on, excl. GST (₹)</TableHead><TableHead className="text-right">Rate</TableHead><TableHead className="text-right">TDS (₹)</TableHead>
                      <TableHead>{side === "payable" ? "Challan" : "Form 16A"}</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {data.rows.map((r, i) => (
                      <TableRow key={`${r.payment_id}-${i}`} data-testid="tds-row" data-status={r.status}>
                        {certify && (
                          <TableCell>
                            {r.status === "pending" && <input type="checkbox" aria-label={`Certificate for ${r.payment_number}`} checked={ticked.includes(r.deduction_id)} onChange={() => setTicked(ticked.includes(r.deduction_id) ? ticked.filter((t) => t !== r.deduction_id) : [...ticked, r.deduction_id])} />}
                          </TableCell>
                        )}
                        <TableCell className="whitespace-nowrap"><Link className="text-primary hover:underline" href={`/finance/payments/${r.payment_id}`}>{r.payment_number}</Link><div className="text-xs text-muted-foreground">{formatIsoDate(r.date)}</div></TableCell>
                        <TableCell>{r.partner_name}</TableCell>
                        <TableCell className="font-mono text-xs">{r.partner_pan || <span className="text-destructive">missing</span>}</TableCell>
                        <TableCell title={r.section_label}>{r.section}<div className="whitespace-nowrap text-xs text-muted-foreground">{r.quarter}</div></TableCell>
                        <TableCell className="whitespace-nowrap">{r.documents.length ? r.documents.map((d, j) => <span key={d.id}>{j > 0 && ", "}<Link className="text-primary hover:underline" href={`/finance/${side === "receivable" ? "invoices" : "bills"}/${d.id}`}>{d.number}</Link></span>) : <span className="text-muted-foreground">advance</span>}</TableCell>
                        <TableCell className="text-right tabular-nums" data-testid="tds-base">{m(r.tds_base)}</TableCell>
                        <TableCell className="text-right tabular-nums" data-testid="tds-rate">{r.rate}%</TableCell>
                        <TableCell className="text-right tabular-nums">{m(r.amount)}</TableCell>
                        <TableCell className="whitespace-nowrap" data-testid="tds-status">
                          {r.challan ? (
                            <span><Link className="text-primary hover:underline" href={`/finance/tds-challans/${r.challan.id}`}>{r.challan.number}</Link> <span className="block text-xs text-muted-foreground">{formatIsoDate(r.challan.date)} · BSR {r.challan.bsr_code}</span></span>
                          ) : r.certificate_number ? (
                            <span>
                              {r.certificate_number} <span className="block text-xs text-muted-foreground">{r.certificate_date ? formatIsoDate(r.certificate_date) : ""}</span>
                              {certify && (
                                <ConfirmDialog
                                  title={`Clear certificate ${r.certificate_number}?`}
                                  description={`${r.payment_number}'s TDS becomes pending again.`}
                                  confirmLabel="Clear"
                                  destructive
                                  onConfirm={async () => { await tdsCertificateClear([r.deduction_id]); await queryClient.invalidateQueries({ queryKey: ["tds-register"] }); }}
                                  trigger={<Button variant="link" size="sm" className="h-auto px-1">Clear</Button>}
                                />
                              )}
                            </span>
                          ) : (
                            <StatusBadge status="pending" label="Pending" tones={{ pending: "warning" }} />
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                    <TableRow className="font-semibold"><TableCell colSpan={certify ? 6 : 5}>Total</TableCell><TableCell className="text-right tabular-nums">{m(data.base_total)}</TableCell><TableCell /><TableCell className="text-right tabular-nums">{m(data.total)}</TableCell><TableCell /></TableRow>
                  </TableBody>
                </Table>
              )}
            </CardContent>
          </Card>
        </div>
      )}
    </>
  );
}
