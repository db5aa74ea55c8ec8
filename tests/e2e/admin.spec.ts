import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { companyToday, PASSWORD, shot, signUpCompany, tenantUrl } from "./helpers";
import { linkFromMail } from "./mail";

const ADMIN_LINKS = ["Members", "Invitations", "Roles", "Audit log", "API tokens", "Company settings"];

async function nav(page: Page) {
  return page.getByRole("navigation", { name: "Modules" }).first();
}

test("the owner invites a Sales member, who accepts and sees only what Sales allows", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { slug } = await signUpCompany(page, "inv");
  const invitee = `meera@${slug}.test`;

  // The owner sees every admin page in the sidebar.
  const sidebar = await nav(page);
  for (const name of ADMIN_LINKS) await expect(sidebar.getByRole("link", { name, exact: true })).toBeVisible();
  await sidebar.getByRole("link", { name: "Members", exact: true }).click();
  await page.waitForURL(tenantUrl(slug, "/members"));
  await page.getByRole("button", { name: "Invite member" }).click();
  await page.getByLabel("E-mail", { exact: true }).fill(invitee);
  await page.getByRole("checkbox", { name: "Sales" }).check();
  await shot(page, "invite-01-dialog");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  await page.keyboard.press("Escape");

  // The invitations page lists it as pending.
  await page.goto(tenantUrl(slug, "/invitations"));
  const row = page.getByTestId("invitation-row").filter({ hasText: invitee });
  await expect(row).toContainText("Pending");
  await expect(row).toContainText("Sales");
  await shot(page, "invite-02-invitations");

  // The invitee opens the e-mail's link in their own browser, creates an account and joins.
  const link = await linkFromMail(invitee, /http:\/\/[^\s]+\/invite\/accept\?token=[^\s]+/);
  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto(link);
  await expect(guest.getByTestId("invite-company")).toHaveText("Sharma Steel Works Pvt Ltd");
  await guest.getByLabel("Your name", { exact: true }).fill("Meera Iyer");
  await guest.getByLabel("Choose a password", { exact: true }).fill(PASSWORD);
  await shot(guest, "invite-03-accept");
  await guest.getByRole("button", { name: "Create account and join" }).click();
  await guest.waitForURL(tenantUrl(slug, "/"));
  await expect(guest.getByRole("heading", { level: 1 })).toHaveText("Sharma Steel Works Pvt Ltd");

  // Sales grants no administration: the sidebar has the dashboard and nothing else here.
  const theirs = await nav(guest);
  await expect(theirs.getByRole("link", { name: "Dashboard" })).toBeVisible();
  for (const name of ADMIN_LINKS) await expect(theirs.getByRole("link", { name, exact: true })).toHaveCount(0);
  await expect(guest.getByText("Administration", { exact: true })).toHaveCount(0);
  await shot(guest, "invite-04-sales-dashboard");
  await context.close();

  // Back with the owner: the member is listed with the Sales role, the invitation accepted.
  await page.goto(tenantUrl(slug, "/members"));
  const member = page.getByTestId("member-row").filter({ hasText: invitee });
  await expect(member).toContainText("Meera Iyer");
  await expect(member).toContainText("Sales");
  await page.goto(tenantUrl(slug, "/invitations?status=accepted"));
  await expect(page.getByTestId("invitation-row").filter({ hasText: invitee })).toContainText("Accepted");
});

test("roles page creates a custom role from the permission grid", async ({ page }) => {
  const { slug } = await signUpCompany(page, "roles");
  await page.goto(tenantUrl(slug, "/roles"));
  await expect(page.getByTestId("role-row").filter({ hasText: "Administrator" })).toContainText("Built-in");
  await shot(page, "roles-01-list");
  await page.getByRole("link", { name: "New role" }).click();
  await page.waitForURL(tenantUrl(slug, "/roles/new"));
  await page.getByLabel("Name", { exact: true }).fill("Quality inspector");
  await page.getByLabel("Description", { exact: true }).fill("Checks incoming material");
  const access = page.getByTestId("perm-module-access");
  await access.locator('[data-code="access.member.view"]').check();
  await page.getByTestId("perm-module-audit").locator('[data-code="audit.event.view"]').check();
  await shot(page, "roles-02-editor");
  await page.getByRole("button", { name: "Create role" }).click();
  await page.waitForURL(tenantUrl(slug, "/roles"));
  const row = page.getByTestId("role-row").filter({ hasText: "Quality inspector" });
  await expect(row).toContainText("Custom");
  await expect(row.getByRole("cell").nth(3)).toHaveText("2");

  // A built-in role opens read-only.
  await page.getByRole("link", { name: "Administrator" }).click();
  await expect(page.getByText("This role cannot be edited.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save role" })).toHaveCount(0);
});

