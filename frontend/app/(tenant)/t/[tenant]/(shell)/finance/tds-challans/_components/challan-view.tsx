"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { tdsChallanCancel, tdsChallanQuery } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";
import { today } from "@/lib/dates";
import { sectionLabel } from "../../payments/_components/payment-deductions";

/** A challan: the bank's receipt (BSR code, serial, date), the amounts, the deductions it
 *  deposited, its journal entry, and Cancel (reverses the entry; the deductions are pending
 *  again). */
export function ChallanView({ id }: { id: number }) {
  const query = useQuery(tdsChallanQuery(id));
  const queryClient = useQueryClient();
  const canCancel = useCan("invoicing.tds_challan.delete");
  const [cancelDate, setCancelDate] = useState(today());
  if (query.isPending) return <Skeleton className="h-64" />;
  if (query.isError) return <p role="alert" className="text-destructive">{query.error.message}</p>;
  const c = query.data;
  const facts: [string, React.ReactNode][] = [
    ["Section", sectionLabel(c.section)],
    ["Date of deposit", formatIsoDate(c.date)],
    ["BSR code", <span key="bsr" className="font-mono">{c.bsr_code}</span>],
    ["Challan serial", <span key="serial" className="font-mono">{c.serial_number}</span>],
    ["Paid from", `${c.account.code} · ${c.account.name}`],
    ["TDS", formatMoney(c.tds_amount)],
    ["Interest", Number(c.interest) ? `${formatMoney(c.interest)} → ${c.interest_account?.name ?? ""}` : "—"],
    ["Late fee", Number(c.late_fee) ? `${formatMoney(c.late_fee)} → ${c.late_fee_account?.name ?? ""}` : "—"],
    ["Paid", formatMoney(c.total)],
    ["Journal entry", c.journal_entry ? <Link key="je" className="text-primary hover:underline" href={`/finance/journal/${c.journal_entry}`}>{c.journal_entry_number ?? "View"}</Link> : "—"],
  ];
  return (
    <>
      <PageHeader
        title={c.number}
        description={`TDS ${c.section} deposited on ${formatIsoDate(c.date)} · BSR ${c.bsr_code} · serial ${c.serial_number}`}
        actions={
          <div className="flex items-center gap-2">
            <StatusBadge status={c.status ?? "posted"} tones={{ posted: "success", cancelled: "danger" }} />
            {c.status === "posted" && canCancel && (
              <ConfirmDialog
                title={`Cancel ${c.number}?`}
                description="Its journal entry is reversed on the date below and its deductions are pending again."
                confirmLabel="Cancel challan"
                destructive
                onConfirm={async () => { await tdsChallanCancel(c.id, { date: cancelDate }); await queryClient.invalidateQueries(); toast.success(`${c.number} cancelled`); }}
                trigger={<Button variant="outline">Cancel</Button>}
              >
                <FormField id="cancel-date" label="Reversal date"><DateInput id="cancel-date" value={cancelDate} onChange={setCancelDate} /></FormField>
              </ConfirmDialog>
            )}
          </div>
        }
      />
      <div className="grid gap-4">
        <Card>
          <CardContent className="pt-6">
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
              {facts.map(([label, value]) => (
                <div key={label}><dt className="text-muted-foreground">{label}</dt><dd className="font-medium">{value}</dd></div>
              ))}
            </dl>
            {c.status === "cancelled" && (
              <p className="mt-4 text-sm text-muted-foreground">Cancelled on {c.cancel_date ? formatIsoDate(c.cancel_date) : "—"}{c.cancel_reason && `: ${c.cancel_reason}`}. Its deductions were released and can go into another challan.</p>
            )}
          </CardContent>
        </Card>
        {c.status === "posted" && (
          <Card>
            <CardHeader><CardTitle>Deductions deposited ({c.deductions.length})</CardTitle></CardHeader>
            <CardContent className="overflow-x-auto">
              <Table aria-label="Deductions deposited">
                <TableHeader>
                  <TableRow><TableHead>Vendor</TableHead><TableHead>PAN</TableHead><TableHead>Payment</TableHead><TableHead>Date</TableHead><TableHead className="text-right">TDS</TableHead></TableRow>
                </TableHeader>
                <TableBody>
                  {c.deductions.map((d) => (
                    <TableRow key={d.id} data-testid="challan-deduction">
                      <TableCell>{d.partner.name}</TableCell>
                      <TableCell className="font-mono text-xs">{d.partner.pan || "—"}</TableCell>
                      <TableCell><Link className="text-primary hover:underline" href={`/finance/payments/${d.payment_id}`}>{d.payment_number}</Link></TableCell>
                      <TableCell>{formatIsoDate(d.payment_date)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(d.amount)}</TableCell>
                    </TableRow>
                  ))}
                  <TableRow className="font-semibold"><TableCell colSpan={4}>Total</TableCell><TableCell className="text-right tabular-nums">{formatMoney(c.tds_amount)}</TableCell></TableRow>
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        )}
      </div>
    </>
  );
}
