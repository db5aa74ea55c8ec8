import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";
import { cn } from "@/lib/utils";

/** A disposal's result: "+1500.0000" → "Profit ₹1,500.00"; a negative gain is a loss. */
export function GainLabel({ gain, testId }: { gain: string; testId?: string }) {
  const n = parseDecimal(gain, 2) ?? 0n;
  return (
    <span data-testid={testId} className={cn("tabular-nums font-medium", n > 0n ? "text-emerald-700 dark:text-emerald-400" : n < 0n ? "text-destructive" : "")}>
      {n > 0n ? "Profit " : n < 0n ? "Loss " : ""}
      {formatMoney(formatDecimal(n < 0n ? -n : n, 2))}
    </span>
  );
}
