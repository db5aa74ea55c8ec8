import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { companyToday, shot, tenantUrl } from "./helpers";

const GSTIN = "27AAPFU0939F1ZV";

async function portalJson(page: Page): Promise<{ name: string; body: Record<string, any> }> {
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download JSON for the GST portal" }).click();
  const file = await downloading;
  return { name: file.suggestedFilename(), body: JSON.parse(readFileSync((await file.path())!, "utf8")) };
}

test("GSTR-1 as the GST portal's JSON: refused without the company's GSTIN, then downloaded with the month's invoice, and a quarterly filer's file", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("gstr1json");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  const [year, month] = companyToday().split("-");
  const fp = `${month}${year}`;

  // Without the company's GSTIN the file is refused, and the page says why.
  await page.goto(tenantUrl(slug, "/finance/reports/gst"));
  await page.getByRole("button", { name: "Download JSON for the GST portal" }).click();
  await expect(page.getByText("Set the company's GSTIN in the company settings before preparing GSTR-1.")).toBeVisible();

  await page.goto(tenantUrl(slug, "/settings/company"));
  await page.getByLabel("GSTIN", { exact: true }).fill(GSTIN);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Company settings saved")).toBeVisible();

  // A posted invoice of ₹1,180 (10 × ₹100 + 18% GST) to a registered customer in Maharashtra.
  await partnerCreate(page, slug, "Pune Fabricators", { gstin: "27AABCT1332L1ZE" });
  const invoice = await invoicePost(page, slug, { customer: "Pune", description: "Stainless steel tank", hsn: "8419", qty: "10", rate: "100", gst: "18", total: "₹1,180.00" });

  // The GST report (this month by default): the GSTR-1 section's button gives the portal's file.
  await page.goto(tenantUrl(slug, "/finance/reports/gst"));
  await expect(page.getByRole("heading", { name: "GSTR-1", exact: true })).toBeVisible();
  await expect(page.getByRole("table", { name: "B2B invoices" }).getByText(invoice)).toBeVisible();
  await shot(page, "gstr1-json-01-gst-report");
  const { name, body } = await portalJson(page);
  expect(name).toBe(`GSTR1_${GSTIN}_${fp}.json`);
  expect(body.gstin).toBe(GSTIN);
  expect(body.fp).toBe(fp);
  expect(body.b2b).toEqual([
    {
      ctin: "27AABCT1332L1ZE",
      inv: [
        {
          inum: invoice,
          idt: companyToday().split("-").reverse().join("-"),
          val: 1180,
          pos: "27",
          rchrg: "N",
          inv_typ: "R",
          itms: [{ num: 1, itm_det: { txval: 1000, rt: 18, camt: 90, samt: 90, csamt: 0 } }],
        },
      ],
    },
  ]);
  expect(body.doc_issue.doc_det[0].docs[0]).toMatchObject({ from: invoice, to: invoice, totnum: 1, cancel: 0, net_issue: 1 });

  // A period of more than one month is refused with the reason.
  const previous = new Date(Date.UTC(Number(year), Number(month) - 2, 1)).toISOString().slice(0, 10);
  await page.getByLabel("From").fill(previous);
  await expect(page.getByRole("table", { name: "B2B invoices" }).getByText(invoice)).toBeVisible();
  await page.getByRole("button", { name: "Download JSON for the GST portal" }).click();
  await expect(page.getByText(/GSTR-1 is filed for one calendar month/)).toBeVisible();
  await shot(page, "gstr1-json-02-refused");

  // A quarterly (QRMP) filer picks the quarter: its file is filed under the quarter's last month.
  await page.getByRole("group", { name: "Return period" }).getByRole("button", { name: "This quarter" }).click();
  const last = String(Number(month) + 2 - ((Number(month) - 1) % 3)).padStart(2, "0");
  await expect(page.getByLabel("To", { exact: true })).toHaveValue(new RegExp(`^${year}-${last}-`));
  await expect(page.getByRole("table", { name: "B2B invoices" }).getByText(invoice)).toBeVisible();
  const quarterly = await portalJson(page);
  expect(quarterly.name).toBe(`GSTR1_${GSTIN}_${last}${year}.json`);
  expect(quarterly.body.b2b[0].inv.map((i: { inum: string }) => i.inum)).toEqual([invoice]);
  await shot(page, "gstr1-json-03-quarter");
});
