import { expect, test } from "@playwright/test";
import { companyCreate, fiscalYearOpen, partnerCreate, signIn } from "./company";
import { companyToday, hydrated, shot, tenantUrl } from "./helpers";

/** Capital work in progress (ADR 0077): the civil work of a powder coating booth is billed to
 *  1280 Capital Work in Progress; the Fixed assets page shows what the ledger holds and
 *  "Capitalise…" registers the booth from it (the form set to that ledger, the cost its
 *  balance); the asset names the ledger and the FAC entry that moved the cost to 1220, whose
 *  lines are seen; the ledger then holds nothing; deleting the asset puts the cost back. */
test("capital work in progress: a booth billed as it is built, capitalised when put to use", async ({ page }) => {
  const today = companyToday();
  const { slug, email } = companyCreate("assets-cwip");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await partnerCreate(page, slug, "Vapi Engineering Works", { gstin: "24AABCT1332L1ZK", vendor: true });

  // The civil work is billed to work in progress.
  await page.goto(tenantUrl(slug, "/finance/bills/new"));
  await hydrated(page);
  await page.getByLabel("Vendor", { exact: true }).fill("Vapi");
  await page.getByRole("option", { name: /Vapi Engineering Works/ }).click();
  await page.getByLabel("Date", { exact: true }).fill(today);
  await page.getByLabel("Description, line 1").fill("Powder coating booth: civil work");
  await page.getByLabel("HSN/SAC, line 1").fill("8424");
  await page.getByLabel("Rate (₹), line 1").fill("240000");
  await page.getByLabel("GST, line 1").selectOption("18");
  await page.getByLabel("Ledger, line 1").selectOption({ label: "1280 Capital Work in Progress" });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toHaveText("₹2,83,200.00");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  await expect(page.getByRole("heading", { name: /^BILL\// })).toBeVisible();

  // The Fixed assets page: the ledger holds the cost, to be capitalised.
  await page.goto(tenantUrl(slug, "/finance/assets"));
  await hydrated(page);
  const row = page.getByTestId("cwip-row").filter({ hasText: "1280 Capital Work in Progress" });
  await expect(row.getByTestId("cwip-balance")).toHaveText("₹2,40,000.00");
  await shot(page, "finance-assets-cwip-01-card");
  await row.getByRole("button", { name: /Capitalise from 1280/ }).click();
  const form = page.getByRole("dialog");
  await expect(form.getByLabel("Where its cost is").locator("option:checked")).toHaveText(/Capital work in progress: 1280 Capital Work in Progress/);
  await expect(form.getByLabel("Cost", { exact: true })).toHaveValue("2,40,000.00");
  await expect(form.getByLabel("Vendor bill")).toHaveCount(0); // from work in progress, on no bill
  await form.getByLabel("Name").fill("Powder coating booth");
  await form.getByLabel("Category").selectOption({ label: "Plant and machinery" });
  await shot(page, "finance-assets-cwip-02-form");
  await form.getByTestId("asset-save").click();

  // The asset: capitalised from the ledger by an FAC entry that moved the cost to 1220.
  const title = page.getByRole("heading", { level: 1 });
  await expect(title).toHaveText(/^FA\/.+ Powder coating booth$/);
  const number = (await title.textContent())!.replace(" Powder coating booth", "");
  const capitalised = page.getByTestId("asset-capitalised");
  await expect(capitalised).toContainText("1280 · Capital Work in Progress");
  await capitalised.getByRole("link", { name: /^FAC\// }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/FAC\//);
  const lines = page.getByRole("table").first();
  await expect(lines).toContainText("1220");
  await expect(lines).toContainText("1280");
  await expect(lines).toContainText("2,40,000.00");
  await shot(page, "finance-assets-cwip-03-entry");

  // The ledger holds nothing now; deleting the asset (registered by mistake) puts it back.
  await page.goto(tenantUrl(slug, "/finance/assets"));
  await hydrated(page);
  await expect(row.getByTestId("cwip-balance")).toHaveText("₹0.00");
  await expect(row.getByRole("button", { name: /Capitalise/ })).toHaveCount(0);
  await page.getByRole("link", { name: number, exact: true }).click();
  await expect(title).toHaveText(/Powder coating booth$/);
  await page.getByTestId("asset-delete").click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("its cost is back on 1280 · Capital Work in Progress");
  await confirm.getByRole("button", { name: "Delete asset" }).click();
  await expect(page).toHaveURL(/\/finance\/assets$/);
  await expect(page.getByTestId("cwip-row").filter({ hasText: "1280" }).getByTestId("cwip-balance")).toHaveText("₹2,40,000.00");
});
