"use client";
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type RowData,
  type RowSelectionState,
} from "@tanstack/react-table";
import { SearchIcon, XIcon } from "lucide-react";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { ExportButton } from "./export-button";
import { Pagination } from "./pagination";
import { SortableHead } from "./sortable-head";
import type { TableParams } from "./use-table-params";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The server's ordering field; the header becomes a sort button. */
    sortField?: string;
    /** Classes for the column's cells and header, e.g. "hidden md:table-cell" or "text-right". */
    className?: string;
  }
}

/** A column filter shown above the table, saved in the URL under `id`. */
export type FilterDef =
  | { id: string; label: string; type: "select"; options: ReadonlyArray<{ value: string; label: string }>; allLabel?: string }
  | { id: string; label: string; type: "text"; placeholder?: string }
  | { id: string; label: string; type: "date" };

export type DataTableProps<TData> = {
  /** TanStack column definitions; `meta.sortField` makes a column sortable on the server. */
  columns: ColumnDef<TData, unknown>[];
  /** The current page of rows (undefined while the first page loads). */
  data: TData[] | undefined;
  /** Total rows matching the filter (the API's `count`). */
  count: number | undefined;
  isPending: boolean;
  error?: Error | null;
  /** From `useTableParams`: page, ordering, search and filters in the URL. */
  state: TableParams;
  getRowId: (row: TData) => string;
  /** Shows a search box writing `?search=` (debounced). */
  searchPlaceholder?: string;
  filters?: ReadonlyArray<FilterDef>;
  /** An export endpoint taking the same filters plus `?format=xlsx|csv`. */
  exportUrl?: string;
  /** What the export sends; defaults to `state.exportQuery` (filters, search, ordering). */
  exportQuery?: Record<string, string>;
  /** Adds a checkbox column; `bulkActions` renders above the table when rows are selected. */
  enableRowSelection?: boolean;
  bulkActions?: (selected: TData[], clear: () => void) => ReactNode;
  /** Extra controls at the right of the toolbar. */
  toolbar?: ReactNode;
  /** Shown when nothing exists yet (no filter applied); a "no match" message otherwise. */
  empty?: ReactNode;
  /** Accessible name of the table. */
  label: string;
  rowTestId?: string;
};

function useDebounced(value: string, onSettle: (v: string) => void, external: string) {
  useEffect(() => {
    if (value === external) return;
    const t = setTimeout(() => onSettle(value), 300);
    return () => clearTimeout(t);
  }, [value, external, onSettle]);
}

