import { expect, test } from "@playwright/test";
import { publicUrl, shot, tenantUrl, uniqueSlug } from "./helpers";

const PASSWORD = "Tough-Steel-Beams-2026";

test("a business signs up on the public site and lands logged in on its subdomain", async ({ page }) => {
  await page.goto(publicUrl("/"));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("BOQ to GST invoice");
  await shot(page, "01-landing");

  await page.getByRole("link", { name: "Start your free trial" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  const slug = uniqueSlug("sharma");
  // The form is live (hydrated) once it suggests an address from the name: typing before that
  // is lost on a slow machine, so type the name again until the suggestion shows.
  await expect(async () => {
    await page.getByLabel("Company name").fill("");
    await page.getByLabel("Company name").fill("Sharma Steel Works Pvt Ltd");
    await expect(page.getByLabel("Company address")).toHaveValue(/^sharma-steel/, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByLabel("Company address").fill(slug);
  await expect(page.getByTestId("subdomain-available")).toBeVisible();
  await page.getByLabel("Your name").fill("Ravi Sharma");
  await page.getByLabel("Work e-mail").fill(`ravi@${slug}.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("State").selectOption("27");
  await shot(page, "02-signup-filled");
  await page.getByRole("button", { name: "Create company" }).click();

  await page.waitForURL(tenantUrl(slug, "/"), { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sharma Steel Works Pvt Ltd");
  await expect(page.getByTestId("company-name")).toHaveText("Sharma Steel Works Pvt Ltd");
  await expect(page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Members" })).toBeVisible();
  await shot(page, "03-dashboard");

  // (c) the owner invites a member with the Sales role from the members page.
  await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/members"));
  await expect(page.getByTestId("member-row")).toHaveCount(1);
  await expect(page.getByTestId("member-row")).toContainText("Owner");
  await shot(page, "04-members");
  await page.getByRole("button", { name: "Invite member" }).click();
  await page.getByLabel("E-mail", { exact: true }).fill(`priya@${slug}.test`);
  await page.getByRole("checkbox", { name: "Sales" }).check();
  await shot(page, "05-invite-dialog");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText(`Invitation sent to priya@${slug}.test.`);

  // Sign out: tenant pages send the visitor back to this company's login.
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL(tenantUrl(slug, "/login"));
  await page.goto(tenantUrl(slug, "/members"));
  await expect(page).toHaveURL(tenantUrl(slug, "/login?next=%2Fmembers"));
  await shot(page, "06-tenant-login");

  // And signs back in, landing where they wanted to go.
  await page.getByLabel("E-mail").fill(`ravi@${slug}.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(tenantUrl(slug, "/members"));
  await expect(page.getByTestId("member-row")).toHaveCount(1);
});

test("bad signup input shows the errors beside the fields", async ({ page }) => {
  await page.goto(publicUrl("/signup"));
  // Client-side: required fields.
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.locator('[data-field-error="company_name"]')).toBeVisible();
  await expect(page.locator('[data-field-error="email"]')).toBeVisible();

  // Server-side: a reserved address, an invalid GSTIN, a weak password.
  await page.getByLabel("Company name").fill("Admin Fabricators");
  await page.getByLabel("Company address").fill("admin");
  await expect(page.getByTestId("subdomain-unavailable")).toBeVisible();
  await page.getByLabel("Your name").fill("Anil");
  await page.getByLabel("Work e-mail").fill("anil@admin-fab.test");
  await page.getByLabel("Password").fill("12345");
  await page.getByLabel("GSTIN (optional)").fill("27ABCDE1234F1Z0");
  await page.getByRole("button", { name: "Create company" }).click();

  for (const field of ["subdomain", "password", "gstin"]) {
    await expect(page.locator(`[data-field-error="${field}"]`)).toBeVisible();
  }
  // Each message sits right under its own input.
  const input = await page.locator("#gstin").boundingBox();
  const error = await page.locator('[data-field-error="gstin"]').boundingBox();
  expect(input && error && error.y > input.y && error.y - (input.y + input.height) < 24).toBeTruthy();
  await shot(page, "07-signup-errors");
});
