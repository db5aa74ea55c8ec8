"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, SearchIcon } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Fragment, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import {
  revaluationCancel,
  revaluationCurrenciesQuery,
  revaluationListQuery,
  revaluationPost,
  revaluationPreview,
  type RevaluationPreview,
} from "@/lib/api/invoicing";
import { formatCurrency, formatRate } from "@/lib/currency";
import { formatMoney } from "@/lib/decimal";
import { today } from "@/lib/dates";

const m = (v: string) => formatMoney(v, { symbol: false });
const SIDES = [
  { value: "receivable", label: "Receivables", note: "worth more: a gain" },
  { value: "payable", label: "Payables", note: "worth more: a loss" },
] as const;
const ITEM_PAGES: Record<string, string> = {
  invoice: "invoices",
  bill: "bills",
  credit_note: "notes",
  debit_note: "notes",
  receipt: "payments",
  payment: "payments",
};
const KIND_LABELS: Record<string, string> = {
  invoice: "Invoice",
  bill: "Bill",
  credit_note: "Credit note",
  debit_note: "Debit note",
  receipt: "Advance received",
  payment: "Advance paid",
};

/** The last day of the month before `day` (ISO): the period end one usually revalues at. */
function lastMonthEnd(day: string): string {
  const [y, mo] = day.split("-").map(Number);
  const d = new Date(Date.UTC(y!, mo! - 1, 0));
  return d.toISOString().slice(0, 10);
}

/** A signed difference: green when it raises the books' value of the side in our favour. */
function Difference({ value, side }: { value: string; side: string }) {
  const n = Number(value);
  const good = side === "receivable" ? n > 0 : n < 0;
  return <span className={n === 0 ? "text-muted-foreground" : good ? "text-emerald-700 dark:text-emerald-400" : "text-destructive"}>{m(value)}</span>;
}

