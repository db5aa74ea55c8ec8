import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

test("a dollar invoice booked at 83 paid at 84: the receipt shows the ₹1,000 exchange gain, the P&L has it, the ledger drills back to the receipt", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("fx");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  const modules = page.getByRole("navigation", { name: "Modules" });

  // An overseas customer (no GSTIN), and an export invoice of USD 1,000 (IGST 0% under LUT)
  // booked at ₹83.00 = ₹83,000.
  await partnerCreate(page, slug, "Gulf Hotel Supplies");
  const invoice = await invoicePost(page, slug, { customer: "Gulf", description: "Combi oven", hsn: "8419", qty: "1", rate: "1000", gst: "0", total: "USD 1,000.00", currency: "USD", exchangeRate: "83", place: "96" });
  await expect(page.getByTestId("document-total")).toHaveText("USD 1,000.00");
  await expect(page.getByTestId("document-total-base")).toHaveText("₹83,000.00");

  // The receipt: USD 1,000 at ₹84.00 = ₹84,000, allocated to the invoice.
  await page.goto(tenantUrl(slug, "/finance/payments/new"));
  await page.getByLabel("Customer").fill("Gulf");
  await page.getByRole("option", { name: /Gulf Hotel Supplies/ }).click();
  // the invoice is in dollars: the rupee receipt cannot settle it
  await expect(page.getByTestId("other-currencies")).toContainText("1 open document is in USD");
  await page.getByLabel("Currency").selectOption("USD");
  await page.getByLabel("Amount (USD)").fill("1000");
  await page.getByLabel("Rate (₹ per USD) on the payment date").fill("84");
  await page.getByLabel(`Allocate to ${invoice}`).fill("1000");
  await expect(page.getByTestId(`preview-${invoice}`)).toHaveText("Gain ₹1,000.00");
  await shot(page, "fx-01-receipt-form");
  await page.getByRole("button", { name: "Save" }).click();

  // The receipt's page: the allocation cleared ₹83,000, brought in ₹84,000: a ₹1,000 gain.
  await expect(page.getByRole("heading", { name: /^RCT\/\d{2}-\d{2}\/00001$/ })).toBeVisible();
  const receiptUrl = page.url();
  await expect(page.getByTestId("payment-amount")).toContainText("USD 1,000.00 at ₹84 = ₹84,000.00");
  const row = page.getByTestId("allocation-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(invoice);
  await expect(row).toContainText("₹83,000.00");
  await expect(row).toContainText("₹84,000.00");
  await expect(row.getByTestId("exchange-gain")).toHaveText("Gain ₹1,000.00");
  await expect(page.getByTestId("exchange-total")).toContainText("Gain ₹1,000.00");
  await shot(page, "fx-02-receipt");

  // Its journal entry: Dr the customer, Cr 5280 Exchange Gain/Loss; its source is the receipt.
  await row.getByTestId("exchange-entry").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^FX\/\d{2}-\d{2}\/00001$/);
  await expect(page.getByTestId("je-detail-line")).toHaveCount(2);
  await expect(page.getByTestId("je-detail-line").filter({ hasText: "5280" })).toContainText("1,000.00");
  await page.getByTestId("je-source").click();
  await expect(page).toHaveURL(receiptUrl);

  // The P&L: the exchange gain/loss line holds the gain (a credit on an expense account).
  await modules.getByRole("link", { name: "Profit and loss" }).click();
  const fx = page.getByTestId("statement-row").filter({ hasText: "5280 Exchange Gain/Loss" });
  await expect(fx).toContainText("-1,000.00");
  await shot(page, "fx-03-profit-and-loss");

  // The trial balance drills down: 5280 → its ledger → the FX entry → the receipt.
  await modules.getByRole("link", { name: "Trial balance" }).click();
  const tb = page.getByTestId("tb-row").filter({ hasText: "5280 Exchange Gain/Loss" });
  await expect(tb).toContainText("1,000.00");
  await tb.getByTestId("tb-drill").click();
  await expect(page.getByTestId("gl-line")).toHaveCount(1);
  await expect(page.getByTestId("gl-closing")).toContainText("1,000.00 Cr");
  await page.getByTestId("gl-entry").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^FX\/\d{2}-\d{2}\/00001$/);
  await page.getByTestId("je-source").click();
  await expect(page).toHaveURL(receiptUrl);

  // Cancelling the receipt reverses the gain with it; the allocation stays, marked reversed.
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel payment" }).click();
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(row).toContainText("reversed");
  await expect(page.getByTestId("exchange-total")).toContainText("reversed with it");
  await shot(page, "fx-04-receipt-cancelled");
  // 5280 nets to nil: the gain and its reversal
  await modules.getByRole("link", { name: "Trial balance" }).click();
  await page.getByTestId("tb-row").filter({ hasText: "5280 Exchange Gain/Loss" }).getByTestId("tb-drill").click();
  await expect(page.getByTestId("gl-line")).toHaveCount(2);
  await expect(page.getByTestId("gl-closing")).toHaveText("0.00");

  // Paid again from the invoice's page, at ₹82.50: USD 1,000 brings ₹82,500, a ₹500 loss.
  await page.goto(tenantUrl(slug, "/finance/invoices"));
  await page.getByRole("link", { name: invoice }).click();
  await page.getByRole("button", { name: "Record payment" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Amount (USD)")).toHaveValue(/^1,?000\.00$/);
  await dialog.getByLabel(/^Rate \(₹ per USD\)/).fill("82.5");
  await expect(dialog.getByTestId("pay-exchange-preview")).toContainText("Loss ₹500.00");
  await shot(page, "fx-05-invoice-payment-dialog");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Receipt RCT\/\d{2}-\d{2}\/00002 recorded/)).toBeVisible();
  await expect(page.getByText("Paid", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Settlements" })).toContainText("Loss ₹500.00");
});
