/**
 * Exact decimal arithmetic for previews (line amounts, totals) on decimal strings, the way the
 * API sends money ("1234.50") — BigInt scaled integers, never floats. The server stays
 * authoritative; these only have to agree with it to the paisa, which half-up rounding does.
 */

/** "12,34,567.891" → 1234567891n at scale 3; half-up rounding past `scale`; null if not a number. */
export function parseDecimal(input: string | number | null | undefined, scale: number): bigint | null {
  if (input === null || input === undefined) return null;
  const text = String(input).replace(/[,\s₹]/g, "");
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (!m[2] && !m[3])) return null;
  const negative = m[1] === "-";
  const whole = m[2] || "0";
  const frac = m[3] ?? "";
  let digits = BigInt(whole + frac.slice(0, scale).padEnd(scale, "0"));
  if (frac.length > scale && Number(frac[scale]) >= 5) digits += 1n;
  return negative ? -digits : digits;
}

/** 1234567891n at scale 3 → "1234567.891". */
export function formatDecimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const whole = abs.slice(0, abs.length - scale);
  const frac = scale ? `.${abs.slice(abs.length - scale)}` : "";
  return `${negative ? "-" : ""}${whole}${frac}`;
}

/** a × b where a has scale sa and b has scale sb, rounded half-up (away from zero) to `scale`. */
export function mulRound(a: bigint, sa: number, b: bigint, sb: number, scale: number): bigint {
  return rescale(a * b, sa + sb, scale);
}

/** A value at scale `from` rounded half-up to scale `to`. */
export function rescale(value: bigint, from: number, to: number): bigint {
  if (to >= from) return value * 10n ** BigInt(to - from);
  const div = 10n ** BigInt(from - to);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const q = (abs + div / 2n) / div;
  return negative ? -q : q;
}

/** Indian digit grouping of a plain decimal string: "1234567.89" → "12,34,567.89". */
export function groupIndian(plain: string): string {
  const m = /^(-)?(\d+)(\.\d+)?$/.exec(plain);
  if (!m) return plain;
  const whole = m[2]!;
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3);
  const grouped = rest ? `${rest.replace(/\B(?=(\d{2})+(?!\d))/g, ",")},${last3}` : last3;
  return `${m[1] ?? ""}${grouped}${m[3] ?? ""}`;
}

/** "1234567.8" → "₹12,34,567.80" (money is a decimal string; numbers are accepted for counts). */
export function formatMoney(value: string | number | null | undefined, opts: { symbol?: boolean; decimals?: number } = {}): string {
  const decimals = opts.decimals ?? 2;
  const parsed = parseDecimal(value, decimals);
  if (parsed === null) return "—";
  const text = groupIndian(formatDecimal(parsed, decimals));
  if (opts.symbol === false) return text;
  return text.startsWith("-") ? `-₹${text.slice(1)}` : `₹${text}`;
}

/** Indian grouping for counts and quantities: 1234567 → "12,34,567". */
export const formatNumber = (value: number) => new Intl.NumberFormat("en-IN").format(value);
