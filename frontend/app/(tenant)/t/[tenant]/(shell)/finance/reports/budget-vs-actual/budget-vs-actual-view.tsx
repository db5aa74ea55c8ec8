"use client";
import { useQuery } from "@tanstack/react-query";
import { CalendarRangeIcon, FolderTreeIcon, GaugeIcon, PencilIcon } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { ExportButton } from "@/components/data-table/export-button";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { budgetVsActualQuery, costCentreListQuery, fiscalYearListQuery, type BudgetReport, type BudgetRow } from "@/lib/api/finance";
import { today as todayIso } from "@/lib/dates";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";
import { cn } from "@/lib/utils";
import { Amount } from "../../_components/format";
import { useReportParams } from "../../_components/report-params";
import { treeLabel, treeOrder } from "../../_components/tree";
import { BudgetDialog } from "./budget-dialog";

/** Which way a variance reads: income (and profit) above budget is ahead of plan, an expense
 *  above budget is over it. */
type Kind = "income" | "expense" | "profit";

/** Budget vs actual (ADR 0070): a cost centre's budget for a fiscal year beside what it has
 *  earned and spent from the year's start, per budgeted account (a group counts the ledgers
 *  under it), then the cost centre's totals and what fell on accounts without a budget. */
export function BudgetVsActualView() {
  const today = todayIso();
  const { values, set } = useReportParams({ cost_centre: "", fiscal_year: "", to_date: "" });
  const canExport = useCan("finance.report.export");
  const canEdit = useCan("finance.account.change");
  // cost centres are kept with the chart of accounts (ADR 0069), fiscal years with the periods
  const canSeeCentres = useCan("finance.account.view");
  const canSeeYears = useCan("finance.period.view");
  const centres = useQuery({ ...costCentreListQuery(), enabled: canSeeCentres });
  const years = useQuery({ ...fiscalYearListQuery(), enabled: canSeeYears });
  const centreRows = useMemo(() => treeOrder(centres.data ?? []), [centres.data]);
  // the year asked for, else the one containing today, else the latest
  const year = useMemo(() => {
    const list = years.data ?? [];
    if (values.fiscal_year) return list.find((y) => String(y.id) === values.fiscal_year);
    return list.find((y) => y.start_date <= today && today <= y.end_date) ?? [...list].sort((a, b) => b.start_date.localeCompare(a.start_date))[0];
  }, [years.data, values.fiscal_year, today]);
  const yearId = values.fiscal_year || (year ? String(year.id) : "");
  const query = { cost_centre: values.cost_centre, fiscal_year: yearId, ...(values.to_date ? { to_date: values.to_date } : {}) };
  const ready = Boolean(values.cost_centre && yearId);
  const { data, error } = useQuery({
    ...budgetVsActualQuery({ cost_centre: Number(values.cost_centre), fiscal_year: Number(yearId), ...(values.to_date ? { to_date: values.to_date } : {}) }),
    enabled: ready,
  });
  const [editing, setEditing] = useState(false);
  const report = ready ? data : undefined;
  const centre = report?.cost_centre;

  return (
    <>
      <PageHeader
        title={centre ? `Budget vs actual: ${centre.code} ${centre.name}` : "Budget vs actual"}
        description="A cost centre's budget for a fiscal year beside what it has earned and spent since the year began. Variance is actual less budget: above zero, income is ahead of plan and an expense is over budget."
        actions={
          ready ? (
            <>
              {canEdit && centre && year && (
                <Button variant="outline" onClick={() => setEditing(true)}>
                  <PencilIcon /> Edit budget
                </Button>
              )}
              {canExport && <ExportButton url="/api/v1/finance/reports/budget-vs-actual/export/" query={query} formats={["xlsx", "pdf"]} />}
            </>
          ) : undefined
        }
      />
      <div className="mb-4 flex flex-wrap gap-3">
        {canSeeCentres && (
          <FormField id="bva-centre" label="Cost centre">
            <NativeSelect id="bva-centre" className="min-w-56" value={values.cost_centre} onChange={(e) => set({ cost_centre: e.target.value })}>
              <option value="">Pick a cost centre…</option>
              {centreRows.map(({ node, depth }) => (
                <option key={node.id} value={node.id}>
                  {`${treeLabel(node, depth)}${node.is_active ? "" : " (inactive)"}`}
                </option>
              ))}
            </NativeSelect>
          </FormField>
        )}
        {canSeeYears && (
          <FormField id="bva-year" label="Fiscal year">
            <NativeSelect id="bva-year" className="min-w-32" value={yearId} onChange={(e) => set({ fiscal_year: e.target.value, to_date: "" })}>
              {(years.data ?? []).map((y) => (
                <option key={y.id} value={y.id}>
                  {y.name}
                </option>
              ))}
            </NativeSelect>
          </FormField>
        )}
        <FormField id="bva-to" label="To" hint="Blank: the year's end">
          <DateInput id="bva-to" value={values.to_date} min={year?.start_date} max={year?.end_date} onChange={(v) => set({ to_date: v })} />
        </FormField>
      </div>
      {centres.data?.length === 0 ? (
        <Card>
          <EmptyState
            icon={FolderTreeIcon}
            title="No cost centres yet"
            description={
              <>
                Budgets are kept per cost centre: add your jobs and departments on the <Link className="text-primary hover:underline" href="/finance/cost-centres">Cost centres</Link> page first.
              </>
            }
          />
        </Card>
      ) : years.data?.length === 0 ? (
        <Card>
          <EmptyState
            icon={CalendarRangeIcon}
            title="No fiscal year yet"
            description={
              <>
                A budget is for a fiscal year: open one on the <Link className="text-primary hover:underline" href="/finance/fiscal-years">Fiscal years</Link> page.
              </>
            }
          />
        </Card>
      ) : !values.cost_centre ? (
        <Card>
          <EmptyState icon={GaugeIcon} title="Pick a cost centre" description="Its budget for the year is shown beside what it has earned and spent so far; a group includes the cost centres under it." />
        </Card>
      ) : null}
      {ready && error && (
        <p role="alert" className="text-destructive">
          {error.message}
        </p>
      )}
      {report && <BudgetTable report={report} canEdit={canEdit} />}
      {editing && centre && year && <BudgetDialog centre={centre} year={year} onClose={() => setEditing(false)} />}
    </>
  );
}

