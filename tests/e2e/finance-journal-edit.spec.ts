import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

/** A draft journal entry is opened in the entry form, prefilled; its narration and both amounts
 *  change; the server's refusal of a bad date shows beside the field; the saved draft is posted
 *  and is then no longer editable. A second draft is deleted. */
test("an accountant edits a draft journal entry, posts it, and deletes another draft", async ({ page }) => {
  const { slug, email } = await companyCreate("jedit");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });
  const heading = page.getByRole("heading", { level: 1 });
  await modules.getByRole("link", { name: "Fiscal years" }).click();
  await page.getByTestId("fy-create").click();
  await expect(page.getByTestId("fy-card")).toHaveCount(1);
  // A party for the sales line.
  await page.goto(tenantUrl(slug, "/partners/new"));
  await page.getByLabel("Name", { exact: true }).fill("Mehta Scrap Traders");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Mehta Scrap Traders" })).toBeVisible();

  // A draft: cash against scrap sales, the sales line to the party.
  await modules.getByRole("link", { name: "Journal entries" }).click();
  await page.getByRole("link", { name: "New entry" }).click();
  // (the accounts load once the page is live: typing before that could be lost to hydration)
  await page.getByLabel("Line 1 account").selectOption({ label: "1110 Cash-in-Hand" });
  await page.getByLabel("Narration").fill("Scrap sale, first weighing");
  await page.getByLabel("Line 1 debit").fill("1000");
  await page.getByLabel("Line 2 account").selectOption({ label: "4230 Scrap Sales" });
  await page.getByLabel("Line 2 party").fill("Mehta");
  await page.getByRole("option", { name: /Mehta Scrap Traders/ }).click();
  await page.getByLabel("Line 2 credit").fill("1000");
  await page.getByLabel("Line 2 description").fill("Weighbridge slip 114");
  await page.getByTestId("je-save").click();
  await expect(heading).toHaveText(/^Draft #\d+$/);
  await expect(page.getByText("Scrap sale, first weighing")).toBeVisible();
  const entryPath = new URL(page.url()).pathname;
  await expect(page.getByTestId("je-detail-line")).toHaveCount(2);
  await expect(page.getByTestId("je-line-debit")).toHaveText(["1,000.00", "—"]);

  // The draft offers Edit and Delete draft beside Post; Edit opens the same form, prefilled.
  await expect(page.getByTestId("je-delete")).toBeVisible();
  await expect(page.getByTestId("je-detail-post")).toBeVisible();
  await page.getByTestId("je-edit").click();
  await expect(page).toHaveURL(tenantUrl(slug, `${entryPath}/edit`));
  await expect(heading).toHaveText(/^Edit draft #\d+$/);
  await expect(page.getByLabel("Narration")).toHaveValue("Scrap sale, first weighing");
  await expect(page.getByLabel("Line 1 account").locator("option:checked")).toHaveText("1110 Cash-in-Hand");
  await expect(page.getByLabel("Line 2 account").locator("option:checked")).toHaveText("4230 Scrap Sales");
  await expect(page.getByLabel("Line 1 debit")).toHaveValue("1,000.00");
  await expect(page.getByLabel("Line 1 credit")).toHaveValue("");
  await expect(page.getByLabel("Line 2 credit")).toHaveValue("1,000.00");
  await expect(page.getByLabel("Line 2 party")).toHaveValue("Mehta Scrap Traders");
  await expect(page.getByLabel("Line 2 description")).toHaveValue("Weighbridge slip 114");
  await expect(page.getByTestId("je-line")).toHaveCount(2);
  await expect(page.getByTestId("je-balanced")).toBeVisible();
  await shot(page, "journal-edit-01-prefilled");

  // The server refuses a date no fiscal year covers: the message shows beside the date.
  const date = await page.getByLabel("Date").inputValue();
  await page.getByLabel("Date").fill("2040-01-15");
  await page.getByTestId("je-save").click();
  await expect(page.locator('[data-field-error="je-date"]')).toHaveText("No fiscal year covers 2040-01-15.");
  await expect(page.getByTestId("je-form-error")).toHaveText("No fiscal year covers 2040-01-15.");
  await expect(page).toHaveURL(tenantUrl(slug, `${entryPath}/edit`));
  await shot(page, "journal-edit-02-server-error");
  await page.getByLabel("Date").fill(date);

  // The new narration and amounts on both lines; saved, back on the entry.
  await page.getByLabel("Narration").fill("Scrap sale, weighed again");
  await page.getByLabel("Line 1 debit").fill("1250.50");
  await page.getByLabel("Line 2 credit").fill("1250.50");
  await expect(page.getByTestId("je-balanced")).toBeVisible();
  await page.getByTestId("je-save").click();
  await expect(page).toHaveURL(tenantUrl(slug, entryPath));
  await expect(page.getByText("Changes saved")).toBeVisible();
  await expect(heading).toHaveText(/^Draft #\d+$/);
  await expect(page.getByText("Scrap sale, weighed again")).toBeVisible();
  await expect(page.getByTestId("je-detail-line")).toHaveCount(2);
  await expect(page.getByTestId("je-line-debit")).toHaveText(["1,250.50", "—"]);
  await expect(page.getByTestId("je-line-credit")).toHaveText(["—", "1,250.50"]);
  await expect(page.getByTestId("je-detail-line").nth(1)).toContainText("Mehta Scrap Traders");
  await expect(page.getByTestId("je-detail-total")).toHaveText("₹1,250.50");
  await shot(page, "journal-edit-03-saved-draft");

  // Posted: it takes its number, and Edit and Delete draft are gone.
  await page.getByTestId("je-detail-post").click();
  await page.getByTestId("confirm-button").click();
  await expect(heading).toHaveText(/^JV\/\d{2}-\d{2}\/00001$/);
  await expect(page.getByText("Posted", { exact: true })).toBeVisible();
  await expect(page.getByTestId("je-reverse")).toBeVisible();
  await expect(page.getByTestId("je-edit")).toHaveCount(0);
  await expect(page.getByTestId("je-delete")).toHaveCount(0);
  // ...and its edit address says why, with no form.
  await page.goto(tenantUrl(slug, `${entryPath}/edit`));
  await expect(page.getByTestId("je-edit-refused")).toContainText("Posted entries cannot be changed; reverse the entry instead");
  await expect(page.getByLabel("Narration")).toHaveCount(0);
  await expect(page.getByTestId("je-save")).toHaveCount(0);
  await shot(page, "journal-edit-04-posted-refused");

  // A second draft is deleted after the confirmation: back on the list, only the posted entry.
  await page.goto(tenantUrl(slug, "/finance/journal/new"));
  await page.getByLabel("Line 1 account").selectOption({ label: "1110 Cash-in-Hand" });
  await page.getByLabel("Narration").fill("Draft to throw away");
  await page.getByLabel("Line 1 debit").fill("500");
  await page.getByLabel("Line 2 account").selectOption({ label: "4230 Scrap Sales" });
  await page.getByLabel("Line 2 credit").fill("500");
  await page.getByTestId("je-save").click();
  await expect(heading).toHaveText(/^Draft #\d+$/);
  const draftPath = new URL(page.url()).pathname;
  await page.getByTestId("je-delete").click();
  await expect(page.getByRole("alertdialog")).toContainText("Delete this draft?");
  await page.getByTestId("confirm-button").click();
  await expect(page).toHaveURL(tenantUrl(slug, "/finance/journal"));
  await expect(page.getByText("Draft deleted")).toBeVisible();
  await expect(page.getByTestId("journal-row")).toHaveCount(1);
  await expect(page.getByTestId("journal-row")).toContainText("Scrap sale, weighed again");
  await page.goto(tenantUrl(slug, draftPath));
  await expect(page.getByText("Not found.")).toBeVisible();
});

test("a draft in US dollars opens with its rate and dollar amounts, and is saved and posted at a new rate", async ({ page }) => {
  const { slug, email } = await companyCreate("jeditfx");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await page.goto(tenantUrl(slug, "/finance/journal/new"));
  await page.getByLabel("Line 1 account").selectOption({ label: "1121 Bank - Current Account" });
  await page.getByLabel("Currency").selectOption("USD");
  await page.getByLabel("Exchange rate (₹ per USD)").fill("83.4567");
  await page.getByLabel("Line 1 debit").fill("1237.45");
  await page.getByLabel("Line 2 account").selectOption({ label: "4120 Sales - Export" });
  await page.getByLabel("Line 2 credit").fill("1237.45");
  await page.getByTestId("je-save").click();
  await expect(page.getByTestId("je-detail-currency")).toHaveText("USD 1,237.45 at 83.4567 INR/USD");

  await page.getByTestId("je-edit").click();
  await expect(page.getByLabel("Currency")).toHaveValue("USD");
  await expect(page.getByLabel("Exchange rate (₹ per USD)")).toHaveValue("83.4567");
  await expect(page.getByLabel("Line 1 debit")).toHaveValue("1,237.45");
  await expect(page.getByLabel("Line 2 credit")).toHaveValue("1,237.45");
  await expect(page.getByTestId("je-base-total-debit")).toHaveText("₹1,03,273.49");
  await shot(page, "journal-edit-05-usd-prefilled");
  // A new rate re-prices the lines in rupees; "Save and post" saves and posts in one go.
  await page.getByLabel("Exchange rate (₹ per USD)").fill("84");
  await expect(page.getByTestId("je-base-total-debit")).toHaveText("₹1,03,945.80");
  await page.getByTestId("je-post").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^JV\/\d{2}-\d{2}\/00001$/);
  await expect(page.getByText("Entry posted")).toBeVisible();
  await expect(page.getByTestId("je-detail-currency")).toHaveText("USD 1,237.45 at 84 INR/USD");
  await expect(page.getByTestId("je-detail-total")).toHaveText("₹1,03,945.80");
});
