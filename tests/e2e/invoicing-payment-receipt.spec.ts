import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { shot } from "./helpers";
import { linkFromMail } from "./mail";

test("a customer's receipt: download its payment receipt PDF, e-mail it, see the sending on record", async ({ page }) => {
  const { slug, email } = await companyCreate("receipt");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await partnerCreate(page, slug, "Hotel Kaveri", { gstin: "27AABCT1332L1ZE", email: "accounts@kaveri.example" });
  const invoice = await invoicePost(page, slug, { customer: "Kaveri", description: "Dishwasher, hood type", hsn: "8422", qty: "1", rate: "100000", gst: "18", total: "₹1,18,000.00" });

  // the whole invoice received by bank transfer
  await page.getByRole("button", { name: "Record payment" }).click();
  const pay = page.getByRole("dialog");
  await pay.getByLabel("Amount").fill("118000");
  await pay.getByLabel("Reference (UTR, cheque no.)").fill("UTR445566");
  await pay.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Receipt RCT\/\d{2}-\d{2}\/00001 recorded/)).toBeVisible();

  // open the receipt from the invoice's settlements
  await page.getByRole("link", { name: /^RCT\/\d{2}-\d{2}\/00001$/ }).click();
  const heading = page.getByRole("heading", { name: /^RCT\/\d{2}-\d{2}\/00001$/ });
  await expect(heading).toBeVisible();
  const number = (await heading.textContent())!.trim();
  const attachment = `${number.replaceAll("/", "-")}.pdf`;

  // its PDF
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "PDF" }).click();
  const pdf = await downloading;
  expect(pdf.suggestedFilename()).toBe(attachment);
  expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe("%PDF-");

  // e-mail it: the party's address, a subject and a message naming the invoice settled
  await page.getByRole("button", { name: "E-mail", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("To")).toHaveValue("accounts@kaveri.example");
  await expect(dialog.getByLabel("Subject")).toHaveValue(new RegExp(`^Payment receipt ${number.replaceAll("/", "\\/")} from `));
  await expect(dialog.getByLabel("Message")).toHaveValue(new RegExp(`payment of ₹1,18,000\\.00 received on .*\\nIt settles ${invoice.replaceAll("/", "\\/")}\\.`));
  await expect(dialog.getByTestId("email-attachment")).toHaveText(attachment);
  await shot(page, "payment-receipt-01-dialog");
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText(`${number} sent to accounts@kaveri.example`)).toBeVisible();
  await expect(dialog).toBeHidden();

  // the history on the receipt's page
  await expect(page.getByTestId("email-sent")).toHaveCount(1);
  await expect(page.getByTestId("email-sent")).toContainText(`“Payment receipt ${number} from`);
  await expect(page.getByTestId("email-sent")).toContainText(attachment);
  await shot(page, "payment-receipt-02-sent");
  expect(await linkFromMail("accounts@kaveri.example", new RegExp(`filename="${attachment}"`))).toBeTruthy();
});
