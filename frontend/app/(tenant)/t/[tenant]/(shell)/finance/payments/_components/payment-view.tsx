"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { DownloadIcon, Loader2Icon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { formatIsoDate } from "@/components/fields/date-input";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { documentEmailsQuery, paymentCancel, paymentPdf, paymentQuery } from "@/lib/api/invoicing";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";
import { BASE_CURRENCY, formatCurrency, formatRate } from "@/lib/currency";
import { DocumentEmailDialog, EmailHistory } from "../../_components/email-dialog";
import { ExchangeEntry, ExchangeGain } from "../../_components/exchange";
import { sectionLabel } from "./payment-deductions";

export function PaymentView({ id }: { id: number }) {
  const query = useQuery(paymentQuery(id));
  const queryClient = useQueryClient();
  const canCancel = useCan("invoicing.payment.delete");
  const canSend = useCan("invoicing.payment.send");
  const [downloading, setDownloading] = useState(false);
  if (query.isPending) return <Skeleton className="h-64" />;
  if (query.isError) return <p role="alert" className="text-destructive">{query.error.message}</p>;
  const p = query.data;
  const foreign = p.currency !== BASE_CURRENCY;
  const showExchange = foreign || p.allocations.some((a) => Number(a.exchange_gain) !== 0);
  // live allocations only: a cancelled payment's differences were reversed with it
  const deducted = p.deductions.length > 0;
  const moved = p.kind === "receipt" ? "received" : "paid";
  async function pdf() {
    setDownloading(true);
    try {
      toast.success(`Downloaded ${await paymentPdf(p.id)}`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "The PDF could not be made.");
    } finally {
      setDownloading(false);
    }
  }
  const realised = p.allocations.filter((a) => !a.reversed_on).reduce((sum, a) => sum + (parseDecimal(a.exchange_gain, 2) ?? 0n), 0n);
  return (
    <>
      <PageHeader
        title={p.number}
        description={`${p.kind === "receipt" ? "Receipt from" : "Payment to"} ${p.partner.name} · ${formatIsoDate(p.date)} · ${p.account.name}`}
        actions={
          <div className="flex items-center gap-2">
            <StatusBadge status={p.status ?? "posted"} tones={{ posted: "success", cancelled: "danger" }} />
            <Button variant="outline" onClick={pdf} disabled={downloading}>
              {downloading ? <Loader2Icon className="animate-spin" /> : <DownloadIcon />} PDF
            </Button>
            {canSend && <DocumentEmailDialog family="payments" id={p.id} number={p.number} partyName={p.partner.name} />}
            {p.status === "posted" && canCancel && (
              <ConfirmDialog
                title={`Cancel ${p.number}?`}
                description="Its journal entry is reversed and the documents it paid reopen."
                confirmLabel="Cancel payment"
                destructive
                onConfirm={async () => { await paymentCancel(p.id); await queryClient.invalidateQueries(); toast.success(`${p.number} cancelled`); }}
                trigger={<Button variant="outline">Cancel</Button>}
              />
            )}
          </div>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle data-testid="payment-amount">
            {formatCurrency(p.amount, p.currency)}
            {foreign && <> at ₹{formatRate(p.exchange_rate)} = {formatMoney(p.amount_base)}</>}
            {deducted && <> {moved}</>}
            {p.status !== "cancelled" && <>{" · "}{formatCurrency(p.amount_unallocated, p.currency)} unallocated</>}
          </CardTitle>
          {deducted && (
            <p className="text-sm" data-testid="payment-settles">
              Settles {formatCurrency(p.settled_amount, p.currency)}
              <span className="text-muted-foreground"> ({moved} {formatCurrency(p.amount, p.currency)} + deductions {formatCurrency(p.deductions_total, p.currency)})</span>
              {foreign && <span className="text-muted-foreground"> = {formatMoney(p.settled_base)}</span>}
            </p>
          )}
        </CardHeader>
        <CardContent className="grid gap-6">
          {deducted && (
            <div>
              <h3 className="mb-2 text-sm font-medium">Deductions</h3>
              <Table aria-label="Deductions">
                <TableHeader>
                  <TableRow>
                    <TableHead>Account</TableHead>
                    <TableHead>TDS section</TableHead>
                    <TableHead className="text-right" title="What the TDS was deducted on: the value without GST">TDS on (₹)</TableHead>
                    <TableHead>Description</TableHead>
                    <TableHead className="text-right">Amount</TableHead>
                    {foreign && <TableHead className="text-right">In ₹</TableHead>}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {p.deductions.map((d) => (
                    <TableRow key={d.id} data-testid="deduction-row">
                      <TableCell>{d.account.code} · {d.account.name}</TableCell>
                      <TableCell>{d.tds_section ? sectionLabel(d.tds_section) : "—"}</TableCell>
                      <TableCell className="text-right tabular-nums" data-testid="tds-base">{d.tds_base ? formatMoney(d.tds_base) : "—"}</TableCell>
                      <TableCell>{d.description || "—"}{d.cost_centre_name && <span className="block text-xs text-muted-foreground" data-testid="deduction-cost-centre">Cost centre {d.cost_centre_name}</span>}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatCurrency(d.amount, p.currency)}</TableCell>
                      {foreign && <TableCell className="text-right tabular-nums">{formatMoney(d.amount_base)}</TableCell>}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <p className="mt-2 text-xs text-muted-foreground">
                {p.kind === "receipt"
                  ? "Kept back by the customer: the receipt's journal entry debits each account and credits the customer with the settled amount."
                  : "Kept back from the vendor: the payment's journal entry credits each account and debits the vendor with the settled amount."}
                {p.journal_entry && <> <Link className="text-primary hover:underline" href={`/finance/journal/${p.journal_entry}`}>View the entry</Link>.</>}
              </p>
            </div>
          )}
          <div>
          {p.allocations.length === 0 ? (
            <p className="text-sm text-muted-foreground">Not allocated: the whole amount is held as an advance on the party.</p>
          ) : (
            <Table aria-label="Allocations">
              <TableHeader>
                <TableRow>
                  <TableHead>Date</TableHead>
                  <TableHead>Document</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                  {showExchange && (
                    <>
                      <TableHead className="text-right">Booked at</TableHead>
                      <TableHead className="text-right">Cleared (₹)</TableHead>
                      <TableHead className="text-right">{p.kind === "receipt" ? "Received" : "Paid"} (₹)</TableHead>
                      <TableHead className="text-right">Exchange gain/loss</TableHead>
                      <TableHead>Entry</TableHead>
                    </>
                  )}
                </TableRow>
              </TableHeader>
              <TableBody>
                {p.allocations.map((a) => (
                  <TableRow key={a.id} data-testid="allocation-row" className={a.reversed_on ? "text-muted-foreground" : ""}>
                    <TableCell>{formatIsoDate(a.date)}</TableCell>
                    <TableCell>
                      <Link className="text-primary hover:underline" href={`/finance/${a.document_kind === "invoice" ? "invoices" : "bills"}/${a.document}`}>{a.document_number}</Link>
                      {a.reversed_on && <span className="ml-2 text-xs">(reversed {formatIsoDate(a.reversed_on)})</span>}
                    </TableCell>
                    <TableCell className={`text-right tabular-nums ${a.reversed_on ? "line-through" : ""}`}>{formatCurrency(a.amount, p.currency)}</TableCell>
                    {showExchange && (
                      <>
                        <TableCell className="text-right tabular-nums">₹{formatRate(a.document_exchange_rate)}</TableCell>
                        <TableCell className="text-right tabular-nums">{formatMoney(a.amount_base)}</TableCell>
                        <TableCell className="text-right tabular-nums">{formatMoney(a.source_amount_base)}</TableCell>
                        <TableCell className={`text-right ${a.reversed_on ? "line-through" : ""}`}><ExchangeGain value={a.exchange_gain} testId="exchange-gain" /></TableCell>
                        <TableCell><ExchangeEntry entry={a.exchange_entry} number={a.exchange_entry_number} reversal={a.exchange_reversal} reversedOn={a.reversed_on} /></TableCell>
                      </>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {showExchange && (
            <p className="mt-3 text-sm" data-testid="exchange-total">
              {p.status === "cancelled" ? (
                <span className="text-muted-foreground">Cancelled: its exchange differences were reversed with it.</span>
              ) : (
                <>
                  Realised exchange {realised >= 0n ? "gain" : "loss"}: <ExchangeGain value={formatDecimal(realised, 2)} />
                  <span className="text-muted-foreground"> · posted to the exchange gain/loss account; the amount cleared is the document&apos;s booked rupees, the amount {p.kind === "receipt" ? "received" : "paid"} this payment&apos;s.</span>
                </>
              )}
            </p>
          )}
          </div>
        </CardContent>
      </Card>
      <div className="mt-6 grid lg:grid-cols-3">
        <EmailHistory query={documentEmailsQuery("payments", p.id)} />
      </div>
    </>
  );
}
