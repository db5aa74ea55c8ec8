"use client";
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { BookOpenIcon, PlusIcon } from "lucide-react";
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
import { companyQuery } from "@/lib/api/admin";
import { journalListQuery, type JournalEntry } from "@/lib/api/finance";
import { formatRate } from "@/lib/currency";
import { formatMoney } from "@/lib/decimal";

const STATUSES = [
  { value: "draft", label: "Draft" },
  { value: "posted", label: "Posted" },
  { value: "reversed", label: "Reversed" },
];

export function JournalList() {
  const state = useTableParams({ ordering: "-date", filters: ["status", "date_from", "date_to"] });
  const canCreate = useCan("finance.journal.create");
  const base = useQuery(companyQuery()).data?.base_currency ?? "INR";
  const { data, isPending, error } = useQuery(journalListQuery(state.query as Record<string, string | number>));
  const filters: FilterDef[] = [
    { id: "status", label: "Status", type: "select", options: STATUSES, allLabel: "All statuses" },
    { id: "date_from", label: "From", type: "date" },
    { id: "date_to", label: "To", type: "date" },
  ];
  const columns = useMemo<ColumnDef<JournalEntry, unknown>[]>(
    () => [
      { id: "date", header: "Date", meta: { sortField: "date", className: "whitespace-nowrap" }, cell: ({ row }) => formatIsoDate(row.original.date) },
      {
        id: "number",
        header: "Number",
        meta: { sortField: "number" },
        cell: ({ row }) => (
          <Link href={`/finance/journal/${row.original.id}`} className="font-medium hover:text-primary" data-testid="journal-link">
            {row.original.number || `Draft #${row.original.id}`}
          </Link>
        ),
      },
      { id: "narration", header: "Narration", meta: { className: "hidden md:table-cell text-muted-foreground" }, cell: ({ row }) => row.original.narration || "—" },
      {
        id: "total",
        header: "Amount",
        meta: { sortField: "total", className: "text-right tabular-nums" },
        cell: ({ row }) => (
          <>
            {formatMoney(row.original.total)}
            {row.original.currency && row.original.currency !== base && (
              <span className="block text-xs text-muted-foreground">
                {row.original.currency} at {formatRate(row.original.exchange_rate ?? "1")}
              </span>
            )}
          </>
        ),
      },
      { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status ?? "draft"} tones={{ reversed: "warning" }} /> },
    ],
    [base],
  );
  return (
    <>
      <PageHeader
        title="Journal entries"
        description="Drafts do not count until posted; a posted entry is corrected by reversing it."
        actions={
          canCreate ? (
            <Button asChild>
              <Link href="/finance/journal/new">
                <PlusIcon /> New entry
              </Link>
            </Button>
          ) : undefined
        }
      />
      <DataTable<JournalEntry>
        label="Journal entries"
        columns={columns}
        data={data?.results}
        count={data?.count}
        isPending={isPending}
        error={error}
        state={state}
        getRowId={(e) => String(e.id)}
        searchPlaceholder="Number or narration"
        filters={filters}
        rowTestId="journal-row"
        empty={<EmptyState icon={BookOpenIcon} title="No journal entries yet" description="Post one, or raise an invoice." />}
      />
    </>
  );
}
