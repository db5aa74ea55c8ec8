"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { Loader2Icon, PlusIcon, UploadIcon, UsersIcon } from "lucide-react";
import Link from "next/link";
import { useMemo, useRef, useState } from "react";
import { DataTable, type FilterDef } from "@/components/data-table/data-table";
import { useTableParams } from "@/components/data-table/use-table-params";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/api/errors";
import { partnerImport, partnerListQuery, type Partner } from "@/lib/api/invoicing";
import { formatMoney } from "@/lib/decimal";

export function PartnerList() {
  const state = useTableParams({ ordering: "name", filters: ["role", "is_active"] });
  const canCreate = useCan("partners.partner.create");
  const canExport = useCan("partners.partner.export");
  const queryClient = useQueryClient();
  const file = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState(false);
  const [importErrors, setImportErrors] = useState<Record<string, string[]>>({});
  const { data, isPending, error } = useQuery(partnerListQuery(state.query as Record<string, string | number>));
  const filters: FilterDef[] = [
    { id: "role", label: "Role", type: "select", options: [{ value: "customer", label: "Customers" }, { value: "vendor", label: "Vendors" }], allLabel: "Customers and vendors" },
    { id: "is_active", label: "Active", type: "select", options: [{ value: "true", label: "Active" }, { value: "false", label: "Inactive" }], allLabel: "All" },
  ];
  const columns = useMemo<ColumnDef<Partner, unknown>[]>(
    () => [
      { id: "code", header: "Code", meta: { sortField: "code", className: "whitespace-nowrap" }, cell: ({ row }) => row.original.code },
      { id: "name", header: "Name", meta: { sortField: "name" }, cell: ({ row }) => <Link className="font-medium text-primary hover:underline" href={`/partners/${row.original.id}`}>{row.original.name}</Link> },
      { id: "gstin", header: "GSTIN", meta: { className: "hidden md:table-cell font-mono text-xs" }, cell: ({ row }) => row.original.gstin || "—" },
      { id: "state", header: "State", meta: { className: "hidden lg:table-cell" }, cell: ({ row }) => row.original.state_name || "—" },
      { id: "role", header: "Role", cell: ({ row }) => <div className="flex gap-1">{row.original.is_customer && <Badge variant="secondary">Customer</Badge>}{row.original.is_vendor && <Badge variant="outline">Vendor</Badge>}</div> },
      { id: "credit_limit", header: "Credit limit", meta: { sortField: "credit_limit", className: "hidden lg:table-cell text-right tabular-nums" }, cell: ({ row }) => formatMoney(row.original.credit_limit) },
    ],
    [],
  );
  async function onImport(f: File | undefined) {
    if (!f) return;
    setImporting(true);
    setImportErrors({});
    try {
      const result = await partnerImport(f);
      toast.success(`Imported ${result.created} partners`);
      await queryClient.invalidateQueries({ queryKey: ["partners"] });
    } catch (e) {
      if (e instanceof ApiError) {
        setImportErrors(e.fields);
        toast.error(e.message);
      }
    } finally {
      setImporting(false);
      if (file.current) file.current.value = "";
    }
  }
  return (
    <>
      <PageHeader
        title="Partners"
        description="Customers and vendors in one list. Import from Excel in the export's layout: every row is checked and nothing is imported if any row is wrong."
        actions={
          canCreate && (
            <div className="flex gap-2">
              <input ref={file} type="file" accept=".xlsx" className="hidden" aria-label="Excel file to import" onChange={(e) => onImport(e.target.files?.[0])} />
              <Button variant="outline" onClick={() => file.current?.click()} disabled={importing}>{importing ? <Loader2Icon className="animate-spin" /> : <UploadIcon />} Import</Button>
              <Button asChild><Link href="/partners/new"><PlusIcon /> New partner</Link></Button>
            </div>
          )
        }
      />
      {Object.keys(importErrors).length > 0 && (
        <div role="alert" className="mb-4 rounded-md bg-destructive/10 p-3 text-sm text-destructive">
          <p className="font-medium">Nothing was imported. Fix these rows and try again:</p>
          <ul className="mt-1 list-disc pl-5">
            {Object.entries(importErrors).map(([k, v]) => <li key={k}>{k.replace(/^rows\.(\d+)\./, "Row $1, ")}: {v.join(" ")}</li>)}
          </ul>
        </div>
      )}
      <DataTable<Partner>
        label="Partners"
        columns={columns}
        data={data?.results}
        count={data?.count}
        isPending={isPending}
        error={error}
        state={state}
        getRowId={(p) => String(p.id)}
        searchPlaceholder="Name, GSTIN or code"
        filters={filters}
        exportUrl={canExport ? "/api/v1/partners/export/" : undefined}
        rowTestId="partner-row"
        empty={<EmptyState icon={UsersIcon} title="No partners yet" description="Add your customers and vendors, or import them from Excel." />}
      />
    </>
  );
}
