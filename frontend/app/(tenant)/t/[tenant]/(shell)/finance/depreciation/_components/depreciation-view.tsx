"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { monthLabel } from "@/components/gst-heads";
import { MonthRunsTable } from "@/components/month-runs-table";
import { PageHeader } from "@/components/page-header";
import { useMonthRun } from "@/components/use-month-run";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { assetsInvalidate, depreciationPreviewQuery, depreciationRunCancel, depreciationRunCreate, depreciationRunListQuery, depreciationRunQuery, type DepreciationRow, assetSettingsQuery, assetSettingsUpdate } from "@/lib/api/assets";
import { formatMoney, formatNumber } from "@/lib/decimal";

/** The monthly depreciation (Schedule II, ADR 0075): for a month that is over, what each asset
 *  in use is charged to the month's end (a late-registered asset catches up in its first run),
 *  posted as one entry dated the month's end; months go in order. Past runs below, the latest
 *  cancellable. */
export function DepreciationView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const canRun = useCan("assets.depreciation.create");
  const canCancel = useCan("assets.depreciation.delete");
  // a journal entry's source link opens its run (?run=), the month select sets ?month=
  const { months, month, preview, done, run } = useMonthRun(depreciationRunQuery, depreciationPreviewQuery);
  const list = useQuery(depreciationRunListQuery());
  const settings = useQuery(assetSettingsQuery());
  const [autoShown, setAutoShown] = useState<boolean | null>(null); // the box as ticked, until saved
  async function setAuto(on: boolean) {
    setAutoShown(on);
    try {
      await assetSettingsUpdate(on);
      toast.success(on ? "Each month will be posted by itself" : "Months are posted by hand");
      await refresh();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.message : "Could not save the setting.");
    } finally {
      setAutoShown(null);
    }
  }
  const [formError, setFormError] = useState("");
  const p = preview.data?.month.slice(0, 7) === month ? preview.data : undefined;
  const rows: DepreciationRow[] = (done ? run.data?.lines : p?.rows) ?? [];
  const refresh = () => assetsInvalidate(queryClient);

  async function post() {
    setFormError("");
    try {
      const posted = await depreciationRunCreate(month);
      toast.success(`Depreciation of ${monthLabel(month)} posted: ${posted.journal_entry_number ?? ""}`);
      await refresh();
    } catch (e) {
      if (e instanceof ApiError) setFormError(e.message);
      throw e;
    }
  }

  return (
    <>
      <PageHeader
        title="Depreciation"
        description="Each month that is over, every asset in use is charged its depreciation to the month's end under Schedule II, posted as one entry on the month's last day: debit depreciation, credit accumulated depreciation, per category. Months are done in order."
        actions={<Button variant="outline" asChild><Link href="/finance/assets">Fixed assets</Link></Button>}
      />
      {settings.data && (
        <label className="mb-4 flex items-start gap-2 text-sm" htmlFor="dep-auto">
          <input
            type="checkbox"
            id="dep-auto"
            className="mt-0.5"
            disabled={!canRun}
            checked={autoShown ?? settings.data.auto_depreciate}
            onChange={(e) => void setAuto(e.target.checked)}
          />
          <span>
            Post each month by itself
            <span className="block text-xs text-muted-foreground">Early each morning, last month&apos;s depreciation is posted if it is not done yet; a month that cannot be posted (a locked period) waits here.</span>
          </span>
        </label>
      )}
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <FormField id="dep-month" label="Month">
          <NativeSelect id="dep-month" value={month} onChange={(e) => router.replace(`${pathname}?month=${e.target.value}`)}>
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
              Depreciation to {formatIsoDate(p.month_end)} by the formula (written-down value: the fiscal year&apos;s opening book value × the rate × the days used ÷ the days in the year; straight line: the depreciable amount ÷ the years of life, by days) less what earlier months charged.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 overflow-x-auto">
            {done ? (
              <p className="text-sm" data-testid="dep-done">
                {monthLabel(month)} is done{run.data?.journal_entry ? <>: entry <Link className="text-primary hover:underline" href={`/finance/journal/${run.data.journal_entry}`}>{run.data.journal_entry_number}</Link></> : ""}. The assets below are those it charged.
              </p>
            ) : rows.length === 0 ? (
              <p className="text-sm text-muted-foreground" data-testid="dep-nothing">No asset is to be depreciated in {monthLabel(month)}.</p>
            ) : null}
            {rows.length > 0 && (
              <Table aria-label="Assets">
                <TableHeader>
                  <TableRow>
                    <TableHead>Asset</TableHead><TableHead>Name</TableHead><TableHead>Category</TableHead>
                    <TableHead className="text-right">Depreciation</TableHead><TableHead className="text-right">Accumulated</TableHead><TableHead className="text-right">Book value</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((r) => (
                    <TableRow key={r.asset} data-testid="dep-row">
                      <TableCell className="whitespace-nowrap"><Link className="text-primary hover:underline" href={`/finance/assets/${r.asset}`}>{r.number}</Link></TableCell>
                      <TableCell>{r.name}</TableCell>
                      <TableCell>{r.category_name}</TableCell>
                      <TableCell className="text-right tabular-nums" data-testid="dep-row-amount">{formatMoney(r.amount)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(r.accumulated)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(r.book_value)}</TableCell>
                    </TableRow>
                  ))}
                  <TableRow className="border-t-2 font-semibold">
                    <TableCell colSpan={3}>Total ({formatNumber(rows.length)} {rows.length === 1 ? "asset" : "assets"})</TableCell>
                    <TableCell className="text-right tabular-nums" data-testid="dep-total">{formatMoney(done ? run.data?.total : p.total)}</TableCell>
                    <TableCell colSpan={2} />
                  </TableRow>
                </TableBody>
              </Table>
            )}
            {!done && rows.length > 0 && (
              canRun ? (
                <div className="grid gap-2">
                  {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
                  <div>
                    <ConfirmDialog
                      title={`Post the depreciation of ${monthLabel(month)}`}
                      description={`Posts one entry on ${formatIsoDate(p.month_end)}: ${formatMoney(p.total)} of depreciation on ${rows.length} ${rows.length === 1 ? "asset" : "assets"}, debited to depreciation and credited to accumulated depreciation.`}
                      confirmLabel="Post"
                      onConfirm={post}
                      trigger={<Button data-testid="dep-post">Post depreciation</Button>}
                    />
                  </div>
                </div>
              ) : (
                <p className="text-sm text-muted-foreground">You cannot post depreciation.</p>
              )
            )}
          </CardContent>
        </Card>
      )}
      <Card className="mt-4">
        <CardHeader><CardTitle>Months done</CardTitle></CardHeader>
        <CardContent className="overflow-x-auto">
          {list.isError ? (
            <p role="alert" className="text-sm text-destructive">{list.error.message}</p>
          ) : list.data && list.data.results.length === 0 ? (
            <p className="text-sm text-muted-foreground">No month is done yet.</p>
          ) : (
            <MonthRunsTable
              label="Depreciation runs"
              runs={list.data?.results ?? []}
              rowTestId="dep-run"
              canCancel={canCancel}
              columns={[
                { header: "Assets", numeric: true, cell: (x) => formatNumber(x.assets) },
                { header: "Depreciation", numeric: true, cell: (x) => formatMoney(x.total) },
              ]}
              cancel={{
                title: (month) => `Cancel the depreciation of ${month}`,
                description: "Its entry is reversed on the month's end, as if it had not been run. Not while an asset it charged is disposed of: cancel that disposal first.",
                confirmLabel: "Cancel run",
                done: "Run cancelled",
                run: depreciationRunCancel,
                after: refresh,
              }}
            />
          )}
        </CardContent>
      </Card>
    </>
  );
}
