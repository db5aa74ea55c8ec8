"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarRangeIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useMemo, useRef, useState } from "react";
import { z } from "zod";
import { MoneyInput } from "@/components/fields/money-input";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { NativeSelect } from "@/components/ui/native-select";
import { ApiError } from "@/lib/api/errors";
import { accountListQuery, budgetQuery, budgetSave, type Account, type Budget, type CostCentre, type FiscalYear } from "@/lib/api/finance";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";
import { treeLabel, treeOrder } from "../../_components/tree";

/** `months`: the amount of each month of the year when phased (ADR 0078), else null (spread
 *  evenly); the year's amount is then their sum. */
type Line = { key: number; account: string; amount: string; months: string[] | null };

const paise = (v: string) => parseDecimal(v || "0", 2) ?? 0n;

/** The months of a fiscal year, as "Apr 2026", from its first and last days. */
function yearMonths(start: string, end: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  const [endY, endM] = [Number(end.slice(0, 4)), Number(end.slice(5, 7))];
  while (y < endY || (y === endY && m <= endM)) {
    out.push(new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString("en-IN", { month: "short", year: "numeric", timeZone: "UTC" }));
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

/** `amount` over `count` months to the paisa, the last month taking what is left. */
function spread(amount: string, count: number): string[] {
  const total = paise(amount);
  const each = total / BigInt(count);
  return Array.from({ length: count }, (_, i) => formatDecimal(i === count - 1 ? total - each * BigInt(count - 1) : each, 2));
}

const linesSchema = z.array(
  z.object({
    account: z.string().min(1, "Pick an account"),
    amount: z.string().refine((v) => (parseDecimal(v, 2) ?? 0n) > 0n, "An amount above zero"),
    months: z.array(z.string()).nullable(),
  }),
);

/** Edits a cost centre's budget for a fiscal year (ADR 0070): an amount per income or expense
 *  account, a ledger or a group (everything under it), spread evenly over the months or, with
 *  "By month", entered month by month (ADR 0078). Saved whole; the API's refusals show beside
 *  their row. */
export function BudgetDialog({ centre, year, onClose }: { centre: CostCentre; year: FiscalYear; onClose: () => void }) {
  // read afresh on every opening (a budget saved a moment ago is cached fresh, and the form
  // waits for a read made after it opened)
  const budget = useQuery({ ...budgetQuery(centre.id, year.id), refetchOnMount: "always" });
  const accounts = useQuery(accountListQuery());
  const error = budget.error ?? accounts.error;
  // the form starts from the budget as it is now, not as an earlier opening cached it
  const current = budget.isFetchedAfterMount ? budget.data : undefined;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] max-w-2xl overflow-y-auto">
        <DialogHeader>
          <DialogTitle>
            Budget of {centre.code} {centre.name}, {year.name}
          </DialogTitle>
          <DialogDescription>An amount for the whole year per income or expense account: a ledger, or a group for everything under it; spread evenly over the months, or entered month by month. Saving replaces the budget; with no rows it is removed.</DialogDescription>
        </DialogHeader>
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            {error.message}
          </p>
        ) : current && accounts.data ? (
          <BudgetForm centre={centre} year={year} budget={current} accounts={accounts.data} onClose={onClose} />
        ) : (
          <p className="text-sm text-muted-foreground">Loading…</p>
        )}
      </DialogContent>
    </Dialog>
  );
}

