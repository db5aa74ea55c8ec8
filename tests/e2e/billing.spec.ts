import { expect, test } from "@playwright/test";
import { readState } from "./harness";
import { publicUrl, shot, signUpCompany, tenantUrl } from "./helpers";

test("the pricing page shows the plans the API returns", async ({ page }) => {
  await page.goto(publicUrl("/pricing"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pricing");
  await expect(page.getByTestId("pricing-starter")).toContainText("₹499");
  await expect(page.getByTestId("pricing-growth")).toContainText("Up to 25 members");
  await expect(page.getByTestId("pricing-scale")).toContainText("No member limit");
  await page.getByRole("group", { name: "Currency" }).getByRole("button", { name: "$ USD" }).click();
  await page.getByRole("group", { name: "Billing period" }).getByRole("button", { name: "Yearly" }).click();
  await expect(page.getByTestId("pricing-starter")).toContainText("$80");
  await shot(page, "billing-01-pricing");
});

test("the owner of a trial company upgrades through Checkout and sees the active plan and seats", async ({ page }) => {
  const { slug } = await signUpCompany(page, "billing");

  // The trial: no card was asked for at signup.
  await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Billing" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/settings/billing"));
  await expect(page.getByTestId("plan-name")).toHaveText("Starter");
  await expect(page.getByTestId("plan-status")).toHaveText("Trial");
  await expect(page.getByTestId("trial-days")).toContainText("14 days left in your trial");
  await expect(page.getByTestId("seats")).toHaveText("1 of 5 seats used");
  await expect(page.getByText("No invoices yet.")).toBeVisible();
  await shot(page, "billing-02-trial");

  // Upgrade: off to (fake) Stripe Checkout, quantity = the one member.
  await page.getByRole("button", { name: "Upgrade to Growth" }).click();
  await page.waitForURL(/\/checkout\/cs_/);
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  await expect(page.locator("#price")).toHaveText("price_growth_month_inr");
  await expect(page.locator("#quantity")).toHaveText("1");
  await shot(page, "billing-03-checkout");
  await page.getByRole("button", { name: "Pay" }).click();

  // Back on the billing page: active, on Growth, with its seats and the paid invoice.
  await page.waitForURL(tenantUrl(slug, "/settings/billing?checkout=success"));
  await expect(page.getByTestId("plan-name")).toHaveText("Growth");
  await expect(page.getByTestId("plan-status")).toHaveText("Active");
  await expect(page.getByTestId("seats")).toHaveText("1 of 25 seats used");
  await expect(page.getByText("Paying for 1 seat")).toBeVisible();
  await expect(page.getByTestId("invoice-row")).toHaveCount(1);
  await expect(page.getByTestId("invoice-row")).toContainText(/paid/i);
  await expect(page.getByRole("button", { name: "Manage in billing portal" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Upgrade to/ })).toHaveCount(0);
  await shot(page, "billing-04-active");

  // The renewal fails at Stripe: every page shows the past-due banner; paying again clears it.
  const control = `http://127.0.0.1:${readState().stripePort}/_control/subscriptions/latest`;
  const failed = await page.request.post(`${control}/payment_failed`);
  expect((await failed.json()).webhook_status).toBe(200);
  await page.goto(tenantUrl(slug, "/"));
  await expect(page.getByTestId("subscription-banner")).toHaveAttribute("data-kind", "past_due");
  await expect(page.getByTestId("subscription-banner")).toContainText("The last payment failed. Update your card within 7 day(s)");
  await shot(page, "billing-05-past-due-banner");
  const paid = await page.request.post(`${control}/payment_succeeded`);
  expect((await paid.json()).webhook_status).toBe(200);
  await page.goto(tenantUrl(slug, "/settings/billing"));
  await expect(page.getByTestId("plan-status")).toHaveText("Active");
  await expect(page.getByTestId("subscription-banner")).toHaveCount(0);
});
