import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, fiscalYearOpenBefore, invoicePost, partnerCreate, signIn } from "./company";
import { hydrated, shot, tenantUrl } from "./helpers";

const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** GST payment (ADR 0073): last month's sale within the state (CGST and SGST ₹900 each) and a
 *  purchase from another state (IGST credit ₹900). The IGST credit pays the CGST; the SGST is
 *  paid in cash. Posting clears the tax ledgers in one entry; the latest month is cancelled. */
test("GST payment: last month's tax set off in the law's order, the rest paid, the entry, the cancellation", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("gstpay");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  const now = new Date();
  if (now.getMonth() === 3) await fiscalYearOpenBefore(page, slug); // last month was March
  const lastMonth = new Date(now.getFullYear(), now.getMonth() - 1, 15);
  await partnerCreate(page, slug, "Taj Hotels Palace", { gstin: "27AABCT1332L1ZE" });
  await partnerCreate(page, slug, "Surat Fabricators", { gstin: "24AABCT1332L1ZK", vendor: true });

  await invoicePost(page, slug, { customer: "Taj Hotels Palace", description: "Cooking range", hsn: "7321", qty: "1", rate: "10000", gst: "18", total: "₹11,800.00", date: iso(lastMonth) });
  await page.goto(tenantUrl(slug, "/finance/bills/new"));
  await hydrated(page);
  await page.getByLabel("Vendor", { exact: true }).fill("Surat");
  await page.getByRole("option", { name: /Surat Fabricators/ }).click();
  await page.getByLabel("Date", { exact: true }).fill(iso(new Date(now.getFullYear(), now.getMonth() - 1, 10)));
  await page.getByLabel("Description, line 1").fill("SS sheet 304");
  await page.getByLabel("HSN/SAC, line 1").fill("7219");
  await page.getByLabel("Rate (₹), line 1").fill("5000");
  await page.getByLabel("GST, line 1").selectOption("18");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹5,900.00");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^BILL\/\d{2}-\d{2}\/00001$/ })).toBeVisible();

  // From last month's GSTR-3B to its payment: IGST credit to CGST, SGST in cash.
  const monthStart = iso(new Date(now.getFullYear(), now.getMonth() - 1, 1));
  const monthEnd = iso(new Date(now.getFullYear(), now.getMonth(), 0));
  await page.goto(tenantUrl(slug, `/finance/reports/gst?date_from=${monthStart}&date_to=${monthEnd}`));
  await page.getByTestId("gstr3b-pay").click();
  await expect(page).toHaveURL(new RegExp(`/finance/gst-payments\\?month=${monthStart.slice(0, 7)}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("GST payment");
  await expect(page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "GST payment" })).toBeVisible();
  const setOff = page.getByRole("table", { name: "GST set-off" });
  await expect(page.getByTestId("gp-liability")).toHaveText(/Output tax\s*₹0\.00\s*₹900\.00\s*₹900\.00\s*₹0\.00/);
  await expect(page.getByTestId("gp-credit")).toHaveText(/Input credit available\s*₹900\.00\s*₹0\.00\s*₹0\.00\s*₹0\.00/);
  await expect(page.getByTestId("gp-used-igst")).toHaveText(/Paid by IGST credit\s*₹0\.00\s*₹900\.00\s*₹0\.00/);
  await expect(page.getByTestId("gp-cash")).toHaveText(/paid in cash\s*₹0\.00\s*₹0\.00\s*₹900\.00/);
  await expect(page.getByTestId("gp-cash-total")).toHaveText("Cash to pay: ₹900.00");
  await expect(setOff).toBeVisible();
  await page.getByLabel("Challan CPIN / CIN").fill("26112700012345");
  // paid (and the return filed) on the 28th, eight days after the due date: interest at 18% a
  // year on the ₹900 in cash (900 x 18% x 8 / 365 = 3.55, to the rupee ₹4) and the late fee,
  // CGST and SGST ₹25 a day each (₹400), each to an expense ledger
  await page.getByLabel("Date of payment").fill(iso(new Date(now.getFullYear(), now.getMonth(), 28)));
  await expect(page.getByTestId("gp-due")).toContainText("8 days late, interest at 18% a year on the cash is ₹4.00, late fee ₹400.00");
  await expect(page.getByLabel("Interest (₹)")).toHaveValue("4");
  await expect(page.getByLabel("Late fee (₹)")).toHaveValue("400");
  await page.getByLabel("Interest ledger").selectOption({ label: "5240 Bank Charges" });
  await page.getByLabel("Late fee ledger").selectOption({ label: "5230 Office Expenses" });
  await shot(page, "gst-payment-01-preview");
  await page.getByTestId("gp-post").click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByTestId("gp-settled")).toBeVisible();
  const row = page.getByTestId("gp-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("26112700012345");
  await expect(row).toContainText("₹900.00");
  await expect(row).toContainText("Posted");
  await shot(page, "gst-payment-02-posted");

  // Its entry clears the output tax with the credit and the bank.
  await row.getByRole("link", { name: /^GSTPAY\// }).click();
  const lines = page.getByTestId("je-detail-line");
  await expect(lines).toHaveCount(6);
  await expect(lines.filter({ hasText: "2121 Output CGST" })).toContainText("900.00");
  await expect(lines.filter({ hasText: "5240 Bank Charges" })).toContainText("4.00");
  await expect(lines.filter({ hasText: "5230 Office Expenses" })).toContainText("400.00");
  await expect(lines.filter({ hasText: "1121" })).toContainText("1,304.00");
  await expect(lines.filter({ hasText: "1153 Input IGST" })).toContainText("900.00");
  await page.goBack();

  // Cancelled: the month's tax is owed again.
  await row.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel payment" }).click();
  await expect(row).toContainText("Cancelled");
  await expect(page.getByTestId("gp-post")).toBeVisible();
});