function PreviewTable({ preview }: { preview: RevaluationPreview }) {
  return (
    <Table aria-label="Revaluation preview">
      <TableHeader>
        <TableRow>
          <TableHead>Party</TableHead>
          <TableHead>Document / advance</TableHead>
          <TableHead>Currency</TableHead>
          <TableHead className="text-right">Open amount</TableHead>
          <TableHead className="text-right">Booked ₹</TableHead>
          <TableHead className="text-right">At closing rate ₹</TableHead>
          <TableHead className="text-right">Difference ₹</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {SIDES.map((side) => {
          const lines = preview.lines.filter((l) => l.side === side.value);
          const totals = preview.totals.filter((t) => t.side === side.value);
          if (lines.length === 0) return null;
          return (
            <Fragment key={side.value}>
              <TableRow className="bg-muted/50 hover:bg-muted/50">
                <TableCell colSpan={7} className="font-medium">{side.label} <span className="font-normal text-muted-foreground">({side.note})</span></TableCell>
              </TableRow>
              {lines.map((l) => (
                <TableRow key={`${l.kind}-${l.item_id}`} data-testid="revaluation-line">
                  <TableCell>{l.partner.name}</TableCell>
                  <TableCell>
                    <Link className="text-primary hover:underline" href={`/finance/${ITEM_PAGES[l.kind] ?? "documents"}/${l.item_id}`}>{l.number}</Link>
                    <span className="block text-xs text-muted-foreground">{KIND_LABELS[l.kind] ?? l.kind}</span>
                  </TableCell>
                  <TableCell>{l.currency} <span className="text-xs text-muted-foreground">at ₹{formatRate(l.rate)}</span></TableCell>
                  <TableCell className="text-right tabular-nums">{formatCurrency(l.open_amount, l.currency)}</TableCell>
                  <TableCell className="text-right tabular-nums">{m(l.booked_base)}</TableCell>
                  <TableCell className="text-right tabular-nums">{m(l.revalued_base)}</TableCell>
                  <TableCell className="text-right tabular-nums"><Difference value={l.difference} side={l.side} /></TableCell>
                </TableRow>
              ))}
              {totals.map((t) => (
                <TableRow key={`${t.side}-${t.currency}`} className="font-medium" data-testid={`revaluation-total-${t.side}-${t.currency}`}>
                  <TableCell colSpan={3}>{side.label} in {t.currency} at ₹{formatRate(t.rate)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatCurrency(t.open_amount, t.currency)}</TableCell>
                  <TableCell className="text-right tabular-nums">{m(t.booked_base)}</TableCell>
                  <TableCell className="text-right tabular-nums">{m(t.revalued_base)}</TableCell>
                  <TableCell className="text-right tabular-nums"><Difference value={t.difference} side={t.side} /></TableCell>
                </TableRow>
              ))}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}

function PastRevaluations() {
  const params = useSearchParams();
  const highlighted = params.get("revaluation");
  const queryClient = useQueryClient();
  const canCancel = useCan("invoicing.revaluation.approve");
  const { data, isPending } = useQuery(revaluationListQuery());
  async function cancel(id: number) {
    const done = await revaluationCancel(id);
    toast.success(`Revaluation of ${formatIsoDate(done.date)} cancelled: ${done.cancel_entry?.number ?? ""} and ${done.cancel_reversal_entry?.number ?? ""}`);
    await queryClient.invalidateQueries({ queryKey: ["revaluations"] });
  }
  return (
    <Card>
      <CardHeader><CardTitle>Revaluations posted</CardTitle></CardHeader>
      <CardContent>
        {isPending ? (
          <Skeleton className="h-16" />
        ) : !data?.results.length ? (
          <EmptyState compact title="No revaluations yet" description="Revalue at each month or quarter end; each entry is reversed on the next day." />
        ) : (
          <Table aria-label="Revaluations posted">
            <TableHeader>
              <TableRow>
                <TableHead>Date</TableHead>
                <TableHead>Closing rates</TableHead>
                <TableHead className="text-right">Receivables ₹</TableHead>
                <TableHead className="text-right">Payables ₹</TableHead>
                <TableHead>Entries</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>By</TableHead>
                {canCancel && <TableHead><span className="sr-only">Actions</span></TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.results.map((r) => (
                <TableRow key={r.id} data-testid="revaluation-row" data-state={String(r.id) === highlighted ? "selected" : undefined}>
                  <TableCell className="whitespace-nowrap">{formatIsoDate(r.date)}</TableCell>
                  <TableCell className="whitespace-nowrap">{Object.entries(r.rates).map(([c, rate]) => `${c} ₹${formatRate(rate)}`).join(", ")}</TableCell>
                  <TableCell className="text-right tabular-nums"><Difference value={r.receivable_difference ?? "0"} side="receivable" /></TableCell>
                  <TableCell className="text-right tabular-nums"><Difference value={r.payable_difference ?? "0"} side="payable" /></TableCell>
                  <TableCell>
                    {r.entry ? <Link className="whitespace-nowrap text-primary hover:underline" data-testid="revaluation-entry" href={`/finance/journal/${r.entry.id}`}>{r.entry.number}</Link> : "—"}
                    <span className="block text-xs text-muted-foreground">
                      reversed {r.reversal_entry ? <Link className="whitespace-nowrap text-primary hover:underline" href={`/finance/journal/${r.reversal_entry.id}`}>{r.reversal_entry.number}</Link> : ""} on <span className="whitespace-nowrap">{formatIsoDate(r.reversal_date)}</span>
                    </span>
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={r.status ?? "posted"} />
                    {r.cancel_entry && (
                      <span className="block text-xs text-muted-foreground">
                        by <Link className="text-primary hover:underline" href={`/finance/journal/${r.cancel_entry.id}`}>{r.cancel_entry.number}</Link>
                        {r.cancel_reversal_entry && <> and <Link className="text-primary hover:underline" href={`/finance/journal/${r.cancel_reversal_entry.id}`}>{r.cancel_reversal_entry.number}</Link></>}
                      </span>
                    )}
                  </TableCell>
                  <TableCell>{r.created_by_name}</TableCell>
                  {canCancel && (
                    <TableCell className="text-right">
                      {r.status !== "cancelled" && (
                        <ConfirmDialog
                          title={`Cancel the revaluation of ${formatIsoDate(r.date)}?`}
                          description={`Its entry is mirrored on ${formatIsoDate(r.date)} and its reversal reversed on ${formatIsoDate(r.reversal_date)}; the date can then be revalued again.`}
                          confirmLabel="Cancel revaluation"
                          cancelLabel="Keep it"
                          destructive
                          onConfirm={() => cancel(r.id)}
                          trigger={<Button size="sm" variant="outline">Cancel</Button>}
                        />
                      )}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

/** Period-end revaluation of open foreign-currency invoices, bills and advances at closing
 *  rates (ADR 0047): pick the date, enter a rate per currency, preview, post. */
export function ExchangeRevaluation() {
  const queryClient = useQueryClient();
  const canPost = useCan("invoicing.revaluation.approve");
  const [date, setDate] = useState(() => lastMonthEnd(today()));
  const [rates, setRates] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<RevaluationPreview | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const currencies = useQuery(revaluationCurrenciesQuery(date));
  const body = () => ({
    date,
    rates: Object.fromEntries((currencies.data ?? []).filter((c) => rates[c.currency]).map((c) => [c.currency, rates[c.currency]!])),
  });

  async function onPreview() {
    setBusy(true);
    setFailure(null);
    try {
      setPreview(await revaluationPreview(body()));
    } catch (e) {
      setPreview(null);
      if (e instanceof ApiError) setFailure(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  }

  async function onPost() {
    try {
      const posted = await revaluationPost(body());
      setFailure(null);
      toast.success(`Revaluation posted: ${posted.entry?.number ?? ""}, reversed on ${formatIsoDate(posted.reversal_date)}`);
      setPreview(null);
      await queryClient.invalidateQueries({ queryKey: ["revaluations"] });
    } catch (e) {
      if (e instanceof ApiError) {
        setFailure(e);
        return;
      }
      throw e;
    }
  }

  const err = (key: string) => failure?.fields[key]?.join(" ");
  const otherErrors = failure ? Object.entries(failure.fields).filter(([k]) => !k.startsWith("rates.") && k !== "date") : [];

  return (
    <>
      <PageHeader
        title="Exchange revaluation"
        description="At a period end, restate open foreign-currency invoices, bills and advances at the closing rate. The unrealised gain or loss is posted on the receivables and payables revaluation ledgers and reversed on the next day; the parties' own balances do not change."
      />
      {/* one column that may shrink: wide tables scroll inside their cards, not the page */}
      <div className="grid grid-cols-1 gap-4">
        <Card>
          <CardHeader><CardTitle>Closing rates</CardTitle></CardHeader>
          <CardContent className="grid gap-4">
            <div className="grid gap-4 sm:grid-cols-3">
              <FormField id="reval-date" label="Revaluation date" error={err("date")} hint="Normally the last day of a month or quarter">
                <DateInput id="reval-date" value={date} onChange={(v) => { setDate(v); setPreview(null); setFailure(null); }} />
              </FormField>
              {currencies.isPending && date ? <Skeleton className="h-16" /> : null}
              {(currencies.data ?? []).map((c) => (
                <FormField
                  key={c.currency}
                  id={`reval-rate-${c.currency}`}
                  label={`Closing rate (₹ per ${c.currency})`}
                  error={err(`rates.${c.currency}`)}
                  hint={`${c.receivable_items + c.payable_items} open item${c.receivable_items + c.payable_items === 1 ? "" : "s"}${c.last_rate ? ` · last used ₹${formatRate(c.last_rate)}` : ""}`}
                >
                  <Input
                    id={`reval-rate-${c.currency}`}
                    inputMode="decimal"
                    autoComplete="off"
                    value={rates[c.currency] ?? ""}
                    onChange={(e) => { const v = e.target.value.trim(); setRates((r) => ({ ...r, [c.currency]: v })); setPreview(null); }}
                  />
                </FormField>
              ))}
            </div>
            {currencies.data && currencies.data.length === 0 && (
              <p className="text-sm text-muted-foreground" data-testid="no-foreign-items">No foreign-currency invoice, bill or advance is open on {formatIsoDate(date)}: nothing to revalue.</p>
            )}
            {failure && (
              <div role="alert" data-testid="revaluation-error" className="rounded-md bg-destructive/10 p-3 text-sm text-destructive">
                <p className="font-medium">{failure.message}</p>
                {otherErrors.map(([k, v]) => <p key={k}>{v.join(" ")}</p>)}
              </div>
            )}
            <div className="flex flex-wrap gap-2">
              <Button onClick={onPreview} disabled={busy || !currencies.data?.length}>
                {busy ? <Loader2Icon className="animate-spin" /> : <SearchIcon />} Preview
              </Button>
              {canPost && preview && (
                <ConfirmDialog
                  title={`Post the revaluation of ${formatIsoDate(preview.date)}?`}
                  description={`One journal entry dated ${formatIsoDate(preview.date)} and its reversal dated ${formatIsoDate(preview.reversal_date)}: receivables ${m(preview.receivable_difference)}, payables ${m(preview.payable_difference)}.`}
                  confirmLabel="Post revaluation"
                  onConfirm={onPost}
                  trigger={<Button variant="default">Post revaluation</Button>}
                />
              )}
            </div>
          </CardContent>
        </Card>

        {preview && (
          <Card>
            <CardHeader>
              <CardTitle>Preview at {formatIsoDate(preview.date)}</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-3">
              <PreviewTable preview={preview} />
              <p className="text-sm" data-testid="revaluation-summary">
                Receivables: <Difference value={preview.receivable_difference} side="receivable" /> · Payables: <Difference value={preview.payable_difference} side="payable" /> · Reversed on {formatIsoDate(preview.reversal_date)}
              </p>
            </CardContent>
          </Card>
        )}

        <PastRevaluations />
      </div>
    </>
  );
}
