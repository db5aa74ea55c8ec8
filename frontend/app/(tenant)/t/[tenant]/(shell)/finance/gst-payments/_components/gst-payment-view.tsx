"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { GST_HEADS as HEADS, GstHeadsRow as Row, monthLabel, pastMonths } from "@/components/gst-heads";
import { MonthRunsTable } from "@/components/month-runs-table";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { gstPaymentCancel, gstPaymentCreate, gstPaymentListQuery, gstPaymentPreviewQuery } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";
import { today } from "@/lib/dates";

/** The first day after `iso` (a month's end): the earliest payment date. */
function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

type Ledger = { id: number; code: string; name: string };

/** An amount paid with the tax (interest, late fee) and the expense ledger it is posted to. */
function Charge({ id, label, hint, amount, onAmount, ledger, onLedger, ledgers, errors, field }: { id: string; label: string; hint?: string; amount: string; onAmount: (v: string) => void; ledger: string; onLedger: (v: string) => void; ledgers: Ledger[]; errors: Record<string, string[]>; field: string }) {
  return (
    <>
      <FormField id={id} label={`${label} (₹)`} hint={hint} error={errors[field]?.join(" ")}>
        <Input id={id} inputMode="decimal" value={amount} onChange={(e) => onAmount(e.target.value)} />
      </FormField>
      <FormField id={`${id}-account`} label={`${label} ledger`} error={errors[`${field}_account`]?.join(" ")}>
        <NativeSelect id={`${id}-account`} value={ledger} onChange={(e) => onLedger(e.target.value)}>
          <option value="">Choose an expense ledger…</option>
          {ledgers.map((a) => <option key={a.id} value={a.id}>{a.code} {a.name}</option>)}
        </NativeSelect>
      </FormField>
    </>
  );
}

/** A month's GST (ADR 0073): the output tax, input credit and reverse-charge tax at its end, the
 *  credit set off head by head in the law's order, the cash to pay; posting it writes one entry
 *  (Dr output tax, Cr input tax, Dr reverse-charge tax, Cr bank). Past months below, the latest
 *  cancellable. */
