"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { formatIsoDate } from "@/components/fields/date-input";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { paymentCancel, paymentQuery } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";

export function PaymentView({ id }: { id: number }) {
  const query = useQuery(paymentQuery(id));
  const queryClient = useQueryClient();
  const canCancel = useCan("invoicing.payment.delete");
  if (query.isPending) return <Skeleton className="h-64" />;
  if (query.isError) return <p role="alert" className="text-destructive">{query.error.message}</p>;
  const p = query.data;
  return (
    <>
      <PageHeader
        title={p.number}
        description={`${p.kind === "receipt" ? "Receipt from" : "Payment to"} ${p.partner.name} · ${formatIsoDate(p.date)} · ${p.account.name}`}
        actions={
          <div className="flex items-center gap-2">
            <StatusBadge status={p.status ?? "posted"} tones={{ posted: "success", cancelled: "danger" }} />
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
        <CardHeader><CardTitle>{formatMoney(p.amount)} · {formatMoney(p.amount_unallocated)} unallocated</CardTitle></CardHeader>
        <CardContent>
          <Table aria-label="Allocations">
            <TableBody>
              {p.allocations.map((a) => (
                <TableRow key={a.id}>
                  <TableCell>{formatIsoDate(a.date)}</TableCell>
                  <TableCell><Link className="text-primary hover:underline" href={`/finance/${a.document_kind === "invoice" ? "invoices" : "bills"}/${a.document}`}>{a.document_number}</Link></TableCell>
                  <TableCell className="text-right tabular-nums">{formatMoney(a.amount)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </>
  );
}
