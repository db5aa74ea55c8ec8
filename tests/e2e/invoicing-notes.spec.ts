import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

async function pdfDownload(page: Page, menu: ReturnType<Page["getByRole"]>, filename: RegExp) {
  await menu.click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: "PDF (.pdf)" }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(filename);
  expect(readFileSync((await file.path())!).subarray(0, 5).toString()).toBe("%PDF-");
}

async function noteRaise(page: Page, slug: string, against: string | null) {
  await page.goto(tenantUrl(slug, "/finance/notes"));
  await page.getByRole("link", { name: "New note" }).click();
  await page.getByLabel("Customer").fill("Pune");
  await page.getByRole("option", { name: /Pune Fabricators/ }).click();
  if (against) {
    await page.getByLabel("Against invoice").fill("INV");
    await page.getByRole("option", { name: new RegExp(against.replaceAll("/", "\\/")) }).click();
  }
  await page.getByLabel("Description, line 1").fill("Rate difference");
  await page.getByLabel("HSN/SAC, line 1").fill("8419");
  await page.getByLabel("Qty, line 1").fill("1");
  await page.getByLabel("Rate (₹), line 1").fill("100");
  await page.getByLabel("GST, line 1").selectOption("18");
  if (against) await shot(page, "notes-02-credit-note-against-invoice");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { name: /^Draft credit note/ })).toBeVisible();
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  const heading = page.getByRole("heading", { name: /^CN\/\d{2}-\d{2}\/\d{5}$/ });
  await expect(heading).toBeVisible();
  return (await heading.textContent())!.trim();
}

test("credit notes: raised against a posted invoice, applied to it from the note, and the aged and GST reports as PDF", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("notes");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);

  await partnerCreate(page, slug, "Pune Fabricators", { gstin: "27AABCT1332L1ZE" });

  // A posted invoice of ₹1,180 (10 × ₹100 + 18% GST).
  const invoice = await invoicePost(page, slug, { customer: "Pune", description: "Stainless steel tank", hsn: "8419", qty: "10", rate: "100", gst: "18", total: "₹1,180.00" });
  const invoiceUrl = page.url();

  // A credit note of ₹118 against the invoice: posting applies it.
  const first = await noteRaise(page, slug, invoice);
  await expect(page.getByText(`against ${invoice}`)).toBeVisible();
  await expect(page.getByTestId("document-open")).toHaveText("₹0.00");
  await shot(page, "notes-03-note-posted-against-invoice");
  await page.goto(invoiceUrl);
  await expect(page.getByTestId("document-open")).toHaveText("₹1,062.00");

  // A second ₹118 note without an original, applied from its page.
  const second = await noteRaise(page, slug, null);
  expect(second).not.toBe(first);
  await expect(page.getByTestId("document-open")).toHaveText("₹118.00");
  await page.getByRole("button", { name: "Apply to documents" }).click();
  const dialog = page.getByRole("dialog");
  // More than the note has open is refused by the server, shown in the dialog.
  await dialog.getByLabel(`Apply to ${invoice}`).fill("200");
  await dialog.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(dialog.getByRole("alert").first()).toContainText("to apply");
  await dialog.getByLabel(`Apply to ${invoice}`).fill("118");
  await shot(page, "notes-04-apply-dialog");
  await dialog.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.getByText(`${second} applied`)).toBeVisible();
  await expect(page.getByTestId("document-open")).toHaveText("₹0.00");
  await shot(page, "notes-05-note-applied");
  await page.goto(invoiceUrl);
  await expect(page.getByTestId("document-open")).toHaveText("₹944.00");

  // The aged receivables and the GST returns as PDF.
  await page.goto(tenantUrl(slug, "/finance/reports/aged"));
  await expect(page.getByTestId("aged-total")).toHaveText("₹944.00");
  await pdfDownload(page, page.getByTestId("export-button"), /^aged-receivables-\d{4}-\d{2}-\d{2}\.pdf$/);
  await shot(page, "notes-06-aged");
  await page.goto(tenantUrl(slug, "/finance/reports/gst"));
  await pdfDownload(page, page.getByRole("button", { name: "GSTR-1" }), /^gstr1-.*\.pdf$/);
  await pdfDownload(page, page.getByRole("button", { name: "GSTR-3B" }), /^gstr3b-.*\.pdf$/);
  await shot(page, "notes-07-gst");
});
