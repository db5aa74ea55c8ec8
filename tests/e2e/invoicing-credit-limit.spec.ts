import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, fiscalYearOpenBefore, invoiceDraft, invoicePost, partnerCreate, signIn } from "./company";
import { addDays, companyToday, fiscalYearStart, shot, tenantUrl } from "./helpers";

test("a customer's credit limit: the draft invoice warns, posting it anyway is the owner's call and is on the audit log", async ({ page }) => {
  const { slug, email } = await companyCreate("credit");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);

  // a customer allowed to owe ₹1,00,000
  await page.goto(tenantUrl(slug, "/partners/new"));
  await page.getByLabel("Name", { exact: true }).fill("Hotel Sagar");
  await page.getByLabel("GSTIN").fill("27AABCT1332L1ZE");
  await page.getByLabel("Credit limit (₹)").fill("100000");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Hotel Sagar" })).toBeVisible();

  // ₹59,000 posts within the limit
  await invoicePost(page, slug, { customer: "Sagar", description: "Bain marie, 4 wells", hsn: "8419", qty: "1", rate: "50000", gst: "18", total: "₹59,000.00" });
  await expect(page.getByTestId("credit-notice")).toHaveCount(0);

  // another ₹59,000 would take it to ₹1,18,000: the draft says so before anyone posts
  await invoiceDraft(page, slug, { customer: "Sagar", description: "Tilting bratt pan", hsn: "8419", qty: "1", rate: "50000", gst: "18", total: "₹59,000.00" });
  const notice = page.getByTestId("credit-notice");
  await expect(notice).toContainText("Credit limit ₹1,00,000.00 · Hotel Sagar owes ₹59,000.00 · after this invoice ₹1,18,000.00");
  await expect(notice).toContainText("Posting this invoice takes Hotel Sagar ₹18,000.00 past its credit limit. You may post it anyway");
  await shot(page, "credit-01-draft-over-limit");

  // the owner may post it anyway, and the dialog says what that means
  await page.getByRole("button", { name: "Post" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("past its credit limit");
  await dialog.getByRole("button", { name: "Post anyway" }).click();
  await expect(page.getByRole("heading", { name: /^INV\/\d{2}-\d{2}\/00002$/ })).toBeVisible();
  await expect(page.getByTestId("credit-notice")).toHaveCount(0);

  // and the override is on the audit log under the owner's name
  await page.goto(tenantUrl(slug, "/audit"));
  await expect(page.getByText("invoicing.invoice.credit_limit_overridden").first()).toBeVisible();
  await shot(page, "credit-02-audit");

  // credit control: hold customers with an invoice more than N days overdue (the server's 400
  // shows beside the field)
  await page.goto(tenantUrl(slug, "/settings/company"));
  const holdDays = page.getByLabel("Hold after days overdue");
  const holdMin = page.getByLabel("Hold only from overdue (₹)");
  await holdDays.fill("1.5");
  await holdMin.fill("-5");
  await page.getByRole("button", { name: "Save credit control" }).click();
  await expect(page.locator('[data-field-error="credit-hold-days"]')).toContainText("valid integer");
  await expect(page.locator('[data-field-error="credit-hold-min"]')).toContainText("greater than or equal to 0");
  await shot(page, "credit-04-settings-error");
  // held from 7 days overdue, and only from ₹12,000 overdue
  const days = 7;
  await holdDays.fill(String(days));
  await holdMin.fill("12000");
  await page.getByRole("button", { name: "Save credit control" }).click();
  await expect(page.getByText("Credit control saved")).toBeVisible();

  // a customer with no credit limit and an invoice of eight days ago, due that day (more than N
  // days overdue); in the fiscal year's first week that day is in the year before: open it, and
  // the invoice is that year's first
  await partnerCreate(page, slug, "Kamat Caterers", { gstin: "27AAPFU0939F1ZV" });
  const kamatUrl = page.url();
  const dated = addDays(companyToday(), -(days + 1));
  const yearBefore = dated < fiscalYearStart();
  if (yearBefore) await fiscalYearOpenBefore(page, slug);
  const overdue = await invoicePost(
    page,
    slug,
    { customer: "Kamat", description: "Dosa plate", hsn: "7321", qty: "1", rate: "10000", gst: "18", total: "₹11,800.00", date: dated, due: dated },
    yearBefore ? /^INV\/\d{2}-\d{2}\/00001$/ : /^INV\/\d{2}-\d{2}\/00003$/,
  );

  // ₹11,800 overdue is under the ₹12,000 minimum: its next draft is not held
  // (the draft page's credit position, read as it arrives: no hold in it, none on the page)
  // the body is read as soon as the response arrives: once the page moves on it is gone
  const creditPosition = () =>
    page.waitForResponse((r) => /\/invoices\/\d+\/credit\//.test(r.url()) && r.ok()).then((r) => r.json());
  const position = creditPosition();
  await invoiceDraft(page, slug, { customer: "Kamat", description: "Idli steamer", hsn: "8419", qty: "1", rate: "5000", gst: "18", total: "₹5,900.00" });
  expect((await position).hold).toBeNull();
  const draftUrl = page.url();
  const hold = page.getByTestId("credit-hold");
  await expect(hold).toHaveCount(0);

  // with the minimum at ₹10,000 it is held: the draft names the overdue invoice, with a link
  await page.goto(tenantUrl(slug, "/settings/company"));
  await holdMin.fill("10000");
  await page.getByRole("button", { name: "Save credit control" }).click();
  await expect(page.getByText("Credit control saved")).toBeVisible();
  await page.goto(draftUrl);
  await expect(hold).toContainText(`Kamat Caterers is on credit hold: an invoice is more than ${days} days overdue.`);
  await expect(hold.getByRole("link", { name: overdue })).toBeVisible();
  await expect(hold).toContainText("₹11,800.00 open");
  await shot(page, "credit-03-draft-on-hold");

  // the owner posts it anyway, and that is on the audit log
  await page.getByRole("button", { name: "Post" }).click();
  const holdDialog = page.getByRole("alertdialog");
  await expect(holdDialog).toContainText("on credit hold for overdue invoices");
  await holdDialog.getByRole("button", { name: "Post anyway" }).click();
  await expect(page.getByRole("heading", { name: yearBefore ? /^INV\/\d{2}-\d{2}\/00003$/ : /^INV\/\d{2}-\d{2}\/00004$/ })).toBeVisible();
  await page.goto(tenantUrl(slug, "/audit"));
  await expect(page.getByText("invoicing.invoice.credit_hold_overridden").first()).toBeVisible();

  // the company trusts Kamat: exempt from the hold on its partner page, its next draft is not
  // held and posts with the plain confirmation
  await page.goto(kamatUrl);
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Exempt from credit hold").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("pt-hold-exempt")).toHaveText("Credit hold Exempt");
  const exemptPosition = creditPosition();
  await invoiceDraft(page, slug, { customer: "Kamat", description: "Tandoor", hsn: "8419", qty: "1", rate: "2000", gst: "18", total: "₹2,360.00" });
  expect((await exemptPosition).hold).toBeNull();
  await expect(page.getByTestId("credit-hold")).toHaveCount(0);
  await shot(page, "credit-05-exempt-draft");
  await page.getByRole("button", { name: "Post" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).not.toContainText("credit hold");
  await confirm.getByRole("button", { name: "Post", exact: true }).click();
  await expect(page.getByRole("heading", { name: yearBefore ? /^INV\/\d{2}-\d{2}\/00004$/ : /^INV\/\d{2}-\d{2}\/00005$/ })).toBeVisible();
});
