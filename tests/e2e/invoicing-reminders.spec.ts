import { expect, test } from "@playwright/test";
import { companyCreate, djangoCommand, fiscalYearOpen, fiscalYearOpenBefore, invoicePost, partnerCreate, signIn } from "./company";
import { addDays, companyToday, fiscalYearStart, shot, tenantUrl } from "./helpers";

/** The date as the page writes it (the browser's own formatting). */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** 2026-10-08 -> "8 Oct 2026", as the pages show a date. */
const shown = (iso: string) => {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[m! - 1]} ${y}`;
};

test("payment reminders: turned on with their stages in settings, an overdue invoice reminded automatically and marked so", async ({ page }) => {
  test.slow(); // settings, a partner, an invoice, two sweeps and a partner edit
  const { slug, email } = await companyCreate("reminders");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);

  // settings: off by default at 7 and 30 days, each stage with its own letter; a bad stage or
  // an unknown placeholder is refused beside its field
  await page.goto(tenantUrl(slug, "/settings/company"));
  const card = page.locator("div[data-slot=card]", { has: page.getByText("Payment reminders", { exact: true }) });
  const enabled = page.getByLabel("Send payment reminders automatically");
  await expect(enabled).not.toBeChecked();
  await expect(page.getByLabel("Stage 1: days after the due date")).toHaveValue("7");
  await expect(page.getByLabel("Stage 2: days after the due date")).toHaveValue("30");
  await expect(page.getByLabel("Stage 1 subject")).toHaveValue("Payment reminder: invoice {number} was due on {due_date}");
  await expect(page.getByLabel("Stage 2 subject")).toHaveValue("Second reminder: {amount_due} overdue on invoice {number}");
  await expect(page.getByLabel("Stage 1 message")).toHaveValue(/This is a gentle reminder/);
  await enabled.check();
  await page.getByLabel("Stage 2: days after the due date").fill("400");
  await page.getByLabel("Stage 2 subject").fill("Second notice: {invoice} unpaid");
  await page.getByRole("button", { name: "Save reminders" }).click();
  await expect(card.getByText("Ensure this value is less than or equal to 365.")).toBeVisible();
  await expect(card.getByText(/Unknown placeholder \{invoice\}: use \{party\}/)).toBeVisible();
  await page.getByLabel("Stage 2: days after the due date").fill("30");
  await page.getByLabel("Stage 2 subject").fill("Second notice: {number} is {days_overdue} days overdue");
  await page.getByRole("button", { name: "Save reminders" }).click();
  await expect(page.getByText("Payment reminders saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Send payment reminders automatically")).toBeChecked();
  await expect(page.getByLabel("Stage 2: days after the due date")).toHaveValue("30");
  await expect(page.getByLabel("Stage 2 subject")).toHaveValue("Second notice: {number} is {days_overdue} days overdue");
  await card.scrollIntoViewIfNeeded();
  await shot(page, "reminders-01-settings");

  // a stage's letter previewed as it would go out, from the unsaved text: no invoice is overdue
  // yet, so a sample with made-up figures, 7 days late like the stage
  await page.getByLabel("Stage 1 subject").fill("Reminder for {party}: {number}, {days_overdue} days");
  await page.getByRole("button", { name: "Preview stage 1" }).click();
  const preview = card.getByTestId("reminder-preview");
  await expect(preview.getByTestId("reminder-preview-subject")).toHaveText("Reminder for Sample Customer Pvt Ltd: INV/SAMPLE/00001, 7 days");
  await expect(preview.getByTestId("reminder-preview-sample")).toContainText("Sample invoice with made-up figures");
  await expect(preview.getByTestId("reminder-preview-message")).toContainText("Dear Sample Customer Pvt Ltd,\n\nWe hope this finds you well.");
  await shot(page, "reminders-01b-preview");

  // an invoice due in 30 days (the partner form's default terms): its first reminder a week later
  await partnerCreate(page, slug, "Hotel Kaveri", { gstin: "27AABCT1332L1ZE", email: "accounts@kaveri.example" });
  const partnerUrl = page.url();
  await expect(page.getByTestId("pt-reminders")).toHaveText("Payment reminders On");
  const number = await invoicePost(page, slug, { customer: "Kaveri", description: "Dishwasher, hood type", hsn: "8422", qty: "1", rate: "100000", gst: "18", total: "₹1,18,000.00" });
  const invoiceUrl = page.url();
  const due = addDays(companyToday(), 30);
  await expect(page.getByTestId("next-reminder")).toHaveText(`Next reminder on ${shown(addDays(due, 7))}`);
  await expect(page.getByTestId("email-sent")).toHaveCount(0);

  // the daily sweep, run as the operator would, ten days after the due date: the 7-day one goes
  const out = djangoCommand("reminders_send", "--date", addDays(due, 10));
  expect(out).toMatch(/: 1 sent, 0 skipped \(no e-mail address\)/);

  await page.reload();
  const sent = page.getByTestId("email-sent");
  await expect(sent).toHaveCount(1);
  await expect(sent).toContainText("to accounts@kaveri.example");
  await expect(sent).toContainText(`“Payment reminder: invoice ${number}`);
  await expect(sent).toContainText("Automatic reminder");
  await expect(page.getByTestId("next-reminder")).toHaveText(`Next reminder on ${shown(addDays(due, 30))}`);
  await shot(page, "reminders-02-invoice");

  // the customer asks not to be chased: reminders off on the partner page
  await page.goto(partnerUrl);
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Send payment reminders").uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("pt-reminders")).toHaveText("Payment reminders Off");

  // the invoice page says so instead of a next date, and the sweep at 30 days leaves it alone
  await page.goto(invoiceUrl);
  await expect(page.getByTestId("reminders-off")).toHaveText("Automatic reminders are off for this customer");
  await expect(page.getByTestId("next-reminder")).toHaveCount(0);
  expect(djangoCommand("reminders_send", "--date", addDays(due, 31))).toMatch(/: 0 sent, 0 skipped/);
  await page.reload();
  await expect(page.getByTestId("email-sent")).toHaveCount(1);
  await shot(page, "reminders-03-customer-off");

  // a person e-mailing an invoice overdue by a day starts from the letter of the stage it is at
  // (the first, not reached yet), filled for it — even with the customer's automatic ones off
  const yesterday = addDays(companyToday(), -1);
  // on the fiscal year's first day, yesterday is in the year before: open it, and the invoice
  // is that year's first
  const yearBefore = yesterday < fiscalYearStart();
  if (yearBefore) await fiscalYearOpenBefore(page, slug);
  const late = await invoicePost(page, slug, { customer: "Kaveri", description: "Hood filters", hsn: "8421", qty: "1", rate: "1000", gst: "18", total: "₹1,180.00", date: yesterday, due: yesterday }, yearBefore ? /^INV\/\d{2}-\d{2}\/00001$/ : /^INV\/\d{2}-\d{2}\/00002$/);
  await page.getByRole("button", { name: "E-mail", exact: true }).click();
  const dialog = page.getByRole("dialog");
  const [y, m, d] = yesterday.split("-");
  await expect(dialog.getByLabel("Subject")).toHaveValue(`Payment reminder: invoice ${late} was due on ${d} ${MONTHS[Number(m) - 1]} ${y}`);
  await expect(dialog.getByLabel("Message")).toHaveValue(/^Dear Hotel Kaveri,\n\nWe hope this finds you well\. .* ₹1,180\.00 is still outstanding\./);
  await shot(page, "reminders-04-dialog-stage-letter");
});
