import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, signIn } from "./company";
import { hydrated, shot, tenantUrl } from "./helpers";

/** Reverse charge (ADR 0071): an unregistered transporter is marked as a reverse-charge vendor;
 *  its freight bill starts under reverse charge, owes it the freight alone, and books the GST
 *  both as input credit and as reverse-charge tax payable; the bill prints as the company's
 *  self invoice; GSTR-3B shows it in 3.1(d), 4(A)(3) and the tax paid in cash. */
test("reverse charge: a transporter's freight bill, its entry, its self invoice and GSTR-3B", async ({ page }) => {
  test.setTimeout(120_000);
  const { slug, email } = companyCreate("rcm");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);

  // The transporter: unregistered, its bills under reverse charge.
  await page.goto(tenantUrl(slug, "/partners/new"));
  await hydrated(page);
  await page.getByLabel("Name", { exact: true }).fill("Deccan Roadlines");
  await page.getByLabel("Customer").uncheck();
  await page.getByLabel("Vendor").check();
  await page.getByLabel("Bills under reverse charge").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Deccan Roadlines" })).toBeVisible();
  await expect(page.getByTestId("pt-reverse-charge")).toHaveText("Reverse charge Bills under reverse charge");

  // Its freight bill starts under reverse charge: the preview leaves the 5% GST out of its total.
  await page.goto(tenantUrl(slug, "/finance/bills/new"));
  await hydrated(page);
  await page.getByLabel("Vendor", { exact: true }).fill("Deccan");
  await page.getByRole("option", { name: /Deccan Roadlines/ }).click();
  await expect(page.getByLabel(/Reverse charge: we pay the GST/)).toBeChecked();
  await page.getByLabel("Vendor's bill no.").fill("DR/77");
  await page.getByLabel("Description, line 1").fill("Freight of a kitchen range, Pune to Bengaluru");
  await page.getByLabel("HSN/SAC, line 1").fill("996791");
  await page.getByLabel("Qty, line 1").fill("1");
  await page.getByLabel("Rate (₹), line 1").fill("10000.40");
  await page.getByLabel("GST, line 1").selectOption("5");
  await page.getByLabel("Ledger, line 1").selectOption({ label: "5130 Freight Inward" });
  await expect(page.getByTestId("total-tax")).toHaveText("₹500.02");
  await expect(page.getByTestId("document-totals").getByText("Tax we pay on reverse charge")).toBeVisible();
  await expect(page.getByTestId("total-grand")).toHaveText("₹10,000.40");
  await shot(page, "reverse-charge-01-bill-form");
  await page.getByRole("button", { name: "Save draft" }).click();

  // Saved: the vendor is owed ₹10,000 (rounded), the tax shown as ours to pay.
  await expect(page.getByTestId("reverse-charge-badge")).toBeVisible();
  await expect(page.getByTestId("document-total")).toHaveText("₹10,000.00");
  await expect(page.getByTestId("reverse-charge-note")).toBeVisible();
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  const number = page.getByRole("heading", { name: /^BILL\/\d{2}-\d{2}\/00001$/ });
  await expect(number).toBeVisible();
  await expect(page.getByTestId("document-open")).toHaveText("₹10,000.00");
  await shot(page, "reverse-charge-02-bill-posted");

  // The PDF (the company's self invoice: the transporter is unregistered) downloads.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "PDF" }).click();
  const pdf = await downloading;
  expect(pdf.suggestedFilename()).toMatch(/^BILL-\d{2}-\d{2}-00001\.pdf$/);
  expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe("%PDF-");

  // Its entry: the freight and the input credit on the debit side; the transporter's ₹10,000,
  // the paise rounded off and the reverse-charge CGST and SGST on the credit side.
  await page.getByTestId("document-entry").click();
  await expect(page).toHaveURL(/\/finance\/journal\/\d+$/);
  const lines = page.getByTestId("je-detail-line");
  await expect(lines).toHaveCount(7);
  await expect(lines.filter({ hasText: "5130" })).toContainText("10,000.40");
  await expect(lines.filter({ hasText: "2111" })).toContainText("10,000.00");
  await expect(lines.filter({ hasText: "1151" })).toContainText("250.01");
  await expect(lines.filter({ hasText: "2126 CGST Payable - Reverse Charge" })).toContainText("250.01");
  await expect(lines.filter({ hasText: "2127 SGST Payable - Reverse Charge" })).toContainText("250.01");
  await shot(page, "reverse-charge-03-entry");

  // GSTR-3B: 3.1(d) and 4(A)(3) hold the freight and its tax; the tax is paid in cash.
  await page.goto(tenantUrl(slug, "/finance/reports/gst"));
  const gstr3b = page.getByRole("table", { name: "GSTR-3B" });
  await expect(gstr3b.getByRole("row", { name: /3\.1\(d\) Inward supplies \(reverse charge\)/ })).toContainText("10,000.40");
  await expect(gstr3b.getByRole("row", { name: /4\(A\)\(3\) ITC on reverse charge/ })).toContainText("250.01");
  await expect(gstr3b.getByRole("row", { name: /4\(A\)\(5\) All other ITC/ })).not.toContainText("250.01");
  await expect(page.getByTestId("gstr3b-rcm-cash")).toContainText("250.01");
  await shot(page, "reverse-charge-04-gstr3b");

  // Part of the freight was overcharged: the debit note against the bill follows it.
  await page.goto(tenantUrl(slug, "/finance/notes/new"));
  await hydrated(page);
  await page.getByLabel("Type").selectOption("debit_note");
  await page.getByLabel("Vendor", { exact: true }).fill("Deccan");
  await page.getByRole("option", { name: /Deccan Roadlines/ }).click();
  const reverseCharge = page.getByLabel(/Reverse charge: we pay the GST/);
  await expect(reverseCharge).not.toBeChecked();
  await page.getByLabel("Against bill").fill("BILL");
  await page.getByRole("option", { name: /BILL\/\d{2}-\d{2}\/00001/ }).click();
  await expect(reverseCharge).toBeChecked();
  await expect(reverseCharge).toBeDisabled();
  await page.getByLabel("Description, line 1").fill("Freight overcharged");
  await page.getByLabel("HSN/SAC, line 1").fill("996791");
  await page.getByLabel("Qty, line 1").fill("1");
  await page.getByLabel("Rate (₹), line 1").fill("2000");
  await page.getByLabel("GST, line 1").selectOption("5");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("reverse-charge-badge")).toBeVisible();
  await expect(page.getByTestId("document-total")).toHaveText("₹2,000.00");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^DN\/\d{2}-\d{2}\/00001$/ })).toBeVisible();
  await page.goto(tenantUrl(slug, "/finance/reports/gst"));
  await expect(gstr3b.getByRole("row", { name: /3\.1\(d\) Inward supplies/ })).toContainText("8,000.40");
  await expect(page.getByTestId("gstr3b-rcm-cash")).toContainText("200.01");
});
