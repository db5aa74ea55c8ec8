import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { companyCreate, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

test("raise a GST invoice to a new customer, post it, download its PDF, take a part payment and see it aged", async ({ page }) => {
  const { slug, email } = await companyCreate("invoicing");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });

  // Postings need an open fiscal year (the ledger's page).
  await modules.getByRole("link", { name: "Fiscal years" }).click();
  await page.getByTestId("fy-create").click();
  await expect(page.getByTestId("fy-card")).toHaveCount(1);

  // A customer, with state and PAN taken from the GSTIN.
  await modules.getByRole("link", { name: "Partners" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/partners"));
  await page.getByRole("link", { name: "New partner" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Pune Fabricators");
  await page.getByLabel("GSTIN").fill("27AABCT1332L1ZE");
  await page.getByLabel("Payment terms (days)").fill("30");
  await shot(page, "invoicing-01-partner-form");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Pune Fabricators" })).toBeVisible();
  await expect(page.getByText("BP00001 · GSTIN 27AABCT1332L1ZE · Maharashtra")).toBeVisible();
  await expect(page.getByText("PAN AABCT1332L")).toBeVisible();

  // A draft invoice: 10 tanks at ₹100 + 18% GST within Maharashtra = ₹1,180.
  await page.goto(tenantUrl(slug, "/finance/invoices"));
  await page.getByRole("link", { name: "New invoice" }).click();
  await page.getByLabel("Customer").fill("Pune");
  await page.getByRole("option", { name: /Pune Fabricators/ }).click();
  await page.getByLabel("Description, line 1").fill("Stainless steel tank");
  await page.getByLabel("HSN/SAC, line 1").fill("8419");
  await page.getByLabel("Qty, line 1").fill("10");
  await page.getByLabel("Rate (₹), line 1").fill("100");
  await page.getByLabel("GST, line 1").selectOption("18");
  await shot(page, "invoicing-02-invoice-form");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { name: /^Draft tax invoice/ })).toBeVisible();
  await expect(page.getByTestId("document-total")).toHaveText("₹1,180.00");

  // Post: the legal number and the journal.
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  const heading = page.getByRole("heading", { name: /^INV\/\d{2}-\d{2}\/00001$/ });
  await expect(heading).toBeVisible();
  const number = (await heading.textContent())!.trim();
  await shot(page, "invoicing-03-posted");

  // The tax-invoice PDF, as an attachment named after the number.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "PDF" }).click();
  const pdf = await downloading;
  expect(pdf.suggestedFilename()).toBe(`${number.replaceAll("/", "-")}.pdf`);
  const bytes = readFileSync((await pdf.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");

  // A part payment of ₹500 into the bank.
  await page.getByRole("button", { name: "Record payment" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Amount").fill("500");
  await dialog.getByLabel("Reference (UTR, cheque no.)").fill("UTR123456");
  await shot(page, "invoicing-04-payment");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Receipt RCT\/\d{2}-\d{2}\/00001 recorded/)).toBeVisible();
  await expect(page.getByTestId("document-open")).toHaveText("₹680.00");
  await expect(page.getByText("Partly paid").first()).toBeVisible();

  // Aged receivables: ₹680 open in 0-30 days.
  await modules.getByRole("link", { name: "Aged balances" }).click();
  const row = page.getByTestId("aged-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Pune Fabricators");
  await expect(page.getByTestId("aged-total")).toHaveText("₹680.00");
  await shot(page, "invoicing-05-aged");

  // The trial balance (the ledger's page): receivable 680 Dr, bank 500 Dr, sales 1,000 Cr,
  // output CGST and SGST 90 Cr each; debits equal credits.
  await modules.getByRole("link", { name: "Trial balance" }).click();
  await expect(page.getByTestId("tb-row").filter({ hasText: "1131 Trade Receivables" })).toContainText("680.00");
  await expect(page.getByTestId("tb-row").filter({ hasText: "1121 Bank - Current Account" })).toContainText("500.00");
  await expect(page.getByTestId("tb-row").filter({ hasText: "4110 Sales - Domestic" })).toContainText("1,000.00");
  await expect(page.getByTestId("tb-row").filter({ hasText: "2121 Output CGST" })).toContainText("90.00");
  await expect(page.getByTestId("tb-total-closing_debit")).toContainText("1,180.00");
  await expect(page.getByTestId("tb-total-closing_credit")).toContainText("1,180.00");
  await shot(page, "invoicing-06-trial-balance");

  // The party statement runs the balance: 1,180 invoiced, 500 received.
  await page.goto(tenantUrl(slug, "/finance/reports/aged"));
  await page.getByTestId("aged-row").getByRole("link", { name: "Pune Fabricators" }).click();
  await expect(page.getByTestId("statement-closing")).toHaveText("₹680.00");
  await shot(page, "invoicing-07-statement");

  // The dashboard's finance cards.
  await page.goto(tenantUrl(slug, "/"));
  const kpis = page.getByTestId("finance-kpis");
  await expect(kpis.getByTestId("kpi-card").filter({ hasText: "Receivables" })).toContainText("₹680");
  await expect(kpis.getByTestId("kpi-card").filter({ hasText: "Bank" })).toContainText("₹500");
  await expect(page.getByTestId("revenue-chart").locator(".recharts-surface")).toBeVisible();
  await shot(page, "invoicing-08-dashboard");
});
