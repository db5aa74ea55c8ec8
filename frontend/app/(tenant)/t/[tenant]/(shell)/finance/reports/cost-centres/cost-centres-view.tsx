"use client";
import { useQuery } from "@tanstack/react-query";
import { GaugeIcon } from "lucide-react";
import Link from "next/link";
import { ExportButton } from "@/components/data-table/export-button";
import { DateInput } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Card, CardContent } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { costCentreSummaryQuery, fiscalYearStartOf } from "@/lib/api/finance";
import { today as todayIso } from "@/lib/dates";
import { Amount } from "../../_components/format";
import { useReportParams } from "../../_components/report-params";

/** Profit by cost centre (ADR 0069): income, expense and profit of each cost centre for a
 *  period, groups summing those under them, then what no cost centre carries. Each cost centre
 *  opens its P&L for the same dates, and its budget vs actual. */
export function CostCentresView() {
  const today = todayIso();
  const { values, set } = useReportParams({ from_date: fiscalYearStartOf(today), to_date: today });
  const canExport = useCan("finance.report.export");
  const query = { from_date: values.from_date, to_date: values.to_date };
  const { data, error } = useQuery(costCentreSummaryQuery(query));
  const figures = (row: Partial<Record<"income" | "expense" | "profit", string>>, blankZero = true) =>
    (["income", "expense", "profit"] as const).map((key) => (
      <TableCell key={key} className="text-right" data-testid={`cc-${key}`}>
        <Amount value={row[key]} blankZero={blankZero} />
      </TableCell>
    ));
  return (
    <>
      <PageHeader
        title="Profit by cost centre"
        description="Income, expense and profit of each job or department. A group includes the cost centres under it; open one for its profit and loss."
        actions={canExport ? <ExportButton url="/api/v1/finance/reports/cost-centres/export/" query={query} formats={["xlsx", "pdf"]} /> : undefined}
      />
      <div className="mb-4 flex flex-wrap gap-3">
        <FormField id="cc-from" label="From">
          <DateInput id="cc-from" value={values.from_date} onChange={(v) => set({ from_date: v })} />
        </FormField>
        <FormField id="cc-to" label="To">
          <DateInput id="cc-to" value={values.to_date} onChange={(v) => set({ to_date: v })} />
        </FormField>
      </div>
      {error && <p role="alert" className="text-destructive">{error.message}</p>}
      {data && (
        <Card>
          <CardContent className="overflow-x-auto pt-6">
            <Table aria-label="Profit by cost centre">
              <TableHeader>
                <TableRow>
                  <TableHead>Cost centre</TableHead>
                  <TableHead className="text-right">Income</TableHead>
                  <TableHead className="text-right">Expense</TableHead>
                  <TableHead className="text-right">Profit</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.rows.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={4} className="text-sm text-muted-foreground">
                      No cost centres yet: add them on the <Link className="text-primary hover:underline" href="/finance/cost-centres">Cost centres</Link> page, then name them on invoice, bill and journal lines.
                    </TableCell>
                  </TableRow>
                )}
                {data.rows.map((row) => (
                  <TableRow key={row.id} className={row.is_group ? "font-semibold" : ""} data-testid="cc-row">
                    <TableCell style={{ paddingLeft: `${0.75 + row.depth * 1.25}rem` }}>
                      <Link className="text-primary hover:underline" href={`/finance/reports/profit-and-loss?cost_centre=${row.id}&from_date=${values.from_date}&to_date=${values.to_date}`}>
                        {row.code} {row.name}
                      </Link>
                      <Link
                        className="ml-2 inline-flex align-middle text-muted-foreground hover:text-primary"
                        aria-label={`Budget of ${row.code}`}
                        title="Budget vs actual"
                        href={`/finance/reports/budget-vs-actual?cost_centre=${row.id}`}
                      >
                        <GaugeIcon className="size-4" />
                      </Link>
                    </TableCell>
                    {figures(row)}
                  </TableRow>
                ))}
                <TableRow className="text-muted-foreground" data-testid="cc-unallocated">
                  <TableCell>{data.unallocated.name}</TableCell>
                  {figures(data.unallocated)}
                </TableRow>
                <TableRow className="border-t-2 font-semibold" data-testid="cc-total">
                  <TableCell>Total</TableCell>
                  {figures(data.totals, false)}
                </TableRow>
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
    </>
  );
}
