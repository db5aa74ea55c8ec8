"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { GST_HEADS, type GstHeadAmounts, GstHeadsRow, monthLabel } from "@/components/gst-heads";
import { MonthRunsTable } from "@/components/month-runs-table";
import { PageHeader } from "@/components/page-header";
import { useMonthRun } from "@/components/use-month-run";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { itcReversalCancel, itcReversalCreate, itcReversalListQuery, itcReversalPreviewQuery, itcReversalQuery } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";

/** One bill's change, as the preview or a posted run has it. */
type BillChange = {
  document: number;
  number: string;
  reference: string;
  party_name: string;
  date: string;
  expiry: string;
  value: string;
  open: string;
  share: string;
  change: GstHeadAmounts;
  kind: "reversal" | "reclaim";
};

const total = (values: GstHeadAmounts) => GST_HEADS.reduce((sum, [key]) => sum + Number(values[key]), 0);

/** Input credit on bills unpaid 180 days after their date (CGST Rule 37, ADR 0074): for a return
 *  month, each bill whose reversed credit changes at its end (reversed in proportion to what is
 *  unpaid; reclaimed once paid), the totals for GSTR-3B 4(B)(2) and 4(D)(1), and posting them as
 *  one entry. Past runs below, the latest cancellable. */
export function ItcReversalView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const canRun = useCan("invoicing.itc_reversal.create");
  const canCancel = useCan("invoicing.itc_reversal.delete");
  // a journal entry's source link opens its run (?run=), the month select sets ?month=
  const { months, month, preview, done, run } = useMonthRun(itcReversalQuery, itcReversalPreviewQuery);
  const list = useQuery(itcReversalListQuery());
  const [formError, setFormError] = useState("");
  const p = preview.data;
  const rows: BillChange[] = (done ? run.data?.lines : p?.rows) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["itc-reversals"] });

  async function post() {
    setFormError("");
    try {
      await itcReversalCreate(month);
      toast.success(`Input credit of ${monthLabel(month)} reversed and reclaimed`);
      await refresh();
    } catch (e) {
      if (e instanceof ApiError) setFormError(e.message);
      throw e;
    }
  }

  return (
    <>
      <PageHeader title="ITC reversal (180 days)" description="Input credit on bills not paid within 180 days of their date is reversed in proportion to what is unpaid, in the return of the month after the 180 days ran out, and taken again once paid (Rule 37)." />
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <FormField id="itc-month" label="Return month">
          <NativeSelect id="itc-month" value={month} onChange={(e) => router.replace(`${pathname}?month=${e.target.value}`)}>
            {!months.includes(month) && <option value={month}>{monthLabel(month)}</option>}
            {months.map((m) => <option key={m} value={m}>{monthLabel(m)}</option>)}
          </NativeSelect>
        </FormField>
      </div>
      {!p ? (
        preview.isError ? <p role="alert" className="text-destructive">{preview.error.message}</p> : <Skeleton className="h-64" />
      ) : (
        <Card>
          <CardHeader>
            <CardTitle>{monthLabel(month)}</CardTitle>
            <CardDescription>
              Bills dated before {formatIsoDate(p.cutoff)} (180 days before the month began), open on {formatIsoDate(p.month_end)}: credit reversed is the input tax taken × unpaid ÷ value; what earlier months reversed is reclaimed as it is paid. Reverse-charge bills and balances brought forward are outside the rule.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 overflow-x-auto">
            {done ? (
              <p className="text-sm" data-testid="itc-done">
                {monthLabel(month)} is done{run.data?.journal_entry ? <>: entry <Link className="text-primary hover:underline" href={`/finance/journal/${run.data.journal_entry}`}>{run.data.journal_entry_number}</Link></> : ""}. The bills below are those it changed.
              </p>
            ) : rows.length === 0 ? (
              <p className="text-sm text-muted-foreground" data-testid="itc-nothing">No bill&apos;s input credit is to be reversed or reclaimed in {monthLabel(month)}.</p>
            ) : null}
            {rows.length > 0 && (
              <Table aria-label="Bills">
                <TableHeader>
                  <TableRow>
                    <TableHead>Bill</TableHead><TableHead>Vendor</TableHead><TableHead>Date</TableHead><TableHead>180 days ended</TableHead>
                    <TableHead className="text-right">Value</TableHead><TableHead className="text-right">Unpaid</TableHead><TableHead className="text-right">Share</TableHead>
                    {GST_HEADS.map(([key, label]) => <TableHead key={key} className="text-right">{label}</TableHead>)}
                    <TableHead />
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((r) => (
                    <TableRow key={r.document} data-testid="itc-row">
                      <TableCell className="whitespace-nowrap"><Link className="text-primary hover:underline" href={`/finance/bills/${r.document}`}>{r.number}</Link>{r.reference ? <span className="block text-xs text-muted-foreground">{r.reference}</span> : null}</TableCell>
                      <TableCell>{r.party_name}</TableCell>
                      <TableCell className="whitespace-nowrap">{formatIsoDate(r.date)}</TableCell>
                      <TableCell className="whitespace-nowrap">{formatIsoDate(r.expiry)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(r.value)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(r.open)}</TableCell>
                      <TableCell className="text-right tabular-nums">{(Number(r.share) * 100).toFixed(2)}%</TableCell>
                      {GST_HEADS.map(([key]) => <TableCell key={key} className="text-right tabular-nums">{formatMoney(r.change[key])}</TableCell>)}
                      <TableCell><StatusBadge status={r.kind} tones={{ reversal: "warning", reclaim: "success" }} /></TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            <Table aria-label="Totals">
              <TableHeader><TableRow><TableHead />{GST_HEADS.map(([key, label]) => <TableHead key={key} className="text-right">{label}</TableHead>)}</TableRow></TableHeader>
              <TableBody>
                <GstHeadsRow label="4(B)(2) Credit reversed" values={p.reversed} testId="itc-reversed" />
                <GstHeadsRow label="4(D)(1) Credit reclaimed (also in 4(A)(5))" values={p.reclaimed} testId="itc-reclaimed" />
              </TableBody>
            </Table>
            {!done && rows.length > 0 && (
              canRun ? (
                <div className="grid gap-2">
                  {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
                  <div>
                    <ConfirmDialog
                      title={`Reverse and reclaim ${monthLabel(month)}`}
                      description={`Posts one entry on ${formatIsoDate(p.month_end)}: ${formatMoney(String(total(p.reversed)))} of input credit reversed, ${formatMoney(String(total(p.reclaimed)))} reclaimed.`}
                      confirmLabel="Post"
                      onConfirm={post}
                      trigger={<Button data-testid="itc-post">Post reversal</Button>}
                    />
                  </div>
                </div>
              ) : (
                <p className="text-sm text-muted-foreground">You cannot post ITC reversals.</p>
              )
            )}
          </CardContent>
        </Card>
      )}
      <Card className="mt-4">
        <CardHeader><CardTitle>Months done</CardTitle></CardHeader>
        <CardContent className="overflow-x-auto">
          {list.data && list.data.results.length === 0 ? (
            <p className="text-sm text-muted-foreground">No month is done yet.</p>
          ) : (
            <MonthRunsTable
              label="ITC reversals"
              runs={list.data?.results ?? []}
              rowTestId="itc-run"
              canCancel={canCancel}
              columns={[
                { header: "Bills", numeric: true, cell: (x) => x.bills },
                { header: "Reversed", numeric: true, cell: (x) => formatMoney(String(total(x.reversed))) },
                { header: "Reclaimed", numeric: true, cell: (x) => formatMoney(String(total(x.reclaimed))) },
              ]}
              cancel={{
                title: (month) => `Cancel the reversal of ${month}`,
                description: "Its entry is reversed on the month's end, as if it had not been run.",
                confirmLabel: "Cancel run",
                done: "Run cancelled",
                run: itcReversalCancel,
                after: refresh,
              }}
            />
          )}
        </CardContent>
      </Card>
    </>
  );
}
