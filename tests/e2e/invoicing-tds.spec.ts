import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

test("a customer pays ₹98,000 against a ₹1,00,000 invoice and deducts ₹2,000 TDS: the receipt settles it in full", async ({ page }) => {
  const { slug, email } = await companyCreate("tds");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });

  // Postings need an open fiscal year.
  await fiscalYearOpen(page);

  // A customer.
  await partnerCreate(page, slug, "Hotel Sahyadri", { gstin: "27AABCT1332L1ZE" });

  // An invoice of ₹1,00,000: taxable ₹84,745.76 + 9% CGST ₹7,627.12 + 9% SGST ₹7,627.12.
  const invoice = await invoicePost(page, slug, { customer: "Sahyadri", description: "Commercial kitchen, installed", hsn: "8419", qty: "1", rate: "84745.76", gst: "18", total: "₹1,00,000.00" });

  // The receipt: ₹98,000 into the bank, ₹2,000 TDS kept back by the customer.
  await page.goto(tenantUrl(slug, "/finance/payments/new"));
  await page.getByLabel("Customer").fill("Sahyadri");
  await page.getByRole("option", { name: /Hotel Sahyadri/ }).click();
  await page.getByLabel("Amount", { exact: true }).fill("98000");
  await page.getByLabel("Reference (UTR, cheque no.)").fill("UTR SBIN52026112700789");
  await page.getByRole("button", { name: "Add deduction" }).click();
  // a receipt suggests TDS receivable
  await expect(page.getByLabel("Deduction 1 account")).toHaveValue("1162 · TDS Receivable");
  await page.getByLabel("Deduction 1 amount").fill("2000");
  await expect(page.getByLabel("Deduction 1 TDS section")).toHaveValue("194C");
  await page.getByLabel("Deduction 1 description").fill("TDS u/s 194C");
  await expect(page.getByTestId("settles")).toHaveText("Settles: ₹1,00,000.00 (received ₹98,000.00 + deductions ₹2,000.00)");
  // "TDS on" left blank takes the server's default: an advance at face value...
  const tdsOn = page.getByLabel("Deduction 1 TDS on");
  await expect(tdsOn).toHaveAttribute("placeholder", "Default 1,00,000.00");
  // an allocation is capped by what the receipt settles (and the invoice's open amount)
  const allocate = page.getByLabel(`Allocate to ${invoice}`);
  await allocate.fill("150000");
  await allocate.blur();
  await expect(allocate).toHaveValue("1,00,000.00");
  await expect(page.getByTestId("advance")).toHaveText("Allocated ₹1,00,000.00 of ₹1,00,000.00 · advance ₹0.00");
  // ...the invoice's value without GST once allocated (ADR 0060)
  await expect(tdsOn).toHaveAttribute("placeholder", "Default 84,745.76");
  await shot(page, "tds-01-receipt-form");
  await page.getByRole("button", { name: "Save", exact: true }).click();

  // The receipt's page lists the deduction and what the receipt settled.
  await expect(page.getByRole("heading", { name: /^RCT\/\d{2}-\d{2}\/00001$/ })).toBeVisible();
  await expect(page.getByTestId("payment-settles")).toHaveText("Settles ₹1,00,000.00 (received ₹98,000.00 + deductions ₹2,000.00)");
  const deduction = page.getByTestId("deduction-row");
  await expect(deduction).toHaveCount(1);
  await expect(deduction).toContainText("1162 · TDS Receivable");
  await expect(deduction).toContainText("TDS u/s 194C");
  await expect(deduction).toContainText("194C Contractors");
  await expect(deduction).toContainText("₹2,000.00");
  await expect(page.getByTestId("allocation-row")).toContainText("₹1,00,000.00");
  await shot(page, "tds-02-receipt");

  // The invoice is paid in full.
  await page.getByTestId("allocation-row").getByRole("link", { name: invoice }).click();
  await expect(page.getByRole("heading", { name: invoice })).toBeVisible();
  await expect(page.getByText("Paid", { exact: true }).first()).toBeVisible();

  // The trial balance: TDS receivable ₹2,000 Dr, bank ₹98,000 Dr, nothing left on receivables.
  await modules.getByRole("link", { name: "Trial balance" }).click();
  await expect(page.getByTestId("tb-row").filter({ hasText: "1162 TDS Receivable" })).toContainText("2,000.00");
  await expect(page.getByTestId("tb-row").filter({ hasText: "1121 Bank - Current Account" })).toContainText("98,000.00");
  await expect(page.getByTestId("tb-total-closing_debit")).toContainText("1,00,000.00");
  await expect(page.getByTestId("tb-total-closing_credit")).toContainText("1,00,000.00");
  await shot(page, "tds-03-trial-balance");
});

