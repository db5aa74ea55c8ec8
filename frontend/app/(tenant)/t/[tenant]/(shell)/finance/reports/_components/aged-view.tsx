"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ExportButton } from "@/components/data-table/export-button";
import { DateInput } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Card, CardContent } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { agedQuery } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";
import { today } from "@/lib/dates";

const BUCKETS = [
  ["d0_30", "0–30"],
  ["d31_60", "31–60"],
  ["d61_90", "61–90"],
  ["d90_plus", "90+"],
] as const;

/** Aged receivables or payables as of a date, in buckets of days since the document date. */
export function AgedView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const side = params.get("side") === "payable" ? "payable" : "receivable";
  const asOf = params.get("as_of") || today();
  const canExport = useCan("invoicing.report.export");
  const { data, isPending, error } = useQuery(agedQuery(side, asOf));
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    router.replace(`${pathname}?${next}`);
  };
  return (
    <>
      <PageHeader
        title={side === "receivable" ? "Aged receivables" : "Aged payables"}
        description="Open invoices (bills) per party by age; credit notes and advances not yet applied are shown apart."
        actions={
          canExport && (
            <ExportButton url="/api/v1/invoicing/reports/aged/" query={{ side, as_of: asOf }} formats={["xlsx", "pdf"]} />
          )
        }
      />
      <div className="mb-4 flex flex-wrap gap-4">
        <FormField id="aged-side" label="Report">
          <NativeSelect id="aged-side" value={side} onChange={(e) => set("side", e.target.value)}>
            <option value="receivable">Receivables (customers)</option>
            <option value="payable">Payables (vendors)</option>
          </NativeSelect>
        </FormField>
        <FormField id="aged-asof" label="As of">
          <DateInput id="aged-asof" value={asOf} onChange={(v) => set("as_of", v)} />
        </FormField>
      </div>
      <Card>
        <CardContent className="overflow-x-auto pt-6">
          {isPending ? (
            <Skeleton className="h-40" />
          ) : error ? (
            <p role="alert" className="text-destructive">{error.message}</p>
          ) : (
            <Table aria-label="Aged balances">
              <TableHeader>
                <TableRow>
                  <TableHead>Party</TableHead>
                  {BUCKETS.map(([, label]) => <TableHead key={label} className="text-right">{label} days</TableHead>)}
                  <TableHead className="text-right">Unapplied</TableHead>
                  <TableHead className="text-right">Total</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.rows.map((r) => (
                  <TableRow key={r.partner_id} data-testid="aged-row">
                    <TableCell><Link className="text-primary hover:underline" href={`/partners/${r.partner_id}`}>{r.partner_name}</Link> <span className="text-xs text-muted-foreground">{r.partner_code}</span></TableCell>
                    {BUCKETS.map(([key]) => <TableCell key={key} className="text-right tabular-nums">{formatMoney(r.buckets[key])}</TableCell>)}
                    <TableCell className="text-right tabular-nums">{formatMoney(r.unapplied)}</TableCell>
                    <TableCell className="text-right font-medium tabular-nums">{formatMoney(r.total)}</TableCell>
                  </TableRow>
                ))}
                {data.rows.length === 0 && <TableRow><TableCell colSpan={7} className="text-center text-muted-foreground">Nothing open on this date.</TableCell></TableRow>}
              </TableBody>
              <tfoot className="border-t bg-muted/40">
                <TableRow>
                  <TableCell className="font-semibold">Total</TableCell>
                  {BUCKETS.map(([key]) => <TableCell key={key} className="text-right tabular-nums">{formatMoney(data.totals.buckets[key])}</TableCell>)}
                  <TableCell className="text-right tabular-nums">{formatMoney(data.totals.unapplied)}</TableCell>
                  <TableCell className="text-right font-semibold tabular-nums" data-testid="aged-total">{formatMoney(data.totals.total)}</TableCell>
                </TableRow>
              </tfoot>
            </Table>
          )}
        </CardContent>
      </Card>
    </>
  );
}
