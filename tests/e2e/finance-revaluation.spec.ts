import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { companyToday, shot } from "./helpers";

test("an open dollar invoice booked at ₹83 revalued at ₹84: the preview shows the ₹1,000 difference, posting books it on 1132 against 5285 and reverses it the next day", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("reval");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);

  // An overseas customer and an export invoice of USD 1,000 booked at ₹83.00 = ₹83,000.
  await partnerCreate(page, slug, "Gulf Hotel Supplies");
  const invoice = await invoicePost(page, slug, {
    customer: "Gulf",
    description: "Combi oven",
    hsn: "8419",
    qty: "1",
    rate: "1000",
    gst: "0",
    total: "USD 1,000.00",
    currency: "USD",
    exchangeRate: "83",
    place: "96",
  });

  // Finance › Exchange revaluation, dated today: USD has one open item and needs a closing rate.
  await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Exchange revaluation" }).click();
  await expect(page.getByRole("heading", { name: "Exchange revaluation" })).toBeVisible();
  await page.getByLabel("Revaluation date").fill(companyToday());
  const rate = page.getByLabel("Closing rate (₹ per USD)");
  await expect(rate).toBeVisible();
  await expect(page.getByText("1 open item · last used ₹83")).toBeVisible();

  // Without a rate the preview is refused beside the field.
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("revaluation-error")).toContainText("Enter the closing rate for USD");

  // At ₹84.00 the invoice is worth ₹84,000: ₹1,000 more.
  await rate.fill("84");
  await page.getByRole("button", { name: "Preview" }).click();
  const line = page.getByTestId("revaluation-line");
  await expect(line).toHaveCount(1);
  await expect(line).toContainText(invoice);
  await expect(line).toContainText("Gulf Hotel Supplies");
  await expect(line).toContainText("83,000.00");
  await expect(line).toContainText("84,000.00");
  await expect(line).toContainText("1,000.00");
  await expect(page.getByTestId("revaluation-total-receivable-USD")).toContainText("1,000.00");
  await shot(page, "revaluation-01-preview");

  // Post: one FXR entry today and its reversal tomorrow.
  await page.getByRole("button", { name: "Post revaluation" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post revaluation" }).click();
  const row = page.getByTestId("revaluation-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(/FXR\/\d{2}-\d{2}\/00001/);
  await expect(row).toContainText(/FXR\/\d{2}-\d{2}\/00002/);
  await expect(row).toContainText("USD ₹84");
  await shot(page, "revaluation-02-posted");

  // The entry: Dr 1132 Receivables - FX Revaluation, Cr 5285 Unrealised Exchange Gain/Loss.
  await row.getByTestId("revaluation-entry").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^FXR\/\d{2}-\d{2}\/00001$/);
  const lines = page.getByTestId("je-detail-line");
  await expect(lines).toHaveCount(2);
  await expect(lines.filter({ hasText: "1132" })).toContainText("1,000.00");
  await expect(lines.filter({ hasText: "5285" })).toContainText("1,000.00");
  await shot(page, "revaluation-03-entry");

  // Its source is the revaluation: the page, with that revaluation marked.
  await page.getByTestId("je-source").click();
  await expect(page).toHaveURL(/\/finance\/revaluation\?revaluation=\d+$/);
  await expect(page.getByTestId("revaluation-row")).toHaveAttribute("data-state", "selected");

  // The same date cannot be revalued twice.
  await page.getByLabel("Revaluation date").fill(companyToday());
  await page.getByLabel("Closing rate (₹ per USD)").fill("84");
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByRole("button", { name: "Post revaluation" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post revaluation" }).click();
  await expect(page.getByTestId("revaluation-error")).toContainText("already revalued");

  // A wrong rate is corrected by cancelling: the entry is mirrored, the reversal reversed ...
  await row.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel revaluation" }).click();
  await expect(row).toContainText("Cancelled");
  await expect(row).toContainText(/by FXR\/\d{2}-\d{2}\/00003 and FXR\/\d{2}-\d{2}\/00004/);
  // ... and the date can be revalued again.
  await page.getByRole("button", { name: "Post revaluation" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post revaluation" }).click();
  await expect(page.getByTestId("revaluation-row")).toHaveCount(2);
  await expect(page.getByTestId("revaluation-row").first()).toContainText(/FXR\/\d{2}-\d{2}\/00005/);
  await shot(page, "revaluation-04-cancelled-and-again");
});