function BudgetTable({ report, canEdit }: { report: BudgetReport; canEdit: boolean }) {
  const sections = [
    { kind: "income" as const, label: "Income", rows: report.rows.filter((r) => r.type === "income") },
    { kind: "expense" as const, label: "Expenses", rows: report.rows.filter((r) => r.type === "expense") },
  ].filter((s) => s.rows.length > 0);
  const { budget, actual, budget_to_date: toDate } = report.totals;
  // what the actual totals hold beyond the budget's rows: "₹3,000.00 expense"
  const outside = (["income", "expense"] as const).filter((kind) => Number(report.not_budgeted[kind]) !== 0).map((kind) => `${formatMoney(report.not_budgeted[kind])} ${kind}`);
  return (
    <Card>
      {/* tighter on a phone, where the account, budget, actual and % used share 390 pixels */}
      <CardContent className="px-3 pt-4 sm:px-6 sm:pt-6">
        <p className="mb-3 text-sm text-muted-foreground" data-testid="bva-period">
          Fiscal year {report.fiscal_year_name}: actuals from {formatIsoDate(report.from_date)} to {formatIsoDate(report.to_date)}, against the whole year&apos;s budget and the budget of the months to that day (the last by its days; a budget not entered by month is spread evenly).
        </p>
        <Table aria-label="Budget vs actual" className="max-sm:[&_td]:px-1.5 max-sm:[&_th]:px-1.5">
          <TableHeader>
            <TableRow>
              <TableHead>Account</TableHead>
              <TableHead className="text-right">Budget for the year</TableHead>
              {/* on a phone the budget to date and its variance give way too */}
              <TableHead className="hidden text-right sm:table-cell">Budget to date</TableHead>
              <TableHead className="text-right">Actual</TableHead>
              <TableHead className="hidden text-right sm:table-cell">Variance to date</TableHead>
              {/* on a phone the variance gives way: it is the actual less the budget, both shown */}
              <TableHead className="hidden text-right sm:table-cell">Variance for the year</TableHead>
              <TableHead className="text-right sm:w-40">% used</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={7} className="text-sm text-muted-foreground" data-testid="bva-empty">
                  No budget for {report.cost_centre.code} in {report.fiscal_year_name} yet{canEdit ? ": set one with Edit budget." : "."}
                </TableCell>
              </TableRow>
            )}
            {sections.map((section) => (
              <SectionRows key={section.kind} {...section} report={report} />
            ))}
            <TableRow className="hover:bg-transparent">
              <TableCell colSpan={7} className="pt-5 text-xs font-semibold uppercase tracking-wide text-muted-foreground">
                Cost centre totals
              </TableCell>
            </TableRow>
            {(
              [
                ["income", "Income"],
                ["expense", "Expense"],
                ["profit", "Profit"],
              ] as const
            ).map(([kind, label]) => (
              <TableRow key={kind} className={cn("font-semibold", kind === "profit" && "border-t-2")} data-testid={`bva-total-${kind}`}>
                <TableCell>{label}</TableCell>
                <Figures kind={kind} budget={budget?.[kind]} toDate={toDate?.[kind]} actual={actual?.[kind]} variance={difference(actual?.[kind], budget?.[kind])} blankZero={false} />
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <p className="mt-3 text-sm text-muted-foreground" data-testid="bva-not-budgeted">
          {outside.length
            ? `Not budgeted: ${outside.join(" and ")} on accounts without a budget line, included in the actual totals.`
            : "All of the cost centre's actual income and expense falls on budgeted accounts."}
        </p>
      </CardContent>
    </Card>
  );
}

function SectionRows({ kind, label, rows, report }: { kind: Kind; label: string; rows: BudgetRow[]; report: BudgetReport }) {
  const centre = report.cost_centre;
  const range = `from_date=${report.from_date}&to_date=${report.to_date}&cost_centre=${centre.id}`;
  return (
    <>
      <TableRow className="hover:bg-transparent">
        <TableCell colSpan={7} className="pt-5 text-xs font-semibold uppercase tracking-wide text-muted-foreground">
          {label}
        </TableCell>
      </TableRow>
      {rows.map((row) => (
        <TableRow key={row.account_id} className={row.is_group ? "font-medium" : ""} data-testid="bva-row">
          <TableCell>
            {/* a ledger opens the cost centre's lines on it; a group, the cost centre's P&L */}
            <Link
              className="text-primary hover:underline"
              href={row.is_group ? `/finance/reports/profit-and-loss?${range}` : `/finance/reports/ledger?account=${row.account_id}&${range}`}
            >
              {row.code} {row.name}
            </Link>
          </TableCell>
          <Figures kind={kind} budget={row.budget} toDate={row.budget_to_date} phased={row.phased} actual={row.actual} variance={row.variance} />
        </TableRow>
      ))}
    </>
  );
}

/** actual − budget, exact to the paisa; undefined when either is missing. */
function difference(actual: string | undefined, budget: string | undefined): string | undefined {
  const a = parseDecimal(actual, 2);
  const b = parseDecimal(budget, 2);
  return a === null || b === null ? undefined : formatDecimal(a - b, 2);
}

/** Over budget (an expense) reads red; on or ahead of plan (income, profit) green. */
function tone(kind: Kind, variance: string | undefined): "over" | "ahead" | null {
  const v = parseDecimal(variance, 2);
  if (v === null) return null;
  if (kind === "expense") return v > 0n ? "over" : null;
  return v >= 0n ? "ahead" : null;
}

function Figures({ kind, budget, toDate, phased, actual, variance, blankZero = true }: { kind: Kind; budget?: string; toDate?: string; phased?: boolean; actual?: string; variance?: string; blankZero?: boolean }) {
  const state = Number(budget) > 0 ? tone(kind, variance) : null;
  const varianceToDate = difference(actual, toDate);
  const stateToDate = Number(budget) > 0 ? tone(kind, varianceToDate) : null;
  return (
    <>
      <TableCell className="text-right" data-testid="bva-budget">
        <Amount value={budget} blankZero={blankZero} />
      </TableCell>
      <TableCell className="hidden text-right sm:table-cell" data-testid="bva-budget-to-date">
        <Amount value={toDate} blankZero={blankZero} />
        {phased && <span className="block text-[11px] text-muted-foreground">by month</span>}
      </TableCell>
      <TableCell className="text-right" data-testid="bva-actual">
        <Amount value={actual} blankZero={blankZero} />
      </TableCell>
      <TableCell className={cn("hidden text-right sm:table-cell", stateToDate === "over" && "text-destructive", stateToDate === "ahead" && "text-emerald-600")} data-testid="bva-variance-to-date">
        <Amount value={varianceToDate} blankZero={blankZero} />
      </TableCell>
      <TableCell className={cn("hidden text-right sm:table-cell", state === "over" && "text-destructive", state === "ahead" && "text-emerald-600")} data-testid="bva-variance">
        <Amount value={variance} blankZero={blankZero} />
      </TableCell>
      <TableCell className="text-right" data-testid="bva-used">
        <Used budget={budget} actual={actual} state={state} />
      </TableCell>
    </>
  );
}

/** The share of the budget the actual has reached, as a figure and a small bar. */
function Used({ budget, actual, state }: { budget?: string; actual?: string; state: "over" | "ahead" | null }) {
  const planned = Number(budget);
  if (!(planned > 0)) return <span className="text-muted-foreground/50">—</span>;
  const percent = (Number(actual) / planned) * 100;
  return (
    <span className="inline-flex flex-col-reverse items-end gap-1 sm:flex-row sm:items-center sm:gap-2">
      <span className="h-1.5 w-10 overflow-hidden rounded-full bg-muted sm:w-20" aria-hidden>
        <span
          className={cn("block h-full rounded-full", state === "over" ? "bg-destructive" : state === "ahead" ? "bg-emerald-600" : "bg-primary")}
          style={{ width: `${Math.min(Math.max(percent, 0), 100)}%` }}
        />
      </span>
      <span className={cn("text-xs tabular-nums sm:w-11", state === "over" && "font-semibold text-destructive")}>{Math.round(percent)}%</span>
    </span>
  );
}
