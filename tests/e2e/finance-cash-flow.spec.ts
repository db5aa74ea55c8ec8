import { expect, test, type Page } from "@playwright/test";
import { companyCreate, fiscalYearOpen, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

/** A two-line journal entry, saved and posted from the entry form. */
async function entryPost(page: Page, slug: string, narration: string, debit: string, credit: string, amount: string) {
  await page.goto(tenantUrl(slug, "/finance/journal/new"));
  await page.getByLabel("Line 1 account").selectOption({ label: debit });
  await page.getByLabel("Narration").fill(narration);
  await page.getByLabel("Line 1 debit").fill(amount);
  await page.getByLabel("Line 2 account").selectOption({ label: credit });
  await page.getByLabel("Line 2 credit").fill(amount);
  await page.getByTestId("je-post").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^JV\/\d{2}-\d{2}\/\d{5}$/);
}

test("the cash flow statement: capital in, a machine and a deposit (classed investing in the chart) paid, rent paid in cash, a bank-to-cash transfer left out", async ({ page }) => {
  test.setTimeout(120_000);
  const { slug, email } = companyCreate("cashflow");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);

  // The company counts security deposits as investing: set on the ledger in the chart.
  await page.goto(tenantUrl(slug, "/finance/accounts"));
  await page.getByRole("button", { name: "Edit Security Deposits" }).click();
  await page.getByRole("dialog").getByLabel("Cash flow").selectOption("investing");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved")).toBeVisible();

  await entryPost(page, slug, "Capital brought in", "1121 Bank - Current Account", "3100 Capital Account", "500000");
  await entryPost(page, slug, "Press brake bought", "1220 Plant and Machinery", "1121 Bank - Current Account", "180000");
  await entryPost(page, slug, "Deposit for the shed", "1164 Security Deposits", "1121 Bank - Current Account", "25000");
  await entryPost(page, slug, "Cash withdrawn", "1110 Cash-in-Hand", "1121 Bank - Current Account", "20000");
  await entryPost(page, slug, "Rent for the month", "5220 Rent", "1110 Cash-in-Hand", "15000");

  await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Cash flow" }).click();
  await expect(page.getByTestId("cf-operating")).toContainText("-₹15,000.00");
  await expect(page.getByTestId("cf-investing")).toContainText("-₹2,05,000.00");
  await expect(page.getByTestId("cf-financing")).toContainText("₹5,00,000.00");
  await expect(page.getByTestId("cf-opening")).toContainText("₹0.00");
  await expect(page.getByTestId("cf-closing")).toContainText("₹2,80,000.00");
  const table = page.getByRole("table", { name: "Cash flow" });
  await expect(table.getByRole("link", { name: "1164 Security Deposits" })).toBeVisible();
  await expect(table.getByRole("link", { name: /Cash-in-Hand/ })).toHaveCount(0);
  await shot(page, "cash-flow-01-statement");

  // Each account opens its ledger for the period.
  await table.getByRole("link", { name: "1220 Plant and Machinery" }).click();
  await expect(page).toHaveURL(/\/finance\/reports\/ledger\?account=\d+/);
  await expect(page.getByText("Press brake bought")).toBeVisible();
});
