import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { companyToday, shot, tenantUrl } from "./helpers";

/** The 8th of the month after next: a deposit late for TDS deducted today (due the 7th of next
 *  month, or 30 April for March), which then counts this month, the next and that one. */
function lateDeposit(): string {
  const [y, m] = companyToday().split("-").map(Number);
  const month = m! + 1; // zero-based index of the month after next
  return `${y! + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}-08`;
}

test("TDS deducted from a vendor is deposited through a challan: listed, and deposited in the TDS register", async ({ page }) => {
  const { slug, email } = await companyCreate("tdschl");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });

  await fiscalYearOpen(page);

  // A fabrication contractor in Gujarat and their bill of ₹11,800 (₹10,000 + 18% IGST).
  await partnerCreate(page, slug, "Surat Fabricators", { gstin: "24AABCT1332L1ZK", vendor: true });
  await page.goto(tenantUrl(slug, "/finance/bills/new"));
  await page.getByLabel("Vendor", { exact: true }).fill("Surat");
  await page.getByRole("option", { name: /Surat Fabricators/ }).click();
  await page.getByLabel("Vendor's bill no.").fill("SF/118");
  await page.getByLabel("Description, line 1").fill("Fabrication of SS work tables");
  await page.getByLabel("HSN/SAC, line 1").fill("998873");
  await page.getByLabel("Qty, line 1").fill("1");
  await page.getByLabel("Rate (₹), line 1").fill("10000");
  await page.getByLabel("GST, line 1").selectOption("18");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹11,800.00");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^BILL\/\d{2}-\d{2}\/00001$/ })).toBeVisible();

  // We pay it less ₹200 TDS under 194C (the bill's Pay bill dialog, "Less TDS").
  await page.getByRole("button", { name: "Pay bill" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Less TDS / deductions" }).click();
  await expect(dialog.getByLabel("Deduction 1 account")).toHaveValue("2125 · TDS Payable");
  await expect(dialog.getByLabel("Deduction 1 TDS section")).toHaveValue("194C");
  await dialog.getByLabel("Deduction 1 amount").fill("200");
  await expect(dialog.getByTestId("pay-settles")).toHaveText("Settles ₹11,800.00 (paid ₹11,600.00 + deductions ₹200.00)");
  await dialog.getByRole("button", { name: "Save" }).click();
  const paid = page.getByText(/Payment PAY\/\d{2}-\d{2}\/00001 recorded/);
  await expect(paid).toBeVisible();
  const payment = /PAY\/\d{2}-\d{2}\/00001/.exec((await paid.textContent()) ?? "")![0];

  // TDS challans → New challan: the 194C deduction is pending; tick it, enter the bank's receipt.
  await modules.getByRole("link", { name: "TDS challans" }).click();
  await expect(page.getByRole("heading", { name: "TDS challans" })).toBeVisible();
  await expect(page.getByText("No challans yet")).toBeVisible();
  await page.getByRole("link", { name: "New challan" }).click();
  await expect(page.getByLabel("Section")).toHaveValue("194C");
  const pending = page.getByTestId("pending-row");
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText("Surat Fabricators");
  await expect(pending).toContainText(payment);
  await expect(pending).toContainText("₹200.00");
  await page.getByLabel(`Deposit ${payment}`).check();
  await expect(page.getByTestId("challan-tds")).toHaveText("TDS deposited: ₹200.00 (1 deduction)");
  // deposited today it is on time: no interest suggested
  await expect(page.getByTestId("interest-suggestion")).toHaveCount(0);
  await expect(page.getByLabel("Interest", { exact: true })).toHaveValue("");
  // deposited on the 8th of the month after next it is late: 3 months × 1.5% (section 201(1A))
  await page.getByLabel("Date of deposit").fill(lateDeposit());
  await expect(pending).toContainText("(late: 3 months of interest)");
  await expect(page.getByTestId("interest-suggestion")).toHaveText("Suggested: 3 months × 1.5% on ₹200.00 = ₹9");
  await expect(page.getByLabel("Interest", { exact: true })).toHaveValue("9.00");
  await expect(page.getByTestId("challan-total")).toContainText("₹209.00");
  await shot(page, "tds-challan-00-interest");
  // typed over, the suggestion can be taken back
  await page.getByLabel("Interest", { exact: true }).fill("12");
  await page.getByRole("button", { name: "Use it" }).click();
  await expect(page.getByLabel("Interest", { exact: true })).toHaveValue("9.00");
  // today's deposit after all
  await page.getByLabel("Date of deposit").fill(companyToday());
  await expect(page.getByTestId("interest-suggestion")).toHaveCount(0);
  await expect(page.getByLabel("Interest", { exact: true })).toHaveValue("");
  // a BSR code of 6 digits is refused beside the field
  await page.getByLabel("BSR code").fill("051030");
  await page.getByLabel("Challan serial number").fill("00042");
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(page.getByText("The BSR code has exactly 7 digits.", { exact: true })).toBeVisible();
  await page.getByLabel("BSR code").fill("0510308");
  await expect(page.getByTestId("challan-total")).toContainText("₹200.00");
  await shot(page, "tds-challan-01-new");
  await page.getByRole("button", { name: "Post", exact: true }).click();

  // The challan's page: its deduction and journal entry.
  const heading = page.getByRole("heading", { name: /^CHL\/\d{2}-\d{2}\/00001$/ });
  await expect(heading).toBeVisible();
  const challan = (await heading.textContent())!.trim();
  await expect(page.getByTestId("challan-deduction")).toHaveCount(1);
  await expect(page.getByTestId("challan-deduction")).toContainText(payment);
  await expect(page.getByText("0510308").first()).toBeVisible();
  await expect(page.locator(`a[href*="/finance/journal/"]`)).toHaveCount(1);
  await shot(page, "tds-challan-02-detail");

  // Listed.
  await modules.getByRole("link", { name: "TDS challans" }).click();
  const row = page.getByTestId("challan-row");
  await expect(row).toHaveCount(1);
  for (const text of [challan, "194C", "0510308", "00042", "₹200.00", "Posted"]) await expect(row).toContainText(text);
  await shot(page, "tds-challan-03-list");

  // The TDS register (deducted from vendors): deposited, with the challan and its BSR code.
  await modules.getByRole("link", { name: "TDS register" }).click();
  await page.getByRole("tab", { name: "Deducted from vendors" }).click();
  const deposited = page.getByTestId("tds-row");
  await expect(deposited).toHaveCount(1);
  await expect(deposited).toHaveAttribute("data-status", "deposited");
  await expect(deposited.getByTestId("tds-status")).toContainText(challan);
  await expect(deposited.getByTestId("tds-status")).toContainText("BSR 0510308");
  await page.getByLabel("Status").selectOption("pending");
  await expect(page.getByText("No TDS in this period")).toBeVisible();
  await page.getByLabel("Status").selectOption("deposited");
  await expect(page.getByTestId("tds-row")).toHaveCount(1);
  await shot(page, "tds-challan-04-register");
});

