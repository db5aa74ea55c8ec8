import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, signIn } from "./company";
import { fiscalYearStart, hydrated, shot } from "./helpers";

/** A budget phased by month (ADR 0078): a job's sales of ₹1,20,000 entered "By month" start
 *  spread at ₹10,000 a month; nothing in the first quarter and ₹31,000 in July make the year
 *  ₹1,11,000; the report to 15 July reads a budget to date of 15 of July's 31 days (₹15,000)
 *  and its variance; back to one amount for the year, the budget is spread evenly (three
 *  months and 15 days of ₹9,250). */
test("a budget entered month by month, read to a date by its months", async ({ page }) => {
  const { slug, email } = companyCreate("budget-months");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  const start = Number(fiscalYearStart().slice(0, 4));
  const dialog = page.getByRole("dialog");

  await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Cost centres" }).click();
  await page.getByRole("button", { name: "New cost centre" }).click();
  await dialog.getByLabel("Code", { exact: true }).fill("P-ITC");
  await dialog.getByLabel("Name", { exact: true }).fill("ITC hotel kitchen");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("link", { name: "Budget ITC hotel kitchen" }).click();
  await hydrated(page);

  // The sales, by month: spread to start with, then the first quarter empty and July ₹31,000.
  await page.getByRole("button", { name: "Edit budget" }).click();
  const account = dialog.getByLabel("Account, row 1");
  const value = await account.locator("option").filter({ hasText: /4110 Sales - Domestic$/ }).getAttribute("value");
  await account.selectOption(value!);
  await dialog.getByLabel("Amount, row 1").fill("120000");
  await dialog.getByRole("button", { name: "By month, row 1" }).click();
  const months = dialog.getByTestId("budget-months").getByRole("textbox");
  await expect(months).toHaveCount(12);
  await expect(months.nth(11)).toHaveValue("10,000.00");
  for (const i of [0, 1, 2]) await months.nth(i).fill("0");
  await months.nth(3).fill("31000");
  await expect(dialog.getByLabel("Amount, row 1")).toHaveValue("1,11,000.00");
  await expect(dialog.getByTestId("budget-totals")).toHaveText("Income ₹1,11,000.00 · Expense ₹0.00 · Profit ₹1,11,000.00");
  await shot(page, "budgets-phased-01-editor");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();

  // The report to 15 July: 15 of July's 31 days of ₹31,000.
  await page.getByLabel("To", { exact: true }).fill(`${start}-07-15`);
  const row = page.getByTestId("bva-row").filter({ hasText: "4110 Sales - Domestic" });
  await expect(row.getByTestId("bva-budget")).toHaveText("1,11,000.00");
  await expect(row.getByTestId("bva-budget-to-date")).toHaveText("15,000.00by month");
  await expect(row.getByTestId("bva-variance-to-date")).toHaveText("-15,000.00");
  await expect(page.getByTestId("bva-total-income").getByTestId("bva-budget-to-date")).toHaveText("15,000.00");
  await shot(page, "budgets-phased-02-report");

  // Back to one amount for the year: spread evenly, ₹9,250 a month.
  await page.getByRole("button", { name: "Edit budget" }).click();
  await expect(months.nth(3)).toHaveValue("31,000.00");
  await dialog.getByRole("button", { name: "By month, row 1" }).click();
  await expect(months).toHaveCount(0);
  await expect(dialog.getByLabel("Amount, row 1")).toHaveValue("1,11,000.00");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId("bva-budget-to-date")).toHaveText("32,225.81");
});