function BudgetForm({ centre, year, budget, accounts, onClose }: { centre: CostCentre; year: FiscalYear; budget: Budget; accounts: Account[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  // the API sends money at 4 places ("100000.0000") and takes rupees and paise: held at 2
  const [lines, setLines] = useState<Line[]>(() =>
    budget.lines.length
      ? budget.lines.map((l, index) => ({
          key: index + 1,
          account: String(l.account),
          amount: formatDecimal(parseDecimal(l.amount, 2) ?? 0n, 2),
          months: l.months.length ? l.months.map((m) => formatDecimal(parseDecimal(m, 2) ?? 0n, 2)) : null,
        }))
      : [{ key: 1, account: "", amount: "", months: null }],
  );
  const nextKey = useRef(lines.length + 1);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);
  const monthNames = useMemo(() => yearMonths(year.start_date, year.end_date), [year]);
  // income and expense accounts, groups and ledgers, in the chart's order and depth (the tree
  // is walked whole, so a ledger under a deactivated group keeps its place); active ones, and
  // any the saved budget names already
  const options = useMemo(() => {
    const saved = new Set(budget.lines.map((l) => l.account));
    return treeOrder(accounts)
      .filter(({ node }) => (node.type === "income" || node.type === "expense") && (node.is_active || saved.has(node.id)))
      .map(({ node, depth }) => ({ value: String(node.id), label: treeLabel(node, depth) }));
  }, [accounts, budget.lines]);
  const types = useMemo(() => new Map(accounts.map((a) => [String(a.id), a.type])), [accounts]);
  const total = (type: string) => lines.filter((l) => types.get(l.account) === type).reduce((sum, l) => sum + (parseDecimal(l.amount, 2) ?? 0n), 0n);
  const income = total("income");
  const expense = total("expense");

  function change(key: number, patch: Partial<Line>) {
    setLines((current) => current.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  }
  /** By month: the year's amount spread to start with; back to the year: their sum stays. */
  function phase(line: Line) {
    change(line.key, { months: line.months ? null : spread(line.amount, monthNames.length) });
  }
  function changeMonth(line: Line, index: number, value: string) {
    const months = (line.months ?? []).map((m, i) => (i === index ? value : m));
    change(line.key, { months, amount: formatDecimal(months.reduce((sum, m) => sum + paise(m), 0n), 2) });
  }
  function remove(key: number) {
    setLines((current) => current.filter((l) => l.key !== key));
    setErrors({}); // they name rows by position
  }

  async function save() {
    setFormError("");
    const parsed = linesSchema.safeParse(lines);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [`lines.${issue.path.join(".")}`, issue.message])));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await budgetSave(
        centre.id,
        year.id,
        lines.map((l) => ({ account: Number(l.account), amount: l.amount, months: l.months ? l.months.map((m) => m || "0") : [] })),
      );
      await queryClient.invalidateQueries({ queryKey: ["finance-budgets"] });
      await queryClient.invalidateQueries({ queryKey: ["finance-reports", "budget-vs-actual"] });
      toast.success(lines.length ? "Budget saved" : "Budget removed");
      onClose();
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(Object.fromEntries(Object.entries(error.fields).map(([name, messages]) => [name, messages.join(" ")])));
        setFormError(error.message);
      } else setFormError("The budget could not be saved.");
    } finally {
      setBusy(false);
    }
  }

  const money = (value: bigint) => formatMoney(formatDecimal(value, 2));
  const listError = errors.lines || errors["lines.non_field_errors"];
  return (
    <>
      <div className="grid gap-3">
        <div className="hidden grid-cols-[minmax(0,1fr)_11rem_4.75rem] gap-2 text-sm font-medium text-muted-foreground sm:grid">
          <span>Account</span>
          <span className="text-right">Amount for the year</span>
        </div>
        {lines.map((line, index) => {
          const accountError = errors[`lines.${index}.account`] || errors[`lines.${index}`];
          const amountError = errors[`lines.${index}.amount`];
          return (
            <div key={line.key} className="grid grid-cols-[minmax(0,1fr)_4.75rem] items-start gap-2 sm:grid-cols-[minmax(0,1fr)_11rem_4.75rem]" data-testid="budget-line">
              <div className="col-span-2 sm:col-span-1">
                <NativeSelect aria-label={`Account, row ${index + 1}`} value={line.account} aria-invalid={Boolean(accountError)} onChange={(e) => change(line.key, { account: e.target.value })}>
                  <option value="">Pick an account…</option>
                  {options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </NativeSelect>
                <LineError message={accountError} />
              </div>
              <div>
                <MoneyInput aria-label={`Amount, row ${index + 1}`} value={line.amount} aria-invalid={Boolean(amountError)} disabled={line.months !== null} onChange={(amount) => change(line.key, { amount })} />
                <LineError message={amountError} />
              </div>
              <div className="flex">
                <Button variant={line.months ? "secondary" : "ghost"} size="icon" aria-label={`By month, row ${index + 1}`} aria-pressed={line.months !== null} title={line.months ? "Back to one amount for the year, spread evenly" : "Enter it month by month"} onClick={() => phase(line)}>
                  <CalendarRangeIcon />
                </Button>
                <Button variant="ghost" size="icon" aria-label={`Remove row ${index + 1}`} onClick={() => remove(line.key)}>
                  <Trash2Icon />
                </Button>
              </div>
              {line.months && (
                <div className="col-span-full grid grid-cols-2 gap-2 rounded-md bg-muted/40 p-2 sm:grid-cols-4" data-testid="budget-months">
                  {line.months.map((m, i) => (
                    <label key={monthNames[i] ?? i} className="grid gap-1 text-xs text-muted-foreground">
                      {monthNames[i]}
                      <MoneyInput aria-label={`${monthNames[i]}, row ${index + 1}`} value={m} onChange={(value) => changeMonth(line, i, value)} />
                    </label>
                  ))}
                  <LineError message={errors[`lines.${index}.months`]} />
                </div>
              )}
            </div>
          );
        })}
        {lines.length === 0 && <p className="text-sm text-muted-foreground">No rows: saving removes this budget.</p>}
        <div className="flex flex-wrap items-center justify-between gap-3">
          <Button variant="outline" size="sm" onClick={() => setLines((current) => [...current, { key: nextKey.current++, account: "", amount: "", months: null }])}>
            <PlusIcon /> Add row
          </Button>
          <p className="text-sm tabular-nums text-muted-foreground" data-testid="budget-totals">
            Income {money(income)} · Expense {money(expense)} · Profit {money(income - expense)}
          </p>
        </div>
        {listError && <p className="text-sm text-destructive">{listError}</p>}
        {formError && (
          <p role="alert" data-testid="budget-form-error" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">
            {formError}
          </p>
        )}
      </div>
      <DialogFooter>
        <Button variant="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button disabled={busy} onClick={() => void save()}>
          Save
        </Button>
      </DialogFooter>
    </>
  );
}

/** A form or API error under one field of a row. */
function LineError({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="mt-1 text-xs text-destructive">
      {message}
    </p>
  ) : null;
}