/** Server-driven table: paging, ordering, search and filters in the URL; selection; export. */
export function DataTable<TData>({
  columns,
  data,
  count,
  isPending,
  error,
  state,
  getRowId,
  searchPlaceholder,
  filters = [],
  exportUrl,
  exportQuery,
  enableRowSelection = false,
  bulkActions,
  toolbar,
  empty,
  label,
  rowTestId,
}: DataTableProps<TData>) {
  const [term, setTerm] = useState(state.search);
  useEffect(() => setTerm(state.search), [state.search]);
  const { update } = state;
  const settleSearch = useMemo(() => (v: string) => update({ search: v || null, page: 1 }), [update]);
  useDebounced(term, settleSearch, state.search);

  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const resetKey = JSON.stringify(state.query);
  useEffect(() => setRowSelection({}), [resetKey]);

  const allColumns = useMemo<ColumnDef<TData, unknown>[]>(() => {
    if (!enableRowSelection) return columns;
    const select: ColumnDef<TData, unknown> = {
      id: "__select",
      header: ({ table }) => (
        <input
          type="checkbox"
          aria-label="Select all rows on this page"
          className="size-4 accent-[var(--color-primary)]"
          checked={table.getIsAllPageRowsSelected()}
          ref={(el) => {
            if (el) el.indeterminate = table.getIsSomePageRowsSelected();
          }}
          onChange={table.getToggleAllPageRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <input
          type="checkbox"
          aria-label="Select row"
          className="size-4 accent-[var(--color-primary)]"
          checked={row.getIsSelected()}
          disabled={!row.getCanSelect()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
      meta: { className: "w-10" },
    };
    return [select, ...columns];
  }, [columns, enableRowSelection]);

  const table = useReactTable({
    data: data ?? [],
    columns: allColumns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableRowSelection,
    state: { rowSelection },
    onRowSelectionChange: setRowSelection,
  });

  const selected = table.getSelectedRowModel().rows.map((r) => r.original);
  const filtered = Boolean(state.search) || Object.keys(state.filters).length > 0;
  const colSpan = allColumns.length;

  return (
    <Card className="p-4">
      <div className="mb-4 flex flex-wrap items-end gap-3">
        {searchPlaceholder && (
          <div className="relative w-full sm:w-72">
            <SearchIcon className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
            <Input type="search" placeholder={searchPlaceholder} aria-label={searchPlaceholder} value={term} onChange={(e) => setTerm(e.target.value)} className="pl-9" />
          </div>
        )}
        {filters.map((f) => (
          <FilterControl key={f.id} def={f} value={state.filters[f.id] ?? ""} onChange={(v) => state.setFilter(f.id, v)} />
        ))}
        {filtered && (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => state.update({ search: null, page: 1, ...Object.fromEntries(filters.map((f) => [f.id, null])) })}
          >
            <XIcon /> Clear filters
          </Button>
        )}
        <div className="ml-auto flex items-center gap-2">
          {toolbar}
          {exportUrl && <ExportButton url={exportUrl} query={exportQuery ?? state.exportQuery} />}
        </div>
      </div>
      {enableRowSelection && selected.length > 0 && bulkActions && (
        <div role="region" aria-label="Selected rows" className="mb-3 flex flex-wrap items-center gap-3 rounded-md bg-primary/5 px-3 py-2 text-sm">
          <span className="font-medium">{selected.length} selected</span>
          {bulkActions(selected, () => setRowSelection({}))}
        </div>
      )}
      <Table aria-label={label} aria-busy={isPending}>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id} className="hover:bg-transparent">
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                const content = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext());
                if (meta?.sortField && typeof header.column.columnDef.header === "string") {
                  return (
                    <SortableHead key={header.id} field={meta.sortField} label={header.column.columnDef.header} ordering={state.ordering} onSort={state.toggleSort} className={meta.className} />
                  );
                }
                return (
                  <TableHead key={header.id} className={meta?.className}>
                    {content}
                  </TableHead>
                );
              })}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {isPending &&
            Array.from({ length: 5 }, (_, i) => (
              <TableRow key={`s${i}`}>
                {table.getVisibleLeafColumns().map((c) => (
                  <TableCell key={c.id} className={c.columnDef.meta?.className}>
                    <Skeleton className="h-5 w-full max-w-40" />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          {!isPending && error && (
            <TableRow>
              <TableCell colSpan={colSpan} role="alert" className="py-10 text-center text-destructive">
                {error.message}
              </TableCell>
            </TableRow>
          )}
          {!isPending && !error && data?.length === 0 && (
            <TableRow className="hover:bg-transparent">
              <TableCell colSpan={colSpan} className="p-0">
                {filtered || !empty ? (
                  <EmptyState compact title="Nothing matches" description="Try another search or clear the filters." />
                ) : (
                  empty
                )}
              </TableCell>
            </TableRow>
          )}
          {!isPending &&
            table.getRowModel().rows.map((row) => (
              <TableRow key={row.id} data-testid={rowTestId} data-state={row.getIsSelected() ? "selected" : undefined} className="data-[state=selected]:bg-primary/5">
                {row.getVisibleCells().map((cell) => (
                  <TableCell key={cell.id} className={cell.column.columnDef.meta?.className}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </TableCell>
                ))}
              </TableRow>
            ))}
        </TableBody>
      </Table>
      <Pagination
        page={state.page}
        pageSize={state.pageSize}
        count={count ?? 0}
        onPage={(p) => state.update({ page: p })}
        onPageSize={(s) => state.update({ page_size: s, page: 1 })}
      />
    </Card>
  );
}

function FilterControl({ def, value, onChange }: { def: FilterDef; value: string; onChange: (v: string | null) => void }) {
  const id = `filter-${def.id}`;
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const settle = useMemo(() => (v: string) => onChange(v || null), [onChange]);
  useDebounced(def.type === "text" ? text : value, settle, value);
  return (
    <div className={cn("grid gap-1", def.type === "text" ? "w-full sm:w-56" : "w-full sm:w-44")}>
      <label htmlFor={id} className="text-xs font-medium text-muted-foreground">
        {def.label}
      </label>
      {def.type === "select" ? (
        <NativeSelect id={id} value={value} onChange={(e) => onChange(e.target.value || null)}>
          <option value="">{def.allLabel ?? "All"}</option>
          {def.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </NativeSelect>
      ) : def.type === "date" ? (
        <Input id={id} type="date" value={value} onChange={(e) => onChange(e.target.value || null)} />
      ) : (
        <Input id={id} value={text} placeholder={def.placeholder} onChange={(e) => setText(e.target.value)} />
      )}
    </div>
  );
}
