import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, partnerCreate, signIn } from "./company";
import { addDays, companyToday, fiscalYearStart, hydrated, shot, tenantUrl } from "./helpers";

/** Income-tax depreciation (s.32; ADR 0075 addendum): a plant costing ₹2,00,000 comes on a
 *  posted bill whose line went to the plant ledger; the bill's "Register as a fixed asset"
 *  fills the form from the line ("Plant and machinery", seeded in the block "Plant and
 *  machinery 15%"); put to use on a day leaving under 180 days of the fiscal year when today
 *  allows it (half the rate: 7.5%), else today (≥ 180 days: 15%); the block's opening of
 *  ₹5,00,000 entered from the page; the block's row then: 15% × 5,00,000 + the plant's rate ×
 *  its cost, and the closing; then additional depreciation claimed (s.32(1)(iia); ADR 0076):
 *  20% of the plant's cost, or 10% when used under 180 days, lowers the closing; the workbook;
 *  the year before, empty. */
test("income-tax depreciation: a plant joins its block, the opening entered, the year's depreciation", async ({ page }) => {
  const today = companyToday();
  const yearStart = fiscalYearStart();
  const yearEnd = `${Number(yearStart.slice(0, 4)) + 1}-03-31`;
  // the first day leaving under 180 days to the year's end (179 days counting both ends)
  const halfFrom = addDays(yearEnd, -178);
  const half = halfFrom <= today;
  const inUse = half ? halfFrom : today;
  // in paise: cost ₹2,00,000; 15% of the ₹5,00,000 opening; the plant at 7.5% or 15%
  const cost = 20_000_000n;
  const opening = 50_000_000n;
  const depreciation = (opening * 15n) / 100n + (cost * (half ? 75n : 150n)) / 1000n;
  const closing = opening + cost - depreciation;
  const money = (paise: bigint) => {
    const whole = (paise / 100n).toString();
    const grouped = whole.length > 3 ? `${whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ",")},${whole.slice(-3)}` : whole;
    return `${grouped}.${String(paise % 100n).padStart(2, "0")}`;
  };

  const { slug, email } = companyCreate("assets-tax");
  await signIn(page, slug, email);

  await fiscalYearOpen(page);
  await partnerCreate(page, slug, "Surat Fabricators", { gstin: "24AABCT1332L1ZK", vendor: true });

  // The category is in its block.
  await page.goto(tenantUrl(slug, "/finance/assets"));
  await hydrated(page);
  const category = page.getByTestId("category-row").filter({ hasText: /^Plant and machinery/ });
  await expect(category.getByTestId("category-tax-block")).toContainText("Plant and machinery 15%");
  await expect(category.getByTestId("category-tax-block")).toContainText("at 15% a year");
  await expect(category.getByTestId("category-tax-block")).toContainText("new assets +20% additional");

  // The press comes on a bill whose line goes to the plant ledger; the bill offers to register it.
  await page.goto(tenantUrl(slug, "/finance/bills/new"));
  await hydrated(page);
  await page.getByLabel("Vendor", { exact: true }).fill("Surat");
  await page.getByRole("option", { name: /Surat Fabricators/ }).click();
  await page.getByLabel("Date", { exact: true }).fill(inUse);
  await page.getByLabel("Description, line 1").fill("Press brake PB-100");
  await page.getByLabel("HSN/SAC, line 1").fill("8462");
  await page.getByLabel("Rate (₹), line 1").fill("200000");
  await page.getByLabel("GST, line 1").selectOption("18");
  await page.getByLabel("Ledger, line 1").selectOption({ label: "1220 Plant and Machinery" });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹2,36,000.00");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^BILL\// })).toBeVisible();
  await page.getByTestId("line-register-asset").click();
  const form = page.getByRole("dialog");
  await expect(form.getByLabel("Name")).toHaveValue("Press brake PB-100");
  await expect(form.getByLabel("Category").locator("option:checked")).toHaveText("Plant and machinery");
  await expect(form.getByLabel("Purchase date")).toHaveValue(inUse);
  await expect(form.getByLabel("Cost", { exact: true })).toHaveValue("2,00,000.00");
  await shot(page, "finance-assets-tax-01-from-bill");
  await form.getByLabel("Put to use on").fill(inUse);
  await form.getByTestId("asset-save").click();
  const title = page.getByRole("heading", { level: 1 });
  await expect(title).toHaveText(/^FA\/.+ Press brake PB-100$/);
  const number = (await title.textContent())!.replace(" Press brake PB-100", "");
  await expect(page.getByTestId("asset-facts")).toContainText(/Vendor bill\s*BILL\/\d{2}-\d{2}\/00001/);
  await expect(page.getByTestId("asset-tax-additional")).toContainText("20% additional depreciation");

  // The report, from the reports' index: the block with the plant, nothing carried in.
  await page.goto(tenantUrl(slug, "/finance/reports"));
  await page.getByTestId("module-link").filter({ hasText: "Income-tax depreciation" }).click();
  await expect(title).toHaveText("Income-tax depreciation");
  await hydrated(page);
  await expect(page.locator("#tax-year")).toHaveValue(yearStart);
  const block = page.locator('[data-testid="tax-block"][data-block="Plant and machinery 15%"]');
  await expect(block.getByTestId("tax-block-rate")).toHaveText("15%");
  await expect(block.getByTestId("tax-block-opening")).toHaveText("0.00");
  await expect(block.getByTestId("tax-block-opening-source")).toHaveText("carried from the previous year");
  const item = page.getByTestId("tax-item").filter({ hasText: number });
  await expect(item).toHaveAttribute("data-kind", "addition");
  await expect(item.getByRole("link", { name: number })).toHaveAttribute("href", /\/finance\/assets\/\d+$/);
  await expect(item).toContainText("Press brake PB-100");
  await expect(item.getByText("half rate", { exact: true })).toHaveCount(half ? 1 : 0);

  // The opening from the last return: ₹5,00,000.
  await block.getByTestId("tax-opening-edit").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Now carried from the previous year: ₹0.00");
  await dialog.getByLabel(/^Written-down value on/).fill("500000");
  await dialog.getByTestId("tax-opening-save").click();
  await expect(dialog).toHaveCount(0);

  // The block: opening entered, the plant in its column, the depreciation and the closing.
  await expect(block.getByTestId("tax-block-opening")).toHaveText("5,00,000.00");
  await expect(block.getByTestId("tax-block-opening-source")).toHaveText("entered");
  await expect(block.getByTestId(half ? "tax-block-additions_half" : "tax-block-additions_full")).toHaveText("2,00,000.00");
  await expect(block.getByTestId(half ? "tax-block-additions_full" : "tax-block-additions_half")).toHaveText("—");
  await expect(item.getByTestId("tax-item-amount")).toHaveText("2,00,000.00");
  await expect(block.getByTestId("tax-block-sales")).toHaveText("—");
  await expect(block.getByTestId("tax-block-normal")).toHaveText(money(depreciation));
  // the split by rate shows when a part is at half the rate
  const split = block.getByTestId("tax-block-depreciation-split");
  if (half) await expect(split).toHaveText(`15%: 75,000.007.5%: ${money((cost * 75n) / 1000n)}`);
  else await expect(split).toHaveCount(0);
  await expect(block.getByTestId("tax-block-closing")).toHaveText(money(closing));
  // the other seeded blocks are empty: the totals are the plant's block
  await expect(page.getByTestId("tax-total-normal")).toHaveText(money(depreciation));
  await expect(page.getByTestId("tax-total-closing")).toHaveText(money(closing));
  // not claimed yet: no additional column
  await expect(block.getByTestId("tax-block-additional")).toHaveCount(0);
  await shot(page, "finance-assets-tax-02-report");

  // Additional depreciation claimed (the company is not under s.115BAA): 20% of the plant's
  // cost, 10% when used under 180 days; the closing drops by as much.
  const additional = (cost * (half ? 10n : 20n)) / 100n;
  await page.getByLabel(/Claim additional depreciation/).check();
  await expect(block.getByTestId("tax-block-additional")).toHaveText(money(additional));
  await expect(item.getByTestId("tax-item-additional")).toHaveText(money(additional));
  await expect(block.getByTestId("tax-block-normal")).toHaveText(money(depreciation));
  await expect(block.getByTestId("tax-block-closing")).toHaveText(money(closing - additional));
  await expect(page.getByTestId("tax-total-additional")).toHaveText(money(additional));
  await page.reload();
  await expect(page.getByLabel(/Claim additional depreciation/)).toBeChecked();
  await shot(page, "finance-assets-tax-03-additional");

  // The workbook for the year.
  await page.getByTestId("export-button").click();
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: /Excel/ }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(new RegExp(`income-tax-depreciation-${yearStart.slice(0, 4)}-\\d{2}\\.xlsx$`));

  // The year before, from the picker (kept in the URL): the block had nothing then.
  const before = `${Number(yearStart.slice(0, 4)) - 1}-04-01`;
  await page.locator("#tax-year").selectOption(before);
  await expect(page).toHaveURL(new RegExp(`[?&]year=${before}$`));
  await expect(page.getByTestId("tax-period")).toHaveText(`1 Apr ${before.slice(0, 4)} – 31 Mar ${yearStart.slice(0, 4)}`);
  await expect(block.getByTestId("tax-block-opening-source")).toHaveText("carried from the previous year");
  await expect(block.getByTestId("tax-block-closing")).toHaveText("0.00");
  await expect(page.getByTestId("tax-item")).toHaveCount(0);
});
