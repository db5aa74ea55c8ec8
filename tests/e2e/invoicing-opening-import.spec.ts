import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { companyCreate, fiscalYearOpen, partnerCreate, signIn } from "./company";
import { REPO } from "./harness";
import { fiscalYearStart, shot, tenantUrl } from "./helpers";

const COLUMNS = ["type", "partner_code", "date", "reference", "due_date", "amount", "currency", "exchange_rate", "description"];

/** An .xlsx of `rows` under the template's header, written by openpyxl (no Excel library in the
 *  frontend's node_modules). */
function workbook(rows: Array<Array<string | number | null>>): string {
  const path = join(mkdtempSync(join(tmpdir(), "opening-")), "opening.xlsx");
  const code = "import json, sys\nfrom openpyxl import Workbook\nb = Workbook(); s = b.active\nfor r in json.loads(sys.argv[1]): s.append(r)\nb.save(sys.argv[2])";
  execFileSync(join(REPO, ".venv/bin/python"), ["-c", code, JSON.stringify([COLUMNS, ...rows]), path]);
  return path;
}

test("day one: download the template, upload open invoices and bills (a bad file first), see them listed and the opening balances net to zero", async ({ page }) => {
  const { slug, email } = await companyCreate("obimport");
  await signIn(page, slug, email);
  const modules = page.getByRole("navigation", { name: "Modules" });
  await fiscalYearOpen(page);
  await partnerCreate(page, slug, "Hotel Sahyadri"); // BP00001
  await partnerCreate(page, slug, "Surat Steels", { vendor: true }); // BP00002

  await modules.getByRole("link", { name: "Opening balances" }).click();
  await expect(page.getByRole("heading", { name: "Opening balances" })).toBeVisible();

  // the template: the columns and an example of each type
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download template" }).click();
  const template = await download;
  expect(template.suggestedFilename()).toBe("opening-balances.xlsx");
  expect(readFileSync(await template.path()).subarray(0, 2).toString()).toBe("PK");

  // a file with mistakes: nothing is imported, each mistake is listed beside its row and column
  const start = fiscalYearStart();
  await page.getByLabel("Opening balances file").setInputFiles(
    workbook([
      ["invoice", "BP00001", start, "OLD/1187", null, 8000, null, null, "Balance of OLD/1187"],
      ["invoice", "BP00002", start, "OLD/1188", null, 100, null, null, null],
      ["bill", "BP00002", start, "SS/889", null, -5, null, null, null],
    ]),
  );
  await expect(page.getByTestId("import-errors")).toContainText("2 row(s) have errors; nothing was imported.");
  await expect(page.getByTestId("row-error")).toHaveCount(2);
  await expect(page.getByTestId("row-error").first()).toContainText("BP00002 is not a customer.");
  await expect(page.getByTestId("opening-document")).toHaveCount(0);
  await shot(page, "opening-import-01-errors");

  // the corrected file: an invoice of ₹8,000 and a bill of $100 at ₹80
  await page.getByLabel("Opening balances file").setInputFiles(
    workbook([
      ["invoice", "BP00001", start, "OLD/1187", null, 8000, null, null, "Balance of OLD/1187"],
      ["bill", "BP00002", start, "SS/889", null, 100, "USD", 80, null],
    ]),
  );
  await expect(page.getByTestId("opening-document")).toHaveCount(2);
  await expect(page.getByRole("table", { name: "Opening customer invoices" })).toContainText("OLD/1187");
  await expect(page.getByRole("table", { name: "Opening vendor bills" })).toContainText("SS/889");
  await expect(page.getByTestId("opening-check")).toContainText("Opening balance adjustment: ₹0.00 — your opening balances are complete");
  await shot(page, "opening-import-02-complete");

  await page.getByRole("link", { name: /^OB\/\d{2}-\d{2}\/00001$/ }).first().click();
  await expect(page.getByRole("heading", { name: /^OB\/\d{2}-\d{2}\/00001$/ })).toBeVisible();
});
