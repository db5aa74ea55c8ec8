"use client";
import { formatMoney } from "@/lib/decimal";

/** A report amount: blank for zero, ₹ with Indian grouping otherwise. */
export function Amount({ value, blankZero = true }: { value: string | undefined | null; blankZero?: boolean }) {
  if (value == null || (blankZero && Number(value) === 0)) return <span className="text-muted-foreground/50">—</span>;
  return <span className="tabular-nums">{formatMoney(value, { symbol: false })}</span>;
}

/** Debit/credit balance: "12,345.00 Dr" or "Cr". */
export function DrCr({ value }: { value: string | number }) {
  const n = Number(value);
  if (n === 0) return <span className="tabular-nums">0.00</span>;
  return (
    <span className="tabular-nums">
      {formatMoney(String(Math.abs(n).toFixed(2)), { symbol: false })} {n > 0 ? "Dr" : "Cr"}
    </span>
  );
}

export const TYPE_LABELS: Record<string, string> = {
  asset: "Asset",
  liability: "Liability",
  equity: "Equity",
  income: "Income",
  expense: "Expense",
};
