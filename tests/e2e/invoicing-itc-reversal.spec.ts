import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, fiscalYearOpenBefore, partnerCreate, signIn } from "./company";
import { hydrated, shot, tenantUrl } from "./helpers";

const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** ITC reversal (Rule 37, ADR 0074): a bill from another state (IGST credit ₹900) dated 200 days
 *  before last month began and still unpaid. Last month's run reverses all its credit in one
 *  entry, GSTR-3B shows it in 4(B)(2), and cancelling the run brings it back. */
test("ITC reversal: a bill unpaid 180 days loses its credit in last month's return, the entry, GSTR-3B, the cancellation", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("itcrev");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await fiscalYearOpenBefore(page, slug); // the bill may be of the year before
  const now = new Date();
  const monthStart = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const billDay = new Date(monthStart.getFullYear(), monthStart.getMonth(), monthStart.getDate() - 200);
  await partnerCreate(page, slug, "Surat Fabricators", { gstin: "24AABCT1332L1ZK", vendor: true });

  await page.goto(tenantUrl(slug, "/finance/bills/new"));
  await hydrated(page);
  await page.getByLabel("Vendor", { exact: true }).fill("Surat");
  await page.getByRole("option", { name: /Surat Fabricators/ }).click();
  await page.getByLabel("Date", { exact: true }).fill(iso(billDay));
  await page.getByLabel("Description, line 1").fill("SS sheet 304");
  await page.getByLabel("HSN/SAC, line 1").fill("7219");
  await page.getByLabel("Rate (₹), line 1").fill("5000");
  await page.getByLabel("GST, line 1").selectOption("18");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹5,900.00");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  const number = /^BILL\/\d{2}-\d{2}\/00001$/;
  await expect(page.getByRole("heading", { name: number })).toBeVisible();

  // From the modules menu: last month is the return month; the bill is 180 days old and unpaid.
  await page.goto(tenantUrl(slug, "/finance/gst-payments"));
  await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "ITC reversal (180 days)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ITC reversal (180 days)");
  const row = page.getByTestId("itc-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(/BILL\/\d{2}-\d{2}\/00001/);
  await expect(row).toContainText("Surat Fabricators");
  await expect(row).toContainText("100.00%");
  await expect(row).toContainText("Reversal");
  await expect(page.getByTestId("itc-reversed")).toHaveText(/Credit reversed\s*₹900\.00\s*₹0\.00\s*₹0\.00\s*₹0\.00/);
  await expect(page.getByTestId("itc-reclaimed")).toHaveText(/Credit reclaimed.*₹0\.00\s*₹0\.00\s*₹0\.00\s*₹0\.00/);
  await shot(page, "itc-reversal-01-preview");
  await page.getByTestId("itc-post").click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByTestId("itc-done")).toBeVisible();
  const run = page.getByTestId("itc-run");
  await expect(run).toHaveCount(1);
  await expect(run).toContainText("₹900.00");
  await expect(run).toContainText("Posted");
  await shot(page, "itc-reversal-02-posted");

  // Its entry takes the credit out of input IGST into the ledger of credit reversed.
  await run.getByRole("link", { name: /^ITCREV\// }).click();
  const lines = page.getByTestId("je-detail-line");
  await expect(lines).toHaveCount(2);
  await expect(lines.filter({ hasText: "1153 Input IGST" })).toContainText("900.00");
  await expect(lines.filter({ hasText: "1155 Input Credit Reversed (Rule 37)" })).toContainText("900.00");
  // and drills back down to its run
  await page.getByTestId("je-source").click();
  await expect(page).toHaveURL(/\/finance\/itc-reversals\?run=\d+$/);
  await expect(page.getByTestId("itc-done")).toContainText(/ITCREV\//);
  await expect(page.getByTestId("itc-row")).toContainText("Surat Fabricators");

  // Last month's GSTR-3B: 4(B)(2) and the net credit.
  const monthEnd = iso(new Date(now.getFullYear(), now.getMonth(), 0));
  await page.goto(tenantUrl(slug, `/finance/reports/gst?date_from=${iso(monthStart)}&date_to=${monthEnd}`));
  await expect(page.getByTestId("gstr3b-itc-others")).toHaveText(/4\(B\)\(2\).*900\.00\s*0\.00\s*0\.00\s*0\.00/);
  await expect(page.getByTestId("gstr3b-itc-net")).toHaveText(/4\(C\).*-900\.00/);
  await page.getByTestId("gstr3b-itc-reversal").click();
  await expect(page).toHaveURL(new RegExp(`/finance/itc-reversals\\?month=${iso(monthStart).slice(0, 7)}$`));

  // Cancelled: the credit is back and the month may run again.
  await run.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel run" }).click();
  await expect(run).toContainText("Cancelled");
  await expect(page.getByTestId("itc-post")).toBeVisible();
});
