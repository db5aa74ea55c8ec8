import { execFileSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";
import { join } from "node:path";
import { readState, REPO } from "./harness";
import { fiscalYearStart, hydrated, PASSWORD, tenantUrl, uniqueSlug } from "./helpers";

/** A company and its owner made server-side, as `make demo` does (the public signup allows ten
 *  companies an hour from one address and has its own browser test). */
export function companyCreate(prefix: string): { slug: string; email: string } {
  const slug = uniqueSlug(prefix);
  const email = `ravi@${slug}.test`;
  const state = readState();
  const url = new URL(state.adminUrl);
  url.pathname = `/${state.database}`;
  const code = [
    "import sys",
    "from shared_apps.accounts.models import Membership, User",
    "from shared_apps.tenants.services import tenant_provision",
    "tenant = tenant_provision(name='Sharma Steel Works Pvt Ltd', subdomain=sys.argv[1], state='27')",
    "user = User.objects.create_user(sys.argv[2], sys.argv[3], full_name='Ravi Sharma')",
    "Membership.objects.create(user=user, tenant=tenant, is_owner=True)",
  ].join("\n");
  execFileSync(join(REPO, ".venv/bin/python"), ["-c", `import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'erp_platform.settings')\ndjango.setup()\n${code}`, slug, email, PASSWORD], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { slug, email };
}

/** Sign in on the company's own subdomain and land on its dashboard. */
export async function signIn(page: Page, slug: string, email: string) {
  await page.goto(tenantUrl(slug, "/login"));
  await hydrated(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(tenantUrl(slug, "/"));
  await hydrated(page);
}

/** Open the first fiscal year from its page (postings need one). */
export async function fiscalYearOpen(page: Page) {
  await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Fiscal years" }).click();
  await page.waitForURL(/\/finance\/fiscal-years/);
  await hydrated(page);
  await page.getByTestId("fy-create").click();
  await expect(page.getByTestId("fy-card")).toHaveCount(1);
}

/** Open the fiscal year before the current one (the current one is open already). */
export async function fiscalYearOpenBefore(page: Page, slug: string) {
  await page.goto(tenantUrl(slug, "/finance/fiscal-years"));
  await hydrated(page);
  const [y] = fiscalYearStart().split("-").map(Number);
  await page.locator("#fy-start").fill(`${y! - 1}-04-01`);
  await page.getByTestId("fy-create").click();
  await expect(page.getByTestId("fy-card")).toHaveCount(2);
}

/** A partner made through the partner form: a customer unless `vendor` (a GSTIN gives its state
 *  and PAN); `billing` fills its billing address, city and PIN code. */
export async function partnerCreate(
  page: Page,
  slug: string,
  name: string,
  { gstin = "", vendor = false, email = "", billing }: { gstin?: string; vendor?: boolean; email?: string; billing?: { address: string; city: string; pin: string } } = {},
) {
  await page.goto(tenantUrl(slug, "/partners/new"));
  await page.getByLabel("Name", { exact: true }).fill(name);
  if (gstin) await page.getByLabel("GSTIN").fill(gstin);
  if (email) await page.getByLabel("E-mail", { exact: true }).fill(email);
  if (billing) {
    await page.locator("#pt-address").fill(billing.address);
    await page.locator("#pt-city").fill(billing.city);
    await page.locator("#pt-pin").fill(billing.pin);
  }
  if (vendor) {
    await page.getByLabel("Customer").uncheck();
    await page.getByLabel("Vendor").check();
  }
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

/** One invoice line as the invoice form takes it. */
export type InvoiceLine = {
  customer: string;
  description: string;
  hsn: string;
  qty: string;
  rate: string;
  gst: string;
  total: string;
  currency?: string;
  exchangeRate?: string;
  place?: string;
  /** YYYY-MM-DD: the invoice date and due date, when not today and the party's terms */
  date?: string;
  due?: string;
};

/** A one-line draft invoice to `customer` raised through the invoice form and saved; the page
 *  is left on the draft, its total checked. A foreign one gives its `currency` and
 *  `exchangeRate` (₹ per unit), and `place` "96" for an export. */
export async function invoiceDraft(page: Page, slug: string, line: InvoiceLine) {
  await page.goto(tenantUrl(slug, "/finance/invoices/new"));
  await hydrated(page);
  // the pick is checked, and made again if a re-render swallowed it (the list refreshes as
  // the search answers): a draft saved without its customer would fail far from the cause
  const customer = page.getByLabel("Customer");
  await expect(async () => {
    await customer.fill(line.customer);
    await page.getByRole("option", { name: new RegExp(line.customer) }).click({ timeout: 5_000 });
    await expect(customer).toHaveValue(new RegExp(line.customer), { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  if (line.date) await page.getByLabel("Date", { exact: true }).fill(line.date);
  if (line.due) await page.getByLabel("Due date").fill(line.due);
  if (line.place) await page.getByLabel("Place of supply").selectOption(line.place);
  if (line.currency) {
    await page.getByLabel("Currency").selectOption(line.currency);
    await page.getByLabel(`Rate (₹ per ${line.currency})`).fill(line.exchangeRate ?? "");
  }
  await page.getByLabel("Description, line 1").fill(line.description);
  await page.getByLabel("HSN/SAC, line 1").fill(line.hsn);
  await page.getByLabel("Qty, line 1").fill(line.qty);
  await page.getByLabel("Rate (₹), line 1").fill(line.rate);
  await page.getByLabel("GST, line 1").selectOption(line.gst);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText(line.total);
}

/** `invoiceDraft`, then posted; returns its number (the first of the year: INV/…/00001 unless
 *  `number` says otherwise). */
export async function invoicePost(page: Page, slug: string, line: InvoiceLine, number: RegExp = /^INV\/\d{2}-\d{2}\/00001$/): Promise<string> {
  await invoiceDraft(page, slug, line);
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  const heading = page.getByRole("heading", { name: number });
  await expect(heading).toBeVisible();
  return (await heading.textContent())!.trim();
}

/** Run a Django management command against the suite's database (what an operator or the
 *  Celery beat would run); returns its standard output. */
export function djangoCommand(...args: string[]): string {
  const state = readState();
  const url = new URL(state.adminUrl);
  url.pathname = `/${state.database}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url.toString() };
  delete env.REDIS_URL;
  delete env.CELERY_BROKER_URL;
  return execFileSync(join(REPO, ".venv/bin/python"), ["manage.py", ...args], { cwd: REPO, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}
