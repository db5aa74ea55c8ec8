import { expect, test } from "@playwright/test";
import { shot, signUpCompany, tenantUrl } from "./helpers";
import { linkFromMail } from "./mail";
import { freshTotp, totp } from "./totp";

test("an owner turns on an authenticator app and then signs in with a code", async ({ page }) => {
  test.setTimeout(120_000);
  const { slug, email, password } = await signUpCompany(page, "mfa");

  // TOTP needs a verified address: open the sign-up e-mail's link, the verify-email page.
  const link = await linkFromMail(email, /http:\/\/[^\s]+\/account\/verify-email\/[^\s]+/);
  await page.goto(link);
  await expect(page.getByTestId("verify-email-address")).toHaveText(email);
  await shot(page, "mfa-00-verify-email");
  await page.getByRole("button", { name: "Verify e-mail" }).click();
  await expect(page.getByRole("status")).toContainText("is verified");
  await page.goto(tenantUrl(slug, "/"));

  // The user menu leads to the account page, where two-factor is off.
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Account & security" }).click();
  await page.waitForURL(tenantUrl(slug, "/account"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Account & security");
  await expect(page.getByTestId("mfa-status")).toHaveText("Off");
  await shot(page, "mfa-01-account-off");

  // Set up: password, then the QR code and the key, then a code computed from that key.
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await page.getByLabel("Password", { exact: true }).fill("not-my-password");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("totp-qr")).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await shot(page, "mfa-02-account-scan");

  await page.getByLabel("Authentication code").fill(`${(Number(totp(secret)) + 1) % 1_000_000}`.padStart(6, "0"));
  await page.getByRole("button", { name: "Activate" }).click();
  await expect(page.locator('[data-field-error="totp-code"]')).toBeVisible();
  const activationCode = await freshTotp(secret);
  await page.getByLabel("Authentication code").fill(activationCode);
  await page.getByRole("button", { name: "Activate" }).click();

  // The recovery codes are shown once.
  await expect(page.getByRole("status")).toContainText("Two-factor authentication is on");
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await expect(page.getByTestId("mfa-status")).toHaveText("On");
  await shot(page, "mfa-03-recovery-codes");
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("mfa-status")).toHaveText("On");
  await expect(page.getByTestId("recovery-codes")).toHaveCount(0);
  await shot(page, "mfa-04-account-on");

  // Sign out and back in: after the password the page asks for a code.
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL(tenantUrl(slug, "/login"));
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Two-factor authentication is on. Enter the code from your authenticator app.")).toBeVisible();
  await shot(page, "mfa-05-login-code");
  await page.getByLabel("Authentication code").fill(await freshTotp(secret, activationCode));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(tenantUrl(slug, "/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sharma Steel Works Pvt Ltd");
  await shot(page, "mfa-06-dashboard");
});
