"use client";
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { BanknoteIcon, PlusIcon } from "lucide-react";
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
import { tdsChallanListQuery, type TdsChallan } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";
import { TDS_SECTIONS } from "../../payments/_components/payment-deductions";

/** Challans (ITNS 281) that deposited the TDS we deducted from vendors, newest first. */
export function ChallanList() {
  const state = useTableParams({ ordering: "-date", filters: ["status", "section", "date_from", "date_to"] });
  const canCreate = useCan("invoicing.tds_challan.create");
  const canExport = useCan("invoicing.tds_challan.export");
  const { data, isPending, error } = useQuery(tdsChallanListQuery(state.query as Record<string, string | number>));
  const filters: FilterDef[] = [
    { id: "section", label: "Section", type: "select", options: TDS_SECTIONS, allLabel: "All" },
    { id: "status", label: "Status", type: "select", options: [{ value: "posted", label: "Posted" }, { value: "cancelled", label: "Cancelled" }], allLabel: "All" },
    { id: "date_from", label: "From", type: "date" },
    { id: "date_to", label: "To", type: "date" },
  ];
  const columns = useMemo<ColumnDef<TdsChallan, unknown>[]>(
    () => [
      { id: "number", header: "Number", meta: { sortField: "number" }, cell: ({ row }) => <Link className="font-medium text-primary hover:underline" href={`/finance/tds-challans/${row.original.id}`}>{row.original.number}</Link> },
      { id: "date", header: "Deposited", meta: { sortField: "date" }, cell: ({ row }) => formatIsoDate(row.original.date) },
      { id: "section", header: "Section", cell: ({ row }) => row.original.section },
      { id: "bsr", header: "BSR code", meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.bsr_code },
      { id: "serial", header: "Serial", meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.serial_number },
      { id: "amount", header: "TDS", meta: { sortField: "tds_amount", className: "text-right tabular-nums" }, cell: ({ row }) => formatMoney(row.original.tds_amount) },
      { id: "total", header: "Paid", meta: { className: "hidden md:table-cell text-right tabular-nums" }, cell: ({ row }) => formatMoney(row.original.total) },
      { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status ?? "posted"} tones={{ posted: "success", cancelled: "danger" }} /> },
    ],
    [],
  );
  return (
    <>
      <PageHeader
        title="TDS challans"
        description="TDS deducted from vendors, deposited with the government through challan ITNS 281: by the 7th of the next month (30 April for March)."
        actions={<><Button asChild variant="outline"><Link href="/finance/reports/tds-26q">Quarterly return (26Q)</Link></Button>{canCreate && <Button asChild><Link href="/finance/tds-challans/new"><PlusIcon /> New challan</Link></Button>}</>}
      />
      <DataTable<TdsChallan>
        exportUrl={canExport ? "/api/v1/invoicing/tds/challans/export/" : undefined}
        label="TDS challans"
        columns={columns}
        data={data?.results}
        count={data?.count}
        isPending={isPending}
        error={error}
        state={state}
        getRowId={(c) => String(c.id)}
        searchPlaceholder="Number, BSR code, serial"
        filters={filters}
        rowTestId="challan-row"
        empty={<EmptyState icon={BanknoteIcon} title="No challans yet" description="Deposit the TDS you deducted from vendors: New challan." />}
      />
    </>
  );
}
