"use client";
import Link from "next/link";
import { useState } from "react";
import { formatIsoDate } from "@/components/fields/date-input";
import { formatRate, RATE_SCALE } from "@/lib/currency";
import { formatDecimal, formatMoney, mulRound, parseDecimal } from "@/lib/decimal";

/**
 * The exchange gain (+) or loss (-) an allocation would realise, in rupees: the payment's rupees
 * for the allocated amount less the document's (ADR 0043). A preview: the piece that settles a
 * document takes what is left of its booked rupees, which can differ by a paisa.
 */
export function exchangePreview(amount: string, paymentRate: string, documentRate: string, sales: boolean, paymentRupees?: string): string | null {
  const a = parseDecimal(amount, 2);
  const p = parseDecimal(paymentRate, 6);
  const d = parseDecimal(documentRate, 6);
  if (a === null || p === null || d === null || a <= 0n) return null;
  // the rupees the bank gave for the whole amount, when typed, are the payment's side exactly
  const given = paymentRupees ? parseDecimal(paymentRupees, 2) : null;
  const difference = (given ?? mulRound(a, 2, p, 6, 2)) - mulRound(a, 2, d, 6, 2);
  return formatDecimal(sales ? difference : -difference, 2);
}

/**
 * The rate of a foreign-currency payment and the rupees the bank credited (debited) for it, each
 * computed from the other (ADR 0054): typing the rupees gives rate = rupees / amount to the rate's
 * 6 places; typing the rate gives rupees = amount × rate to the paisa. The figure last typed
 * wins when the amount changes. `amountBase` is what to send as `amount_base`: the rupees when
 * they were typed (kept to the paisa even where the 6-place rate cannot reproduce them).
 */
export function useRupeesAndRate(amount: string, initialRate: string) {
  const [typed, setTyped] = useState<{ source: "rate" | "rupees"; value: string }>({ source: "rate", value: initialRate });
  const a = parseDecimal(amount, 2);
  let rate = typed.value;
  let rupees = typed.value;
  if (typed.source === "rate") {
    const r = parseDecimal(rate, RATE_SCALE);
    rupees = a !== null && a > 0n && r !== null && r > 0n ? formatDecimal(mulRound(a, 2, r, RATE_SCALE, 2), 2) : "";
  } else {
    const b = parseDecimal(rupees, 2);
    // half up: (2·b·10^6 + a) / 2a, both at scale 2
    rate = a !== null && a > 0n && b !== null && b > 0n ? formatRate(formatDecimal((2n * b * 10n ** BigInt(RATE_SCALE) + a) / (2n * a), RATE_SCALE)) : "";
  }
  return {
    rate,
    rupees,
    setRate: (value: string) => setTyped({ source: "rate", value }),
    setRupees: (value: string) => setTyped({ source: "rupees", value }),
    amountBase: typed.source === "rupees" && rupees ? rupees : undefined,
  };
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
