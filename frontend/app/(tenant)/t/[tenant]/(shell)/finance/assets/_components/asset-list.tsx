"use client";
import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { FactoryIcon, PlusIcon, TrendingDownIcon, UploadIcon } from "lucide-react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { DataTable, type FilterDef } from "@/components/data-table/data-table";
import { useTableParams } from "@/components/data-table/use-table-params";
import { EmptyState } from "@/components/empty-state";
import { formatIsoDate } from "@/components/fields/date-input";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { ASSET_EXPORT, assetCategoryListQuery, assetListQuery, type AssetSummary } from "@/lib/api/assets";
import { formatMoney } from "@/lib/decimal";
import { AssetForm, type AssetFormInitial } from "./asset-form";
import { AssetImportDialog } from "./asset-import";
import { ASSET_STATUS_LABELS } from "./asset-format";

/** The register: assets by number (newest first), filtered by status and category in the URL,
 *  searched by number or name; "Register asset" opens the form, "Import" brings in an existing
 *  register from Excel; the current filter exports to Excel or CSV. */
export function AssetList() {
  const state = useTableParams({ ordering: "-number", filters: ["status", "category"] });
  const canCreate = useCan("assets.asset.create");
  const canDepreciate = useCan("assets.depreciation.view");
  const canExport = useCan("assets.asset.export");
  const categories = useQuery(assetCategoryListQuery());
  const { data, isPending, error } = useQuery(assetListQuery(state.query));
  // a posted bill's line on a fixed asset ledger links here with what it capitalised
  const params = useSearchParams();
  const router = useRouter();
  const fromBill = params.get("register");
  const [registering, setRegistering] = useState(fromBill !== null);
  const [importing, setImporting] = useState(false);
  const initial = useMemo<AssetFormInitial | undefined>(() => {
    if (!fromBill) return undefined;
    const bill = Number(fromBill);
    return {
      values: {
        bill,
        name: params.get("name") ?? "",
        cost: params.get("cost") ?? "",
        purchase_date: params.get("date") ?? "",
        category: params.get("category") ?? "",
        cost_centre: params.get("cost_centre") ?? "",
      },
      bill: { id: bill, number: params.get("bill_number") ?? "", date: params.get("date") ?? "", party_name: params.get("party") ?? "", total: "0", currency: "INR" },
    };
  }, [fromBill, params]);
  const filters: FilterDef[] = [
    { id: "status", label: "Status", type: "select", options: [{ value: "active", label: "In use" }, { value: "disposed", label: "Disposed" }], allLabel: "All" },
    { id: "category", label: "Category", type: "select", options: (categories.data ?? []).map((c) => ({ value: String(c.id), label: c.name })), allLabel: "All categories" },
  ];
  const columns = useMemo<ColumnDef<AssetSummary, unknown>[]>(
    () => [
      { id: "number", header: "Number", meta: { sortField: "number" }, cell: ({ row }) => <Link className="whitespace-nowrap font-medium text-primary hover:underline" href={`/finance/assets/${row.original.id}`}>{row.original.number}</Link> },
      { id: "name", header: "Name", meta: { sortField: "name", className: "min-w-40" }, cell: ({ row }) => row.original.name },
      { id: "category", header: "Category", meta: { className: "hidden md:table-cell" }, cell: ({ row }) => row.original.category_name },
      { id: "purchase_date", header: "Bought", meta: { sortField: "purchase_date", className: "hidden lg:table-cell whitespace-nowrap" }, cell: ({ row }) => formatIsoDate(row.original.purchase_date) },
      { id: "in_use_date", header: "Put to use", meta: { className: "hidden lg:table-cell whitespace-nowrap" }, cell: ({ row }) => formatIsoDate(row.original.in_use_date) },
      { id: "cost", header: "Cost", meta: { sortField: "cost", className: "text-right tabular-nums" }, cell: ({ row }) => formatMoney(row.original.cost) },
      { id: "accumulated", header: "Accumulated", meta: { className: "hidden md:table-cell text-right tabular-nums" }, cell: ({ row }) => formatMoney(row.original.accumulated) },
      { id: "book_value", header: "Book value", meta: { className: "text-right tabular-nums" }, cell: ({ row }) => (row.original.status === "disposed" ? "—" : formatMoney(row.original.book_value)) },
      {
        id: "status",
        header: "Status",
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            <StatusBadge status={row.original.status ?? "active"} label={ASSET_STATUS_LABELS[row.original.status ?? "active"]} tones={{ active: "success", disposed: "neutral" }} />
            {row.original.disposal_date && <span className="ml-2 text-xs text-muted-foreground">{formatIsoDate(row.original.disposal_date)}</span>}
          </span>
        ),
      },
    ],
    [],
  );
  return (
    <>
      <PageHeader
        title="Fixed assets"
        description="Plant, buildings, vehicles and computers whose cost is in the books, depreciated month by month under Schedule II of the Companies Act. Registering an asset posts nothing when its cost came in on a bill, a journal or the opening balances; one capitalised from work in progress moves its cost to the asset ledger."
        actions={
          <>
            {canDepreciate && <Button variant="outline" asChild><Link href="/finance/depreciation"><TrendingDownIcon /> Depreciation</Link></Button>}
            {canCreate && <Button variant="outline" onClick={() => setImporting(true)} data-testid="asset-import"><UploadIcon /> Import</Button>}
            {canCreate && <Button onClick={() => setRegistering(true)} data-testid="asset-register"><PlusIcon /> Register asset</Button>}
          </>
        }
      />
      <DataTable<AssetSummary>
        label="Fixed assets"
        columns={columns}
        data={data?.results}
        count={data?.count}
        isPending={isPending}
        error={error}
        state={state}
        getRowId={(a) => String(a.id)}
        searchPlaceholder="Number or name"
        filters={filters}
        exportUrl={canExport ? ASSET_EXPORT : undefined}
        rowTestId="asset-row"
        empty={
          <EmptyState
            icon={FactoryIcon}
            title="No fixed assets yet"
            description="Register the machines, vehicles and computers the company owns to depreciate them each month."
            action={canCreate && <Button onClick={() => setRegistering(true)}><PlusIcon /> Register asset</Button>}
          />
        }
      />
      {registering && (
        <AssetForm
          initial={initial}
          onClose={() => {
            setRegistering(false);
            if (fromBill) router.replace("/finance/assets"); // a reload does not reopen it
          }}
        />
      )}
      {importing && <AssetImportDialog onClose={() => setImporting(false)} />}
    </>
  );
}
