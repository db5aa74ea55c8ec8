import { expect, test } from "@playwright/test";
import { companyCreate, djangoCommand, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { companyToday, shot, tenantUrl } from "./helpers";

test("a recurring invoice: repeated monthly from today, posted and e-mailed, the morning sweep raises and sends it, paused from the list", async ({ page }) => {
  const { slug, email } = companyCreate("recurring");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await partnerCreate(page, slug, "Hotel Kaveri", { gstin: "27AABCT1332L1ZE", email: "accounts@kaveri.example" });
  const first = await invoicePost(page, slug, { customer: "Kaveri", description: "Annual maintenance, monthly", hsn: "998719", qty: "1", rate: "5000", gst: "18", total: "₹5,900.00" });

  // Repeat it monthly from today, each one posted.
  await page.getByRole("button", { name: "Repeat" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Every").selectOption("monthly");
  await dialog.getByLabel("First invoice on").fill(companyToday());
  await dialog.getByLabel("Post each one").check();
  await dialog.getByLabel("E-mail each one to the customer, with its PDF").check();
  await shot(page, "recurring-01-dialog");
  await dialog.getByRole("button", { name: "Repeat", exact: true }).click();
  await expect(page.getByText(`${first} repeats monthly from ${companyToday()}`)).toBeVisible();

  // The morning sweep raises today's, posted with the next number, and e-mails it.
  const swept = djangoCommand("recurring_run");
  expect(swept).toContain("1 raised, 0 failed, 1 e-mailed");
  expect(swept).toContain("To: accounts@kaveri.example");
  expect(swept).toMatch(/Subject: Invoice INV\/\d{2}-\d{2}\/00002 from /);
  await page.goto(tenantUrl(slug, "/finance/recurring"));
  const row = page.getByTestId("recurring-row");
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("recurring-count")).toHaveText("1");
  await expect(row).toContainText("Monthly, posted and e-mailed");
  await shot(page, "recurring-02-list");
  await page.goto(tenantUrl(slug, "/finance/invoices"));
  await expect(page.getByRole("link", { name: /^INV\/\d{2}-\d{2}\/00002$/ })).toBeVisible();

  // Paused: the next sweep raises nothing.
  await page.goto(tenantUrl(slug, "/finance/recurring"));
  await row.getByRole("button", { name: "Pause" }).click();
  await expect(row).toContainText("Paused");
  expect(djangoCommand("recurring_run", "--date", "2099-01-01")).not.toMatch(/[1-9]\d* raised/);
});
