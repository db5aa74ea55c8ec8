import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { companyToday, shot, tenantUrl } from "./helpers";

function dmy(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

test("bank reconciliation: import a statement, auto-match the receipt, post the bank charge, see it reconciled", async ({ page }) => {
  const { slug, email } = await companyCreate("bankrec");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await partnerCreate(page, slug, "Hotel Kaveri", { gstin: "27AABCT1332L1ZE" });
  await invoicePost(page, slug, { customer: "Kaveri", description: "Dishwasher, hood type", hsn: "8422", qty: "1", rate: "100000", gst: "18", total: "₹1,18,000.00" });

  // the customer pays by bank transfer
  await page.getByRole("button", { name: "Record payment" }).click();
  const pay = page.getByRole("dialog");
  await pay.getByLabel("Amount").fill("118000");
  await pay.getByLabel("Reference (UTR, cheque no.)").fill("UTR445566");
  await pay.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Receipt RCT\/\d{2}-\d{2}\/00001 recorded/)).toBeVisible();

  // the workshop, a department its bank charges are booked to
  await page.goto(tenantUrl(slug, "/finance/cost-centres"));
  await page.getByRole("button", { name: "New cost centre" }).click();
  const centre = page.getByRole("dialog");
  await centre.getByLabel("Code", { exact: true }).fill("WKS");
  await centre.getByLabel("Name", { exact: true }).fill("Workshop");
  await centre.getByRole("button", { name: "Save" }).click();
  await expect(centre).toBeHidden();

  // the bank's statement: the receipt, and a charge the books do not have yet
  await page.goto(tenantUrl(slug, "/finance/banking"));
  await expect(page.getByRole("heading", { level: 1, name: "Bank reconciliation" })).toBeVisible();
  const day = dmy(companyToday());
  const csv = [
    "Date,Description,Reference,Debit,Credit,Balance",
    `${day},NEFT UTR445566 HOTEL KAVERI,UTR445566,,118000.00,118000.00`,
    `${day},Bank charges,,59.00,,117941.00`,
  ].join("\n");
  await page.getByLabel("Bank statement file").setInputFiles({ name: "statement.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });

  // the statement page: two unmatched lines, the receipt suggested for the first
  const lines = page.getByTestId("statement-line");
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0).getByTestId("suggestion")).toContainText(/RCT\/\d{2}-\d{2}\/00001/);
  await shot(page, "banking-01-imported");

  // auto-match takes the receipt
  await page.getByRole("button", { name: "Auto-match" }).click();
  await expect(lines.nth(0)).toHaveAttribute("data-matched", "yes");
  await expect(lines.nth(1)).toHaveAttribute("data-matched", "no");

  // the bank charge: post it against Bank Charges for the workshop, matched at once
  await lines.nth(1).getByRole("button", { name: "Create entry" }).click();
  await lines.nth(1).getByLabel("Ledger").selectOption({ label: "5240 Bank Charges" });
  await lines.nth(1).getByLabel("Cost centre").selectOption({ label: "WKS Workshop" });
  await lines.nth(1).getByRole("button", { name: "Post entry" }).click();
  await expect(page.getByText("Entry posted and matched")).toBeVisible();
  await expect(lines.nth(1)).toHaveAttribute("data-matched", "yes");

  // reconciled: books 1,18,000 − 59 = 1,17,941 = the bank
  await expect(page.getByTestId("brs-books")).toHaveText("₹1,17,941.00");
  await expect(page.getByTestId("brs-statement")).toHaveText("₹1,17,941.00");
  await expect(page.getByTestId("brs-result")).toContainText("Reconciled");
  await shot(page, "banking-02-reconciled");

  // the charge's entry books the expense to the workshop, the bank line to none
  await lines.nth(1).getByRole("link", { name: /^JV\// }).click();
  const entry = page.getByTestId("je-detail-line");
  await expect(entry.filter({ hasText: "5240 Bank Charges" }).getByTestId("je-line-cost-centre")).toHaveText("Cost centre WKS");
  await expect(entry.getByTestId("je-line-cost-centre")).toHaveCount(1);

  // the list shows the statement, all lines matched
  await page.goto(tenantUrl(slug, "/finance/banking"));
  await expect(page.getByTestId("bank-statement")).toContainText("2 / 2");
});
