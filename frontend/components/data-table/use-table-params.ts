"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

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
  const page = Math.max(1, Number(searchParams.get("page")) || 1);
  const pageSize = Number(searchParams.get("page_size")) || defaults.pageSize || 25;
  const ordering = searchParams.get("ordering") ?? defaults.ordering ?? "";
  const search = searchParams.get("search") ?? "";
  const filterKeys = defaults.filters ?? [];
  const filterSignature = filterKeys.map((k) => `${k}=${searchParams.get(k) ?? ""}`).join("&");

  // Stable object while the URL's filter values do not change.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const filters = useMemo(() => {
    const out: Record<string, string> = {};
    for (const key of filterKeys) {
      const value = searchParams.get(key);
      if (value) out[key] = value;
    }
    return out;
  }, [filterSignature]);

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

  const exportQuery = useMemo(() => {
    const out: Record<string, string> = { ...filters };
    if (ordering) out.ordering = ordering;
    if (search) out.search = search;
    return out;
  }, [filters, ordering, search]);

  const query = useMemo(() => ({ ...exportQuery, page, page_size: pageSize }), [exportQuery, page, pageSize]);

  return { page, pageSize, ordering, search, filters, update, toggleSort, setFilter, query, exportQuery };
}
