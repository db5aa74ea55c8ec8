import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, invoicePost, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

test("a customer's credit limit: the draft invoice warns, posting it anyway is the owner's call and is on the audit log", async ({ page }) => {
  const { slug, email } = await companyCreate("credit");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);

  // a customer allowed to owe ₹1,00,000
  await page.goto(tenantUrl(slug, "/partners/new"));
  await page.getByLabel("Name", { exact: true }).fill("Hotel Sagar");
  await page.getByLabel("GSTIN").fill("27AABCT1332L1ZE");
  await page.getByLabel("Credit limit (₹)").fill("100000");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Hotel Sagar" })).toBeVisible();

  // ₹59,000 posts within the limit
  await invoicePost(page, slug, { customer: "Sagar", description: "Bain marie, 4 wells", hsn: "8419", qty: "1", rate: "50000", gst: "18", total: "₹59,000.00" });
  await expect(page.getByTestId("credit-notice")).toHaveCount(0);

  // another ₹59,000 would take it to ₹1,18,000: the draft says so before anyone posts
  await page.goto(tenantUrl(slug, "/finance/invoices/new"));
  await page.getByLabel("Customer").fill("Sagar");
  await page.getByRole("option", { name: /Sagar/ }).click();
  await page.getByLabel("Description, line 1").fill("Tilting bratt pan");
  await page.getByLabel("HSN/SAC, line 1").fill("8419");
  await page.getByLabel("Qty, line 1").fill("1");
  await page.getByLabel("Rate (₹), line 1").fill("50000");
  await page.getByLabel("GST, line 1").selectOption("18");
  await page.getByRole("button", { name: "Save draft" }).click();
  const notice = page.getByTestId("credit-notice");
  await expect(notice).toContainText("Credit limit ₹1,00,000.00 · Hotel Sagar owes ₹59,000.00 · after this invoice ₹1,18,000.00");
  await expect(notice).toContainText("Posting this invoice takes Hotel Sagar ₹18,000.00 past its credit limit. You may post it anyway");
  await shot(page, "credit-01-draft-over-limit");

  // the owner may post it anyway, and the dialog says what that means
  await page.getByRole("button", { name: "Post" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("past its credit limit");
  await dialog.getByRole("button", { name: "Post anyway" }).click();
  await expect(page.getByRole("heading", { name: /^INV\/\d{4}-\d{2}\/00002$/ })).toBeVisible();
  await expect(page.getByTestId("credit-notice")).toHaveCount(0);

  // and the override is on the audit log under the owner's name
  await page.goto(tenantUrl(slug, "/audit"));
  await expect(page.getByText("invoicing.invoice.credit_limit_overridden").first()).toBeVisible();
  await shot(page, "credit-02-audit");
});
