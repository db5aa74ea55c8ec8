import { expect, test, type Page } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { companyCreate, fiscalYearOpen, invoicePost, partnerCreate, signIn } from "./company";
import { companyToday, shot, tenantUrl } from "./helpers";

const GSTIN = "27AAPFU0939F1ZV";
const IRN = "a5c12dca80e743321740b001fd70953e8738d109865d28ba4013750f2046f229";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The IRP's answer to an upload, as its portal writes it: IRN, acknowledgement (IST, no zone)
 *  and the signed QR code, a JWT whose payload's `data` names the invoice. */
function irpAnswer(number: string): string {
  const now = new Date().toLocaleString("sv-SE", { timeZone: "Asia/Kolkata" }); // "2026-11-28 17:41:40"
  const data = { SellerGstin: GSTIN, BuyerGstin: "27AABCT1332L1ZE", DocNo: number, DocTyp: "INV", Irn: IRN, IrnDt: now };
  const qr = `${b64({ alg: "RS256", typ: "JWT" })}.${b64({ data: JSON.stringify(data), iss: "NIC" })}.c2lnbmF0dXJl`;
  const file = join(tmpdir(), `irp-answer-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ AckNo: 112610036563310, AckDt: now, Irn: IRN, SignedQRCode: qr, Status: "ACT" }));
  return file;
}

/** The company's GSTIN, and what the e-invoice and the e-way bill need of its address (a bad PIN
 *  code is refused by the field first); e-invoicing switched on when asked. */
async function companyAddress(page: Page, slug: string, { einvoicing = false } = {}) {
  await page.goto(tenantUrl(slug, "/settings/company"));
  await page.getByLabel("GSTIN", { exact: true }).fill(GSTIN);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Company settings saved")).toBeVisible();
  await page.locator("#doc-address").fill("Plot 42, MIDC Bhosari\nNear Telco Road");
  await page.locator("#doc-city").fill("Pune");
  await page.locator("#doc-pincode").fill("041102");
  if (einvoicing) await page.getByLabel("E-invoicing: register B2B invoices").check();
  await page.getByRole("button", { name: "Save document details" }).click();
  await expect(page.locator('[data-field-error="doc-pincode"]')).toHaveText("A PIN code has six digits and does not start with 0.");
  await page.locator("#doc-pincode").fill("411026");
  await page.getByRole("button", { name: "Save document details" }).click();
  await expect(page.getByText("Document details saved")).toBeVisible();
}

test("e-invoicing: the company's address and PIN code, the IRP's JSON downloaded, its answer recorded from its file and printed, the IRN cancelled", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("einvoice");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);

  await companyAddress(page, slug, { einvoicing: true });
  await shot(page, "einvoice-01-settings");

  // A registered customer with its billing address, and an invoice to it, posted.
  await partnerCreate(page, slug, "Pune Fabricators", { gstin: "27AABCT1332L1ZE", billing: { address: "14 FC Road, Shivajinagar", city: "Pune", pin: "411004" } });
  const invoice = await invoicePost(page, slug, { customer: "Pune", description: "Stainless steel tank", hsn: "8419", qty: "10", rate: "100", gst: "18", total: "₹1,180.00" });
  expect(invoice.length).toBeLessThanOrEqual(16); // CGST Rule 46 and the IRP
  const card = page.getByTestId("einvoice-card");
  await expect(card.getByTestId("einvoice-status")).toHaveText("Not registered");

  // The IRP's JSON, named after the invoice.
  const downloading = page.waitForEvent("download");
  await card.getByRole("button", { name: "Download e-invoice JSON" }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe(`einvoice-${invoice.replaceAll("/", "-")}.json`);
  const body = JSON.parse(readFileSync((await file.path())!, "utf8"));
  expect(body.DocDtls).toEqual({ Typ: "INV", No: invoice, Dt: companyToday().split("-").reverse().join("/") });
  expect(body.SellerDtls).toMatchObject({ Gstin: GSTIN, Addr1: "Plot 42, MIDC Bhosari", Loc: "Pune", Pin: 411026, Stcd: "27" });
  expect(body.BuyerDtls).toMatchObject({ Gstin: "27AABCT1332L1ZE", Addr1: "14 FC Road, Shivajinagar", Pin: 411004, Pos: "27" });
  expect(body.ValDtls).toEqual({ AssVal: 1000, CgstVal: 90, SgstVal: 90, IgstVal: 0, CesVal: 0, RndOffAmt: 0, TotInvVal: 1180 });
  await shot(page, "einvoice-02-not-registered");

  // The IRP's answer, read from its file into the fields, recorded.
  await card.getByLabel("The IRP's answer (JSON file)").setInputFiles(irpAnswer(invoice));
  await expect(card.getByLabel("IRN", { exact: true })).toHaveValue(IRN);
  await expect(card.getByLabel("Acknowledgement no.")).toHaveValue("112610036563310");
  await card.getByRole("button", { name: "Record IRN" }).click();
  await expect(page.getByText(`IRN recorded on ${invoice}`)).toBeVisible();
  await expect(card.getByTestId("einvoice-status")).toHaveText("Registered");
  await expect(card.getByTestId("einvoice-irn")).toHaveText(IRN);
  await expect(card).toContainText("No. 112610036563310 of");
  await shot(page, "einvoice-03-registered");

  // The PDF prints it (the IRN and QR code are checked in the HTML it is drawn from by the API tests).
  const pdf = page.waitForEvent("download");
  await page.getByRole("button", { name: "PDF" }).click();
  expect((await pdf).suggestedFilename()).toBe(`${invoice.replaceAll("/", "-")}.pdf`);

  // Within 24 hours the IRN can be cancelled (on the IRP, then recorded here).
  await card.getByRole("button", { name: "Cancel IRN" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByLabel("Reason").selectOption("Data entry mistake");
  await dialog.getByLabel("Remark").fill("Wrong quantity");
  await dialog.getByRole("button", { name: "Record cancellation" }).click();
  await expect(card.getByTestId("einvoice-status")).toHaveText("IRN cancelled");
  await expect(card.getByTestId("einvoice-cancelled")).toContainText("Data entry mistake · Wrong quantity");
  await shot(page, "einvoice-04-cancelled");
});

test("an e-way bill: the transport given (a missing vehicle refused by its field), the portal's JSON downloaded, its number recorded, cancelled the same day and a new one recorded", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("ewaybill");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await companyAddress(page, slug);

  // ₹59,000 of goods to Bengaluru: more than ₹50,000 moving between states.
  await partnerCreate(page, slug, "Bengaluru Kitchens", { gstin: "29AABCT1332L1ZA", billing: { address: "88 Residency Road", city: "Bengaluru", pin: "560025" } });
  const invoice = await invoicePost(page, slug, { customer: "Bengaluru", description: "Exhaust hood 8 ft", hsn: "8414", qty: "1", rate: "50000", gst: "18", total: "₹59,000.00" });
  const card = page.getByTestId("ewaybill-card");
  await expect(card.getByTestId("ewaybill-status")).toHaveText("Not generated");
  await expect(page.getByTestId("einvoice-card")).toHaveCount(0); // e-invoicing is off here

  // By road without a vehicle or a transporter: refused beside the vehicle number.
  await card.getByRole("button", { name: "Download e-way bill JSON" }).click();
  await expect(card.locator('[data-field-error="ewb-vehicle"]')).toContainText("give the vehicle number");
  await card.getByLabel("Distance (km)").fill("842");
  await card.getByLabel("Vehicle number").fill("mh 12 ab 1234");
  const downloading = page.waitForEvent("download");
  await card.getByRole("button", { name: "Download e-way bill JSON" }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe(`ewaybill-${invoice.replaceAll("/", "-")}.json`);
  const { billLists } = JSON.parse(readFileSync((await file.path())!, "utf8"));
  expect(billLists[0]).toMatchObject({
    docNo: invoice,
    fromGstin: GSTIN,
    fromPincode: 411026,
    toGstin: "29AABCT1332L1ZA",
    toPincode: 560025,
    toStateCode: 29,
    totalValue: 50000,
    igstValue: 9000,
    totInvValue: 59000,
    transMode: 1,
    transDistance: 842,
    vehicleNo: "MH12AB1234",
    mainHsnCode: 8414,
  });
  expect(billLists[0].itemList).toEqual([
    { itemNo: 1, productName: "Exhaust hood 8 ft", productDesc: "Exhaust hood 8 ft", hsnCode: 8414, quantity: 1, qtyUnit: "NOS", taxableAmount: 50000, sgstRate: 0, cgstRate: 0, igstRate: 18, cessRate: 0, cessNonAdvol: 0 },
  ]);
  await shot(page, "ewaybill-01-transport");

  // The portal's answer, recorded and shown.
  const now = new Date().toLocaleString("sv-SE", { timeZone: "Asia/Kolkata" }).slice(0, 16).replace(" ", "T");
  await card.getByLabel("E-way bill no.").fill("341012345678");
  await card.getByLabel("Generated on (IST)").fill(now);
  await card.getByRole("button", { name: "Record e-way bill" }).click();
  await expect(page.getByText(`E-way bill recorded on ${invoice}`)).toBeVisible();
  await expect(card.getByTestId("ewaybill-status")).toHaveText("Generated");
  await expect(card.getByTestId("ewaybill-number")).toHaveText("3410 1234 5678");
  await expect(card).toContainText("Part A only");
  await shot(page, "ewaybill-02-recorded");

  // Cancelled on the portal the same day (wrong vehicle): recorded, then a new one.
  await card.getByTestId("ewaybill-cancel").click();
  const confirm = page.getByRole("alertdialog");
  await confirm.getByLabel("Reason").selectOption("3");
  await confirm.getByLabel("Remark").fill("Wrong vehicle");
  await confirm.getByRole("button", { name: "Record cancellation" }).click();
  await expect(page.getByText("E-way bill 3410 1234 5678 recorded as cancelled")).toBeVisible();
  await expect(card.getByTestId("ewaybill-status")).toHaveText("Cancelled");
  await expect(card.getByTestId("ewaybill-cancelled")).toContainText("Data entry mistake: Wrong vehicle");
  await card.getByLabel("E-way bill no.").fill("341012345679");
  await card.getByLabel("Generated on (IST)").fill(now);
  await card.getByRole("button", { name: "Record e-way bill" }).click();
  await expect(card.getByTestId("ewaybill-status")).toHaveText("Generated");
  await expect(card.getByTestId("ewaybill-number")).toHaveText("3410 1234 5679");
  await shot(page, "ewaybill-03-replaced");
});

test("e-invoicing in bulk: the invoices waiting for an IRN, one file for the IRP's bulk upload, its answers recorded at once", async ({ page }) => {
  test.setTimeout(150_000);
  const { slug, email } = companyCreate("einvbulk");
  await signIn(page, slug, email);
  await fiscalYearOpen(page);
  await companyAddress(page, slug, { einvoicing: true });
  await partnerCreate(page, slug, "Pune Fabricators", { gstin: "27AABCT1332L1ZE", billing: { address: "14 FC Road, Shivajinagar", city: "Pune", pin: "411004" } });
  const first = await invoicePost(page, slug, { customer: "Pune", description: "Stainless steel tank", hsn: "8419", qty: "10", rate: "100", gst: "18", total: "₹1,180.00" });
  const second = await invoicePost(page, slug, { customer: "Pune", description: "Work table", hsn: "7323", qty: "2", rate: "14250", gst: "18", total: "₹33,630.00" }, /^INV\/\d{2}-\d{2}\/00002$/);

  // The list, filtered to the invoices waiting for an IRN.
  await page.goto(tenantUrl(slug, "/finance/invoices"));
  await page.getByLabel("e-Invoice").selectOption("pending");
  await expect(page.getByTestId("document-row")).toHaveCount(2);

  // One file for both.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "e-Invoice JSON" }).click();
  const files = JSON.parse(readFileSync((await (await downloading).path())!, "utf8"));
  expect(files.map((f: { DocDtls: { No: string } }) => f.DocDtls.No)).toEqual([first, second]);
  await shot(page, "einvoice-05-bulk-pending");

  // The IRP's answers to it, recorded at once: the filter has none waiting, both recorded.
  const now = new Date().toLocaleString("sv-SE", { timeZone: "Asia/Kolkata" });
  const answers = [first, second].map((number, i) => {
    const irn = String(i + 1).repeat(64);
    const qr = `${b64({ alg: "RS256" })}.${b64({ data: JSON.stringify({ SellerGstin: GSTIN, DocNo: number, Irn: irn }) })}.c2ln`;
    return { AckNo: 112610036563310 + i, AckDt: now, Irn: irn, SignedQRCode: qr };
  });
  const file = join(tmpdir(), `irp-answers-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(answers));
  await page.getByLabel("IRP answers file").setInputFiles(file);
  await expect(page.getByText("IRN recorded on 2 documents")).toBeVisible();
  await expect(page.getByTestId("document-row")).toHaveCount(0);
  await page.getByLabel("e-Invoice").selectOption("registered");
  await expect(page.getByTestId("document-row")).toHaveCount(2);
  await shot(page, "einvoice-06-bulk-registered");
});
