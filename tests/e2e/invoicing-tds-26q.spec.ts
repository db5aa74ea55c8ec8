import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { companyCreate, signIn } from "./company";
import { readState, REPO } from "./harness";
import { shot, tenantUrl } from "./helpers";

/** Today's TDS made server-side (the pay-bill and challan forms have their own browser test):
 *  Surat Fabricators (a company's PAN) paid ₹9,800 less ₹200 TDS under 194C and deposited
 *  through challan 00042; Ravi Welding (no PAN) paid ₹9,800 less ₹200 under 194J, not deposited;
 *  a bill of Surat Fabricators of ₹59,000 (₹50,000 + IGST ₹9,000), posted and left for the
 *  browser to pay less TDS. */
function quarterOfTds(slug: string, email: string) {
  const state = readState();
  const url = new URL(state.adminUrl);
  url.pathname = `/${state.database}`;
  const code = [
    "import sys",
    "from decimal import Decimal as D",
    "from django.utils import timezone",
    "from django_tenants.utils import schema_context",
    "from shared_apps.accounts.models import User",
    "from shared_apps.tenants.models import Tenant",
    "tenant = Tenant.objects.get(domains__domain__startswith=sys.argv[1] + '.')",
    "with schema_context(tenant.schema_name):",
    "    from tenant_apps.finance.selectors import account_by_role",
    "    from tenant_apps.finance.services import fiscal_year_ensure",
    "    from tenant_apps.invoicing.services.payments import payment_create",
    "    from tenant_apps.invoicing.services.tds import tds_challan_create",
    "    from tenant_apps.invoicing.models import TaxRate",
    "    from tenant_apps.invoicing.services.documents import document_create, document_post",
    "    from tenant_apps.partners.services import partner_create",
    "    user = User.objects.get(email=sys.argv[2])",
    "    today = timezone.localdate()",
    "    fiscal_year_ensure(on=today, user=user)",
    "    surat = partner_create(user=user, data={'name': 'Surat Fabricators', 'is_vendor': True, 'gstin': '24AABCT1332L1ZK'})",
    "    ravi = partner_create(user=user, data={'name': 'Ravi Welding', 'is_vendor': True})",
    "    def pay(partner, section):",
    "        return payment_create(user=user, kind='payment', data={'partner': partner, 'date': today, 'account': account_by_role('bank'), 'amount': D('9800'), 'deductions': [{'account': account_by_role('tds_payable'), 'amount': D('200'), 'tds_section': section}]})",
    "    paid = pay(surat, '194C')",
    "    pay(ravi, '194J')",
    "    bill = document_create(user=user, kind='bill', data={'partner': surat, 'date': today, 'reference': 'SF/77', 'lines': [{'description': 'Sheet metal work', 'hsn_sac': '7326', 'quantity': D('1'), 'unit_price': D('50000'), 'tax_rate': TaxRate.objects.get(code='GST18')}]})",
    "    document_post(user=user, document=bill)",
    "    tds_challan_create(user=user, data={'section': '194C', 'date': today, 'bsr_code': '0510308', 'serial_number': '00042', 'account': account_by_role('bank'), 'deductions': [paid.deductions.get().pk]})",
  ].join("\n");
  execFileSync(join(REPO, ".venv/bin/python"), ["-c", `import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'erp_platform.settings')\ndjango.setup()\n${code}`, slug, email], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

test("the quarterly return (26Q) lists the quarter's challans and deductees, warns, and downloads for the RPU", async ({ page }) => {
  const { slug, email } = await companyCreate("tds26q");
  quarterOfTds(slug, email);
  await signIn(page, slug, email);

  // The bill of ₹59,000 (₹50,000 + IGST ₹9,000) paid here less ₹1,000 TDS: 2% of the value
  // without GST (CBDT circular 23/2017). "TDS on" left blank takes the server's default.
  await page.goto(tenantUrl(slug, "/finance/payments/new"));
  await page.getByLabel("Type", { exact: true }).selectOption("payment");
  await page.getByLabel("Vendor").fill("Surat");
  await page.getByRole("option", { name: /Surat Fabricators/ }).click();
  await page.getByLabel("Amount", { exact: true }).fill("58000");
  await page.getByRole("button", { name: "Add deduction" }).click();
  await expect(page.getByLabel("Deduction 1 account")).toHaveValue(/TDS Payable/i);
  await page.getByLabel("Deduction 1 amount").fill("1000");
  await expect(page.getByLabel("Deduction 1 TDS on")).toHaveValue("");
  await page.getByLabel(/^Allocate to /).fill("59000");
  // the placeholder previews that default: the bill's value without GST
  await expect(page.getByLabel("Deduction 1 TDS on")).toHaveAttribute("placeholder", "Default 50,000.00");
  await shot(page, "tds-26q-01-pay-bill");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { name: /^PAY\/\d{2}-\d{2}\/00003$/ })).toBeVisible();
  const deduction = page.getByTestId("deduction-row");
  await expect(deduction).toContainText("194C Contractors");
  await expect(deduction.getByTestId("tds-base")).toHaveText(/^₹?50,000\.00$/);
  await shot(page, "tds-26q-02-payment-base");

  // From TDS challans: the quarterly return of the current quarter.
  await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "TDS challans" }).click();
  await page.getByRole("link", { name: "Quarterly return (26Q)" }).click();
  await expect(page.getByRole("heading", { name: "Quarterly return (26Q)" })).toBeVisible();

  // One challan: serial 1, 194C, BSR code, challan serial, minor head 200.
  const challan = page.getByTestId("r26q-challan");
  await expect(challan).toHaveCount(1);
  for (const text of ["194C", "200.00", "0510308", "00042", "200"]) await expect(challan).toContainText(text);

  // Three deductees: Surat Fabricators in challan 1 (a company: code 01), Ravi Welding without a PAN.
  const rows = page.getByTestId("r26q-deductee");
  await expect(rows).toHaveCount(3);
  const surat = rows.filter({ hasText: "Surat Fabricators" }).first();
  await expect(surat).toContainText("AABCT1332L");
  await expect(surat.getByRole("cell").nth(1)).toHaveText("1");
  await expect(surat.getByRole("cell").nth(3)).toHaveText("01");
  const ravi = rows.filter({ hasText: "Ravi Welding" });
  await expect(ravi).toContainText("PANNOTAVBL");
  await expect(ravi).toContainText("not deposited");
  await expect(ravi.getByTestId("r26q-reason")).toContainText("C");
  await expect(ravi.getByTestId("r26q-reason")).toContainText("206AA: 20%");
  // The bill paid in the browser: the amount paid/credited is the ₹50,000 without GST, so 2%.
  const billed = rows.filter({ hasText: /PAY\/\d{2}-\d{2}\/00003/ });
  await expect(billed.getByTestId("r26q-amount")).toHaveText("50,000.00");
  await expect(billed.getByTestId("r26q-rate")).toHaveText("2");

  // Warnings, not errors: not deposited, and no PAN (deducted at 2%, not 20%).
  const warnings = page.getByTestId("r26q-warning");
  await expect(warnings).toHaveCount(3);
  await expect(warnings.nth(0)).toHaveAttribute("data-code", "not_deposited");
  await expect(warnings.nth(1)).toHaveAttribute("data-code", "not_deposited");
  await expect(warnings.nth(2)).toContainText("Ravi Welding has no PAN");
  await expect(warnings.nth(2)).toContainText("Deducted below 20%");
  await shot(page, "tds-26q-00-quarter");

  // The workbook for the Return Preparation Utility.
  await page.getByTestId("export-button").click();
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "Excel (.xlsx)" }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/^form-26q-\d{4}-\d{2}-Q[1-4]\.xlsx$/);
  expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe("PK");

  // Another quarter is empty.
  const current = await page.getByLabel("Quarter").inputValue();
  await page.getByLabel("Quarter").selectOption(current === "Q1" ? "Q2" : "Q1");
  await expect(page.getByText("No TDS deducted in this quarter")).toBeVisible();
  await expect(page.getByTestId("r26q-warning")).toHaveCount(0);

  // Reachable from the TDS register (deducted from vendors) too.
  await page.getByRole("main").getByRole("link", { name: "TDS register" }).click();
  await expect(page.getByRole("tab", { name: "Deducted from vendors" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("link", { name: "Quarterly return (26Q)" })).toBeVisible();
});
