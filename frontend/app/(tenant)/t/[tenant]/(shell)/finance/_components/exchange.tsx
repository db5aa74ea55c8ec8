"use client";
import Link from "next/link";
import { formatIsoDate } from "@/components/fields/date-input";
import { formatDecimal, formatMoney, mulRound, parseDecimal } from "@/lib/decimal";

/**
 * The exchange gain (+) or loss (-) an allocation would realise, in rupees: the payment's rupees
 * for the allocated amount less the document's (ADR 0043). A preview: the piece that settles a
 * document takes what is left of its booked rupees, which can differ by a paisa.
 */
export function exchangePreview(amount: string, paymentRate: string, documentRate: string, sales: boolean): string | null {
  const a = parseDecimal(amount, 2);
  const p = parseDecimal(paymentRate, 6);
  const d = parseDecimal(documentRate, 6);
  if (a === null || p === null || d === null || a <= 0n) return null;
  const difference = mulRound(a, 2, p, 6, 2) - mulRound(a, 2, d, 6, 2);
  return formatDecimal(sales ? difference : -difference, 2);
}

/** "Gain ₹1,000.00" in green, "Loss ₹500.00" in red, a dash for none. */
export function ExchangeGain({ value, testId }: { value: string | null | undefined; testId?: string }) {
  const n = Number(value ?? "0");
  if (!n) return <span className="text-muted-foreground/60" data-testid={testId}>—</span>;
  const size = formatMoney(String(value).replace(/^-/, ""));
  return (
    <span className={`tabular-nums ${n > 0 ? "text-emerald-700 dark:text-emerald-400" : "text-destructive"}`} data-testid={testId}>
      {n > 0 ? "Gain" : "Loss"} {size}
    </span>
  );
}

/** The journal entry that posted an allocation's exchange difference, and its reversal. */
export function ExchangeEntry({ entry, number, reversal, reversedOn }: { entry: number | null; number: string | null | undefined; reversal?: number | null; reversedOn?: string | null }) {
  if (!entry) return null;
  return (
    <span className="whitespace-nowrap">
      <Link className="text-primary hover:underline" href={`/finance/journal/${entry}`} data-testid="exchange-entry">{number ?? `#${entry}`}</Link>
      {reversedOn && (
        <span className="block text-xs text-muted-foreground">
          {"reversed "}
          {reversal ? <Link className="text-primary hover:underline" href={`/finance/journal/${reversal}`}>{formatIsoDate(reversedOn)}</Link> : formatIsoDate(reversedOn)}
        </span>
      )}
    </span>
  );
}
