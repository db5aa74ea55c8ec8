import { expect, test, type Page } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { companyCreate, fiscalYearOpen, partnerCreate, signIn } from "./company";
import { companyToday, shot, tenantUrl } from "./helpers";

const GSTIN = "27AAPFU0939F1ZV";
const VENDOR_GSTIN = "24AABCT1332L1ZK";

/** A posted one-line bill of `amount` + 18% IGST from the Gujarat vendor; returns its number. */
async function billPost(page: Page, slug: string, reference: string, amount: string, number: RegExp): Promise<string> {
  await page.goto(tenantUrl(slug, "/finance/bills/new"));
  await page.getByLabel("Vendor", { exact: true }).fill("Surat");
  await page.getByRole("option", { name: /Surat Fabricators/ }).click();
  await page.getByLabel("Vendor's bill no.").fill(reference);
  await page.getByLabel("Description, line 1").fill("SS sheet 304, 1.2 mm");
  await page.getByLabel("HSN/SAC, line 1").fill("7219");
  await page.getByLabel("Qty, line 1").fill("1");
  await page.getByLabel("Rate (₹), line 1").fill(amount);
  await page.getByLabel("GST, line 1").selectOption("18");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("document-total")).toBeVisible();
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Post" }).click();
  const heading = page.getByRole("heading", { name: number });
  await expect(heading).toBeVisible();
  return (await heading.textContent())!.trim();
}

/** The month's GSTR-2B as the GST portal's JSON download, written to a file. */
function portalFile(gstin: string, invoices: [string, number][]): string {
  const [year, month, day] = companyToday().split("-");
  const body = {
    chksum: "x",
    data: {
      gstin,
      rtnprd: `${month}${year}`,
      gendt: `14-${month}-${year}`,
      docdata: {
        b2b: [
          {
            ctin: VENDOR_GSTIN,
            trdnm: "SURAT FABRICATORS",
            inv: invoices.map(([inum, txval]) => ({ inum, typ: "R", dt: `${day}-${month}-${year}`, val: txval * 1.18, pos: "27", rev: "N", itcavl: "Y", txval, igst: txval * 0.18, cgst: 0, sgst: 0, cess: 0 })),
          },
        ],
      },
    },
  };
  const path = join(tmpdir(), `gstr2b-${gstin}-${Date.now()}.json`);
  writeFileSync(path, JSON.stringify(body));
  return path;
}

test("GSTR-2B: the portal's file imported, a bill matched by number, a mistyped one linked from its suggestion, an unbooked invoice shown, its credit beside the books' in GSTR-3B, another GSTIN's file refused, Excel", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("gstr2b");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await page.goto(tenantUrl(slug, "/settings/company"));
  await page.getByLabel("GSTIN", { exact: true }).fill(GSTIN);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Company settings saved")).toBeVisible();

  // Two bills from a Gujarat vendor: SF/118 as the supplier numbered it, and SF/120 mistyped.
  await partnerCreate(page, slug, "Surat Fabricators", { gstin: VENDOR_GSTIN, vendor: true });
  await billPost(page, slug, "SF/118", "10000", /^BILL\/\d{2}-\d{2}\/00001$/);
  const mistyped = await billPost(page, slug, "SF-12O", "5000", /^BILL\/\d{2}-\d{2}\/00002$/);

  // The supplier reported SF/0118, SF/120 and SF/121 (never booked).
  await page.goto(tenantUrl(slug, "/"));
  await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "GSTR-2B reconciliation" }).click();
  await expect(page.getByText("No GSTR-2B imported yet")).toBeVisible();
  await page.getByLabel("GSTR-2B file").setInputFiles(portalFile(GSTIN, [["SF/0118", 10000], ["SF/120", 5000], ["SF/121", 2000]]));
  await expect(page.getByText(/Imported GSTR-2B .*: 3 documents/)).toBeVisible();
  await expect(page.getByTestId("gstr2b-matched")).toContainText("1");
  await expect(page.getByTestId("gstr2b-missing_in_books")).toContainText("2");
  await expect(page.getByTestId("gstr2b-missing_in_2b")).toContainText("1");
  const missing = page.getByTestId("gstr2b-missing");
  await expect(missing).toHaveCount(1);
  await expect(missing).toContainText(mistyped);
  await shot(page, "gstr2b-01-imported");

  // SF/120's amounts match the mistyped bill: linked from the suggestion.
  const row = page.getByTestId("gstr2b-row").filter({ hasText: "SF/120" });
  await row.getByRole("button", { name: `Link ${mistyped}` }).click();
  await expect(page.getByText("SF/120 linked")).toBeVisible();
  await expect(page.getByTestId("gstr2b-matched")).toContainText("2");
  await expect(row).toContainText("Matched");
  await expect(page.getByTestId("gstr2b-missing")).toHaveCount(0);
  await expect(page.getByTestId("gstr2b-row").filter({ hasText: "SF/121" })).toContainText("Missing in books");
  await page.getByTestId("gstr2b-missing_in_books").click();
  await expect(page.getByTestId("gstr2b-row")).toHaveCount(1);
  await shot(page, "gstr2b-02-linked");

  // GSTR-3B shows the month's credit as GSTR-2B has it (₹3,060 of IGST) beside the books' ₹2,700.
  await page.goto(tenantUrl(slug, "/finance/reports/gst"));
  const gstr3b = page.getByRole("table", { name: "GSTR-3B" });
  await expect(gstr3b.getByRole("row", { name: /4\(A\)\(5\) as per GSTR-2B/ })).toContainText("3,060.00");
  await expect(gstr3b.getByRole("row", { name: /4\(A\)\(5\) All other ITC/ })).toContainText("2,700.00");
  await expect(page.getByTestId("gstr3b-2b-note")).toContainText("GSTR-2B covers the input tax in the books.");
  await shot(page, "gstr2b-03-gstr3b");
  await page.getByRole("link", { name: "Reconcile GSTR-2B" }).click();
  await expect(page.getByRole("heading", { name: "GSTR-2B reconciliation" })).toBeVisible();

  // Another company's file is refused, and the page says why.
  await page.getByLabel("GSTR-2B file").setInputFiles(portalFile("29AABCT1332L1ZA", [["X1", 100]]));
  await expect(page.getByRole("alert").filter({ hasText: `This GSTR-2B is for 29AABCT1332L1ZA; the company's GSTIN is ${GSTIN}.` })).toBeVisible();

  // The reconciliation as Excel.
  const downloading = page.waitForEvent("download");
  await page.getByTestId("export-button").click();
  await page.getByRole("menuitem", { name: /Excel/ }).click();
  const [year, month] = companyToday().split("-");
  expect((await downloading).suggestedFilename()).toBe(`gstr2b-${year}-${month}.xlsx`);
});
