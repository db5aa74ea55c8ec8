import { expect, test, type Locator, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { companyCreate, fiscalYearOpen, partnerCreate, signIn } from "./company";
import { fiscalYearStart, shot, tenantUrl } from "./helpers";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1360, height: 860 };

/** Picks the option whose text is `name` (the account and cost centre selects indent theirs
 *  with no-break spaces, by their depth in the tree). */
async function pick(select: Locator, name: string) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const value = await select.locator("option").filter({ hasText: new RegExp(`^\\s*${escaped}$`) }).getAttribute("value");
  await select.selectOption(value!);
}

/** Downloads the page's export through the menu item `item`; returns the file's bytes. */
async function exportDownload(page: Page, item: string, filename: RegExp): Promise<Buffer> {
  await page.getByTestId("export-button").click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: item }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(filename);
  return readFileSync((await file.path())!);
}

/** Budgets (ADR 0070): a job's budget is set from the cost centres page (sales of ₹1,00,000 on
 *  the sales ledger, ₹60,000 on the direct expenses group), an account budgeted twice is refused
 *  beside its row; an invoice and a freight bill on the job then read against it: budget,
 *  actual, variance, % used and the totals of income, expense and profit; rent booked to the job
 *  outside the budget shows apart; a budget cut below its actual reads as over. */
