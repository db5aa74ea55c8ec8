"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/** Table state (page, ordering, search, filters) lives in the URL: shareable, back-button safe. */
export function useTableParams(defaults: { ordering?: string; pageSize?: number } = {}) {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const page = Math.max(1, Number(searchParams.get("page")) || 1);
  const pageSize = Number(searchParams.get("page_size")) || defaults.pageSize || 25;
  const ordering = searchParams.get("ordering") ?? defaults.ordering ?? "";
  const search = searchParams.get("search") ?? "";

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

  return { page, pageSize, ordering, search, update, toggleSort };
}
