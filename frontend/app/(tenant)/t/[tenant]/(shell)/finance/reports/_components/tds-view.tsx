"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ExportButton } from "@/components/data-table/export-button";
import { EmptyState } from "@/components/empty-state";
import { DateInput } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { tdsRegisterQuery, type TdsSide } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";
import { today } from "../../_components/families";

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

function Totals({ title, rows }: { title: string; rows: { key: string; name: string; count: number; amount: string }[] }) {
  return (
    <Card>
      <CardHeader><CardTitle>{title}</CardTitle></CardHeader>
      <CardContent>
        <Table aria-label={title}>
          <TableHeader><TableRow><TableHead>{title.replace("By ", "").replace(/^./, (c) => c.toUpperCase())}</TableHead><TableHead className="text-right">Deductions</TableHead><TableHead className="text-right">TDS (₹)</TableHead></TableRow></TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.key}><TableCell>{r.name}</TableCell><TableCell className="text-right tabular-nums">{r.count}</TableCell><TableCell className="text-right tabular-nums">{m(r.amount)}</TableCell></TableRow>
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
  const canExport = useCan("invoicing.report.export");
  const { data, isPending, error } = useQuery(tdsRegisterQuery(side, from, to));
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    router.replace(`${pathname}?${next}`);
  };
  const party = side === "receivable" ? "Customer" : "Vendor";
  return (
    <>
      <PageHeader
        title="TDS register"
        description={SIDES.find((s) => s.value === side)?.description}
        actions={canExport && <ExportButton url="/api/v1/invoicing/reports/tds/" query={{ side, date_from: from, date_to: to }} formats={["xlsx", "pdf"]} />}
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
      </div>
      {isPending ? (
        <Skeleton className="h-64" />
      ) : error ? (
        <p role="alert" className="text-destructive">{error.message}</p>
      ) : (
        <div className="grid grid-cols-1 gap-4">
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <Totals title="By section" rows={data.by_section.map((s) => ({ key: s.section, name: s.name, count: s.count, amount: s.amount }))} />
            <Totals title="By quarter" rows={data.by_quarter.map((q) => ({ key: q.quarter, name: q.name, count: q.count, amount: q.amount }))} />
          </div>
          <Card>
            <CardHeader><CardTitle>Deductions ({data.rows.length}) · total ₹{m(data.total)}</CardTitle></CardHeader>
            <CardContent className="overflow-x-auto">
              {data.rows.length === 0 ? (
                <EmptyState title="No TDS in this period" description={`Record a ${side === "receivable" ? "receipt" : "payment"} with a TDS deduction and it appears here.`} />
              ) : (
                <Table aria-label="TDS register">
                  <TableHeader>
                    <TableRow>
                      <TableHead>Date</TableHead><TableHead>Payment</TableHead><TableHead>{party}</TableHead><TableHead>PAN</TableHead><TableHead>Section</TableHead><TableHead>Quarter</TableHead><TableHead>Documents settled</TableHead>
                      <TableHead className="text-right">Settled (₹)</TableHead><TableHead className="text-right">TDS (₹)</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {data.rows.map((r, i) => (
                      <TableRow key={`${r.payment_id}-${i}`} data-testid="tds-row">
                        <TableCell className="whitespace-nowrap">{r.date}</TableCell>
                        <TableCell className="whitespace-nowrap"><Link className="text-primary hover:underline" href={`/finance/payments/${r.payment_id}`}>{r.payment_number}</Link></TableCell>
                        <TableCell>{r.partner_name}</TableCell>
                        <TableCell className="font-mono text-xs">{r.partner_pan || <span className="text-destructive">missing</span>}</TableCell>
                        <TableCell title={r.section_label}>{r.section}</TableCell>
                        <TableCell>{r.quarter}</TableCell>
                        <TableCell className="whitespace-nowrap">{r.documents.length ? r.documents.map((d, j) => <span key={d.id}>{j > 0 && ", "}<Link className="text-primary hover:underline" href={`/finance/${side === "receivable" ? "invoices" : "bills"}/${d.id}`}>{d.number}</Link></span>) : <span className="text-muted-foreground">advance</span>}</TableCell>
                        <TableCell className="text-right tabular-nums">{m(r.settled_base)}</TableCell>
                        <TableCell className="text-right tabular-nums">{m(r.amount)}</TableCell>
                      </TableRow>
                    ))}
                    <TableRow className="font-semibold"><TableCell colSpan={8}>Total</TableCell><TableCell className="text-right tabular-nums">{m(data.total)}</TableCell></TableRow>
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
