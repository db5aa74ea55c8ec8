"use client";
import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { Button } from "@/components/ui/button";

const n = new Intl.NumberFormat("en-IN");
const PAGE_SIZES = [10, 25, 50, 100];

export function Pagination({ page, pageSize, count, onPage, onPageSize }: {
  page: number;
  pageSize: number;
  count: number;
  onPage: (p: number) => void;
  /** Shows a rows-per-page picker. */
  onPageSize?: (size: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const from = count === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(count, page * pageSize);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 px-1 pt-4 text-sm text-muted-foreground">
      <p aria-live="polite">{n.format(from)}–{n.format(to)} of {n.format(count)}</p>
      <div className="flex items-center gap-2">
        {onPageSize && (
          <label className="mr-2 hidden items-center gap-2 sm:flex">
            Rows
            <select
              className="h-8 rounded-md border border-input bg-background px-2 text-sm text-foreground"
              value={pageSize}
              onChange={(e) => onPageSize(Number(e.target.value))}
            >
              {PAGE_SIZES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
        )}
        <Button variant="outline" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)} aria-label="Previous page"><ChevronLeftIcon /></Button>
        <span>Page {page} of {pages}</span>
        <Button variant="outline" size="sm" disabled={page >= pages} onClick={() => onPage(page + 1)} aria-label="Next page"><ChevronRightIcon /></Button>
      </div>
    </div>
  );
}
