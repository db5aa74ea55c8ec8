import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

test("bring a customer's unpaid invoice forward from the old books: no GST, numbered OB, open in the aged report, against the opening balance account", async ({ page }) => {
  const { slug, email } = await companyCreate("opening");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });
  await fiscalYearOpen(page);

  await partnerCreate(page, slug, "Hotel Sahyadri", { gstin: "27AABCT1332L1ZE" });

  // The old invoice's outstanding ₹12,345.67, entered as an opening balance: GST goes to 0%.
  await page.goto(tenantUrl(slug, "/finance/invoices/new"));
  await page.getByLabel("Customer").fill("Sahyadri");
  await page.getByRole("option", { name: /Hotel Sahyadri/ }).click();
  await page.getByLabel("Reference").fill("OLD/1187");
  await page.getByLabel("Description, line 1").fill("Balance of OLD/1187");
  await page.getByLabel("HSN/SAC, line 1").fill("8419");
  await page.getByLabel("Rate (₹), line 1").fill("12345.67");
  await page.getByLabel("Opening balance brought forward from your previous books").check();
  await expect(page.getByLabel("GST, line 1")).toHaveValue("0");
  await shot(page, "opening-01-form");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("opening-badge")).toBeVisible();
  // to the paisa: no rupee round-off on a balance brought forward
  await expect(page.getByTestId("document-total")).toHaveText("₹12,345.67");

  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^OB\/\d{2}-\d{2}\/00001$/ })).toBeVisible();
  await shot(page, "opening-02-posted");

  // It is owed like any invoice, and the other side is the opening balance account.
  await modules.getByRole("link", { name: "Aged balances" }).click();
  await expect(page.getByTestId("aged-row")).toContainText("Hotel Sahyadri");
  await expect(page.getByTestId("aged-total")).toHaveText("₹12,345.67");
  await modules.getByRole("link", { name: "Trial balance" }).click();
  await expect(page.getByTestId("tb-row").filter({ hasText: "1131 Trade Receivables" })).toContainText("12,345.67");
  await expect(page.getByTestId("tb-row").filter({ hasText: "3300 Opening Balance Adjustment" })).toContainText("12,345.67");
  await expect(page.getByTestId("tb-row").filter({ hasText: "4110 Sales - Domestic" })).toHaveCount(0);
  await shot(page, "opening-03-trial-balance");

  // A regular invoice beside it; the invoice list tells the two apart with its Opening filter.
  await invoicePost(page, slug, { customer: "Hotel Sahyadri", description: "Tandoor", hsn: "8419", qty: "1", rate: "1000", gst: "18", total: "₹1,180.00" });
  await modules.getByRole("link", { name: "Invoices", exact: true }).click();
  await expect(page.getByTestId("document-row")).toHaveCount(2);
  await page.getByLabel("Opening", { exact: true }).selectOption("Opening balances");
  await expect(page).toHaveURL(/is_opening=true/);
  await expect(page.getByTestId("document-row")).toHaveCount(1);
  await expect(page.getByTestId("document-row")).toContainText("OB/");
  await page.getByLabel("Opening", { exact: true }).selectOption("Regular");
  await expect(page.getByTestId("document-row")).toHaveCount(1);
  await expect(page.getByTestId("document-row")).toContainText("INV/");
});
