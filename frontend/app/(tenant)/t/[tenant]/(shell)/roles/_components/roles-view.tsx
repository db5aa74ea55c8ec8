"use client";
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { LockIcon, PlusIcon, ShieldIcon } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useTableParams } from "@/components/data-table/use-table-params";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { roleListQuery, type Role } from "@/lib/api/admin";
import { formatNumber } from "@/lib/decimal";

export function RolesView() {
  const state = useTableParams({ ordering: "name", filters: ["is_builtin"] });
  const canCreate = useCan("access.role.create");
  const { data, isPending, error } = useQuery(roleListQuery(state.query));
  const columns = useMemo<ColumnDef<Role, unknown>[]>(
    () => [
      {
        id: "name",
        header: "Role",
        meta: { sortField: "name" },
        cell: ({ row: { original: r } }) => (
          <Link href={`/roles/${r.id}`} className="group flex items-center gap-2 font-medium hover:text-primary">
            {r.is_builtin ? <LockIcon className="size-3.5 text-muted-foreground" aria-label="Built-in" /> : <ShieldIcon className="size-3.5 text-primary" aria-hidden />}
            <span className="group-hover:underline">{r.name}</span>
          </Link>
        ),
      },
      { id: "description", header: "Description", meta: { className: "hidden md:table-cell text-muted-foreground max-w-md" }, cell: ({ row }) => <span className="line-clamp-2">{row.original.description || "—"}</span> },
      { id: "kind", header: "Type", meta: { sortField: "is_builtin" }, cell: ({ row }) => (row.original.is_builtin ? <Badge variant="secondary">Built-in</Badge> : <Badge>Custom</Badge>) },
      { id: "permissions", header: "Permissions", meta: { className: "text-right tabular-nums hidden sm:table-cell" }, cell: ({ row }) => formatNumber(row.original.permissions?.length ?? 0) },
      { id: "members", header: "Members", meta: { className: "text-right tabular-nums" }, cell: ({ row }) => formatNumber(row.original.member_count) },
    ],
    [],
  );
  return (
    <>
      <PageHeader
        title="Roles"
        description="A role is a set of permissions. Members get the sum of their roles. Built-in roles are kept up to date by us and cannot be edited."
        actions={canCreate ? <Button asChild><Link href="/roles/new"><PlusIcon /> New role</Link></Button> : null}
      />
      <DataTable<Role>
        label="Roles"
        columns={columns}
        data={data?.results}
        count={data?.count}
        isPending={isPending}
        error={error}
        state={state}
        getRowId={(r) => String(r.id)}
        searchPlaceholder="Search roles"
        filters={[{ id: "is_builtin", label: "Type", type: "select", options: [{ value: "true", label: "Built-in" }, { value: "false", label: "Custom" }] }]}
        rowTestId="role-row"
        empty={<EmptyState icon={ShieldIcon} title="No roles" />}
      />
    </>
  );
}
