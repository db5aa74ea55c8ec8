"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/** Report parameters kept in the URL (so a report can be linked, reloaded and drilled into). */
export function useReportParams<K extends string>(defaults: Record<K, string>) {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const values = Object.fromEntries(
    Object.entries(defaults).map(([key, fallback]) => [key, searchParams.get(key) ?? (fallback as string)]),
  ) as Record<K, string>;
  const set = useCallback(
    (changes: Partial<Record<K, string>>) => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value as string);
        else next.delete(key);
      }
      router.replace(`${pathname}?${next.toString()}`);
    },
    [pathname, router, searchParams],
  );
  return { values, set };
}
