"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ExportButton } from "@/components/data-table/export-button";
import { DateInput } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { fiscalYearStartOf, trialBalanceQuery } from "@/lib/api/finance";
import { today as todayIso } from "@/lib/dates";
import { Amount } from "../../_components/format";
import { useReportParams } from "../../_components/report-params";

const COLUMNS = [
  ["opening_debit", "Opening Dr"],
  ["opening_credit", "Opening Cr"],
  ["debit", "Debit"],
  ["credit", "Credit"],
  ["closing_debit", "Closing Dr"],
  ["closing_credit", "Closing Cr"],
] as const;

export function TrialBalanceView() {
  const today = todayIso();
  const { values, set } = useReportParams({ from_date: fiscalYearStartOf(today), to_date: today });
  const canExport = useCan("finance.report.export");
  const { data, error, isPending } = useQuery(trialBalanceQuery(values));
  return (
    <>
      <PageHeader
        title="Trial balance"
        description="Opening balances, the period's movements and closing balances. Click a ledger for its entries."
        actions={canExport ? <ExportButton url="/api/v1/finance/reports/trial-balance/export/" query={values} formats={["xlsx", "pdf"]} /> : undefined}
      />
      <div className="mb-4 flex flex-wrap gap-3">
        <FormField id="tb-from" label="From">
          <DateInput id="tb-from" value={values.from_date} onChange={(v) => set({ from_date: v })} />
        </FormField>
        <FormField id="tb-to" label="To">
          <DateInput id="tb-to" value={values.to_date} onChange={(v) => set({ to_date: v })} />
        </FormField>
      </div>
      {error && <p className="text-destructive">{error.message}</p>}
      <div className="overflow-x-auto rounded-md border">
        <Table aria-label="Trial balance">
          <TableHeader>
            <TableRow>
              <TableHead>Account</TableHead>
              {COLUMNS.map(([key, label]) => (
                <TableHead key={key} className="text-right whitespace-nowrap">
                  {label}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {isPending && (
              <TableRow>
                <TableCell colSpan={7} className="text-muted-foreground">Loading…</TableCell>
              </TableRow>
            )}
            {data?.rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={7} className="text-muted-foreground">Nothing posted up to this date.</TableCell>
              </TableRow>
            )}
            {data?.rows.map((row) => (
              <TableRow key={row.account_id} className={row.is_group ? "font-medium" : ""} data-testid="tb-row">
                <TableCell style={{ paddingLeft: `${0.75 + row.depth * 1.25}rem` }}>
                  {row.is_group ? (
                    <>
                      {row.code} {row.name}
                    </>
                  ) : (
                    <Link
                      className="text-primary hover:underline"
                      href={`/finance/reports/ledger?account=${row.account_id}&from_date=${data.from_date}&to_date=${data.to_date}`}
                      data-testid="tb-drill"
                    >
                      {row.code} {row.name}
                    </Link>
                  )}
                </TableCell>
                {COLUMNS.map(([key]) => (
                  <TableCell key={key} className="text-right">
                    <Amount value={row.values[key]} />
                  </TableCell>
                ))}
              </TableRow>
            ))}
            {data && (
              <TableRow className="border-t-2 font-semibold">
                <TableCell>Total</TableCell>
                {COLUMNS.map(([key]) => (
                  <TableCell key={key} className="text-right" data-testid={`tb-total-${key}`}>
                    <Amount value={data.totals[key]} blankZero={false} />
                  </TableCell>
                ))}
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>
    </>
  );
}
