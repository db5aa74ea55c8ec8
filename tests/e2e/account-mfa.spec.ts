import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { shot, signUpCompany, tenantUrl } from "./helpers";
import { freshTotp, totp } from "./totp";

const here = dirname(fileURLToPath(import.meta.url));

/** The verification key from the sign-up e-mail Django printed (console mail backend) to its log. */
async function verificationKey(email: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const log = readFileSync(join(here, "artifacts/django.log"), "utf8");
    const at = log.lastIndexOf(`To: ${email}`);
    const match = at >= 0 ? /\/account\/verify-email\/([^\s]+)/.exec(log.slice(at)) : null;
    if (match) return decodeURIComponent(match[1]!);
    if (Date.now() > deadline) throw new Error(`no verification e-mail for ${email} in django.log`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

test("an owner turns on an authenticator app and then signs in with a code", async ({ page }) => {
  test.setTimeout(120_000);
  const { slug, email, password } = await signUpCompany(page, "mfa");

  // TOTP needs a verified address: follow the sign-up e-mail's key through the API.
  const key = await verificationKey(email);
  // (in the page: Node cannot resolve *.localhost, Chromium can)
  const verified = await page.evaluate(async (key) => {
    const csrf = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie)?.[1] ?? "";
    const r = await fetch("/_allauth/browser/v1/auth/email/verify", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": decodeURIComponent(csrf) },
      body: JSON.stringify({ key }),
    });
    return { status: r.status, text: await r.text() };
  }, key);
  expect(verified.status, verified.text).toBe(200);

  // The user menu leads to the account page, where two-factor is off.
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Account & security" }).click();
  await page.waitForURL(tenantUrl(slug, "/account"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Account & security");
  await expect(page.getByTestId("mfa-status")).toHaveText("Off");
  await shot(page, "mfa-01-account-off");

  // Set up: password, then the QR code and the key, then a code computed from that key.
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await page.getByLabel("Password").fill("not-my-password");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  await page.getByLabel("Password").fill(password);
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
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Two-factor authentication is on. Enter the code from your authenticator app.")).toBeVisible();
  await shot(page, "mfa-05-login-code");
  await page.getByLabel("Authentication code").fill(await freshTotp(secret, activationCode));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(tenantUrl(slug, "/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sharma Steel Works Pvt Ltd");
  await shot(page, "mfa-06-dashboard");
});
