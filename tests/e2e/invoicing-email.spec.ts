import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { shot } from "./helpers";
import { linkFromMail } from "./mail";

test("e-mail a posted invoice to the customer: their address filled in, the PDF attached, the sending on record", async ({ page }) => {
  const { slug, email } = await companyCreate("mailing");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await partnerCreate(page, slug, "Hotel Kaveri", { gstin: "27AABCT1332L1ZE", email: "accounts@kaveri.example" });
  const number = await invoicePost(page, slug, { customer: "Kaveri", description: "Dishwasher, hood type", hsn: "8422", qty: "1", rate: "100000", gst: "18", total: "₹1,18,000.00" });

  await page.getByRole("button", { name: "E-mail", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("To")).toHaveValue("accounts@kaveri.example");
  await expect(dialog.getByLabel("Subject")).toHaveValue(new RegExp(`^Invoice ${number.replaceAll("/", "\\/")} from `));
  await expect(dialog.getByLabel("Message")).toHaveValue(/Please find attached our invoice .* for ₹1,18,000\.00\./);
  const attachment = `${number.replaceAll("/", "-")}.pdf`;
  await expect(dialog.getByTestId("email-attachment")).toHaveText(attachment);

  // a mistyped copy address is refused beside its field, and nothing is sent
  await dialog.getByLabel("Cc").fill("purchase@kaveri");
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(dialog.locator('[data-field-error="email-cc"]')).toContainText("not an e-mail address");
  await shot(page, "email-01-dialog-error");
  await expect(page.getByTestId("email-sent")).toHaveCount(0);

  await dialog.getByLabel("Cc").fill("purchase@kaveri.example");
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText(`${number} sent to accounts@kaveri.example`)).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("email-sent")).toHaveCount(1);
  await expect(page.getByTestId("email-sent")).toContainText("to accounts@kaveri.example, purchase@kaveri.example");
  await shot(page, "email-02-sent");

  // the message left with the PDF attached (the console mail backend's log)
  expect(await linkFromMail("accounts@kaveri.example", new RegExp(`filename="${attachment}"`))).toBeTruthy();
  expect(await linkFromMail("accounts@kaveri.example", /Content-Type: application\/pdf/)).toBeTruthy();

  // the customer's statement of account, from the party's page, goes the same way
  await page.getByRole("link", { name: "BP00001 · statement" }).click();
  const statement = page.locator("#statement");
  await statement.getByRole("button", { name: "E-mail", exact: true }).click();
  const statementDialog = page.getByRole("dialog");
  await expect(statementDialog.getByLabel("To")).toHaveValue("accounts@kaveri.example");
  await expect(statementDialog.getByLabel("Message")).toHaveValue(/The balance due to us as on .* is ₹1,18,000\.00\.\nKindly confirm the balance/);
  await expect(statementDialog.getByTestId("email-attachment")).toHaveText(/^statement-BP00001-\d{4}-\d{2}-\d{2}\.pdf$/);
  await statementDialog.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("The statement sent to accounts@kaveri.example")).toBeVisible();
  await expect(page.getByTestId("email-sent")).toHaveCount(2);
  await expect(page.getByTestId("email-sent").first()).toContainText("Statement of account");
  await shot(page, "email-03-statement-sent");
  expect(await linkFromMail("accounts@kaveri.example", /filename="statement-BP00001-\d{4}-\d{2}-\d{2}\.pdf"/)).toBeTruthy();
});
