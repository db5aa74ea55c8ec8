"use client";
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { PlusIcon, WalletIcon } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { DataTable, type FilterDef } from "@/components/data-table/data-table";
import { useTableParams } from "@/components/data-table/use-table-params";
import { EmptyState } from "@/components/empty-state";
import { formatIsoDate } from "@/components/fields/date-input";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { paymentListQuery, type Payment } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";

export function PaymentList() {
  const state = useTableParams({ ordering: "-date", filters: ["kind", "status", "date_from", "date_to"] });
  const canCreate = useCan("invoicing.payment.create");
  const canExport = useCan("invoicing.payment.export");
  const { data, isPending, error } = useQuery(paymentListQuery(state.query as Record<string, string | number>));
  const filters: FilterDef[] = [
    { id: "kind", label: "Type", type: "select", options: [{ value: "receipt", label: "Receipts" }, { value: "payment", label: "Payments" }], allLabel: "Both" },
    { id: "status", label: "Status", type: "select", options: [{ value: "posted", label: "Posted" }, { value: "cancelled", label: "Cancelled" }], allLabel: "All" },
    { id: "date_from", label: "From", type: "date" },
    { id: "date_to", label: "To", type: "date" },
  ];
  const columns = useMemo<ColumnDef<Payment, unknown>[]>(
    () => [
      { id: "number", header: "Number", meta: { sortField: "number" }, cell: ({ row }) => <Link className="font-medium text-primary hover:underline" href={`/finance/payments/${row.original.id}`}>{row.original.number}</Link> },
      { id: "date", header: "Date", meta: { sortField: "date" }, cell: ({ row }) => formatIsoDate(row.original.date) },
      { id: "kind", header: "Type", cell: ({ row }) => (row.original.kind === "receipt" ? "Receipt" : "Payment") },
      { id: "party", header: "Party", cell: ({ row }) => row.original.partner.name },
      { id: "account", header: "Account", meta: { className: "hidden md:table-cell" }, cell: ({ row }) => row.original.account.name },
      { id: "amount", header: "Amount", meta: { sortField: "amount", className: "text-right tabular-nums" }, cell: ({ row }) => formatMoney(row.original.amount) },
      { id: "deductions", header: "Deductions", meta: { className: "hidden lg:table-cell text-right tabular-nums" }, cell: ({ row }) => (Number(row.original.deductions_total ?? 0) ? formatMoney(row.original.deductions_total) : "—") },
      { id: "unallocated", header: "Unallocated", meta: { className: "hidden lg:table-cell text-right tabular-nums" }, cell: ({ row }) => formatMoney(row.original.amount_unallocated) },
      { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status ?? "posted"} tones={{ posted: "success", cancelled: "danger" }} /> },
    ],
    [],
  );
  return (
    <>
      <PageHeader
        title="Payments"
        description="Money received from customers and paid to vendors, allocated to invoices and bills. What is not allocated stays on the party as an advance."
        actions={canCreate && <Button asChild><Link href="/finance/payments/new"><PlusIcon /> Record payment</Link></Button>}
      />
      <DataTable<Payment>
        label="Payments"
        columns={columns}
        data={data?.results}
        count={data?.count}
        isPending={isPending}
        error={error}
        state={state}
        getRowId={(p) => String(p.id)}
        searchPlaceholder="Number, reference, party"
        filters={filters}
        exportUrl={canExport ? "/api/v1/invoicing/payments/export/" : undefined}
        rowTestId="payment-row"
        empty={<EmptyState icon={WalletIcon} title="No payments yet" />}
      />
    </>
  );
}
