import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { companyCreate, fiscalYearOpen, fiscalYearOpenBefore, signIn } from "./company";
import { companyToday, fiscalYearStart, hydrated, shot, tenantUrl } from "./helpers";

const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};
const days = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
/** 1234567 paise → "12,345.67" (Indian grouping, as the pages print money). */
const rupees = (paise: bigint) => {
  const whole = (paise / 100n).toString();
  const grouped = whole.length > 3 ? `${whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ",")},${whole.slice(-3)}` : whole;
  return `${grouped}.${pad(Number(paise % 100n))}`;
};
/** "₹1,23,456.78" / "Loss ₹5.00" → paise. */
const paiseOf = (text: string) => BigInt(text.replace(/[^\d]/g, ""));

/** Fixed assets (ADR 0075): a plant registered through the form (₹1,20,000 put to use a few
 *  months ago; Plant and machinery: WDV, 15 years, 5% residual), its schedule, renamed and put on
 *  a job's cost centre from its Edit dialog; last month's depreciation run (the first run catches
 *  up every month since it was put to use: cost × the rate 0.181036 × days used ÷ days in the
 *  fiscal year), its entry (the charge on the job) and the way back to the run; the disposal
 *  (refused on the run's day, then today to the bank at a loss), its entry; the register for the
 *  fiscal year and the ledgers beside it (the plant's cost never reached 1220: registered without
 *  its bill, so the disposal's credit leaves 1220 at −₹1,20,000 against the register's nil); the
 *  list's export. */
