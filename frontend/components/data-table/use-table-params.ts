"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { tableQuery } from "@/lib/table-query";

export type TableParamsOptions = {
  /** Ordering when the URL has none (a server ordering field, `-field` for descending). */
  ordering?: string;
  pageSize?: number;
  /** Filter keys this table reads from the URL (`?status=active&from=2026-04-01`). */
  filters?: readonly string[];
};

export type TableParams = {
  page: number;
  pageSize: number;
  ordering: string;
  search: string;
  /** The declared filters that have a value. */
  filters: Record<string, string>;
  /** Sets (or with null/"" removes) URL parameters; `page` 1 is dropped. */
  update: (changes: Record<string, string | number | null>) => void;
  /** Cycles a field: ascending → descending → default. */
  toggleSort: (field: string) => void;
  /** Sets one filter and goes back to page 1. */
  setFilter: (key: string, value: string | null) => void;
  /** Everything the list API takes: page, page_size, ordering, search and the filters. */
  query: Record<string, string | number>;
  /** The same without paging: what an export of "the current filter" sends. */
  exportQuery: Record<string, string>;
};

/** Table state (page, ordering, search, filters) lives in the URL: shareable, back-button safe. */
export function useTableParams(defaults: TableParamsOptions = {}): TableParams {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filterKeys = defaults.filters ?? [];
  const signature = searchParams.toString();
  // Stable objects while the URL does not change.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const parsed = useMemo(() => tableQuery(searchParams, defaults), [signature, defaults.ordering, defaults.pageSize, filterKeys.join(",")]);
  const { page, pageSize, ordering, search, filters, query, exportQuery } = parsed;

  const update = useCallback(
    (changes: Record<string, string | number | null>) => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === "" || (key === "page" && value === 1)) next.delete(key);
        else next.set(key, String(value));
      }
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [pathname, router, searchParams],
  );

  const toggleSort = useCallback(
    (field: string) => {
      const nextOrdering = ordering === field ? `-${field}` : ordering === `-${field}` ? "" : field;
      update({ ordering: nextOrdering || null, page: 1 });
    },
    [ordering, update],
  );

  const setFilter = useCallback((key: string, value: string | null) => update({ [key]: value || null, page: 1 }), [update]);

  return { page, pageSize, ordering, search, filters, update, toggleSort, setFilter, query, exportQuery };
}
