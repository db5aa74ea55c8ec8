import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, signIn } from "./company";
import { companyToday, shot, tenantUrl } from "./helpers";

function dmy(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

test("several bank accounts: open a second one, pick it, import its statement, export the reconciliation to Excel, delete the statement", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = await companyCreate("bankmulti");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);

  // a second bank ledger in the chart of accounts: role "Bank account" beside the current account
  await page.goto(tenantUrl(slug, "/finance/accounts"));
  await page.getByRole("button", { name: "Add under Bank Accounts" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Code").fill("1122");
  await dialog.getByLabel("Name").fill("Bank - EEFC Account");
  await dialog.getByLabel("Role").selectOption({ label: "Bank account" });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row", { name: /1122 Bank - EEFC Account/ })).toContainText("Bank account");

  // the banking page offers both accounts; pick the EEFC one
  await page.goto(tenantUrl(slug, "/finance/banking"));
  const picker = page.getByLabel("Bank account");
  await expect(picker.locator("option")).toHaveText(["1121 Bank - Current Account", "1122 Bank - EEFC Account"]);
  await picker.selectOption({ label: "1122 Bank - EEFC Account" });
  await page.waitForURL(/account=\d+/);
  await expect(page.getByText("No statements yet")).toBeVisible();

  // import its statement: one inward remittance the books do not have yet
  const day = dmy(companyToday());
  const csv = ["Date,Description,Reference,Debit,Credit,Balance", `${day},Inward remittance USD,SWIFT778899,,250000.00,250000.00`].join("\n");
  await page.getByLabel("Bank statement file").setInputFiles({ name: "eefc.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByTestId("statement-line")).toHaveCount(1);
  await expect(page.getByRole("heading", { name: /Statement/ })).toBeVisible();
  await expect(page.getByText("1122 Bank - EEFC Account").first()).toBeVisible();

  // the reconciliation of the EEFC account: books 0, the bank 2,50,000 not in the books
  await expect(page.getByTestId("brs-books")).toHaveText("₹0.00");
  await expect(page.getByTestId("brs-statement")).toHaveText("₹2,50,000.00");
  await shot(page, "banking-multi-01-statement");

  // export it to Excel
  await page.getByTestId("export-button").click();
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "Excel (.xlsx)" }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/^bank-reconciliation-1122-\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe("PK");

  // back on the list (the EEFC account still picked), delete the statement after confirming
  await page.goto(tenantUrl(slug, "/finance/banking"));
  await picker.selectOption({ label: "1122 Bank - EEFC Account" });
  const rows = page.getByTestId("bank-statement");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText("eefc.csv");
  await rows.getByTestId("statement-delete").click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("1122 Bank - EEFC Account");
  await shot(page, "banking-multi-02-delete");
  await confirm.getByRole("button", { name: "Delete statement" }).click();
  await expect(page.getByText("Statement deleted")).toBeVisible();
  await expect(rows).toHaveCount(0);
  await expect(page.getByText("No statements yet")).toBeVisible();

  // the current account's list is its own
  await picker.selectOption({ label: "1121 Bank - Current Account" });
  await expect(page.getByText("No statements yet")).toBeVisible();
});
