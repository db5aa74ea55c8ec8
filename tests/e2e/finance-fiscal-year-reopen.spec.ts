import { expect, test } from "@playwright/test";
import { companyCreate, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

test("an accountant closes a year, reopens it with a reason and finds it open again", async ({ page }) => {
  const { slug, email } = await companyCreate("fyreopen");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });

  // The fiscal year containing today.
  await modules.getByRole("link", { name: "Fiscal years" }).click();
  await page.getByTestId("fy-create").click();
  const year = page.getByTestId("fy-card");
  await expect(year).toHaveCount(1);
  const title = year.getByRole("heading", { level: 3 });
  const name = /FY (\d{4}-\d{2})/.exec((await title.textContent()) ?? "")![1];
  // numbers show the year short (JV/26-27/…: at most 16 characters, ADR 0062)
  const short = name.slice(2);

  // A sale, so the close has a profit to move.
  await modules.getByRole("link", { name: "Journal entries" }).click();
  await page.getByRole("link", { name: "New entry" }).click();
  await page.getByLabel("Line 1 account").selectOption({ label: "1110 Cash-in-Hand" });
  await page.getByLabel("Line 1 debit").fill("5000");
  await page.getByLabel("Line 2 account").selectOption({ label: "4230 Scrap Sales" });
  await page.getByLabel("Line 2 credit").fill("5000");
  await page.getByLabel("Narration").fill("Cash sale of scrap");
  await page.getByTestId("je-post").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`JV/${short}/00001`);

  // Close the year: every period closed, the closing entry linked.
  await modules.getByRole("link", { name: "Fiscal years" }).click();
  await year.getByRole("button", { name: "Close year" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Close year" }).click();
  await expect(title).toHaveText(`FY ${name} Closed`);
  await expect(year.getByTestId("period-row").filter({ hasText: "Closed" })).toHaveCount(12);
  await expect(year.getByTestId("fy-closing-entry")).toBeVisible();
  await shot(page, "fiscal-year-reopen-01-closed");

  // Reopen it: the reason is required.
  await year.getByTestId("fy-reopen").click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog.getByRole("heading", { name: `Reopen FY ${name}?` })).toBeVisible();
  await dialog.getByRole("button", { name: "Reopen year" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Give the reason for reopening the year.");
  await dialog.getByLabel("Reason").fill("Auditor: March freight bill missed");
  await shot(page, "fiscal-year-reopen-02-dialog");
  await dialog.getByRole("button", { name: "Reopen year" }).click();
  await expect(dialog).toBeHidden();

  // Open again: the last month takes the adjustment, the others are locked; no reopen offered.
  await expect(title).toHaveText(`FY ${name} Open`);
  await expect(year.getByTestId("period-row").filter({ hasText: "Locked" })).toHaveCount(11);
  await expect(year.getByTestId("period-row").last()).toContainText("Open");
  await expect(year.getByTestId("fy-reopen")).toHaveCount(0);
  await expect(year.getByRole("button", { name: "Close year" })).toBeVisible();
  await shot(page, "fiscal-year-reopen-03-open");

  // The closing entry and its reversal, with the reason, are both in the journal.
  await modules.getByRole("link", { name: "Journal entries" }).click();
  const row = (number: string) => page.getByTestId("journal-row").filter({ has: page.getByRole("link", { name: number, exact: true }) });
  await expect(row(`YEC/${short}/00001`)).toContainText("Reversed");
  await expect(row(`YEC/${short}/00002`)).toContainText(`Reversal of YEC/${short}/00001: Auditor: March freight bill missed`);
  await expect(row(`YEC/${short}/00002`)).toContainText("Posted");
  await shot(page, "fiscal-year-reopen-04-journal");
});
