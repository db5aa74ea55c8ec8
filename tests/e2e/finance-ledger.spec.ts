import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { shot, signUpCompany, tenantUrl } from "./helpers";

/** Downloads the page's export through the menu item `item`; returns the file's bytes. */
async function exportDownload(page: Page, item: string, filename: RegExp): Promise<Buffer> {
  await page.getByTestId("export-button").click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: item }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(filename);
  return readFileSync((await file.path())!);
}

test("an accountant posts a journal entry and drills from the trial balance to the entry", async ({ page }) => {
  const { slug } = await signUpCompany(page, "ledger");
  const modules = page.getByRole("navigation", { name: "Modules" });

  // The fiscal year containing today, opened from the company's April start.
  await modules.getByRole("link", { name: "Fiscal years" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/finance/fiscal-years"));
  await page.getByTestId("fy-create").click();
  await expect(page.getByTestId("fy-card")).toHaveCount(1);
  await expect(page.getByTestId("period-row")).toHaveCount(12);
  await shot(page, "finance-01-fiscal-year");

  // The seeded chart of accounts.
  await modules.getByRole("link", { name: "Chart of accounts" }).click();
  await expect(page.getByTestId("coa-row").filter({ hasText: "1110 Cash-in-Hand" })).toBeVisible();
  await shot(page, "finance-02-chart-of-accounts");

  // A journal entry: the form shows whether it balances before it can be posted.
  await modules.getByRole("link", { name: "Journal entries" }).click();
  await page.getByRole("link", { name: "New entry" }).click();
  await page.getByLabel("Line 1 account").selectOption({ label: "1110 Cash-in-Hand" });
  await page.getByLabel("Line 1 debit").fill("125000.50");
  await page.getByLabel("Line 2 account").selectOption({ label: "4230 Scrap Sales" });
  await page.getByLabel("Line 2 credit").fill("125000");
  await expect(page.getByTestId("je-unbalanced")).toContainText("Out by");
  await expect(page.getByTestId("je-post")).toBeDisabled();
  await page.getByLabel("Line 2 credit").fill("125000.50");
  await page.getByLabel("Narration").fill("Cash sale of scrap");
  await expect(page.getByTestId("je-balanced")).toBeVisible();
  await shot(page, "finance-03-journal-form");
  await page.getByTestId("je-post").click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^JV\/\d{2}-\d{2}\/00001$/);
  await expect(page.getByTestId("je-detail-line")).toHaveCount(2);
  await expect(page.getByText("Cash sale of scrap")).toBeVisible();
  await expect(page.getByText("Posted", { exact: true })).toBeVisible();
  await shot(page, "finance-04-journal-posted");

  // The trial balance shows it, balanced; the cash row drills into the ledger, then the entry.
  await modules.getByRole("link", { name: "Trial balance" }).click();
  const cash = page.getByTestId("tb-row").filter({ hasText: "1110 Cash-in-Hand" });
  await expect(cash).toContainText("1,25,000.50");
  await expect(page.getByTestId("tb-total-closing_debit")).toContainText("1,25,000.50");
  await expect(page.getByTestId("tb-total-closing_credit")).toContainText("1,25,000.50");
  await shot(page, "finance-05-trial-balance");
  // ...and exports to PDF and Excel (the one report exporter of core/exports).
  const pdf = await exportDownload(page, "PDF (.pdf)", /^trial-balance-\d{4}-\d{2}-\d{2}\.pdf$/);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const xlsx = await exportDownload(page, "Excel (.xlsx)", /^trial-balance-\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(xlsx.subarray(0, 2).toString()).toBe("PK"); // a zip: the xlsx container
  await cash.getByTestId("tb-drill").click();
  await expect(page).toHaveURL(/\/finance\/reports\/ledger\?account=\d+/);
  await expect(page.getByTestId("gl-line")).toHaveCount(1);
  await expect(page.getByTestId("gl-closing")).toContainText("1,25,000.50 Dr");
  await shot(page, "finance-06-general-ledger");
  await page.getByTestId("gl-entry").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^JV\/\d{2}-\d{2}\/00001$/);

  // Reversing it nets the trial balance to nothing.
  await page.getByTestId("je-reverse").click();
  await page.getByRole("button", { name: "Reverse", exact: true }).last().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^JV\/\d{2}-\d{2}\/00002$/);
  await shot(page, "finance-07-reversal");
  await modules.getByRole("link", { name: "Trial balance" }).click();
  await expect(page.getByTestId("tb-total-closing_debit")).toContainText("0.00");
  await expect(page.getByTestId("tb-total-debit")).toContainText("2,50,001.00");
  await shot(page, "finance-08-trial-balance-after-reversal");
});
