import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { shot } from "./helpers";

test("an invoice duplicated: a new draft with its customer and lines opens for editing, and posts with the next number", async ({ page }) => {
  const { slug, email } = companyCreate("duplicate");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await partnerCreate(page, slug, "Hotel Kaveri", { gstin: "27AABCT1332L1ZE" });
  const first = await invoicePost(page, slug, { customer: "Kaveri", description: "Bain marie, 4 wells", hsn: "8419", qty: "2", rate: "25000", gst: "18", total: "₹59,000.00" });

  await page.getByRole("button", { name: "Duplicate" }).click();
  await expect(page.getByText(`Draft copied from ${first}`)).toBeVisible();
  await expect(page).toHaveURL(/\?edit=1$/);
  await expect(page.getByLabel("Description, line 1")).toHaveValue("Bain marie, 4 wells");
  await expect(page.getByLabel("Qty, line 1")).toHaveValue("2");
  await shot(page, "duplicate-01-draft");
  // one more of them this time
  await page.getByLabel("Qty, line 1").fill("3");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹88,500.00");
  await expect(page.getByText("Hotel Kaveri").first()).toBeVisible();
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^INV\/\d{2}-\d{2}\/00002$/ })).toBeVisible();
});
