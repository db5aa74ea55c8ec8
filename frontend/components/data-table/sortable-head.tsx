"use client";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon } from "lucide-react";
import { TableHead } from "@/components/ui/table";

export function SortableHead({ field, label, ordering, onSort, className }: {
  field: string;
  label: string;
  ordering: string;
  onSort: (field: string) => void;
  className?: string;
}) {
  const state = ordering === field ? "ascending" : ordering === `-${field}` ? "descending" : "none";
  const Icon = state === "ascending" ? ArrowUpIcon : state === "descending" ? ArrowDownIcon : ArrowUpDownIcon;
  return (
    <TableHead aria-sort={state} className={className}>
      <button type="button" onClick={() => onSort(field)} className="inline-flex items-center gap-1 uppercase hover:text-foreground">
        {label} <Icon className="size-3" aria-hidden />
      </button>
    </TableHead>
  );
}
