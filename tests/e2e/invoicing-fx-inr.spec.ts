import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

test("a dollar invoice settled with the rupees the bank credited: the rate follows, the bank has the bank's figure to the paisa, the gain shows", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("fxinr");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);

  // An overseas customer and an export invoice of USD 25,000 booked at ₹83.00 = ₹20,75,000.
  await partnerCreate(page, slug, "Gulf Hotel Supplies");
  await invoicePost(page, slug, { customer: "Gulf", description: "Combi ovens", hsn: "8419", qty: "1", rate: "25000", gst: "0", total: "USD 25,000.00", currency: "USD", exchangeRate: "83", place: "96" });
  await expect(page.getByTestId("document-total-base")).toHaveText("₹20,75,000.00");

  // Record payment: the FIRC says USD 25,000 credited as ₹20,85,509.37. Typing the rate gives
  // the rupees; typing the rupees gives the rate (83.420375 to its 6 places, which would make
  // ₹20,85,509.38: the rupees typed are what is kept).
  await page.getByRole("button", { name: "Record payment" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Amount (USD)")).toHaveValue(/^25,?000\.00$/);
  await dialog.getByLabel(/^Rate \(₹ per USD\)/).fill("84");
  await expect(dialog.getByLabel("₹ credited by the bank")).toHaveValue("21,00,000.00");
  await dialog.getByLabel("₹ credited by the bank").fill("2085509.37");
  await expect(dialog.getByLabel(/^Rate \(₹ per USD\)/)).toHaveValue("83.420375");
  await expect(dialog.getByTestId("pay-exchange-preview")).toHaveText("Realised on this payment: Gain ₹10,509.37");
  await shot(page, "fx-inr-01-dialog");
  await dialog.getByRole("button", { name: "Save" }).click();
  const recorded = page.getByText(/Receipt RCT\/\d{2}-\d{2}\/00001 recorded/);
  await expect(recorded).toBeVisible();
  const receipt = /RCT\/\d{2}-\d{2}\/00001/.exec((await recorded.textContent()) ?? "")![0];

  // The receipt's page: the bank's figure, and the gain on the invoice.
  await page.goto(tenantUrl(slug, "/finance/payments"));
  await page.getByRole("link", { name: receipt }).first().click();
  await expect(page.getByTestId("payment-amount")).toContainText("USD 25,000.00 at ₹83.420375 = ₹20,85,509.37");
  await expect(page.getByTestId("allocation-row").getByTestId("exchange-gain")).toHaveText("Gain ₹10,509.37");
  await shot(page, "fx-inr-02-receipt");

  // The payment form: for a payment made the field is what the bank debited; either drives the other.
  await page.goto(tenantUrl(slug, "/finance/payments/new"));
  await page.getByLabel("Currency").selectOption("USD");
  await page.getByLabel("Amount (USD)").fill("1000");
  await page.getByLabel("₹ credited by the bank").fill("83420.37");
  await expect(page.getByLabel("Rate (₹ per USD) on the payment date")).toHaveValue("83.42037");
  await page.getByLabel("Rate (₹ per USD) on the payment date").fill("83.5");
  await expect(page.getByLabel("₹ credited by the bank")).toHaveValue("83,500.00");
  await shot(page, "fx-inr-03-form");
  await page.getByLabel("Type").selectOption("payment");
  await expect(page.getByLabel("₹ debited by the bank")).toHaveValue("83,500.00");
});
