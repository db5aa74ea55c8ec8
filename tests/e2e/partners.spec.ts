import { expect, test } from "@playwright/test";
import { companyCreate, signIn } from "./company";
import { shot, tenantUrl } from "./helpers";

test("a partner with its own shipping address and two contacts; one contact edited, the other removed", async ({ page }) => {
  const { slug, email } = await companyCreate("partners");
  await signIn(page, slug, email);

  // A new customer: billing address, a different shipping address, two contacts.
  await page.goto(tenantUrl(slug, "/partners/new"));
  await page.getByLabel("Name", { exact: true }).fill("Chennai Grand Hotels");
  const billing = page.getByRole("group", { name: "Billing address", exact: true });
  await billing.getByLabel("Address", { exact: true }).fill("12 Mount Road\nThousand Lights");
  await billing.getByLabel("City").fill("Chennai");
  await billing.getByLabel("PIN code").fill("600002");
  await billing.getByLabel("State").selectOption("33");
  const shipping = page.getByRole("group", { name: "Shipping address", exact: true });
  await expect(page.getByTestId("pt-same-as-billing")).toBeChecked();
  await expect(shipping.getByLabel("City")).toHaveValue("Chennai"); // the billing address, as it will be copied
  await expect(shipping.getByLabel("City")).toBeDisabled();
  await page.getByTestId("pt-same-as-billing").uncheck();
  await expect(shipping.getByLabel("City")).toHaveValue("Chennai"); // starts from a copy
  await shipping.getByLabel("Address", { exact: true }).fill("Plot 7, SIPCOT Industrial Estate");
  await shipping.getByLabel("City").fill("Hosur");
  await shipping.getByLabel("PIN code").fill("635126");
  await page.getByLabel("Currency").selectOption("USD"); // an overseas chain billed in dollars

  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByLabel("Contact 1 name").fill("Lakshmi Narayanan");
  await page.getByLabel("Contact 1 designation").fill("Purchase manager");
  await page.getByLabel("Contact 1 e-mail").fill("lakshmi@grandhotels.test");
  await page.getByLabel("Contact 1 phone").fill("+91 44 2345 6789");
  await expect(page.getByLabel("Contact 1 primary")).toBeChecked(); // the first contact is the primary one
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByLabel("Contact 2 name").fill("Karthik Raman");
  await page.getByLabel("Contact 2 designation").fill("Accounts");
  await page.getByLabel("Contact 2 e-mail").fill("karthik@");
  await shot(page, "partners-01-form");

  // A bad e-mail is caught beside its row, then the partner saves.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Contact 2: Not an e-mail address.")).toBeVisible();
  await page.getByLabel("Contact 2 e-mail").fill("karthik@grandhotels.test");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Chennai Grand Hotels" })).toBeVisible();
  await expect(page.getByTestId("pt-billing")).toContainText("12 Mount Road");
  await expect(page.getByTestId("pt-billing")).toContainText("Thousand Lights");
  await expect(page.getByTestId("pt-billing")).toContainText("Chennai 600002");
  await expect(page.getByTestId("pt-shipping")).toContainText("Plot 7, SIPCOT Industrial Estate");
  await expect(page.getByTestId("pt-shipping")).toContainText("Hosur 635126");
  await expect(page.getByTestId("pt-shipping")).toContainText("Tamil Nadu");
  await expect(page.getByTestId("pt-currency")).toContainText("USD");
  const contacts = page.getByTestId("pt-contact");
  await expect(contacts).toHaveCount(2);
  await expect(contacts.nth(0)).toContainText("Lakshmi Narayanan");
  await expect(contacts.nth(0)).toContainText("Primary");
  await expect(contacts.nth(1)).toContainText("Karthik Raman");
  await shot(page, "partners-02-detail");

  // Edit: Lakshmi's designation and phone change, Karthik goes.
  await page.getByRole("button", { name: "Edit" }).click();
  await expect(page.getByTestId("pt-same-as-billing")).not.toBeChecked();
  await expect(page.getByRole("group", { name: "Shipping address", exact: true }).getByLabel("City")).toHaveValue("Hosur");
  await expect(page.getByTestId("pt-contact-row")).toHaveCount(2);
  await page.getByLabel("Contact 1 designation").fill("Head of purchase");
  await page.getByLabel("Contact 1 phone").fill("+91 98400 12345");
  await page.getByRole("button", { name: "Remove contact 2" }).click();
  await expect(page.getByTestId("pt-contact-row")).toHaveCount(1);
  await shot(page, "partners-03-edit");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Partner saved")).toBeVisible();

  // After a reload, the server's copy: one contact, edited; the shipping address kept.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Chennai Grand Hotels" })).toBeVisible();
  await expect(contacts).toHaveCount(1);
  await expect(contacts.first()).toContainText("Lakshmi Narayanan");
  await expect(contacts.first()).toContainText("Head of purchase");
  await expect(contacts.first()).toContainText("+91 98400 12345");
  await expect(page.getByTestId("pt-contacts")).not.toContainText("Karthik");
  await expect(page.getByTestId("pt-shipping")).toContainText("Hosur 635126");
  await shot(page, "partners-04-after-reload");
});
