"use client";
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { FileTextIcon, PlusIcon } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { DataTable, type FilterDef } from "@/components/data-table/data-table";
import { useTableParams } from "@/components/data-table/use-table-params";
import { EmptyState } from "@/components/empty-state";
import { formatIsoDate } from "@/components/fields/date-input";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { costCentreListQuery } from "@/lib/api/finance";
import { documentListQuery, type DocumentFamily, type DocumentSummary } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";
import { EInvoiceBulkActions, useEInvoicing } from "./einvoice-card";
import { FAMILIES, STATUS_OPTIONS, STATUS_TONES } from "./families";
import { treeLabel, treeOrder } from "./tree";

export function DocumentList({ family }: { family: DocumentFamily }) {
  const config = FAMILIES[family];
  const state = useTableParams({ ordering: "-date", filters: ["status", "date_from", "date_to", "is_opening", "einvoice", "cost_centre", ...(family === "notes" ? ["kind"] : [])] });
  // e-invoicing (ADR 0062): its filter and bulk file on the customer side, once switched on
  const einvoicing = useEInvoicing() && (family === "invoices" || family === "notes");
  const canCreate = useCan(`invoicing.${config.resource}.create`);
  const canExport = useCan(`invoicing.${config.resource}.export`);
  const { data, isPending, error } = useQuery(documentListQuery(family, state.query as Record<string, string | number>));
  // a job's documents (ADR 0069): those with a line on the cost centre or one under it
  const canSeeCentres = useCan("finance.account.view");
  const centres = useQuery({ ...costCentreListQuery(), enabled: canSeeCentres });
  const centreOptions = treeOrder(centres.data ?? []).map(({ node, depth }) => ({ value: String(node.id), label: treeLabel(node, depth) }));
  const filters: FilterDef[] = [
    { id: "status", label: "Status", type: "select", options: STATUS_OPTIONS, allLabel: "All statuses" },
    ...(family === "notes"
      ? [{ id: "kind", label: "Type", type: "select" as const, options: [{ value: "credit_note", label: "Credit notes" }, { value: "debit_note", label: "Debit notes" }], allLabel: "Both" }]
      : []),
    ...(family === "notes"
      ? []
      : [{ id: "is_opening", label: "Opening", type: "select" as const, options: [{ value: "true", label: "Opening balances" }, { value: "false", label: "Regular" }], allLabel: "Opening and regular" }]),
    ...(einvoicing
      ? [{ id: "einvoice", label: "e-Invoice", type: "select" as const, options: [{ value: "pending", label: "Waiting for an IRN" }, { value: "registered", label: "IRN recorded" }, { value: "cancelled", label: "IRN cancelled" }], allLabel: "Any e-invoice state" }]
      : []),
    ...(centreOptions.length ? [{ id: "cost_centre", label: "Cost centre", type: "select" as const, options: centreOptions, allLabel: "Any cost centre" }] : []),
    { id: "date_from", label: "From", type: "date" },
    { id: "date_to", label: "To", type: "date" },
  ];
  const columns = useMemo<ColumnDef<DocumentSummary, unknown>[]>(
    () => [
      {
        id: "number",
        header: "Number",
        meta: { sortField: "number" },
        cell: ({ row }) => (
          <>
            <Link href={`${config.href}/${row.original.id}`} className="font-medium text-primary hover:underline">
              {row.original.number || `Draft #${row.original.id}`}
            </Link>
            {row.original.is_opening && <Badge variant="secondary" className="ml-2">Opening</Badge>}
          </>
        ),
      },
      { id: "date", header: "Date", meta: { sortField: "date", className: "whitespace-nowrap" }, cell: ({ row }) => formatIsoDate(row.original.date) },
      { id: "party", header: "Party", cell: ({ row }) => row.original.party_name || row.original.partner.name },
      ...(family === "notes" ? [{ id: "kind", header: "Type", cell: ({ row }: { row: { original: DocumentSummary } }) => (row.original.kind === "credit_note" ? "Credit note" : "Debit note") }] : []),
      { id: "due_date", header: "Due", meta: { sortField: "due_date", className: "hidden md:table-cell whitespace-nowrap" }, cell: ({ row }) => (row.original.due_date ? formatIsoDate(row.original.due_date) : "—") },
      { id: "total", header: "Total", meta: { sortField: "total", className: "text-right tabular-nums" }, cell: ({ row }) => formatMoney(row.original.total, { symbol: row.original.currency === "INR" }) },
      { id: "open", header: "Open", meta: { className: "hidden lg:table-cell text-right tabular-nums" }, cell: ({ row }) => (row.original.status === "draft" ? "—" : formatMoney(row.original.amount_open)) },
      { id: "status", header: "Status", meta: { sortField: "status" }, cell: ({ row }) => <StatusBadge status={row.original.status ?? "draft"} tones={STATUS_TONES} /> },
    ],
    [config.href, family],
  );
  return (
    <>
      <PageHeader
        title={config.title}
        description={config.description}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {einvoicing && <EInvoiceBulkActions family={family as "invoices" | "notes"} query={state.query as Record<string, string | number>} />}
            {canCreate && (
              <Button asChild>
                <Link href={`${config.href}/new`}>
                  <PlusIcon /> New {config.singular.toLowerCase()}
                </Link>
              </Button>
            )}
          </div>
        }
      />
      <DataTable<DocumentSummary>
        label={config.title}
        columns={columns}
        data={data?.results}
        count={data?.count}
        isPending={isPending}
        error={error}
        state={state}
        getRowId={(d) => String(d.id)}
        searchPlaceholder="Number, party, GSTIN"
        filters={filters}
        exportUrl={canExport ? `/api/v1/invoicing/${family}/export/` : undefined}
        rowTestId="document-row"
        empty={<EmptyState icon={FileTextIcon} title={`No ${config.title.toLowerCase()} yet`} />}
      />
    </>
  );
}
