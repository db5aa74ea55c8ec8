import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, partnerCreate, signIn } from "./company";
import { hydrated, shot, tenantUrl } from "./helpers";

/** Blocked input credit (ADR 0072): the caterer's bill for the staff canteen is booked with its
 *  line's credit blocked (s.17(5)); its GST goes into the expense, not to input tax; GSTR-3B
 *  shows it as available and reversed in 4(B)(1), and the net credit leaves it out. */
test("blocked credit: a canteen bill's GST goes into the expense and is reversed in GSTR-3B", async ({ page }) => {
  test.setTimeout(120_000);
  const { slug, email } = companyCreate("itcblock");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await partnerCreate(page, slug, "Annapurna Caterers", { gstin: "27AABCT1332L1ZE", vendor: true });

  await page.goto(tenantUrl(slug, "/finance/bills/new"));
  await hydrated(page);
  await page.getByLabel("Vendor", { exact: true }).fill("Annapurna");
  await page.getByRole("option", { name: /Annapurna Caterers/ }).click();
  await page.getByLabel("Vendor's bill no.").fill("AC/1104");
  await page.getByLabel("Description, line 1").fill("Canteen meals for the shop floor, November");
  await page.getByLabel("HSN/SAC, line 1").fill("996331");
  await page.getByLabel("Qty, line 1").fill("1");
  await page.getByLabel("Rate (₹), line 1").fill("2000");
  await page.getByLabel("GST, line 1").selectOption("5");
  await page.getByLabel("Ledger, line 1").selectOption({ label: "5230 Office Expenses" });
  await expect(page.getByLabel("Input credit, line 1").locator("option:checked")).toHaveText("Eligible");
  await page.getByLabel("Input credit, line 1").selectOption({ label: "Blocked (s.17(5)): tax into the cost" });
  await shot(page, "blocked-credit-01-bill-form");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹2,100.00");
  await expect(page.getByTestId("line-booking")).toHaveText("Ledger 5230 Office Expenses · Input credit blocked: tax in the cost");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^BILL\/\d{2}-\d{2}\/00001$/ })).toBeVisible();
  await shot(page, "blocked-credit-02-bill-posted");

  // Its entry: the meals and their GST in the expense, the caterer owed it all; no input tax.
  await page.getByTestId("document-entry").click();
  const lines = page.getByTestId("je-detail-line");
  await expect(lines).toHaveCount(2);
  await expect(lines.filter({ hasText: "5230 Office Expenses" })).toContainText("2,100.00");
  await expect(lines.filter({ hasText: "2111" })).toContainText("2,100.00");

  // GSTR-3B: available in 4(A)(5), reversed in 4(B)(1), nothing left in 4(C).
  await page.goto(tenantUrl(slug, "/finance/reports/gst"));
  const gstr3b = page.getByRole("table", { name: "GSTR-3B" });
  await expect(gstr3b.getByRole("row", { name: /4\(A\)\(5\) All other ITC/ })).toContainText("2,000.00");
  const reversed = gstr3b.getByRole("row", { name: /4\(B\)\(1\) ITC reversed/ });
  await expect(reversed).toContainText("2,000.00");
  await expect(reversed).toContainText("50.00");
  await expect(page.getByTestId("gstr3b-itc-net")).not.toContainText("50.00");
  await shot(page, "blocked-credit-03-gstr3b");
});
