/**
 * Document currencies and exact amounts in them. The minor units mirror CURRENCY_DECIMALS in
 * tenant_apps/core/fields.py (the server rounds with those). Money stays a decimal string.
 */
import { formatDecimal, formatMoney, groupIndian, mulRound, parseDecimal } from "./decimal";

export type Currency = { code: string; name: string; decimals: number; symbol: string };

/** The company's base currency (the ledger's); documents in another one carry a rate. */
export const BASE_CURRENCY = "INR";

export const CURRENCIES: readonly Currency[] = [
  { code: "INR", name: "Indian rupee", decimals: 2, symbol: "₹" },
  { code: "USD", name: "US dollar", decimals: 2, symbol: "$" },
  { code: "EUR", name: "Euro", decimals: 2, symbol: "€" },
  { code: "GBP", name: "Pound sterling", decimals: 2, symbol: "£" },
  { code: "AED", name: "UAE dirham", decimals: 2, symbol: "AED" },
  { code: "JPY", name: "Japanese yen", decimals: 0, symbol: "¥" },
  { code: "KWD", name: "Kuwaiti dinar", decimals: 3, symbol: "KD" },
];

/** A currency by code; an unknown code gets 2 decimals and its code as the symbol. */
export function currencyOf(code: string): Currency {
  return CURRENCIES.find((c) => c.code === code) ?? { code, name: code, decimals: 2, symbol: code };
}

/** "125000" in USD → "USD 1,25,000.00": rupees as `formatMoney` ("₹1,25,000.00"), any other
 *  currency with its ISO code in front (unambiguous where "$" is not) and its minor unit,
 *  Indian grouping as everywhere in the app. The one money format for document currencies. */
export function formatCurrency(value: string | null | undefined, code: string | null | undefined): string {
  const currency = currencyOf(code || BASE_CURRENCY);
  if (currency.code === BASE_CURRENCY) return formatMoney(value, { decimals: currency.decimals });
  const parsed = parseDecimal(value, currency.decimals);
  if (parsed === null) return "—";
  const plain = formatDecimal(parsed < 0n ? -parsed : parsed, currency.decimals);
  return `${parsed < 0n ? "-" : ""}${currency.code} ${groupIndian(plain)}`;
}

/** An exchange rate as the API sends it ("83.456700") without its trailing zeros ("83.4567");
 *  a dash when there is none. */
export function formatRate(rate: string | null | undefined): string {
  if (rate === null || rate === undefined || rate === "") return "—";
  return rate.includes(".") ? rate.replace(/0+$/, "").replace(/\.$/, "") : rate;
}

export const RATE_SCALE = 6;
/** Up to 6 digits before the point and 6 after, above zero (the API's exchange_rate field). */
export const RATE_PATTERN = /^\d{1,6}(\.\d{1,6})?$/;

export type BaseLine = { debit: bigint; credit: bigint };

/**
 * The base-currency amounts the server will post for lines entered in a document currency, as
 * `_draft_lines_build` computes them: each amount × rate, rounded half up to the base currency's
 * minor unit; when the document amounts balance but the rounded ones do not, the difference goes
 * to the largest line of the short side (the first such line on a tie). Amounts are scaled
 * integers: document amounts at `docDecimals`, the result at `baseDecimals`. Returns the lines
 * and the index of the line that took the difference (or -1).
 */
export function baseAmounts(
  lines: { debit: bigint; credit: bigint }[],
  docDecimals: number,
  rate: bigint,
  baseDecimals: number,
): { lines: BaseLine[]; adjusted: number; adjustment: bigint } {
  const built = lines.map((l) => ({
    debit: mulRound(l.debit, docDecimals, rate, RATE_SCALE, baseDecimals),
    credit: mulRound(l.credit, docDecimals, rate, RATE_SCALE, baseDecimals),
  }));
  const foreignDiff = lines.reduce((s, l) => s + l.debit - l.credit, 0n);
  const baseDiff = built.reduce((s, l) => s + l.debit - l.credit, 0n);
  if (!built.length || foreignDiff !== 0n || baseDiff === 0n) return { lines: built, adjusted: -1, adjustment: 0n };
  const shortSideDebit = baseDiff < 0n;
  let target = -1;
  built.forEach((l, i) => {
    if (l.debit > 0n !== shortSideDebit) return;
    if (target < 0 || l.debit + l.credit > built[target]!.debit + built[target]!.credit) target = i;
  });
  if (target < 0) return { lines: built, adjusted: -1, adjustment: 0n };
  if (shortSideDebit) built[target]!.debit -= baseDiff;
  else built[target]!.credit += baseDiff;
  return { lines: built, adjusted: target, adjustment: baseDiff < 0n ? -baseDiff : baseDiff };
}
