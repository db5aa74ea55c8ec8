"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ExportButton } from "@/components/data-table/export-button";
import { DateInput } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { NativeSelect } from "@/components/ui/native-select";
import { costCentreListQuery, fiscalYearStartOf, profitAndLossQuery } from "@/lib/api/finance";
import { today as todayIso } from "@/lib/dates";
import { useReportParams } from "../../_components/report-params";
import { StatementView } from "../../_components/statement-view";
import { treeLabel, treeOrder } from "../../_components/tree";

const TOTALS = [
  ["income", "Total income"],
  ["expense", "Total expenses"],
  ["net_profit", "Net profit"],
] as const;

export function ProfitAndLossView() {
  const today = todayIso();
  const { values, set } = useReportParams({ from_date: fiscalYearStartOf(today), to_date: today, compare_from: "", compare_to: "", cost_centre: "" });
  const canExport = useCan("finance.report.export");
  // the cost centres are kept with the chart of accounts (ADR 0069), for those who may see it
  const canSeeCentres = useCan("finance.account.view");
  const centres = useQuery({ ...costCentreListQuery(), enabled: canSeeCentres });
  const centreRows = useMemo(() => treeOrder(centres.data ?? []), [centres.data]);
  const query = {
    from_date: values.from_date,
    to_date: values.to_date,
    ...(values.compare_from && values.compare_to ? { compare_from: values.compare_from, compare_to: values.compare_to } : {}),
    ...(values.cost_centre ? { cost_centre: values.cost_centre } : {}),
  };
  const { data, error } = useQuery(profitAndLossQuery({ ...query, cost_centre: query.cost_centre ? Number(query.cost_centre) : undefined }));
  const centre = data?.cost_centre;
  return (
    <>
      <PageHeader
        title={centre ? `Profit and loss: ${centre.code} ${centre.name}` : "Profit and loss"}
        description={centre ? "Income and expenses booked to this cost centre and those under it, optionally beside another period." : "Income and expenses of a period, optionally beside another period."}
        actions={canExport ? <ExportButton url="/api/v1/finance/reports/profit-and-loss/export/" query={query} formats={["xlsx", "pdf"]} /> : undefined}
      />
      <div className="mb-4 flex flex-wrap gap-3">
        <FormField id="pl-from" label="From">
          <DateInput id="pl-from" value={values.from_date} onChange={(v) => set({ from_date: v })} />
        </FormField>
        <FormField id="pl-to" label="To">
          <DateInput id="pl-to" value={values.to_date} onChange={(v) => set({ to_date: v })} />
        </FormField>
        <FormField id="pl-cfrom" label="Compare from">
          <DateInput id="pl-cfrom" value={values.compare_from} onChange={(v) => set({ compare_from: v })} />
        </FormField>
        <FormField id="pl-cto" label="Compare to">
          <DateInput id="pl-cto" value={values.compare_to} onChange={(v) => set({ compare_to: v })} />
        </FormField>
        {centreRows.length > 0 && (
          <FormField id="pl-centre" label="Cost centre">
            <NativeSelect id="pl-centre" className="min-w-48" value={values.cost_centre} onChange={(e) => set({ cost_centre: e.target.value })}>
              <option value="">All</option>
              {centreRows.map(({ node, depth }) => (
                <option key={node.id} value={node.id}>
                  {treeLabel(node, depth)}
                </option>
              ))}
            </NativeSelect>
          </FormField>
        )}
      </div>
      {error && <p className="text-destructive">{error.message}</p>}
      {data && <StatementView report={data} totals={TOTALS} ledgerRange={{ from_date: values.from_date, to_date: values.to_date, cost_centre: values.cost_centre }} />}
    </>
  );
}
