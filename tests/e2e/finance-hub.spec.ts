import { expect, test } from "@playwright/test";
import { companyCreate, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

test("every breadcrumb leads to a page: Reports lists the reports, Finance lists the module's pages", async ({ page }) => {
  const { slug, email } = companyCreate("hub");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });

  // Trial balance › "Reports": the reports index, each report a link
  await modules.getByRole("link", { name: "Trial balance" }).click();
  await crumbs.getByRole("link", { name: "Reports" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/finance/reports"));
  await expect(page.getByRole("heading", { name: "Reports", level: 1 })).toBeVisible();
  const reports = page.getByTestId("module-link");
  for (const name of ["Trial balance", "Profit and loss", "Profit by cost centre", "Budget vs actual", "Balance sheet", "General ledger", "Aged balances", "GST returns", "TDS register"]) {
    await expect(reports.filter({ hasText: name })).toHaveCount(1);
  }
  await expect(reports.filter({ hasText: "Invoices" })).toHaveCount(0);
  await shot(page, "hub-01-reports");

  // › "Finance": the module's pages by section, the partners with them
  await crumbs.getByRole("link", { name: "Finance" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/finance"));
  await expect(page.getByRole("region", { name: "Invoicing" }).getByTestId("module-link").filter({ hasText: "Partners" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Finance" }).getByTestId("module-link").filter({ hasText: "Chart of accounts" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Finance" }).getByTestId("module-link").filter({ hasText: "Cost centres" })).toBeVisible();
  await shot(page, "hub-02-finance");
  await page.getByRole("link", { name: /^Invoices Tax invoices/ }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/finance/invoices"));
});
