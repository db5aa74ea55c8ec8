import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { companyCreate, signIn } from "./company";
import { REPO } from "./harness";
import { fiscalYearStart, hydrated, shot, tenantUrl } from "./helpers";

const COLUMNS = ["name", "category", "purchase_date", "in_use_date", "cost", "residual_value", "method", "useful_life_months", "opening_date", "opening_depreciation", "cost_centre", "description"];

/** An .xlsx of `rows` under the template's header, written by openpyxl (no Excel library in the
 *  frontend's node_modules). */
function workbook(rows: Array<Array<string | number | null>>): string {
  const path = join(mkdtempSync(join(tmpdir(), "assets-")), "assets.xlsx");
  const code = "import json, sys\nfrom openpyxl import Workbook\nb = Workbook(); s = b.active\nfor r in json.loads(sys.argv[1]): s.append(r)\nb.save(sys.argv[2])";
  execFileSync(join(REPO, ".venv/bin/python"), ["-c", code, JSON.stringify([COLUMNS, ...rows]), path]);
  return path;
}

const PRESS = ["CNC press brake", "Plant and machinery", "2026-05-10", null, 850000, null, null, null, null, null, null, "Bay 2"];

/** Fixed assets (ADR 0075) brought in from an existing register: the template, a file with an
 *  unknown category (nothing registered, the row's error in the dialog), then the corrected file
 *  (a machine bought this year and a van with the depreciation charged before these books). */
test("fixed assets: import an existing register from Excel (a wrong row first)", async ({ page }) => {
  const { slug, email } = companyCreate("assetimport");
  await signIn(page, slug, email);
  await page.goto(tenantUrl(slug, "/finance/assets"));
  await hydrated(page);

  await page.getByTestId("asset-import").click();
  const dialog = page.getByRole("dialog", { name: "Import fixed assets" });
  await expect(dialog).toContainText("nothing is posted");

  const download = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download template" }).click();
  const template = await download;
  expect(template.suggestedFilename()).toBe("fixed-assets.xlsx");
  expect(readFileSync(await template.path()).subarray(0, 2).toString()).toBe("PK");

  // one good row, one with a category the company does not have: nothing is registered
  await dialog.getByLabel("Excel file (.xlsx)").setInputFiles(workbook([PRESS, ["Hydraulic shear", "Plant", "2026-05-12", null, 240000, null, null, null, null, null, null, null]]));
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  const errors = dialog.getByTestId("asset-import-errors");
  await expect(errors).toContainText("1 row(s) have errors; nothing was imported.");
  await expect(dialog.getByTestId("asset-import-row-error")).toHaveCount(1);
  await expect(dialog.getByTestId("asset-import-row-error")).toHaveText("Row 3: category — No category is named 'Plant'.");
  await shot(page, "finance-assets-import-01-errors");
  await expect(page.getByTestId("asset-row")).toHaveCount(0);

  // the corrected file: both registered, the list refreshed
  const van = ["Tata Ace delivery van", "Motor vehicles", "2023-06-01", "2023-06-01", 720000, 36000, "wdv", 96, fiscalYearStart(), 301000, null, null];
  await dialog.getByLabel("Excel file (.xlsx)").setInputFiles(workbook([PRESS, van]));
  await expect(errors).toBeHidden();
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("2 assets registered")).toBeVisible();
  await expect(dialog).toBeHidden();
  const rows = page.getByTestId("asset-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "CNC press brake" })).toContainText("8,50,000.00");
  // cost ₹7,20,000 less ₹3,01,000 charged before these books
  await expect(rows.filter({ hasText: "Tata Ace delivery van" })).toContainText("4,19,000.00");
  await shot(page, "finance-assets-import-02-listed");
});
