/** Line and document amounts for the editor's preview (exact decimals; the server is authoritative). */
import { formatDecimal, mulRound, parseDecimal } from "../../lib/decimal";

export type LineItemRef = {
  id: string | number;
  name: string;
  description?: string;
  hsn?: string;
  unit?: string;
  /** Default rate, a decimal string. */
  rate?: string;
  /** Default GST rate in percent ("18"). */
  tax_rate?: string;
};

export type DocumentLine = {
  /** Client-side key for React (a saved line may use its id). */
  key: string;
  item: LineItemRef | null;
  description: string;
  hsn: string;
  qty: string;
  unit: string;
  rate: string;
  discount_percent: string;
  tax_rate: string;
  /** The ledger the line posts to, an id ("": the document's default). */
  account: string;
  /** The cost centre (job, project) the line belongs to, an id ("": none). */
  cost_centre: string;
  /** A purchase line's input credit: "" eligible, "blocked" (s.17(5): the tax is part of the cost). */
  itc: string;
};

export type LineAmounts = { gross: string; discount: string; taxable: string; tax: string; total: string };

let seq = 0;
export function newLine(partial: Partial<DocumentLine> = {}): DocumentLine {
  seq += 1;
  return { key: `new-${Date.now().toString(36)}-${seq}`, item: null, description: "", hsn: "", qty: "1", unit: "nos", rate: "", discount_percent: "", tax_rate: "18", account: "", cost_centre: "", itc: "", ...partial };
}

const Q = 3; // quantity scale
const M = 2; // money scale
const P = 2; // percent scale

/** gross = qty × rate; discount = gross × d%; taxable = gross − discount; tax = taxable × t%;
 *  each rounded half-up to the paisa, like the server. */
export function lineAmountsRaw(line: Pick<DocumentLine, "qty" | "rate" | "discount_percent" | "tax_rate">) {
  const qty = parseDecimal(line.qty, Q) ?? 0n;
  const rate = parseDecimal(line.rate, M) ?? 0n;
  const disc = parseDecimal(line.discount_percent || "0", P) ?? 0n;
  const taxRate = parseDecimal(line.tax_rate || "0", P) ?? 0n;
  const gross = mulRound(qty, Q, rate, M, M);
  const discount = mulRound(gross, M, disc, P + 2, M); // percent/100 → scale P+2
  const taxable = gross - discount;
  const tax = mulRound(taxable, M, taxRate, P + 2, M);
  return { gross, discount, taxable, tax, total: taxable + tax };
}

export function lineAmounts(line: Pick<DocumentLine, "qty" | "rate" | "discount_percent" | "tax_rate">): LineAmounts {
  const a = lineAmountsRaw(line);
  return { gross: formatDecimal(a.gross, M), discount: formatDecimal(a.discount, M), taxable: formatDecimal(a.taxable, M), tax: formatDecimal(a.tax, M), total: formatDecimal(a.total, M) };
}

export type DocumentTotals = { taxable: string; tax: string; total: string; byRate: Array<{ rate: string; taxable: string; tax: string }> };

export function documentTotals(lines: ReadonlyArray<Pick<DocumentLine, "qty" | "rate" | "discount_percent" | "tax_rate">>): DocumentTotals {
  let taxable = 0n;
  let tax = 0n;
  const byRate = new Map<string, { taxable: bigint; tax: bigint }>();
  for (const line of lines) {
    const a = lineAmountsRaw(line);
    taxable += a.taxable;
    tax += a.tax;
    const key = line.tax_rate || "0";
    const bucket = byRate.get(key) ?? { taxable: 0n, tax: 0n };
    bucket.taxable += a.taxable;
    bucket.tax += a.tax;
    byRate.set(key, bucket);
  }
  return {
    taxable: formatDecimal(taxable, M),
    tax: formatDecimal(tax, M),
    total: formatDecimal(taxable + tax, M),
    byRate: [...byRate.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map(([rate, v]) => ({ rate, taxable: formatDecimal(v.taxable, M), tax: formatDecimal(v.tax, M) })),
  };
}