export function GstPaymentView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const canPay = useCan("invoicing.gst_payment.create");
  const canCancel = useCan("invoicing.gst_payment.delete");
  const months = pastMonths(today().slice(0, 7), 24);
  const month = params.get("month") ?? months[0]!;
  const [date, setDate] = useState(today());
  const preview = useQuery({ ...gstPaymentPreviewQuery(month, /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : ""), placeholderData: (previous) => previous });
  const list = useQuery(gstPaymentListQuery());
  // the interest and late fee of a late payment: the server's figures for the date unless the
  // user typed others
  const [interestTyped, setInterestTyped] = useState<string | null>(null);
  const [interestAccount, setInterestAccount] = useState("");
  const [feeTyped, setFeeTyped] = useState<string | null>(null);
  const [feeAccount, setFeeAccount] = useState("");
  const [account, setAccount] = useState("");
  const [reference, setReference] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState("");
  const p = preview.data;
  const paidFrom = account || (p?.paid_from[0] ? String(p.paid_from[0].id) : "");
  const interest = interestTyped ?? (p ? String(Number(p.interest)) : "0");
  const lateFee = feeTyped ?? (p ? String(Number(p.late_fee)) : "0");
  const late = !!p && p.days_late > 0;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["gst-payments"] });

  async function pay() {
    setErrors({});
    setFormError("");
    try {
      await gstPaymentCreate({
        month,
        date,
        account: Number(paidFrom),
        reference,
        ...(Number(interest) > 0 ? { interest, interest_account: interestAccount ? Number(interestAccount) : null } : {}),
        ...(Number(lateFee) > 0 ? { late_fee: lateFee, late_fee_account: feeAccount ? Number(feeAccount) : null } : {}),
      });
      toast.success(`GST of ${monthLabel(month)} set off and paid`);
      await refresh();
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.fields);
        setFormError(e.message);
      }
      throw e;
    }
  }

  return (
    <>
      <PageHeader title="GST payment" description="Set a month's output tax off against the input credit in the law's order, and pay the rest and the tax on reverse charge in cash." />
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <FormField id="gp-month" label="Return month">
          <NativeSelect id="gp-month" value={month} onChange={(e) => router.replace(`${pathname}?month=${e.target.value}`)}>
            {months.map((m) => <option key={m} value={m}>{monthLabel(m)}</option>)}
          </NativeSelect>
        </FormField>
      </div>
      {preview.isPending ? (
        <Skeleton className="h-64" />
      ) : preview.isError ? (
        <p role="alert" className="text-destructive">{preview.error.message}</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
          <Card>
            <CardHeader>
              <CardTitle>Set-off for {monthLabel(month)}</CardTitle>
              <CardDescription>Balances of the tax ledgers on {formatIsoDate(p!.month_end)}. IGST credit goes first to IGST, then to CGST and SGST; CGST and SGST credit pay their own head, then IGST, never each other; cess credit pays cess. Tax on reverse charge is paid in cash.</CardDescription>
            </CardHeader>
            <CardContent className="overflow-x-auto">
              <Table aria-label="GST set-off">
                <TableHeader><TableRow><TableHead />{HEADS.map(([key, label]) => <TableHead key={key} className="text-right">{label}</TableHead>)}</TableRow></TableHeader>
                <TableBody>
                  <Row label="Output tax" values={p!.liability} testId="gp-liability" />
                  <Row label="Input credit available" values={p!.credit} testId="gp-credit" />
                  {HEADS.filter(([key]) => Object.values(p!.used[key]).some((v) => Number(v) !== 0)).map(([key, label]) => (
                    <Row key={key} label={`Paid by ${label} credit`} values={p!.used[key]} testId={`gp-used-${key}`} />
                  ))}
                  <Row label="Output tax paid in cash" values={p!.cash} testId="gp-cash" />
                  <Row label="Tax on reverse charge, in cash" values={p!.reverse_charge} testId="gp-rcm" />
                  <Row label="Credit carried forward" values={p!.carried} testId="gp-carried" />
                </TableBody>
              </Table>
              <p className="mt-3 text-sm font-semibold" data-testid="gp-cash-total">Cash to pay: {formatMoney(p!.cash_total)}</p>
            </CardContent>
          </Card>
          <Card>
            <CardHeader><CardTitle>Pay</CardTitle></CardHeader>
            <CardContent className="grid gap-4">
              {p!.settled ? (
                <p className="text-sm" data-testid="gp-settled">{monthLabel(month)} is settled: the figures are those of its payment below.</p>
              ) : !canPay ? (
                <p className="text-sm text-muted-foreground">You cannot post GST payments.</p>
              ) : (
                <>
                  {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
                  <FormField id="gp-date" label="Date of payment" error={errors.date?.join(" ")} hint={`From ${formatIsoDate(dayAfter(p!.month_end))}; due by the 20th`}>
                    <DateInput id="gp-date" value={date} onChange={setDate} />
                  </FormField>
                  <FormField id="gp-account" label="Paid from" error={errors.account?.join(" ")}>
                    <NativeSelect id="gp-account" value={paidFrom} onChange={(e) => setAccount(e.target.value)}>
                      {p!.paid_from.map((a) => <option key={a.id} value={a.id}>{a.code} {a.name}</option>)}
                    </NativeSelect>
                  </FormField>
                  <FormField id="gp-reference" label="Challan CPIN / CIN" error={errors.reference?.join(" ")}>
                    <Input id="gp-reference" maxLength={40} value={reference} onChange={(e) => setReference(e.target.value)} />
                  </FormField>
                  <p className={late ? "text-sm text-amber-700 dark:text-amber-400" : "text-sm text-muted-foreground"} data-testid="gp-due">
                    Due on {formatIsoDate(p!.due_date)}{late ? `: ${p!.days_late} ${p!.days_late === 1 ? "day" : "days"} late, interest at 18% a year on the cash is ${formatMoney(p!.interest)}, late fee ${formatMoney(p!.late_fee)}` : ""}.
                  </p>
                  {(late || Number(interest) > 0) && (
                    <Charge id="gp-interest" label="Interest" amount={interest} onAmount={setInterestTyped} ledger={interestAccount} onLedger={setInterestAccount} ledgers={p!.expense} errors={errors} field="interest" />
                  )}
                  {(late || Number(lateFee) > 0) && (
                    <Charge id="gp-late-fee" label="Late fee" hint="CGST and SGST ₹25 a day each, capped by last year's turnover" amount={lateFee} onAmount={setFeeTyped} ledger={feeAccount} onLedger={setFeeAccount} ledgers={p!.expense} errors={errors} field="late_fee" />
                  )}
                  <ConfirmDialog
                    title={`Set off and pay ${monthLabel(month)}`}
                    description={`Posts one entry: the output tax cleared, the credit used, ${formatMoney(String(Number(p!.cash_total) + (Number(interest) || 0) + (Number(lateFee) || 0)))} from the bank.`}
                    confirmLabel="Post"
                    onConfirm={pay}
                    trigger={<Button data-testid="gp-post">Post set-off and payment</Button>}
                  />
                </>
              )}
            </CardContent>
          </Card>
        </div>
      )}
      <Card className="mt-4">
        <CardHeader><CardTitle>Payments</CardTitle></CardHeader>
        <CardContent className="overflow-x-auto">
          {list.data && list.data.results.length === 0 ? (
            <p className="text-sm text-muted-foreground">No month is settled yet.</p>
          ) : (
            <MonthRunsTable
              label="GST payments"
              runs={list.data?.results ?? []}
              rowTestId="gp-row"
              canCancel={canCancel}
              columns={[
                { header: "Date", cell: (x) => formatIsoDate(x.date) },
                { header: "Reference", cell: (x) => x.reference || "—" },
                { header: "Cash paid", numeric: true, cell: (x) => formatMoney(x.cash_total) },
              ]}
              cancel={{
                title: (month) => `Cancel the payment of ${month}`,
                description: "Its entry is reversed today and the month's tax is owed again.",
                confirmLabel: "Cancel payment",
                done: "Payment cancelled",
                run: (id) => gstPaymentCancel(id, {}),
                after: refresh,
              }}
            />
          )}
        </CardContent>
      </Card>
    </>
  );
}
