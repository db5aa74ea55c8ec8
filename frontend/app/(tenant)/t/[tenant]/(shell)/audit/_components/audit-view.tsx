"use client";
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { ScrollTextIcon } from "lucide-react";
import { useMemo } from "react";
import { DataTable, type FilterDef } from "@/components/data-table/data-table";
import { useTableParams } from "@/components/data-table/use-table-params";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { auditListQuery, type AuditEvent } from "@/lib/api/admin";

const when = new Intl.DateTimeFormat("en-IN", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });

const AREAS = [
  { value: "access.", label: "Users and roles" },
  { value: "apitokens.", label: "API tokens" },
  { value: "core.", label: "Company" },
  { value: "auth.", label: "Sign-ins" },
];

/** The page's date filters are whole days (inclusive); the API's `to` is an exclusive instant. */
function apiQuery(filters: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters)) {
    if (k === "from_date") out.from = v;
    else if (k === "to_date") {
      const d = new Date(`${v}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 1);
      out.to = d.toISOString().slice(0, 10);
    } else out[k] = v;
  }
  return out;
}

export function AuditView() {
  const state = useTableParams({ ordering: "-occurred_at", filters: ["actor_email", "action_prefix", "from_date", "to_date"] });
  const canExport = useCan("audit.event.export");
  const query = useMemo(() => {
    const { from_date: _f, to_date: _t, ...rest } = state.query;
    return { ...rest, ...apiQuery(state.filters) } as Record<string, string | number>;
  }, [state.query, state.filters]);
  const exportQuery = useMemo(() => {
    const { page: _p, page_size: _s, ...rest } = query;
    return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)]));
  }, [query]);
  const { data, isPending, error } = useQuery(auditListQuery(query));

  const filters: FilterDef[] = [
    { id: "actor_email", label: "Actor e-mail", type: "text", placeholder: "name@company.in" },
    { id: "action_prefix", label: "Area", type: "select", options: AREAS, allLabel: "All areas" },
    { id: "from_date", label: "From", type: "date" },
    { id: "to_date", label: "To", type: "date" },
  ];
  const columns = useMemo<ColumnDef<AuditEvent, unknown>[]>(
    () => [
      { id: "occurred_at", header: "When", meta: { sortField: "occurred_at", className: "whitespace-nowrap text-muted-foreground" }, cell: ({ row }) => when.format(new Date(row.original.occurred_at)) },
      { id: "actor_email", header: "Actor", meta: { sortField: "actor_email" }, cell: ({ row }) => row.original.actor_email || <span className="text-muted-foreground">System</span> },
      { id: "action", header: "Action", meta: { sortField: "action" }, cell: ({ row }) => <code className="rounded bg-muted px-1.5 py-0.5 text-xs">{row.original.action}</code> },
      { id: "target", header: "Target", meta: { sortField: "target_type", className: "hidden md:table-cell text-muted-foreground" }, cell: ({ row }) => (row.original.target_type ? `${row.original.target_type}${row.original.target_id ? ` #${row.original.target_id}` : ""}` : "—") },
      { id: "ip", header: "IP", meta: { className: "hidden lg:table-cell text-muted-foreground tabular-nums" }, cell: ({ row }) => row.original.ip ?? "—" },
    ],
    [],
  );
  return (
    <>
      <PageHeader title="Audit log" description="Who did what, and when. Entries cannot be changed or deleted." />
      <DataTable<AuditEvent>
        label="Audit events"
        columns={columns}
        data={data?.results}
        count={data?.count}
        isPending={isPending}
        error={error}
        state={state}
        getRowId={(e) => String(e.id)}
        filters={filters}
        exportUrl={canExport ? "/api/v1/audit/events/export/" : undefined}
        exportQuery={exportQuery}
        rowTestId="audit-row"
        empty={<EmptyState icon={ScrollTextIcon} title="Nothing recorded yet" />}
      />
    </>
  );
}