test("a customer's Form 16A is recorded on the TDS they deducted, from the TDS register", async ({ page }) => {
  const { slug, email } = await companyCreate("tdscert");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });
  await fiscalYearOpen(page);
  await partnerCreate(page, slug, "Hotel Sahyadri", { gstin: "27AABCT1332L1ZE" });
  await invoicePost(page, slug, { customer: "Sahyadri", description: "Commercial kitchen, installed", hsn: "8419", qty: "1", rate: "84745.76", gst: "18", total: "₹1,00,000.00" });

  // The customer pays net of ₹2,000 TDS under 194C.
  await page.getByRole("button", { name: "Record payment" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Less TDS / deductions" }).click();
  await dialog.getByLabel("Deduction 1 amount").fill("2000");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Receipt RCT\/\d{2}-\d{2}\/00001 recorded/)).toBeVisible();

  // The register (deducted by customers): pending until the certificate comes.
  await modules.getByRole("link", { name: "TDS register" }).click();
  const row = page.getByTestId("tds-row");
  await expect(row).toHaveAttribute("data-status", "pending");
  await expect(page.getByTestId("record-certificate")).toBeDisabled();
  await row.getByRole("checkbox").check();
  await page.getByTestId("record-certificate").click();
  const certificate = page.getByRole("alertdialog");
  await certificate.getByLabel("Certificate number").fill("TDSCERT7788Q3");
  await certificate.getByRole("button", { name: "Record certificate" }).click();
  await expect(row).toHaveAttribute("data-status", "received");
  await expect(row.getByTestId("tds-status")).toContainText("TDSCERT7788Q3");
  await page.getByLabel("Status").selectOption("pending");
  await expect(page.getByText("No TDS in this period")).toBeVisible();
  await page.getByLabel("Status").selectOption("received");
  await expect(page.getByTestId("tds-row")).toHaveCount(1);
  await shot(page, "tds-challan-05-certificate");

  // Recorded by mistake: cleared, pending again.
  await page.getByTestId("tds-row").getByRole("button", { name: "Clear" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Clear" }).click();
  await expect(page.getByText("No TDS in this period")).toBeVisible();
});
