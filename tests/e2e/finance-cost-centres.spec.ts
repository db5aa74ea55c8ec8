import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, partnerCreate, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1360, height: 860 };

/** Cost centres (ADR 0069): a job is set up as a cost centre under a group; an invoice line, a
 *  bill line booked to the freight ledger, a journal line and a discount kept back on the
 *  customer's receipt are booked to it; profit by cost
 *  centre shows its income, expense and profit and opens its P&L; the job cannot be deleted,
 *  and is renamed and deactivated instead. */
test("a job as a cost centre: invoice, bill and journal lines booked to it, its profit, its P&L", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("costctr");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });
  const heading = page.getByRole("heading", { level: 1 });
  await fiscalYearOpen(page);

  // A group for the projects, and the Taj hotel's kitchen under it.
  await modules.getByRole("link", { name: "Cost centres" }).click();
  await expect(heading).toHaveText("Cost centres");
  await expect(page.getByText("No cost centres yet")).toBeVisible();
  await page.getByRole("button", { name: "New cost centre" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Code", { exact: true }).fill("PRJ");
  await dialog.getByLabel("Name", { exact: true }).fill("Projects");
  await dialog.getByLabel(/A group/).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Add under Projects" }).click();
  await expect(dialog.getByLabel("Under group")).toHaveValue(/\d+/);
  await dialog.getByLabel("Code", { exact: true }).fill("P-TAJ");
  await dialog.getByLabel("Name", { exact: true }).fill("Taj hotel kitchen");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("cost-centre-row")).toHaveText([/PRJ Projects\s*Group\s*Active/, /P-TAJ Taj hotel kitchen\s*Cost centre\s*Active/]);
  await shot(page, "cost-centres-01-tree");
  await page.setViewportSize(PHONE);
  await shot(page, "cost-centres-02-tree-phone");
  await page.setViewportSize(DESKTOP);

  await partnerCreate(page, slug, "Taj Hotels Palace", { gstin: "27AABCT1332L1ZE" });
  await partnerCreate(page, slug, "Surat Fabricators", { gstin: "24AABCT1332L1ZK", vendor: true });

  // The kitchen's invoice: ₹50,000 + 18% GST, its line on the job (the default sales ledger).
  await page.goto(tenantUrl(slug, "/finance/invoices/new"));
  await page.getByLabel("Customer").fill("Taj");
  await page.getByRole("option", { name: /Taj Hotels Palace/ }).click();
  await page.getByLabel("Description, line 1").fill("Commercial kitchen range, stainless steel");
  await page.getByLabel("HSN/SAC, line 1").fill("8419");
  await page.getByLabel("Qty, line 1").fill("1");
  await page.getByLabel("Rate (₹), line 1").fill("50000");
  await page.getByLabel("GST, line 1").selectOption("18");
  await expect(page.getByLabel("Ledger, line 1").locator("option:checked")).toHaveText("Default (Sales)");
  await expect(page.getByLabel("Ledger, line 1").locator("option", { hasText: "4140 Job Work Income" })).toHaveCount(1);
  await expect(page.getByLabel("Ledger, line 1").locator("option", { hasText: "5130 Freight Inward" })).toHaveCount(0);
  await page.getByLabel("Cost centre, line 1").selectOption({ label: "P-TAJ Taj hotel kitchen" });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹59,000.00");
  await expect(page.getByTestId("line-booking")).toHaveText("Cost centre P-TAJ Taj hotel kitchen");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^INV\/\d{2}-\d{2}\/00001$/ })).toBeVisible();

  // Another quote for the hotel, not yet a job: the invoice list finds the job's documents.
  await page.goto(tenantUrl(slug, "/finance/invoices/new"));
  await page.getByLabel("Customer").fill("Taj");
  await page.getByRole("option", { name: /Taj Hotels Palace/ }).click();
  await page.getByLabel("Description, line 1").fill("Spare burner");
  await page.getByLabel("HSN/SAC, line 1").fill("7321");
  await page.getByLabel("Rate (₹), line 1").fill("900");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹1,062.00");
  await page.goto(tenantUrl(slug, "/finance/invoices"));
  const listed = page.getByRole("table").getByRole("row");
  await expect(listed).toHaveCount(3); // the header and two invoices
  await page.getByLabel("Cost centre").selectOption({ label: "P-TAJ Taj hotel kitchen" });
  await expect(page).toHaveURL(/cost_centre=\d+/);
  await expect(listed).toHaveCount(2);
  await expect(listed.nth(1)).toContainText(/INV\/\d{2}-\d{2}\/00001/);

  // The freight to the site: ₹12,000 + 18% IGST, booked to Freight Inward on the job.
  await page.goto(tenantUrl(slug, "/finance/bills/new"));
  await page.getByLabel("Vendor", { exact: true }).fill("Surat");
  await page.getByRole("option", { name: /Surat Fabricators/ }).click();
  await page.getByLabel("Vendor's bill no.").fill("SF/221");
  await page.getByLabel("Description, line 1").fill("Freight of the kitchen range to the hotel");
  await page.getByLabel("HSN/SAC, line 1").fill("996511");
  await page.getByLabel("Qty, line 1").fill("1");
  await page.getByLabel("Rate (₹), line 1").fill("12000");
  await page.getByLabel("GST, line 1").selectOption("18");
  await expect(page.getByLabel("Ledger, line 1").locator("option:checked")).toHaveText("Default (Purchases)");
  await expect(page.getByLabel("Ledger, line 1").locator("option", { hasText: "4140 Job Work Income" })).toHaveCount(0);
  await expect(page.getByLabel("Ledger, line 1").locator("option", { hasText: "1121 Bank - Current Account" })).toHaveCount(0);
  await page.getByLabel("Ledger, line 1").selectOption({ label: "5130 Freight Inward" });
  await page.getByLabel("Cost centre, line 1").selectOption({ label: "P-TAJ Taj hotel kitchen" });
  // a line added below takes the job, not the ledger
  await page.getByRole("button", { name: "Add line" }).click();
  await expect(page.getByLabel("Cost centre, line 2").locator("option:checked")).toHaveText("P-TAJ Taj hotel kitchen");
  await expect(page.getByLabel("Ledger, line 2").locator("option:checked")).toHaveText("Default (Purchases)");
  await page.getByRole("button", { name: "Remove line 2" }).click();
  await shot(page, "cost-centres-03-bill-lines");
  await page.setViewportSize(PHONE);
  await expect(page.getByLabel("Cost centre, line 1")).toHaveValue(/\d+/);
  // the lines scroll in their box; the page does not
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
  await shot(page, "cost-centres-04-bill-lines-phone");
  await page.setViewportSize(DESKTOP);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹14,160.00");
  await expect(page.getByTestId("line-booking")).toHaveText("Ledger 5130 Freight Inward · Cost centre P-TAJ Taj hotel kitchen");
  await shot(page, "cost-centres-05-bill-draft");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^BILL\/\d{2}-\d{2}\/00001$/ })).toBeVisible();

  // Site rent paid in cash, by journal, on the job (offered under the expense account).
  await page.goto(tenantUrl(slug, "/finance/journal/new"));
  await page.getByLabel("Line 1 account").selectOption({ label: "5220 Rent" });
  await page.getByLabel("Narration").fill("Store room at the hotel site");
  await page.getByLabel("Line 1 debit").fill("3000");
  await page.getByLabel("Line 1 cost centre").selectOption({ label: "P-TAJ Taj hotel kitchen" });
  await page.getByLabel("Line 2 account").selectOption({ label: "1110 Cash-in-Hand" });
  await page.getByLabel("Line 2 credit").fill("3000");
  await expect(page.getByLabel("Line 2 cost centre")).toHaveCount(0); // cash: a balance-sheet line
  await shot(page, "cost-centres-06-journal-form");
  await page.getByTestId("je-post").click();
  await expect(heading).toHaveText(/^JV\/\d{2}-\d{2}\/\d{5}$/);
  await expect(page.getByTestId("je-line-cost-centre")).toHaveText("Cost centre P-TAJ");

  // The hotel pays the invoice less a ₹1,000 discount agreed for the job: the discount, kept
  // back on the receipt, is booked to the job too (a TDS deduction, an asset, would offer none).
  await page.goto(tenantUrl(slug, "/finance/payments/new"));
  await page.getByLabel("Customer").fill("Taj");
  await page.getByRole("option", { name: /Taj Hotels Palace/ }).click();
  await page.getByLabel("Amount", { exact: true }).fill("58000");
  await page.getByRole("button", { name: "Add deduction" }).click();
  await expect(page.getByLabel("Deduction 1 account")).toHaveValue("1162 · TDS Receivable");
  await expect(page.getByLabel("Deduction 1 cost centre")).toHaveCount(0);
  await page.getByLabel("Deduction 1 account").fill("Discount");
  await page.getByRole("option", { name: /5270 · Discount Allowed/ }).click();
  await page.getByLabel("Deduction 1 amount").fill("1000");
  await page.getByLabel("Deduction 1 description").fill("Discount agreed on handover");
  await page.getByLabel("Deduction 1 cost centre").selectOption({ label: "P-TAJ Taj hotel kitchen" });
  await page.getByLabel(/^Allocate to INV\//).fill("59000");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { name: /^RCT\/\d{2}-\d{2}\/00001$/ })).toBeVisible();
  await expect(page.getByTestId("deduction-cost-centre")).toHaveText("Cost centre P-TAJ Taj hotel kitchen");

  // Profit by cost centre: the job's (and its group's) income, expense and profit; nothing else.
  await modules.getByRole("link", { name: "Profit by cost centre" }).click();
  await expect(heading).toHaveText("Profit by cost centre");
  const job = page.getByTestId("cc-row").filter({ hasText: "P-TAJ Taj hotel kitchen" });
  const group = page.getByTestId("cc-row").filter({ hasText: "PRJ Projects" });
  for (const row of [job, group, page.getByTestId("cc-total")]) {
    await expect(row.getByTestId("cc-income")).toHaveText("50,000.00");
    await expect(row.getByTestId("cc-expense")).toHaveText("16,000.00");
    await expect(row.getByTestId("cc-profit")).toHaveText("34,000.00");
  }
  await expect(page.getByTestId("cc-unallocated")).toHaveText(/^Not allocated\s*—\s*—\s*—$/);
  await shot(page, "cost-centres-07-report");
  await page.setViewportSize(PHONE);
  await shot(page, "cost-centres-08-report-phone");
  await page.setViewportSize(DESKTOP);

  // The job opens its P&L for the same dates: the freight ledger, the rent and the sale.
  await job.getByRole("link", { name: "P-TAJ Taj hotel kitchen" }).click();
  await expect(page).toHaveURL(/\/finance\/reports\/profit-and-loss\?cost_centre=\d+&from_date=\d{4}-\d{2}-\d{2}&to_date=\d{4}-\d{2}-\d{2}$/);
  await expect(heading).toHaveText("Profit and loss: P-TAJ Taj hotel kitchen");
  await expect(page.getByLabel("Cost centre").locator("option:checked")).toHaveText(/P-TAJ Taj hotel kitchen$/);
  const rows = page.getByTestId("statement-row");
  await expect(rows.filter({ hasText: "5130 Freight Inward" })).toHaveText(/12,000\.00$/);
  await expect(rows.filter({ hasText: "5220 Rent" })).toHaveText(/3,000\.00$/);
  await expect(rows.filter({ hasText: "4110 Sales - Domestic" })).toHaveText(/50,000\.00$/);
  await expect(rows.filter({ hasText: "5270 Discount Allowed" })).toHaveText(/1,000\.00$/);
  await expect(page.getByTestId("statement-total-net_profit")).toHaveText("34,000.00");
  await shot(page, "cost-centres-09-profit-and-loss");
  // ... and each ledger opens on the job's own lines, with the job named above them.
  await rows.filter({ hasText: "5130 Freight Inward" }).getByRole("link").click();
  await expect(page).toHaveURL(/\/finance\/reports\/ledger\?account=\d+&from_date=[\d-]+&to_date=[\d-]+&cost_centre=\d+$/);
  await expect(page.getByTestId("gl-cost-centre")).toHaveText("Cost centre P-TAJ ✕");
  await expect(page.getByTestId("gl-line")).toHaveCount(1);
  await expect(page.getByTestId("gl-line")).toContainText("12,000.00");
  await page.getByTestId("gl-cost-centre").click();
  await expect(page).not.toHaveURL(/cost_centre=/);
  await page.goBack(); // the filter changes replace the address: one step back is the P&L
  await expect(heading).toHaveText("Profit and loss: P-TAJ Taj hotel kitchen");
  await page.getByLabel("Cost centre").selectOption("All");
  await expect(heading).toHaveText("Profit and loss");

  // A job with postings is not deleted: the refusal says to deactivate it.
  await modules.getByRole("link", { name: "Cost centres" }).click();
  await page.getByRole("button", { name: "Delete Taj hotel kitchen" }).click();
  const confirm = page.getByRole("alertdialog");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm.getByRole("alert")).toHaveText(/^Cost centre P-TAJ is in use .*deactivate it instead\.$/);
  await shot(page, "cost-centres-10-delete-refused");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("cost-centre-row")).toHaveCount(2);

  // The job is finished: renamed and deactivated instead.
  await page.getByRole("button", { name: "Edit Taj hotel kitchen" }).click();
  await dialog.getByLabel("Name", { exact: true }).fill("Taj hotel kitchen, phase 1");
  await dialog.getByLabel(/Active/).uncheck();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("cost-centre-row").nth(1)).toHaveText(/P-TAJ Taj hotel kitchen, phase 1\s*Cost centre\s*Inactive/);
});