test("audit log filters by area and date and exports the filter as Excel and CSV", async ({ page }) => {
  const { slug } = await signUpCompany(page, "audit");
  // Something to find: a role created (access.*) next to the sign-in events (auth.*).
  await page.goto(tenantUrl(slug, "/roles/new"));
  await page.getByLabel("Name", { exact: true }).fill("Auditor");
  await page.getByRole("button", { name: "Create role" }).click();
  await page.waitForURL(tenantUrl(slug, "/roles"));

  await page.goto(tenantUrl(slug, "/audit"));
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await page.getByLabel("Area", { exact: true }).selectOption("access.");
  await page.waitForURL(/action_prefix=access\./);
  const rows = page.getByTestId("audit-row");
  await expect(rows.filter({ hasNotText: "access." })).toHaveCount(0);
  await expect(rows.first()).toContainText("access.role.created");
  const today = companyToday();
  await page.getByLabel("From", { exact: true }).fill(today);
  await page.getByLabel("To", { exact: true }).fill(today);
  await page.waitForURL(/to_date=/);
  await expect(rows.first()).toContainText("access.role.created");
  await shot(page, "audit-01-filtered");

  // Excel of the current filter.
  await page.getByTestId("export-button").click();
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "Excel (.xlsx)" }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(new RegExp(`^${slug}-audit-events-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
  const bytes = readFileSync((await xlsx.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe("PK"); // a zip: the xlsx container

  // CSV of the same filter: only access.* rows.
  await page.getByTestId("export-button").click();
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "CSV (.csv)" }).click()]);
  const lines = readFileSync((await csv.path())!, "utf8").replace(/^\ufeff/, "").trim().split(/\r?\n/);
  expect(lines[0]).toContain("action");
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) expect(line).toContain(",access.");
});

test("an API token is created, shown once, and revoked", async ({ page }) => {
  const { slug } = await signUpCompany(page, "tok");
  await page.goto(tenantUrl(slug, "/api-tokens"));
  await expect(page.getByText("No API tokens")).toBeVisible();
  await page.getByRole("button", { name: "New token" }).first().click();
  await page.getByLabel("Name", { exact: true }).fill("Tally sync");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("token-secret").textContent())!;
  expect(secret.length).toBeGreaterThan(20);
  await shot(page, "tokens-01-secret");
  await page.getByRole("button", { name: "Done" }).click();
  const row = page.getByTestId("token-row").filter({ hasText: "Tally sync" });
  await expect(row).toContainText("Active");
  await expect(page.getByText(secret)).toHaveCount(0); // never shown again

  // The token works against the API (from the page: Chromium resolves *.localhost).
  const status = await page.evaluate(async (t) => (await fetch("/api/v1/access/me/", { headers: { Authorization: `Bearer ${t}` }, credentials: "omit" })).status, secret);
  expect(status).toBe(200);

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByTestId("confirm-button").click();
  await expect(row).toContainText("Revoked");
  await shot(page, "tokens-02-revoked");
  const after = await page.evaluate(async (t) => (await fetch("/api/v1/access/me/", { headers: { Authorization: `Bearer ${t}` }, credentials: "omit" })).status, secret);
  expect(after).toBe(401);
});

test("company settings and the app on a phone", async ({ page }) => {
  const { slug } = await signUpCompany(page, "phone");
  await page.goto(tenantUrl(slug, "/settings/company"));
  await page.getByLabel("GSTIN", { exact: true }).fill("29AAPFU0939F1ZV");
  await expect(page.getByText("State 29: Karnataka — not the state chosen below")).toBeVisible();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator('[data-field-error="co-gstin"]')).toContainText("state code");
  await page.getByLabel("GSTIN", { exact: true }).fill("27AAPFU0939F1ZV");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Company settings saved")).toBeVisible();
  await page.getByLabel("Logo file", { exact: true }).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: readFileSync(new URL("../../frontend/public/icons/icon-192.png", import.meta.url)) });
  await expect(page.getByTestId("logo-preview")).toBeVisible();
  await shot(page, "settings-01-company");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(tenantUrl(slug, "/"));
  await expect(page.getByTestId("activity-chart").locator("svg").first()).toBeVisible();
  await shot(page, "phone-01-dashboard");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.getByRole("button", { name: "Open menu" }).click();
  await shot(page, "phone-02-menu");
  await page.getByRole("dialog").getByRole("link", { name: "Members" }).click();
  await page.waitForURL(tenantUrl(slug, "/members"));
  await expect(page.getByTestId("member-row")).toHaveCount(1);
  await shot(page, "phone-03-members");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
