"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ExportButton } from "@/components/data-table/export-button";
import { EmptyState } from "@/components/empty-state";
import { formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { form26qQuery, type TdsQuarter } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";
import { today } from "@/lib/dates";

const m = (v: string) => formatMoney(v, { symbol: false });
const QUARTERS: { value: TdsQuarter; label: string }[] = [
  { value: "Q1", label: "Q1 Apr–Jun" },
  { value: "Q2", label: "Q2 Jul–Sep" },
  { value: "Q3", label: "Q3 Oct–Dec" },
  { value: "Q4", label: "Q4 Jan–Mar" },
];

/** The financial year ("2026-27") and 26Q quarter of an ISO day: the statutory quarters
 *  (April–June is Q1), whatever year the books run on. */
export function quarterOf(day: string): { fy: string; quarter: TdsQuarter } {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const start = month >= 4 ? year : year - 1;
  const quarter = (["Q4", "Q4", "Q4", "Q1", "Q1", "Q1", "Q2", "Q2", "Q2", "Q3", "Q3", "Q3"] as const)[month - 1]!;
  return { fy: `${start}-${String((start + 1) % 100).padStart(2, "0")}`, quarter };
}

function fyOptions(current: string): string[] {
  const start = Number(current.slice(0, 4));
  return [0, 1, 2, 3, 4].map((k) => `${start - k}-${String((start - k + 1) % 100).padStart(2, "0")}`);
}

/** Form 26Q of a quarter: the challans and one deductee row per TDS deduction from vendors, as
 *  the Return Preparation Utility takes them, with what to look at before filing. */
export function Form26qView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const now = quarterOf(today());
  const fy = params.get("fy") || now.fy;
  const quarter = (QUARTERS.find((q) => q.value === params.get("quarter"))?.value ?? now.quarter) as TdsQuarter;
  const canExport = useCan("invoicing.tds_challan.export");
  const { data, isPending, error } = useQuery(form26qQuery(fy, quarter));
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    router.replace(`${pathname}?${next}`);
  };
  const years = fyOptions(now.fy);
  if (!years.includes(fy)) years.unshift(fy);
  return (
    <>
      <PageHeader
        title="Quarterly return (26Q)"
        description="TDS deducted from vendors in the quarter: the challans that deposited it and the deductee rows, ready for the Return Preparation Utility."
        actions={canExport && <ExportButton url="/api/v1/invoicing/tds/returns/26q/" query={{ fy, quarter }} formats={["xlsx"]} label="Excel" />}
      />
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <FormField id="r26q-fy" label="Financial year">
          <NativeSelect id="r26q-fy" value={fy} onChange={(e) => set("fy", e.target.value)}>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </NativeSelect>
        </FormField>
        <FormField id="r26q-quarter" label="Quarter">
          <NativeSelect id="r26q-quarter" value={quarter} onChange={(e) => set("quarter", e.target.value)}>
            {QUARTERS.map((q) => <option key={q.value} value={q.value}>{q.label}</option>)}
          </NativeSelect>
        </FormField>
        <Button asChild variant="outline" size="sm"><Link href="/finance/reports/tds?side=payable">TDS register</Link></Button>
        <Button asChild variant="outline" size="sm"><Link href="/finance/tds-challans">TDS challans</Link></Button>
      </div>
      {isPending ? (
        <Skeleton className="h-64" />
      ) : error ? (
        <p role="alert" className="text-destructive">{error.message}</p>
      ) : (
        <div className="grid grid-cols-1 gap-4">
          {data.warnings.length > 0 && (
            <Card className="border-amber-300 bg-amber-50 dark:bg-amber-950/30">
              <CardHeader><CardTitle>Check before filing ({data.warnings.length})</CardTitle></CardHeader>
              <CardContent>
                <ul className="list-disc space-y-1 pl-5 text-sm" aria-label="Warnings">
                  {data.warnings.map((w, i) => <li key={i} data-testid="r26q-warning" data-code={w.code}>{w.message}</li>)}
                </ul>
              </CardContent>
            </Card>
          )}
          <Card>
            <CardHeader><CardTitle>Challan details ({data.challans.length})</CardTitle></CardHeader>
            <CardContent className="overflow-x-auto">
              {data.challans.length === 0 ? (
                <EmptyState title="No challans for this quarter" description="Deposit the quarter's TDS through a challan and it appears here." />
              ) : (
                <Table aria-label="Challan details">
                  <TableHeader>
                    <TableRow>
                      <TableHead>Sr.</TableHead><TableHead>Section</TableHead><TableHead className="text-right">TDS (₹)</TableHead><TableHead className="text-right">Interest</TableHead><TableHead className="text-right">Fee</TableHead><TableHead className="text-right">Total</TableHead>
                      <TableHead>BSR code</TableHead><TableHead>Deposited</TableHead><TableHead>Challan serial</TableHead><TableHead>Minor head</TableHead><TableHead className="text-right">Allotted (₹)</TableHead><TableHead>Challan</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {data.challans.map((c) => (
                      <TableRow key={c.id} data-testid="r26q-challan">
                        <TableCell>{c.serial}</TableCell><TableCell>{c.section}</TableCell>
                        <TableCell className="text-right tabular-nums">{m(c.tds)}</TableCell><TableCell className="text-right tabular-nums">{m(c.interest)}</TableCell><TableCell className="text-right tabular-nums">{m(c.fee)}</TableCell><TableCell className="text-right tabular-nums">{m(c.total)}</TableCell>
                        <TableCell className="font-mono text-xs">{c.bsr_code}</TableCell><TableCell className="whitespace-nowrap">{formatIsoDate(c.date)}</TableCell><TableCell className="font-mono text-xs">{c.serial_number}</TableCell><TableCell>{c.minor_head}</TableCell>
                        <TableCell className={`text-right tabular-nums ${c.allotted !== c.tds ? "text-destructive" : ""}`}>{m(c.allotted)}</TableCell>
                        <TableCell className="whitespace-nowrap"><Link className="text-primary hover:underline" href={`/finance/tds-challans/${c.id}`}>{c.number}</Link></TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader><CardTitle>Deductee details ({data.deductees.length}) · TDS ₹{m(data.tds_total)} · deposited ₹{m(data.deposited_total)}</CardTitle></CardHeader>
            <CardContent className="overflow-x-auto">
              {data.deductees.length === 0 ? (
                <EmptyState title="No TDS deducted in this quarter" description="Pay a vendor less TDS and the deduction appears here." />
              ) : (
                <Table aria-label="Deductee details">
                  <TableHeader>
                    <TableRow>
                      <TableHead>Sr.</TableHead><TableHead>Challan</TableHead><TableHead>Section</TableHead><TableHead>Code</TableHead><TableHead>PAN</TableHead><TableHead>Deductee</TableHead>
                      <TableHead>Paid/credited</TableHead><TableHead className="text-right" title="Amount paid/credited: what the TDS was deducted on, without GST (CBDT circular 23/2017)">Amount excl. GST (₹)</TableHead><TableHead className="text-right">TDS (₹)</TableHead><TableHead className="text-right">Rate %</TableHead>
                      <TableHead>Deducted</TableHead><TableHead>Deposited</TableHead><TableHead>Reason</TableHead><TableHead>Late deduction</TableHead><TableHead>Payment</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {data.deductees.map((x) => (
                      <TableRow key={x.deduction_id} data-testid="r26q-deductee">
                        <TableCell>{x.serial}</TableCell>
                        <TableCell>{x.challan_serial ?? <span className="text-destructive">not deposited</span>}</TableCell>
                        <TableCell title={x.section_label}>{x.section}</TableCell><TableCell>{x.deductee_code}</TableCell>
                        <TableCell className={`font-mono text-xs ${x.pan_valid ? "" : "text-destructive"}`}>{x.pan}</TableCell>
                        <TableCell>{x.name}</TableCell>
                        <TableCell className="whitespace-nowrap">{formatIsoDate(x.credit_date)}</TableCell>
                        <TableCell className="text-right tabular-nums" data-testid="r26q-amount">{m(x.amount_paid)}</TableCell>
                        <TableCell className="text-right tabular-nums">{m(x.tds)}</TableCell>
                        <TableCell className="text-right tabular-nums" data-testid="r26q-rate">{Number(x.rate).toString()}</TableCell>
                        <TableCell className="whitespace-nowrap">{formatIsoDate(x.deduction_date)}</TableCell>
                        <TableCell className="whitespace-nowrap">{x.deposit_date ? formatIsoDate(x.deposit_date) : ""}</TableCell>
                        <TableCell data-testid="r26q-reason">{x.reason}{x.higher_rate && <span className="block text-xs text-muted-foreground">206AA: 20%</span>}</TableCell>
                        <TableCell className="whitespace-nowrap text-xs">{x.late_deduction_months > 0 ? `${x.late_deduction_months} × 1% = ₹${m(x.late_deduction_interest)}` : ""}</TableCell>
                        <TableCell className="whitespace-nowrap"><Link className="text-primary hover:underline" href={`/finance/payments/${x.payment_id}`}>{x.payment_number}</Link></TableCell>
                      </TableRow>
                    ))}
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