test("the invoice's Record payment dialog takes a receipt net of TDS and the TDS register shows it by section and quarter", async ({ page }) => {
  const { slug, email } = await companyCreate("tdsreg");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });

  await fiscalYearOpen(page);

  await partnerCreate(page, slug, "Hotel Sahyadri", { gstin: "27AABCT1332L1ZE" });

  // A ₹1,00,000 invoice for design and engineering services.
  const invoice = await invoicePost(page, slug, { customer: "Sahyadri", description: "Kitchen design and engineering", hsn: "998391", qty: "1", rate: "84745.76", gst: "18", total: "₹1,00,000.00" });

  // The customer paid net of ₹10,000 TDS under 194J: one dialog records it all.
  await page.getByRole("button", { name: "Record payment" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Less TDS / deductions" }).click();
  await expect(dialog.getByLabel("Deduction 1 account")).toHaveValue("1162 · TDS Receivable");
  const section = dialog.getByLabel("Deduction 1 TDS section");
  await expect(section).toHaveValue("194C"); // the usual one for works contracts
  await section.selectOption("194J");
  await dialog.getByLabel("Deduction 1 amount").fill("10000");
  // the amount received follows: the open amount less what was kept back
  await expect(dialog.getByTestId("pay-settles")).toHaveText("Settles ₹1,00,000.00 (received ₹90,000.00 + deductions ₹10,000.00)");
  await expect(dialog.getByLabel("Deduction 1 TDS on")).toHaveAttribute("placeholder", "Default 84,745.76");
  await dialog.getByLabel("Reference (UTR, cheque no.)").fill("UTR HDFCN52026112700321");
  await shot(page, "tds-04-record-payment-net-of-tds");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Receipt RCT\/\d{2}-\d{2}\/00001 recorded/)).toBeVisible();
  await expect(page.getByTestId("document-open")).toHaveText("₹0.00");
  await expect(page.getByText("Paid", { exact: true }).first()).toBeVisible();

  // The TDS register (this fiscal year by default): the 194J deduction, with the PAN and the invoice.
  await modules.getByRole("link", { name: "TDS register" }).click();
  await expect(page.getByRole("heading", { name: "TDS register" })).toBeVisible();
  const row = page.getByTestId("tds-row");
  await expect(row).toHaveCount(1);
  for (const text of [/RCT\/\d{2}-\d{2}\/00001/, "Hotel Sahyadri", "AABCT1332L", "194J", invoice, "10,000.00"]) {
    await expect(row).toContainText(text);
  }
  // TDS on the invoice's value without GST, at the rate it implies (the customer took 10% of the gross)
  await expect(row.getByTestId("tds-base")).toHaveText("84,745.76");
  await expect(row.getByTestId("tds-rate")).toHaveText("11.8000%");
  await expect(page.getByRole("table", { name: "By section" })).toContainText("194J Professional / technical fees");
  await expect(page.getByRole("table", { name: "By quarter" })).toContainText("10,000.00");
  await expect(page.getByRole("table", { name: "By section" })).toContainText("84,745.76");
  await expect(page.getByRole("button", { name: "Export" })).toBeVisible();
  await shot(page, "tds-05-register");

  // We deducted nothing from vendors.
  await page.getByRole("tab", { name: "Deducted from vendors" }).click();
  await expect(page.getByText("No TDS in this period")).toBeVisible();
});
