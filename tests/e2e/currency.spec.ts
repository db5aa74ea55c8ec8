/** lib/currency.ts in Node (no browser): the base-currency preview of a foreign-currency journal
 *  entry must equal what tenant_apps/finance/services.py `_draft_lines_build` posts. */
import { expect, test } from "@playwright/test";
import { baseAmounts, formatCurrency, formatRate } from "../../frontend/lib/currency";

const usd = (debit: string, credit: string) => ({ debit: BigInt(debit), credit: BigInt(credit) }); // cents

test("each line × rate, rounded half up; the short side's largest line takes the rounding", () => {
  // USD 1,237.45 + 12.55 = 1,250.00 at 83.4567: 1,03,273.494… → .49, 1,047.381… → .38,
  // 1,04,320.875 → .88. Debits are 0.01 short: the bank line (largest debit) becomes .50.
  const rate = 83_456_700n; // 83.4567 at 6 places
  const result = baseAmounts([usd("123745", "0"), usd("1255", "0"), usd("0", "125000")], 2, rate, 2);
  expect(result.lines).toEqual([usd("10327350", "0"), usd("104738", "0"), usd("0", "10432088")]);
  expect([result.adjusted, result.adjustment]).toEqual([0, 1n]);

  // The other way round: credits short. USD 1,250.00 Dr against 1,000.05 + 249.95 Cr at 83.4567:
  // 1,04,320.88 Dr; 83,460.866… → .87 and 20,860.002… → .00 Cr, 0.01 short: .87 becomes .88.
  const credits = baseAmounts([usd("125000", "0"), usd("0", "100005"), usd("0", "24995")], 2, rate, 2);
  expect(credits.lines).toEqual([usd("10432088", "0"), usd("0", "8346088"), usd("0", "2086000")]);
  expect(credits.adjusted).toBe(1);
});

test("no rounding moves when the document amounts do not balance, or the base ones already do", () => {
  const rate = 83_456_700n;
  const unbalanced = baseAmounts([usd("123745", "0"), usd("0", "125000")], 2, rate, 2);
  expect(unbalanced.lines).toEqual([usd("10327349", "0"), usd("0", "10432088")]);
  expect(unbalanced.adjusted).toBe(-1);
  const even = baseAmounts([usd("100000", "0"), usd("0", "100000")], 2, 83_250_000n, 2);
  expect(even.lines).toEqual([usd("8325000", "0"), usd("0", "8325000")]);
  expect(even.adjusted).toBe(-1);
});

test("a tie on the short side goes to the first line, as Python's max() picks", () => {
  // JPY (no minor unit) 1 + 1 Cr against 2 Dr at 1.4: each credit 1.4 → 1, the debit 2.8 → 3.
  // Credits are 1 short and the two are equal: the first takes it.
  const yen = (debit: bigint, credit: bigint) => ({ debit, credit });
  const tie = baseAmounts([yen(0n, 1n), yen(0n, 1n), yen(2n, 0n)], 0, 1_400_000n, 0);
  expect(tie.lines).toEqual([yen(0n, 2n), yen(0n, 1n), yen(3n, 0n)]);
  expect([tie.adjusted, tie.adjustment]).toEqual([0, 1n]);
});

test("amounts in a currency keep its symbol and minor unit", () => {
  expect(formatCurrency("1250", "USD")).toBe("USD 1,250.00");
  expect(formatCurrency("104320.8800", "INR")).toBe("₹1,04,320.88");
  expect(formatCurrency("-12.5", "AED")).toBe("-AED 12.50");
  expect(formatCurrency("1500.4", "JPY")).toBe("JPY 1,500");
  expect(formatCurrency("1.2345", "KWD")).toBe("KWD 1.235");
  expect(formatRate("83.456700")).toBe("83.4567");
  expect(formatRate("1.000000")).toBe("1");
});
