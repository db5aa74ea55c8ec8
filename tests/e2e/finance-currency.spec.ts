import { expect, test } from "@playwright/test";
import { companyCreate, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

/** The worked example of tests/tenant_apps/finance/test_journal_currency.py: an export receipt
 *  of USD 1,250.00 at ₹83.4567, USD 12.55 of it bank charges. Rounded per line the rupee debits
 *  fall ₹0.01 short, so the bank line (the largest debit) takes the paisa. */
test("a journal entry in US dollars posts in rupees at its rate, on the entry and in the trial balance", async ({ page }) => {
  const { slug, email } = await companyCreate("fx");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });
  await modules.getByRole("link", { name: "Fiscal years" }).click();
  await page.getByTestId("fy-create").click();
  await expect(page.getByTestId("fy-card")).toHaveCount(1);

  await modules.getByRole("link", { name: "Journal entries" }).click();
  await page.getByRole("link", { name: "New entry" }).click();
  // In the company's currency the rate is fixed at 1.
  await expect(page.getByLabel(/Exchange rate/)).toBeDisabled();
  await expect(page.getByLabel(/Exchange rate/)).toHaveValue("1");
  await page.getByLabel("Currency").selectOption("USD");
  await expect(page.getByLabel("Exchange rate (₹ per USD)")).toBeEnabled();
  await page.getByLabel("Exchange rate (₹ per USD)").fill("83.4567");
  await page.getByLabel("Narration").fill("Export receipt, invoice 17");
  await page.getByLabel("Line 1 account").selectOption({ label: "1121 Bank - Current Account" });
  await page.getByLabel("Line 1 debit").fill("1237.45");
  await page.getByLabel("Line 2 account").selectOption({ label: "5240 Bank Charges" });
  await page.getByLabel("Line 2 debit").fill("12.55");
  await page.getByRole("button", { name: "Add line" }).click();
  await page.getByLabel("Line 3 account").selectOption({ label: "4120 Sales - Export" });
  await page.getByLabel("Line 3 credit").fill("1250");
  await page.getByLabel("Narration").click(); // leave the amount field: it shows grouped

  await expect(page.getByTestId("je-balanced")).toBeVisible();
  await expect(page.getByTestId("je-total-debit")).toHaveText("USD 1,250.00");
  await expect(page.getByTestId("je-line-base-debit")).toHaveText(["= ₹1,03,273.50 *", "= ₹1,047.38"]);
  await expect(page.getByTestId("je-line-base-credit")).toHaveText(["= ₹1,04,320.88"]);
  await expect(page.getByTestId("je-base-total-debit")).toHaveText("₹1,04,320.88");
  await expect(page.getByTestId("je-base-total-credit")).toHaveText("₹1,04,320.88");
  await expect(page.getByTestId("je-rounding")).toContainText("Line 1 takes the ₹0.01 rounding difference");
  await shot(page, "fx-01-journal-form");
  await page.getByTestId("je-post").click();

  // The entry: dollars as entered, rupees as posted (the server's rounding equals the preview).
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^JV\/\d{2}-\d{2}\/00001$/);
  await expect(page.getByTestId("je-detail-total")).toHaveText("₹1,04,320.88");
  await expect(page.getByTestId("je-detail-currency")).toHaveText("USD 1,250.00 at 83.4567 INR/USD");
  await expect(page.getByTestId("je-line-doc-debit")).toHaveText(["USD 1,237.45", "USD 12.55", "—"]);
  await expect(page.getByTestId("je-line-doc-credit")).toHaveText(["—", "—", "USD 1,250.00"]);
  await expect(page.getByTestId("je-line-debit")).toHaveText(["1,03,273.50", "1,047.38", "—"]);
  await expect(page.getByTestId("je-line-credit")).toHaveText(["—", "—", "1,04,320.88"]);
  await expect(page.getByTestId("je-detail-total-debit")).toHaveText("₹1,04,320.88");
  await shot(page, "fx-02-journal-posted");

  // The ledger is in rupees: the trial balance shows the posted amounts.
  await modules.getByRole("link", { name: "Trial balance" }).click();
  await expect(page.getByTestId("tb-row").filter({ hasText: "1121 Bank - Current Account" })).toContainText("1,03,273.50");
  await expect(page.getByTestId("tb-row").filter({ hasText: "5240 Bank Charges" })).toContainText("1,047.38");
  await expect(page.getByTestId("tb-row").filter({ hasText: "4120 Sales - Export" })).toContainText("1,04,320.88");
  await expect(page.getByTestId("tb-total-closing_debit")).toContainText("1,04,320.88");
  await expect(page.getByTestId("tb-total-closing_credit")).toContainText("1,04,320.88");
  await shot(page, "fx-03-trial-balance");

  // The list marks the entry's currency.
  await modules.getByRole("link", { name: "Journal entries" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Export receipt" })).toContainText("USD at 83.4567");
});
