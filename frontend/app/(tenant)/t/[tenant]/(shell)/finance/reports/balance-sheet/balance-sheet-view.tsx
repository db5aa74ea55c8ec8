"use client";
import { useQuery } from "@tanstack/react-query";
import { ExportButton } from "@/components/data-table/export-button";
import { DateInput } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { balanceSheetQuery, fiscalYearStartOf } from "@/lib/api/finance";
import { today as todayIso } from "@/lib/dates";
import { useReportParams } from "../../_components/report-params";
import { StatementView } from "../../_components/statement-view";

const TOTALS = [
  ["assets", "Total assets"],
  ["liabilities", "Total liabilities"],
  ["equity", "Total equity"],
  ["current_profit", "Profit not yet closed"],
  ["liabilities_and_equity", "Liabilities and equity"],
] as const;

export function BalanceSheetView() {
  const today = todayIso();
  const { values, set } = useReportParams({ as_of: today, compare_as_of: "" });
  const canExport = useCan("finance.report.export");
  const query = { as_of: values.as_of, ...(values.compare_as_of ? { compare_as_of: values.compare_as_of } : {}) };
  const { data, error } = useQuery(balanceSheetQuery(query));
  return (
    <>
      <PageHeader
        title="Balance sheet"
        description="Assets, liabilities and equity as of a date, optionally beside another date."
        actions={canExport ? <ExportButton url="/api/v1/finance/reports/balance-sheet/export/" query={query} formats={["xlsx", "pdf"]} /> : undefined}
      />
      <div className="mb-4 flex flex-wrap gap-3">
        <FormField id="bs-asof" label="As of">
          <DateInput id="bs-asof" value={values.as_of} onChange={(v) => set({ as_of: v })} />
        </FormField>
        <FormField id="bs-compare" label="Compare with">
          <DateInput id="bs-compare" value={values.compare_as_of} onChange={(v) => set({ compare_as_of: v })} />
        </FormField>
      </div>
      {error && <p className="text-destructive">{error.message}</p>}
      {data && <StatementView report={data} totals={TOTALS} ledgerRange={{ from_date: fiscalYearStartOf(values.as_of), to_date: values.as_of }} />}
    </>
  );
}
