"use client";
import { useQuery } from "@tanstack/react-query";
import { FileJsonIcon, Loader2Icon } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ExportButton } from "@/components/data-table/export-button";
import { DateInput } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { useCan } from "@/components/shell/shell-context";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { GST_HEADS, type GstHeadAmounts } from "@/components/gst-heads";
import { gstr1Query, gstr3bQuery, type Gstr1 } from "@/lib/api/invoicing";
import { today } from "@/lib/dates";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";

const iso = (y: number, mo: number, d: number) => `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** First and last day of `months` calendar months starting at month `mo` (1-12, may be out of
 *  range: Date.UTC rolls it into the next or previous year). */
function span(y: number, mo: number, months: number): [string, string] {
  const first = new Date(Date.UTC(y, mo - 1, 1));
  const last = new Date(Date.UTC(y, mo - 1 + months, 0));
  return [iso(first.getUTCFullYear(), first.getUTCMonth() + 1, 1), iso(last.getUTCFullYear(), last.getUTCMonth() + 1, last.getUTCDate())];
}

/** The GST periods around the company's today: months, and quarters (Apr-Jun, Jul-Sep, Oct-Dec,
 *  Jan-Mar) for a QRMP filer. */
function periods(): { label: string; bounds: [string, string] }[] {
  const [y, mo] = today().split("-").map(Number) as [number, number];
  const q = mo - ((mo - 1) % 3);
  return [
    { label: "This month", bounds: span(y, mo, 1) },
    { label: "Previous month", bounds: span(y, mo - 1, 1) },
    { label: "This quarter", bounds: span(y, q, 3) },
    { label: "Previous quarter", bounds: span(y, q - 3, 3) },
  ];
}

type InvoiceRow = Gstr1["b2b"][number];
const m = (v: string) => formatMoney(v, { symbol: false });

/** A GSTR-3B row of tax alone (no taxable value). */
function TaxOnlyRow({ label, v, testId, strong = false }: { label: string; v: GstHeadAmounts; testId?: string; strong?: boolean }) {
  return (
    <TableRow data-testid={testId} className={strong ? "font-semibold" : undefined}>
      <TableCell>{label}</TableCell>
      <TableCell />
      {GST_HEADS.map(([key]) => <TableCell key={key} className="text-right tabular-nums">{m(v[key])}</TableCell>)}
    </TableRow>
  );
}

function InvoiceTable({ title, rows }: { title: string; rows: InvoiceRow[] }) {
  return (
    <Card>
      <CardHeader><CardTitle>{title} ({rows.length})</CardTitle></CardHeader>
      <CardContent className="overflow-x-auto">
        <Table aria-label={title}>
          <TableHeader>
            <TableRow><TableHead>GSTIN</TableHead><TableHead>Number</TableHead><TableHead>Date</TableHead><TableHead>POS</TableHead><TableHead className="text-right">Rate</TableHead><TableHead className="text-right">Taxable</TableHead><TableHead className="text-right">IGST</TableHead><TableHead className="text-right">CGST</TableHead><TableHead className="text-right">SGST</TableHead><TableHead className="text-right">Cess</TableHead></TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={`${r.document_id}-${r.gst_rate}`}>
                <TableCell>{r.gstin || "—"}</TableCell><TableCell>{r.number}</TableCell><TableCell>{r.date}</TableCell><TableCell>{r.place_of_supply}</TableCell>
                <TableCell className="text-right">{Number(r.gst_rate)}%</TableCell><TableCell className="text-right tabular-nums">{m(r.taxable)}</TableCell>
                <TableCell className="text-right tabular-nums">{m(r.igst)}</TableCell><TableCell className="text-right tabular-nums">{m(r.cgst)}</TableCell><TableCell className="text-right tabular-nums">{m(r.sgst)}</TableCell><TableCell className="text-right tabular-nums">{m(r.cess)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

/**
 * GSTR-1 of the chosen month (or quarter, for a QRMP filer) as the JSON the GST portal takes
 * (Returns > GSTR-1 > Prepare offline > Upload). The period must be one calendar month or GST
 * quarter; the server says so otherwise.
 */
function PortalJsonButton({ from, to }: { from: string; to: string }) {
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    try {
      const params = new URLSearchParams({ date_from: from, date_to: to });
      const response = await fetch(`/api/v1/invoicing/reports/gstr1/json/?${params}`, { credentials: "same-origin" });
      if (!response.ok) {
        let detail = `The GSTR-1 file could not be prepared (${response.status}).`;
        try {
          const body = (await response.json()) as { detail?: string; fields?: Record<string, string[]> };
          detail = Object.values(body.fields ?? {})[0]?.[0] ?? body.detail ?? detail;
        } catch {}
        toast.error(detail);
        return;
      }
      const header = response.headers.get("content-disposition") ?? "";
      const name = /filename="?([^";]+)"?/.exec(header)?.[1] ?? "GSTR1.json";
      const href = URL.createObjectURL(await response.blob());
      const a = document.createElement("a");
      a.href = href;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
      toast.success(`Downloaded ${name}`);
    } catch {
      toast.error("The GSTR-1 file could not be downloaded. Check your connection.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button variant="outline" disabled={busy} onClick={() => void download()}>
      {busy ? <Loader2Icon className="animate-spin" /> : <FileJsonIcon />} Download JSON for the GST portal
    </Button>
  );
}

/** GSTR-1 tables (B2B, B2C large/small, exports, notes, HSN summary) and the GSTR-3B summary. */
export function GstView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const choices = periods();
  const [defFrom, defTo] = choices[0]!.bounds;
  const from = params.get("date_from") || defFrom;
  const to = params.get("date_to") || defTo;
  const canExport = useCan("invoicing.report.export");
  const r1 = useQuery(gstr1Query(from, to));
  const r3 = useQuery(gstr3bQuery(from, to));
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    router.replace(`${pathname}?${next}`);
  };
  const choose = ([dateFrom, dateTo]: [string, string]) => {
    const next = new URLSearchParams(params);
    next.set("date_from", dateFrom);
    next.set("date_to", dateTo);
    router.replace(`${pathname}?${next}`);
  };
  const rows3b = r3.data
    ? ([
        ["3.1(a) Outward taxable supplies", r3.data.outward_taxable],
        ["3.1(b) Zero rated (exports)", r3.data.outward_zero_rated],
        ["3.1(c) Nil rated / exempted", r3.data.outward_nil_exempt],
        ["3.1(d) Inward supplies (reverse charge)", r3.data.inward_reverse_charge],
        ["4(A)(3) ITC on reverse charge", r3.data.itc_reverse_charge],
        ["4(A)(5) All other ITC", r3.data.itc_available],
        ...(r3.data.itc_gstr2b ? ([["4(A)(5) as per GSTR-2B", r3.data.itc_gstr2b]] as const) : []),
        ["4(B)(1) ITC reversed: blocked (s.17(5))", r3.data.itc_reversed],
      ] as const)
    : [];
  const canPayGst = useCan("invoicing.gst_payment.view");
  const canReverseItc = useCan("invoicing.itc_reversal.view");
  const itc2b = r3.data?.itc_gstr2b;
  const itcBeyond2b = itc2b && r3.data ? (["igst", "cgst", "sgst", "cess"] as const).reduce((sum, k) => sum + (parseDecimal(r3.data.itc_available[k], 2) ?? 0n) - (parseDecimal(itc2b[k], 2) ?? 0n), 0n) : 0n;
  return (
    <>
      <PageHeader
        title="GST returns"
        description="Outward supplies as GSTR-1 wants them and the GSTR-3B summary, from posted invoices, bills and notes."
        actions={canExport && (<div className="flex gap-2"><ExportButton url="/api/v1/invoicing/reports/gstr1/" query={{ date_from: from, date_to: to }} formats={["xlsx", "pdf"]} label="GSTR-1" /><ExportButton url="/api/v1/invoicing/reports/gstr3b/" query={{ date_from: from, date_to: to }} formats={["xlsx", "pdf"]} label="GSTR-3B" /></div>)}
      />
      <div className="mb-4 flex flex-wrap gap-4">
        <FormField id="gst-from" label="From"><DateInput id="gst-from" value={from} onChange={(v) => set("date_from", v)} /></FormField>
        <FormField id="gst-to" label="To"><DateInput id="gst-to" value={to} onChange={(v) => set("date_to", v)} /></FormField>
        <div className="flex flex-wrap items-end gap-2" role="group" aria-label="Return period">
          {choices.map(({ label, bounds }) => (
            <Button key={label} type="button" size="sm" variant={bounds[0] === from && bounds[1] === to ? "secondary" : "outline"} onClick={() => choose(bounds)}>{label}</Button>
          ))}
        </div>
      </div>
      {r1.isPending || r3.isPending ? (
        <Skeleton className="h-64" />
      ) : r1.isError || r3.isError ? (
        <p role="alert" className="text-destructive">{(r1.error ?? r3.error)?.message}</p>
      ) : (
        <div className="grid gap-4">
          <Card>
            <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
              <CardTitle>GSTR-3B summary</CardTitle>
              {from.slice(0, 7) === to.slice(0, 7) && (
                <div className="flex flex-wrap gap-4">
                  {canReverseItc && <Link className="text-sm text-primary hover:underline" data-testid="gstr3b-itc-reversal" href={`/finance/itc-reversals?month=${from.slice(0, 7)}`}>Credit on bills unpaid 180 days</Link>}
                  {canPayGst && <Link className="text-sm text-primary hover:underline" data-testid="gstr3b-pay" href={`/finance/gst-payments?month=${from.slice(0, 7)}`}>Set off and pay this month&apos;s GST</Link>}
                </div>
              )}
            </CardHeader>
            <CardContent className="overflow-x-auto">
              <Table aria-label="GSTR-3B">
                <TableHeader><TableRow><TableHead>Table</TableHead><TableHead className="text-right">Taxable</TableHead><TableHead className="text-right">IGST</TableHead><TableHead className="text-right">CGST</TableHead><TableHead className="text-right">SGST</TableHead><TableHead className="text-right">Cess</TableHead></TableRow></TableHeader>
                <TableBody>
                  {rows3b.map(([label, v]) => (
                    <TableRow key={label}><TableCell>{label}</TableCell><TableCell className="text-right tabular-nums">{m(v.taxable)}</TableCell><TableCell className="text-right tabular-nums">{m(v.igst)}</TableCell><TableCell className="text-right tabular-nums">{m(v.cgst)}</TableCell><TableCell className="text-right tabular-nums">{m(v.sgst)}</TableCell><TableCell className="text-right tabular-nums">{m(v.cess)}</TableCell></TableRow>
                  ))}
                  <TaxOnlyRow label="4(B)(2) ITC reversed: others (Rule 37, unpaid 180 days)" v={r3.data.itc_reversed_others} testId="gstr3b-itc-others" />
                  <TaxOnlyRow label="4(C) Net ITC available" v={r3.data.itc_net} testId="gstr3b-itc-net" />
                  <TaxOnlyRow label="4(D)(1) ITC reclaimed, reversed under 4(B)(2) earlier (in 4(A)(5))" v={r3.data.itc_reclaimed} testId="gstr3b-itc-reclaimed" />
                  <TaxOnlyRow label="Tax payable, other than reverse charge (less all ITC, before set-off)" v={r3.data.tax_payable} strong />
                  <TaxOnlyRow label="Tax payable on reverse charge, paid in cash" v={r3.data.reverse_charge_cash} testId="gstr3b-rcm-cash" />
                </TableBody>
              </Table>
              <p className="mt-3 text-sm text-muted-foreground" data-testid="gstr3b-2b-note">
                {itc2b ? (
                  <>
                    {itcBeyond2b > 0n ? <>The books hold {formatMoney(formatDecimal(itcBeyond2b, 2))} more input tax than the suppliers reported in GSTR-2B: only what GSTR-2B shows may be claimed (section 16(2)(aa)). </> : <>GSTR-2B covers the input tax in the books. </>}
                    <Link className="text-primary hover:underline" href={`/finance/gstr-2b?month=${itc2b.months[itc2b.months.length - 1]}`}>Reconcile GSTR-2B</Link>
                  </>
                ) : (
                  <>Import the month&apos;s GSTR-2B to see the credit your suppliers reported: <Link className="text-primary hover:underline" href="/finance/gstr-2b">GSTR-2B reconciliation</Link>.</>
                )}
              </p>
            </CardContent>
          </Card>
          <section aria-labelledby="gstr1-heading" className="flex flex-wrap items-center justify-between gap-2 pt-2">
            <div>
              <h2 id="gstr1-heading" className="text-lg font-semibold">GSTR-1</h2>
              <p className="text-sm text-muted-foreground">Outward supplies of the period. For one calendar month, or one quarter if you file quarterly (QRMP), download the file to upload on the GST portal.</p>
            </div>
            {canExport && <PortalJsonButton from={from} to={to} />}
          </section>
          <InvoiceTable title="B2B invoices" rows={r1.data.b2b} />
          <InvoiceTable title="B2C large (inter-state above ₹1 lakh)" rows={r1.data.b2cl} />
          <Card>
            <CardHeader><CardTitle>B2C small, by place of supply and rate</CardTitle></CardHeader>
            <CardContent>
              <Table aria-label="B2C small">
                <TableHeader><TableRow><TableHead>Place of supply</TableHead><TableHead className="text-right">Rate</TableHead><TableHead className="text-right">Taxable</TableHead><TableHead className="text-right">IGST</TableHead><TableHead className="text-right">CGST</TableHead><TableHead className="text-right">SGST</TableHead></TableRow></TableHeader>
                <TableBody>{r1.data.b2cs.map((r) => (<TableRow key={`${r.place_of_supply}-${r.gst_rate}`}><TableCell>{r.place_of_supply}</TableCell><TableCell className="text-right">{Number(r.gst_rate)}%</TableCell><TableCell className="text-right tabular-nums">{m(r.taxable)}</TableCell><TableCell className="text-right tabular-nums">{m(r.igst)}</TableCell><TableCell className="text-right tabular-nums">{m(r.cgst)}</TableCell><TableCell className="text-right tabular-nums">{m(r.sgst)}</TableCell></TableRow>))}</TableBody>
              </Table>
            </CardContent>
          </Card>
          <InvoiceTable title="Exports" rows={r1.data.exports} />
          <InvoiceTable title="Credit notes to registered parties" rows={r1.data.cdnr} />
          <Card>
            <CardHeader><CardTitle>HSN summary</CardTitle></CardHeader>
            <CardContent>
              <Table aria-label="HSN summary">
                <TableHeader><TableRow><TableHead>HSN/SAC</TableHead><TableHead>UQC</TableHead><TableHead className="text-right">Rate</TableHead><TableHead className="text-right">Qty</TableHead><TableHead className="text-right">Value</TableHead><TableHead className="text-right">Taxable</TableHead><TableHead className="text-right">IGST</TableHead><TableHead className="text-right">CGST</TableHead><TableHead className="text-right">SGST</TableHead></TableRow></TableHeader>
                <TableBody>{r1.data.hsn.map((r) => (<TableRow key={`${r.hsn_sac}-${r.unit}-${r.gst_rate}`}><TableCell>{r.hsn_sac}</TableCell><TableCell>{r.unit}</TableCell><TableCell className="text-right">{Number(r.gst_rate)}%</TableCell><TableCell className="text-right tabular-nums">{Number(r.quantity)}</TableCell><TableCell className="text-right tabular-nums">{m(r.value)}</TableCell><TableCell className="text-right tabular-nums">{m(r.taxable)}</TableCell><TableCell className="text-right tabular-nums">{m(r.igst)}</TableCell><TableCell className="text-right tabular-nums">{m(r.cgst)}</TableCell><TableCell className="text-right tabular-nums">{m(r.sgst)}</TableCell></TableRow>))}</TableBody>
              </Table>
            </CardContent>
          </Card>
        </div>
      )}
    </>
  );
}
