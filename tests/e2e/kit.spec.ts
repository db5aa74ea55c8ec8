/** The kit's exact money arithmetic (lib/decimal.ts, the line editor's math), run in Node by
 *  the Playwright runner: no browser needed, real figures checked by hand. */
import { expect, test } from "@playwright/test";
import { shot, signUpCompany, tenantUrl } from "./helpers";
import { documentTotals, lineAmounts } from "../../frontend/components/line-editor/line-math";
import { formatDecimal, formatMoney, groupIndian, parseDecimal } from "../../frontend/lib/decimal";

test("Indian digit grouping and ₹ formatting of decimal strings", () => {
  expect(groupIndian("1234567.89")).toBe("12,34,567.89");
  expect(groupIndian("100000")).toBe("1,00,000");
  expect(groupIndian("999")).toBe("999");
  expect(groupIndian("-12345678901.5")).toBe("-12,34,56,78,901.5");
  expect(formatMoney("1234567.8")).toBe("₹12,34,567.80");
  expect(formatMoney("-0.005")).toBe("-₹0.01");
  expect(formatMoney("12,34,567.891", { symbol: false })).toBe("12,34,567.89");
  expect(formatMoney("abc")).toBe("—");
});

test("parsing rounds half up at the scale and never goes through floats", () => {
  expect(parseDecimal("0.1", 2)).toBe(10n);
  expect(parseDecimal("1.005", 2)).toBe(101n); // 1.005 as a float is 1.00499…
  expect(parseDecimal("-2.345", 2)).toBe(-235n);
  expect(parseDecimal("9007199254740993.01", 2)).toBe(900719925474099301n); // beyond 2^53
  expect(parseDecimal(".5", 1)).toBe(5n);
  expect(parseDecimal("", 2)).toBeNull();
  expect(parseDecimal("1.2.3", 2)).toBeNull();
  expect(formatDecimal(5n, 3)).toBe("0.005");
  expect(formatDecimal(-123456n, 2)).toBe("-1234.56");
});

test("line amounts and document totals, to the paisa", () => {
  // 3 × ₹1,234.50 = 3,703.50; 10% off = 370.35 → taxable 3,333.15; GST 18% = 599.967 → 599.97.
  expect(lineAmounts({ qty: "3", rate: "1234.50", discount_percent: "10", tax_rate: "18" })).toEqual({
    gross: "3703.50",
    discount: "370.35",
    taxable: "3333.15",
    tax: "599.97",
    total: "3933.12",
  });
  // 2.5 kg × ₹0.33 = 0.825 → 0.83 (half up); no discount; GST 5% = 0.0415 → 0.04.
  expect(lineAmounts({ qty: "2.5", rate: "0.33", discount_percent: "", tax_rate: "5" }).total).toBe("0.87");
  const totals = documentTotals([
    { qty: "3", rate: "1234.50", discount_percent: "10", tax_rate: "18" },
    { qty: "1", rate: "10000", discount_percent: "", tax_rate: "18" },
    { qty: "12", rate: "250", discount_percent: "", tax_rate: "5" },
    { qty: "", rate: "", discount_percent: "", tax_rate: "0" },
  ]);
  expect(totals.taxable).toBe("16333.15");
  expect(totals.tax).toBe("2549.97"); // 599.97 + 1800.00 + 150.00
  expect(totals.total).toBe("18883.12");
  expect(totals.byRate.map((r) => [r.rate, r.taxable, r.tax])).toEqual([
    ["0", "0.00", "0.00"],
    ["5", "3000.00", "150.00"],
    ["18", "13333.15", "2399.97"],
  ]);
});

test("the document line editor in a browser: item search, keyboard, Indian totals", async ({ page }) => {
  const { slug } = await signUpCompany(page, "kit");
  await page.goto(tenantUrl(slug, "/kit"));
  await expect(page.getByLabel("Amount", { exact: true })).toHaveValue("12,34,567.50");

  // Line 1: pick an item by typing; it brings its HSN, unit, rate and GST.
  const item = page.getByRole("combobox", { name: "Item, line 1" });
  await item.fill("plate");
  await expect(page.getByRole("option", { name: /MS Plate 10 mm/ })).toBeVisible();
  await item.press("Enter");
  await expect(page.getByLabel("Rate (₹), line 1")).toHaveValue("68.50");
  await expect(page.getByLabel("HSN/SAC, line 1")).toHaveValue("7208");
  await page.getByLabel("Qty, line 1").fill("100");
  await expect(page.getByTestId("line-amount").first()).toHaveText("6,850.00");

  // Enter in Qty goes to a new line's Qty.
  await page.getByLabel("Qty, line 1").press("Enter");
  await expect(page.getByTestId("document-line")).toHaveCount(2);
  await expect(page.getByLabel("Qty, line 2")).toBeFocused();
  await page.keyboard.type("2");
  await page.getByLabel("Rate (₹), line 2").fill("1500");
  await page.getByLabel("Disc. %, line 2").fill("10");

  // 6,850.00 + 2,700.00 = 9,550.00 taxable; 18% = 1,719.00; total 11,269.00.
  await expect(page.getByTestId("total-taxable")).toHaveText("₹9,550.00");
  await expect(page.getByTestId("total-tax")).toHaveText("₹1,719.00");
  await expect(page.getByTestId("total-grand")).toHaveText("₹11,269.00");
  await shot(page, "kit-01-line-editor");

  await page.getByRole("button", { name: "Remove line 2" }).click();
  await expect(page.getByTestId("total-grand")).toHaveText("₹8,083.00");
});
