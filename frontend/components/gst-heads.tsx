import { TableCell, TableRow } from "@/components/ui/table";
import { formatMoney } from "@/lib/decimal";

/** The four heads of GST, in the order returns print them. */
export const GST_HEADS = [
  ["igst", "IGST"],
  ["cgst", "CGST"],
  ["sgst", "SGST"],
  ["cess", "Cess"],
] as const;

export type GstHeadAmounts = Record<(typeof GST_HEADS)[number][0], string>;

/** "2026-11" -> the months before it, latest first: what a return is filed for. */
export function pastMonths(from: string, count: number): string[] {
  const [y, m] = from.split("-").map(Number);
  return Array.from({ length: count }, (_, i) => {
    const index = y! * 12 + (m! - 1) - 1 - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  });
}

export const monthLabel = (month: string) => new Date(`${month.slice(0, 7)}-01T00:00:00`).toLocaleDateString("en-IN", { month: "long", year: "numeric" });

/** A table row of one amount per head, after its label. */
export function GstHeadsRow({ label, values, testId, strong = false }: { label: string; values: GstHeadAmounts; testId?: string; strong?: boolean }) {
  return (
    <TableRow data-testid={testId} className={strong ? "font-semibold" : undefined}>
      <TableCell>{label}</TableCell>
      {GST_HEADS.map(([key]) => <TableCell key={key} className="text-right tabular-nums">{formatMoney(values[key])}</TableCell>)}
    </TableRow>
  );
}