test("fixed assets: register a plant, post last month's depreciation, dispose of it, the register", async ({ page }) => {
  test.setTimeout(90_000);
  const today = companyToday();
  const [y, m] = today.split("-").map(Number) as [number, number];
  const lastMonthEnd = ymd(y, m, 0);
  const lastMonth = lastMonthEnd.slice(0, 7);
  // put to use two months before last month began, within the fiscal year last month is in (the
  // charge is then one share of one year's rate)
  const [ly, lm] = lastMonth.split("-").map(Number) as [number, number];
  const yearStart = `${lm >= 4 ? ly : ly - 1}-04-01`;
  const inUse = [ymd(ly, lm - 2, 1), yearStart].sort().at(-1)!;
  const purchase = inUse === yearStart ? yearStart : ymd(ly, lm - 2, 0); // bought the day before, or the same day
  const yearDays = days(yearStart, ymd(Number(yearStart.slice(0, 4)) + 1, 4, 1));
  const used = days(inUse, lastMonthEnd) + 1;
  // ₹1,20,000 × 0.181036 × used ÷ yearDays, half up to the paisa
  const num = 12_000_000n * 181_036n * BigInt(used);
  const den = 1_000_000n * BigInt(yearDays);
  const charge = (2n * num + den) / (2n * den);

  const { slug, email } = companyCreate("assets");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  if (lastMonthEnd < fiscalYearStart()) await fiscalYearOpenBefore(page, slug);
  // a job for its depreciation: set up through the API (the cost centres' page has its own test)
  const centre = await page.evaluate(async () => {
    const csrf = decodeURIComponent(/(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie)?.[1] ?? "");
    const body = JSON.stringify({ code: "SHOP", name: "Machine shop", is_group: false });
    const r = await fetch("/api/v1/finance/cost-centres/", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf }, body });
    return r.status;
  });
  expect(centre).toBe(201);

  // Register it from the register's page.
  await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Fixed assets" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fixed assets");
  await hydrated(page);
  await expect(page.getByTestId("category-row").filter({ hasText: /^Plant and machinery/ })).toContainText(/Written-down value\s*15 years\s*5%/);
  await page.getByTestId("asset-register").click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Name").fill("CNC lathe LT-20");
  await form.getByLabel("Category").selectOption({ label: "Plant and machinery" });
  await form.getByLabel("Purchase date").fill(purchase);
  await form.getByLabel("Put to use on").fill(inUse);
  await form.getByLabel("Cost", { exact: true }).fill("120000");
  await expect(form.getByText("Empty: ₹6,000.00 (5% of the cost)")).toBeVisible();
  await shot(page, "finance-assets-01-form");
  await form.getByTestId("asset-save").click();

  // The asset: its facts and the schedule of its 15 years (16 fiscal years: a part year at each end).
  const title = page.getByRole("heading", { level: 1 });
  await expect(title).toHaveText(/^FA\/.+ CNC lathe LT-20$/);
  const number = (await title.textContent())!.replace(" CNC lathe LT-20", "");
  await expect(page.getByTestId("asset-cost")).toHaveText("₹1,20,000.00");
  await expect(page.getByTestId("asset-facts")).toContainText("18.1036%");
  await expect(page.getByTestId("asset-schedule-row")).toHaveCount(16);
  await expect(page.getByTestId("asset-schedule-total")).toHaveText("₹1,14,000.00");
  await expect(page.getByTestId("asset-history-empty")).toBeVisible();
  await expect(page.getByTestId("asset-delete")).toBeVisible(); // in no run yet
  await expect(page.getByTestId("asset-cost-centre")).toHaveText("—");
  await shot(page, "finance-assets-02-asset");
  // Renamed and put on the machine shop: the figures stay, its depreciation goes to the job.
  await page.getByTestId("asset-edit-open").click();
  const edit = page.getByRole("dialog");
  await edit.getByLabel("Name").fill("CNC lathe LT-20 (bay 3)");
  await edit.getByLabel("Cost centre").selectOption({ label: "SHOP Machine shop" });
  await shot(page, "finance-assets-02-edit");
  await edit.getByTestId("asset-edit-save").click();
  await expect(edit).toBeHidden();
  await expect(title).toHaveText(`${number} CNC lathe LT-20 (bay 3)`);
  await expect(page.getByTestId("asset-cost-centre")).toHaveText("SHOP Machine shop");
  await expect(page.getByTestId("asset-cost")).toHaveText("₹1,20,000.00");

  // Last month's run (the page's default month) charges the formula's amount.
  await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Depreciation", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Depreciation");
  await expect(page.locator("#dep-month")).toHaveValue(lastMonth);
  const row = page.getByTestId("dep-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(number);
  await expect(row.getByTestId("dep-row-amount")).toHaveText(`₹${rupees(charge)}`);
  await expect(page.getByTestId("dep-total")).toHaveText(`₹${rupees(charge)}`);
  await expect(row).toContainText(`₹${rupees(12_000_000n - charge)}`); // book value
  await shot(page, "finance-assets-03-preview");
  await page.getByTestId("dep-post").click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByTestId("dep-done")).toContainText(/DEP\//);
  const run = page.getByTestId("dep-run");
  await expect(run).toHaveCount(1);
  await expect(run).toContainText(`₹${rupees(charge)}`);
  await expect(run).toContainText("Posted");
  await shot(page, "finance-assets-04-posted");

  // Its entry: debit depreciation, credit accumulated depreciation; and back to the run.
  await run.getByRole("link", { name: /^DEP\// }).click();
  const lines = page.getByTestId("je-detail-line");
  await expect(lines).toHaveCount(2);
  await expect(lines.filter({ hasText: "5250 Depreciation" }).getByTestId("je-line-debit")).toHaveText(rupees(charge));
  await expect(lines.filter({ hasText: "5250 Depreciation" }).getByTestId("je-line-cost-centre")).toHaveText("Cost centre SHOP");
  await expect(lines.filter({ hasText: "1290 Accumulated Depreciation" }).getByTestId("je-line-credit")).toHaveText(rupees(charge));
  await page.getByTestId("je-source").click();
  await expect(page).toHaveURL(/\/finance\/depreciation\?run=\d+$/);
  await expect(page.getByTestId("dep-done")).toContainText(/DEP\//);
  await expect(page.locator("#dep-month")).toHaveValue(lastMonth);
  // from now on each month is posted by itself (kept across a reload)
  await expect(page.getByLabel("Post each month by itself")).not.toBeChecked();
  await page.getByLabel("Post each month by itself").check();
  await expect(page.getByText("Each month will be posted by itself")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Post each month by itself")).toBeChecked();

  // The asset shows the month posted; disposed of today for ₹1,00,000 to the bank.
  await page.getByTestId("dep-row").getByRole("link", { name: number }).click();
  await expect(page.getByTestId("asset-history-row")).toHaveCount(1);
  await expect(page.getByTestId("asset-history-row")).toContainText(`₹${rupees(charge)}`);
  await expect(page.getByTestId("asset-accumulated")).toHaveText(`₹${rupees(charge)}`);
  await expect(page.getByTestId("asset-delete")).toHaveCount(0); // in a run: disposed of, not deleted
  await page.getByTestId("asset-dispose-open").click();
  // on the run's day: the server's reason on the date, no figures, nothing to confirm
  const day = page.getByTestId("asset-dispose-card").getByLabel("Date", { exact: true });
  await day.fill(lastMonthEnd);
  await expect(page.locator('[data-field-error="dispose-date"]')).toContainText("is depreciated to");
  await expect(page.getByTestId("disposal-preview-refused")).toBeVisible();
  await expect(page.getByTestId("asset-dispose")).toBeDisabled();
  await shot(page, "finance-assets-05-refused");
  await day.fill(today);
  await page.getByLabel("Proceeds").fill("100000");
  await page.getByLabel("Received in").selectOption({ label: "1121 Bank - Current Account" });
  const gain = page.getByTestId("disposal-preview-gain");
  await expect(gain).toHaveText(/^Loss ₹/);
  await expect(page.getByTestId("disposal-preview-accumulated")).not.toHaveText("—");
  const accumulated = paiseOf((await page.getByTestId("disposal-preview-accumulated").textContent())!);
  const stub = paiseOf((await page.getByTestId("disposal-preview-depreciation").textContent())!);
  expect(accumulated).toBe(charge + stub);
  const book = 12_000_000n - accumulated;
  await expect(page.getByTestId("disposal-preview-book-value")).toHaveText(`₹${rupees(book)}`);
  await expect(gain).toHaveText(`Loss ₹${rupees(book - 10_000_000n)}`);
  await shot(page, "finance-assets-05-dispose");
  await page.getByTestId("asset-dispose").click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Dispose" }).click();
  await expect(page.getByTestId("asset-disposal-gain")).toHaveText(`Loss ₹${rupees(book - 10_000_000n)}`);
  await expect(page.getByTestId("asset-disposal-proceeds")).toContainText("1121 · Bank - Current Account");
  await expect(page.getByTestId("asset-book-value")).toHaveText(`₹${rupees(book)}`);
  await shot(page, "finance-assets-06-disposed");

  // The disposal entry: the bank, the cost out, the accumulated depreciation written back, the loss.
  await page.getByTestId("asset-disposal-entry").click();
  await expect(page).toHaveURL(/\/finance\/journal\/\d+$/);
  const entry = page.getByTestId("je-detail-line");
  await expect(entry.filter({ hasText: "1121 Bank - Current Account" }).getByTestId("je-line-debit")).toHaveText("1,00,000.00");
  await expect(entry.filter({ hasText: "1290 Accumulated Depreciation" }).getByTestId("je-line-debit")).toHaveText(rupees(charge));
  await expect(entry.filter({ hasText: "5297 Profit/Loss on Sale of Fixed Assets" }).getByTestId("je-line-debit")).toHaveText(rupees(book - 10_000_000n));
  await expect(entry.filter({ hasText: /^1220 / }).getByTestId("je-line-credit")).toHaveText("1,20,000.00");
  await page.getByTestId("je-source").click();
  await expect(page).toHaveURL(/\/finance\/assets\/\d+$/);

  // The register for this fiscal year: the plant went out at cost, its depreciation written back.
  await page.goto(tenantUrl(slug, "/finance/reports"));
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/assets/register/" && r.ok());
  await page.getByTestId("module-link").filter({ hasText: "Fixed asset register" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fixed asset register");
  await expect(page.locator("#far-from")).toHaveValue(fiscalYearStart());
  await expect(page.getByTestId("far-row")).toContainText(number);
  await expect(page.getByTestId("far-category")).toContainText("Plant and machinery");
  await expect(page.getByTestId("far-total-disposals")).toHaveText("1,20,000.00");
  await expect(page.getByTestId("far-total-written_back")).toHaveText(rupees(accumulated));
  await expect(page.getByTestId("far-total-cost_close")).toHaveText("0.00");
  await expect(page.getByTestId("far-total-net_close")).toHaveText("0.00");
  // The ledgers: 1220 was credited the cost at the disposal but never debited it; 1290 agrees.
  type Check = { account_name: string; kind: string; register: string; books: string; difference: string };
  const ledgers = ((await (await answer).json()) as { ledgers: Check[] }).ledgers;
  const plant = ledgers.find((l) => l.kind === "cost" && l.account_name.startsWith("1220 "))!;
  expect([plant.register, plant.books, plant.difference].map(Number)).toEqual([0, -120_000, -120_000]);
  const cost = page.locator('[data-testid="far-ledger"][data-kind="cost"]').filter({ hasText: plant.account_name });
  await expect(cost).toContainText("Cost");
  await expect(cost.getByTestId("far-ledger-register")).toHaveText("0.00");
  await expect(cost.getByTestId("far-ledger-books")).toHaveText("-1,20,000.00");
  await expect(cost.getByTestId("far-ledger-difference")).toHaveText("-1,20,000.00");
  await expect(cost).toHaveAttribute("data-differs", "true");
  const worn = ledgers.find((l) => l.kind === "accumulated" && l.account_name.startsWith("1290 "))!;
  expect(Number(worn.difference)).toBe(0);
  const accumulatedRow = page.locator('[data-testid="far-ledger"][data-kind="accumulated"]').filter({ hasText: worn.account_name });
  await expect(accumulatedRow.getByTestId("far-ledger-difference")).toHaveText("0.00");
  await expect(accumulatedRow).not.toHaveAttribute("data-differs", "true");
  await expect(page.locator('[data-testid="far-ledger"][data-differs="true"]')).toHaveCount(ledgers.filter((l) => Number(l.difference) !== 0).length);
  await expect(page.getByTestId("far-ledgers-note")).toContainText("never booked to its ledger");
  await shot(page, "finance-assets-07-register");

  // The register's list, filtered by status in the URL.
  await page.goto(tenantUrl(slug, "/finance/assets?status=disposed"));
  await expect(page.getByTestId("asset-row")).toHaveCount(1);
  await expect(page.getByTestId("asset-row")).toContainText(/Disposed/);
  await expect(page.getByTestId("category-row").filter({ hasText: /^Plant and machinery/ })).toContainText("1220 · Plant and Machinery");
  await shot(page, "finance-assets-08-list");
  // its export takes the filter: the disposed plant only
  await page.getByTestId("export-button").click();
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "CSV (.csv)" }).click()]);
  expect(csv.suggestedFilename()).toMatch(/-fixed-assets-\d{4}-\d{2}-\d{2}\.csv$/);
  const exported = readFileSync((await csv.path())!, "utf8").replace(/^\ufeff/, "").trim().split(/\r?\n/);
  expect(exported).toHaveLength(2);
  expect(exported[1]).toContain(number);
  expect(exported[1]).toContain("Disposed");
});