test("a job's budget: set from the cost centres page, refused rows beside them, read against its invoice and bill", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("budget");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });
  const heading = page.getByRole("heading", { level: 1 });
  await fiscalYearOpen(page);
  const start = Number(fiscalYearStart().slice(0, 4));
  const year = `${start}-${String((start + 1) % 100).padStart(2, "0")}`; // 2026-27

  // The Taj hotel's kitchen as a job.
  await modules.getByRole("link", { name: "Cost centres" }).click();
  await page.getByRole("button", { name: "New cost centre" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Code", { exact: true }).fill("P-TAJ");
  await dialog.getByLabel("Name", { exact: true }).fill("Taj hotel kitchen");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();

  // Its budget opens from its row: none yet, for the current year.
  await page.getByRole("link", { name: "Budget Taj hotel kitchen" }).click();
  await expect(page).toHaveURL(/\/finance\/reports\/budget-vs-actual\?cost_centre=\d+$/);
  await expect(heading).toHaveText("Budget vs actual: P-TAJ Taj hotel kitchen");
  await expect(page.getByLabel("Fiscal year").locator("option:checked")).toHaveText(year);
  await expect(page.getByLabel("Cost centre").locator("option:checked")).toHaveText("P-TAJ Taj hotel kitchen");
  await expect(page.getByTestId("bva-empty")).toHaveText(`No budget for P-TAJ in ${year} yet: set one with Edit budget.`);

  // Sales of ₹1,00,000, the direct expenses ₹60,000 as one group, and the sales ledger again.
  await page.getByRole("button", { name: "Edit budget" }).click();
  await expect(dialog.getByRole("heading")).toHaveText(`Budget of P-TAJ Taj hotel kitchen, ${year}`);
  const account = (row: number) => dialog.getByLabel(`Account, row ${row}`);
  const amount = (row: number) => dialog.getByLabel(`Amount, row ${row}`);
  await expect(account(1).locator("option", { hasText: "1121 Bank - Current Account" })).toHaveCount(0);
  await pick(account(1), "4110 Sales - Domestic");
  await amount(1).fill("100000");
  await dialog.getByRole("button", { name: "Add row" }).click();
  await pick(account(2), "51 Direct Expenses");
  await amount(2).fill("60000");
  await dialog.getByRole("button", { name: "Add row" }).click();
  await pick(account(3), "4110 Sales - Domestic");
  await amount(3).fill("5000");
  await expect(dialog.getByTestId("budget-totals")).toHaveText("Income ₹1,05,000.00 · Expense ₹60,000.00 · Profit ₹45,000.00");
  await dialog.getByRole("button", { name: "Save" }).click();
  const lines = dialog.getByTestId("budget-line");
  await expect(lines.nth(2).getByRole("alert")).toHaveText("4110 is budgeted twice.");
  await expect(lines.nth(0).getByRole("alert")).toHaveCount(0);
  await expect(dialog.getByTestId("budget-form-error")).toHaveText("Some budget lines are not valid.");
  await shot(page, "budgets-01-editor-refused");
  await page.setViewportSize(PHONE);
  await shot(page, "budgets-02-editor-phone");
  await page.setViewportSize(DESKTOP);
  await dialog.getByRole("button", { name: "Remove row 3" }).click();
  await expect(lines).toHaveCount(2);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const row = (name: string) => page.getByTestId("bva-row").filter({ hasText: name });
  await expect(page.getByTestId("bva-row")).toHaveCount(2);
  await expect(row("4110 Sales - Domestic").getByTestId("bva-budget")).toHaveText("1,00,000.00");
  await expect(row("51 Direct Expenses").getByTestId("bva-budget")).toHaveText("60,000.00");

  // The job's invoice: ₹50,000 + 18% GST on the sales ledger; its freight bill: ₹12,000 + GST.
  await partnerCreate(page, slug, "Taj Hotels Palace", { gstin: "27AABCT1332L1ZE" });
  await partnerCreate(page, slug, "Surat Fabricators", { gstin: "24AABCT1332L1ZK", vendor: true });
  await page.goto(tenantUrl(slug, "/finance/invoices/new"));
  await page.getByLabel("Customer").fill("Taj");
  await page.getByRole("option", { name: /Taj Hotels Palace/ }).click();
  await page.getByLabel("Description, line 1").fill("Commercial kitchen range, stainless steel");
  await page.getByLabel("HSN/SAC, line 1").fill("8419");
  await page.getByLabel("Qty, line 1").fill("1");
  await page.getByLabel("Rate (₹), line 1").fill("50000");
  await page.getByLabel("GST, line 1").selectOption("18");
  await page.getByLabel("Cost centre, line 1").selectOption({ label: "P-TAJ Taj hotel kitchen" });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹59,000.00");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^INV\/\d{2}-\d{2}\/00001$/ })).toBeVisible();

  await page.goto(tenantUrl(slug, "/finance/bills/new"));
  await page.getByLabel("Vendor", { exact: true }).fill("Surat");
  await page.getByRole("option", { name: /Surat Fabricators/ }).click();
  await page.getByLabel("Vendor's bill no.").fill("SF/221");
  await page.getByLabel("Description, line 1").fill("Freight of the kitchen range to the hotel");
  await page.getByLabel("HSN/SAC, line 1").fill("996511");
  await page.getByLabel("Qty, line 1").fill("1");
  await page.getByLabel("Rate (₹), line 1").fill("12000");
  await page.getByLabel("GST, line 1").selectOption("18");
  await page.getByLabel("Ledger, line 1").selectOption({ label: "5130 Freight Inward" });
  await page.getByLabel("Cost centre, line 1").selectOption({ label: "P-TAJ Taj hotel kitchen" });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹14,160.00");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^BILL\/\d{2}-\d{2}\/00001$/ })).toBeVisible();

  // Budget vs actual, from the menu: pick the job; the year is the current one.
  await modules.getByRole("link", { name: "Budget vs actual" }).click();
  await expect(heading).toHaveText("Budget vs actual");
  await pick(page.getByLabel("Cost centre"), "P-TAJ Taj hotel kitchen");
  await expect(heading).toHaveText("Budget vs actual: P-TAJ Taj hotel kitchen");
  await expect(page.getByLabel("Fiscal year").locator("option:checked")).toHaveText(year);
  const figures = async (target: Locator, budget: string, actual: string, variance: string, used: string) => {
    await expect(target.getByTestId("bva-budget")).toHaveText(budget);
    await expect(target.getByTestId("bva-actual")).toHaveText(actual);
    await expect(target.getByTestId("bva-variance")).toHaveText(variance);
    await expect(target.getByTestId("bva-used")).toHaveText(used);
  };
  await figures(row("4110 Sales - Domestic"), "1,00,000.00", "50,000.00", "-50,000.00", "50%");
  await figures(row("51 Direct Expenses"), "60,000.00", "12,000.00", "-48,000.00", "20%");
  await figures(page.getByTestId("bva-total-income"), "1,00,000.00", "50,000.00", "-50,000.00", "50%");
  await figures(page.getByTestId("bva-total-expense"), "60,000.00", "12,000.00", "-48,000.00", "20%");
  await figures(page.getByTestId("bva-total-profit"), "40,000.00", "38,000.00", "-2,000.00", "95%");
  await expect(page.getByTestId("bva-not-budgeted")).toHaveText("All of the cost centre's actual income and expense falls on budgeted accounts.");
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0); // the bill's, out of the way
  await shot(page, "budgets-03-report");
  await page.setViewportSize(PHONE);
  // the figures fit the phone without scrolling sideways: the variance column gives way
  await expect(page.getByRole("columnheader", { name: "Variance" })).toBeHidden();
  const table = page.getByRole("table", { name: "Budget vs actual" });
  expect(await table.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth)).toBe(0);
  await shot(page, "budgets-04-report-phone");
  await page.setViewportSize(DESKTOP);

  // Site rent paid in cash on the job: an indirect expense, budgeted nowhere, shown apart.
  const report = page.url();
  await page.goto(tenantUrl(slug, "/finance/journal/new"));
  await page.getByLabel("Line 1 account").selectOption({ label: "5220 Rent" });
  await page.getByLabel("Narration").fill("Store room at the hotel site");
  await page.getByLabel("Line 1 debit").fill("3000");
  await page.getByLabel("Line 1 cost centre").selectOption({ label: "P-TAJ Taj hotel kitchen" });
  await page.getByLabel("Line 2 account").selectOption({ label: "1110 Cash-in-Hand" });
  await page.getByLabel("Line 2 credit").fill("3000");
  await page.getByTestId("je-post").click();
  await expect(heading).toHaveText(/^JV\/\d{2}-\d{2}\/\d{5}$/);
  await page.goto(report);
  await expect(heading).toHaveText("Budget vs actual: P-TAJ Taj hotel kitchen");
  await figures(page.getByTestId("bva-total-expense"), "60,000.00", "15,000.00", "-45,000.00", "25%");
  await expect(page.getByTestId("bva-not-budgeted")).toHaveText("Not budgeted: ₹3,000.00 expense on accounts without a budget line, included in the actual totals.");

  // Both budgets cut below what happened: the freight's row and the expense total read over
  // budget (red), the sales and the profit ahead of plan (green). The editor opens on the saved
  // budget.
  await expect(row("4110 Sales - Domestic").getByTestId("bva-variance")).not.toHaveClass(/text-destructive|text-emerald/);
  await page.getByRole("button", { name: "Edit budget" }).click();
  await expect(lines).toHaveCount(2);
  await expect(account(1).locator("option:checked")).toHaveText(/4110 Sales - Domestic$/);
  await expect(amount(1)).toHaveValue("1,00,000.00");
  await expect(amount(2)).toHaveValue("60,000.00");
  await amount(1).fill("40000");
  await amount(2).fill("10000");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await figures(row("4110 Sales - Domestic"), "40,000.00", "50,000.00", "10,000.00", "125%");
  await figures(row("51 Direct Expenses"), "10,000.00", "12,000.00", "2,000.00", "120%");
  await figures(page.getByTestId("bva-total-expense"), "10,000.00", "15,000.00", "5,000.00", "150%");
  await figures(page.getByTestId("bva-total-profit"), "30,000.00", "35,000.00", "5,000.00", "117%");
  for (const over of [row("51 Direct Expenses"), page.getByTestId("bva-total-expense")]) await expect(over.getByTestId("bva-variance")).toHaveClass(/text-destructive/);
  for (const ahead of [row("4110 Sales - Domestic"), page.getByTestId("bva-total-profit")]) await expect(ahead.getByTestId("bva-variance")).toHaveClass(/text-emerald-600/);
  await shot(page, "budgets-05-report-over");

  // Exported to Excel and PDF.
  expect((await exportDownload(page, "Excel (.xlsx)", new RegExp(`^budget-P-TAJ-${year}.*\\.xlsx$`))).subarray(0, 2).toString()).toBe("PK");
  expect((await exportDownload(page, "PDF (.pdf)", new RegExp(`^budget-P-TAJ-${year}.*\\.pdf$`))).subarray(0, 4).toString()).toBe("%PDF");

  // Each budgeted ledger opens the job's lines on it.
  await row("4110 Sales - Domestic").getByRole("link").click();
  await expect(page).toHaveURL(/\/finance\/reports\/ledger\?account=\d+&from_date=[\d-]+&to_date=[\d-]+&cost_centre=\d+$/);
  await expect(page.getByTestId("gl-line")).toHaveCount(1);
  await expect(page.getByTestId("gl-line")).toContainText("50,000.00");
});
