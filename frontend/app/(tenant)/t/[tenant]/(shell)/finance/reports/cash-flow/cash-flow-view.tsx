"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment } from "react";
import { ExportButton } from "@/components/data-table/export-button";
import { DateInput } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Card, CardContent } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cashFlowQuery, fiscalYearStartOf } from "@/lib/api/finance";
import { today as todayIso } from "@/lib/dates";
import { formatMoney } from "@/lib/decimal";
import { useReportParams } from "../../_components/report-params";

/** The cash flow statement (ADR 0066): the cash the period's entries moved through the bank
 *  and cash ledgers, by operating, investing and financing activity and by account (each
 *  account opens its ledger for the period), between the opening and closing cash. Where an
 *  account counts is set on it in the chart of accounts. */
export function CashFlowView() {
  const today = todayIso();
  const { values, set } = useReportParams({ from_date: fiscalYearStartOf(today), to_date: today });
  const canExport = useCan("finance.report.export");
  const query = { from_date: values.from_date, to_date: values.to_date };
  const { data, error } = useQuery(cashFlowQuery(query));
  const money = (v: string) => <TableCell className="text-right tabular-nums">{formatMoney(v)}</TableCell>;
  return (
    <>
      <PageHeader
        title="Cash flow"
        description="Where the cash came from and went: each receipt and payment through a bank or cash ledger, by what it paid for. Inflows are positive."
        actions={canExport ? <ExportButton url="/api/v1/finance/reports/cash-flow/export/" query={query} formats={["xlsx", "pdf"]} /> : undefined}
      />
      <div className="mb-4 flex flex-wrap gap-3">
        <FormField id="cf-from" label="From">
          <DateInput id="cf-from" value={values.from_date} onChange={(v) => set({ from_date: v })} />
        </FormField>
        <FormField id="cf-to" label="To">
          <DateInput id="cf-to" value={values.to_date} onChange={(v) => set({ to_date: v })} />
        </FormField>
      </div>
      {error && <p role="alert" className="text-destructive">{error.message}</p>}
      {data && (
        <Card>
          <CardContent className="overflow-x-auto pt-6">
            <Table aria-label="Cash flow">
              <TableHeader>
                <TableRow><TableHead>Activity / account</TableHead><TableHead className="text-right">Amount</TableHead></TableRow>
              </TableHeader>
              <TableBody>
                <TableRow className="font-semibold" data-testid="cf-opening"><TableCell>Opening cash and bank</TableCell>{money(data.opening_cash)}</TableRow>
                {data.sections.map((section) => (
                  <Fragment key={section.key}>
                    <TableRow className="bg-muted/40 font-semibold"><TableCell colSpan={2}>{section.label}</TableCell></TableRow>
                    {section.rows.length === 0 && <TableRow><TableCell colSpan={2} className="pl-8 text-sm text-muted-foreground">No cash moved.</TableCell></TableRow>}
                    {section.rows.map((row) => (
                      <TableRow key={row.account_id}>
                        <TableCell className="pl-8">
                          <Link className="text-primary hover:underline" href={`/finance/reports/ledger?account=${row.account_id}&from_date=${values.from_date}&to_date=${values.to_date}`}>{row.code} {row.name}</Link>
                        </TableCell>
                        {money(row.amount)}
                      </TableRow>
                    ))}
                    <TableRow className="font-medium" data-testid={`cf-${section.key}`}><TableCell>Net cash from {section.label.toLowerCase()}</TableCell>{money(section.total)}</TableRow>
                  </Fragment>
                ))}
                <TableRow className="font-semibold"><TableCell>Net change in cash</TableCell>{money(data.net_change)}</TableRow>
                <TableRow className="font-semibold" data-testid="cf-closing"><TableCell>Closing cash and bank</TableCell>{money(data.closing_cash)}</TableRow>
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
    </>
  );
}
