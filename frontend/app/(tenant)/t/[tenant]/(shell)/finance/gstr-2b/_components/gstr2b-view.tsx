"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2Icon, FileQuestionIcon, FileWarningIcon, Link2Icon, Loader2Icon, SearchXIcon, Trash2Icon, UnlinkIcon, UploadIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useRef, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ExportButton } from "@/components/data-table/export-button";
import { EmptyState } from "@/components/empty-state";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { KpiCard } from "@/components/kpi-card";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { gstr2bDelete, gstr2bImport, gstr2bLink, gstr2bMonthsQuery, gstr2bQuery, type Gstr2bDocument, type Gstr2bReconciliation, type Gstr2bRow } from "@/lib/api/invoicing";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";

type State = "matched" | "mismatch" | "missing_in_books" | "missing_in_2b";
const STATES: { key: State; label: string; icon: typeof CheckCircle2Icon; hint: string }[] = [
  { key: "matched", label: "Matched", icon: CheckCircle2Icon, hint: "Credit safe to take" },
  { key: "mismatch", label: "Mismatch", icon: FileWarningIcon, hint: "Amounts or date differ" },
  { key: "missing_in_books", label: "Missing in books", icon: FileQuestionIcon, hint: "Reported by the supplier, not booked" },
  { key: "missing_in_2b", label: "Missing in 2B", icon: SearchXIcon, hint: "Booked, not reported by the supplier" },
];
const BADGE: Record<string, "success" | "warning" | "destructive"> = { matched: "success", mismatch: "warning", missing_in_books: "destructive" };
const DIFFERENCE: Record<string, string> = { taxable_value: "taxable value", igst: "IGST", cgst: "CGST", sgst: "SGST", cess: "cess", date: "date", cancelled: "document cancelled", reverse_charge: "reverse charge" };
const SKIPPED: Record<string, string> = { impg: "imports of goods", impgsez: "imports from SEZ", isd: "ISD credits", isda: "ISD amendments" };

/** IGST + CGST + SGST + cess, exactly (decimal strings, never floats). */
const tax = (x: { igst: string; cgst: string; sgst: string; cess: string }) =>
  formatMoney(formatDecimal([x.igst, x.cgst, x.sgst, x.cess].reduce((sum, v) => sum + (parseDecimal(v, 2) ?? 0n), 0n), 2));
const docHref = (d: Gstr2bDocument) => (d.kind === "bill" ? `/finance/bills/${d.id}` : `/finance/notes/${d.id}`);
const monthLabel = (month: string) => new Date(`${month}-01T00:00:00`).toLocaleDateString("en-IN", { month: "long", year: "numeric" });

/** GSTR-2B reconciliation (ADR 0065): import the month's file from the GST portal, see which
 *  bills the suppliers reported, which they did not, and what they reported that is not booked;
 *  link a row to its bill by hand. `?month=YYYY-MM` picks the month (the latest otherwise). */
export function Gstr2bView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const canChange = useCan("invoicing.bill.change");
  const canExport = useCan("invoicing.bill.export");
  const months = useQuery(gstr2bMonthsQuery());
  const month = params.get("month") ?? months.data?.[0]?.month;
  const [dateFrom, setDateFrom] = useState("");
  const detail = useQuery({ ...gstr2bQuery(month ?? "", dateFrom || undefined), enabled: !!month });
  const [filter, setFilter] = useState<State | "all">("all");
  const file = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState(false);
  const [failure, setFailure] = useState<{ message: string; reasons: string[] } | null>(null);

  const go = (next: string) => router.replace(`${pathname}?month=${next}`);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["gstr2b"] });

  async function onImport(f: File | undefined) {
    if (!f) return;
    setImporting(true);
    setFailure(null);
    try {
      const result = await gstr2bImport(f);
      await refresh();
      toast.success(`Imported GSTR-2B ${monthLabel(result.statement.month)}: ${result.rows.length} documents`);
      setDateFrom("");
      go(result.statement.month);
    } catch (e) {
      if (e instanceof ApiError) setFailure({ message: e.message, reasons: e.fields.file ?? [] });
      else toast.error("The file could not be sent. Check your connection.");
    } finally {
      setImporting(false);
      if (file.current) file.current.value = "";
    }
  }

  async function link(row: Gstr2bRow, document: number | null) {
    try {
      await gstr2bLink(row.id, document);
      await refresh();
      toast.success(document === null ? `${row.number} unlinked` : `${row.number} linked`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "Could not link the row.");
    }
  }

  return (
    <>
      <PageHeader
        title="GSTR-2B reconciliation"
        description="Download the month's GSTR-2B from the GST portal (Returns → GSTR-2B → Download JSON) and import it: each document your suppliers reported is set against your bills and debit notes."
        actions={
          <div className="flex flex-wrap gap-2">
            {canExport && month && <ExportButton url={`/api/v1/invoicing/gstr2b/${month}/`} query={dateFrom ? { date_from: dateFrom } : {}} formats={["xlsx", "pdf"]} />}
            {canChange && (
              <>
                <input ref={file} type="file" accept=".json,application/json" className="hidden" aria-label="GSTR-2B file" onChange={(e) => void onImport(e.target.files?.[0])} />
                <Button onClick={() => file.current?.click()} disabled={importing}>{importing ? <Loader2Icon className="animate-spin" /> : <UploadIcon />} Import GSTR-2B</Button>
              </>
            )}
          </div>
        }
      />
      {failure && (
        <div role="alert" className="mb-4 rounded-lg border border-destructive/40 bg-destructive/5 p-4 text-sm text-destructive">
          <p className="font-medium">{failure.message}</p>
          {failure.reasons.length > 1 && <ul className="mt-2 list-disc pl-5">{failure.reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
        </div>
      )}
      {months.isPending ? (
        <Skeleton className="h-48" />
      ) : months.isError ? (
        <p role="alert" className="text-destructive">{months.error.message}</p>
      ) : !month ? (
        <EmptyState icon={UploadIcon} title="No GSTR-2B imported yet" description="Import the JSON file the GST portal gives for a month to reconcile it with your bills." />
      ) : (
        <>
          <div className="mb-4 flex flex-wrap items-end gap-4">
            <div className="grid gap-1.5">
              <Label htmlFor="gstr2b-month">Month</Label>
              <NativeSelect id="gstr2b-month" value={month} onChange={(e) => { setDateFrom(""); go(e.target.value); }}>
                {months.data.map((m) => <option key={m.month} value={m.month}>{monthLabel(m.month)} ({m.rows} documents)</option>)}
              </NativeSelect>
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="gstr2b-from">Bills dated from</Label>
              <DateInput id="gstr2b-from" value={dateFrom || detail.data?.date_from || ""} onChange={setDateFrom} />
            </div>
            {canChange && (
              <ConfirmDialog
                title={`Remove GSTR-2B ${monthLabel(month)}?`}
                description="Its rows and their links go; the bills stay as they are. Import the file again to bring it back."
                confirmLabel="Remove"
                destructive
                onConfirm={async () => { await gstr2bDelete(month); await refresh(); router.replace(pathname); toast.success("Removed"); }}
                trigger={<Button variant="outline"><Trash2Icon /> Remove month</Button>}
              />
            )}
          </div>
          {detail.isPending ? <Skeleton className="h-64" /> : detail.isError ? <p role="alert" className="text-destructive">{detail.error.message}</p> : <Reconciliation data={detail.data} filter={filter} setFilter={setFilter} canChange={canChange} link={link} />}
        </>
      )}
    </>
  );
}

function Reconciliation({ data, filter, setFilter, canChange, link }: {
  data: Gstr2bReconciliation;
  filter: State | "all";
  setFilter: (f: State | "all") => void;
  canChange: boolean;
  link: (row: Gstr2bRow, document: number | null) => Promise<void>;
}) {
  const s = data.statement;
  const skipped = Object.entries(s.skipped as Record<string, number>);
  const rows = data.rows.filter((r) => filter === "all" || r.state === filter);
  return (
    <>
      <p className="mb-4 text-sm text-muted-foreground" data-testid="gstr2b-meta">
        GSTIN {s.gstin}{s.generated_on && <> · generated by the portal on {formatIsoDate(s.generated_on)}</>} · {s.file_name}
        {skipped.length > 0 && <> · not reconciled: {skipped.map(([k, n]) => `${n} ${SKIPPED[k] ?? k}`).join(", ")}</>}
      </p>
      <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {STATES.map(({ key, label, icon, hint }) => (
          <button key={key} type="button" className="text-left" aria-pressed={filter === key} onClick={() => setFilter(filter === key ? "all" : key)} data-testid={`gstr2b-${key}`}>
            <KpiCard label={label} icon={icon} value={data.summary[key].count} hint={<>Tax {formatMoney(data.summary[key].tax, { symbol: true })} · {hint}</>} />
          </button>
        ))}
      </div>
      {filter !== "missing_in_2b" && (
        <Card className="mb-6">
          <CardHeader><CardTitle className="text-base">As the suppliers reported{filter !== "all" && ` — ${STATES.find((x) => x.key === filter)?.label.toLowerCase()}`}</CardTitle></CardHeader>
          <CardContent className="overflow-x-auto">
            {rows.length === 0 ? <p className="text-sm text-muted-foreground">Nothing here.</p> : (
              <Table aria-label="GSTR-2B rows">
                <TableHeader>
                  <TableRow>
                    <TableHead>Supplier</TableHead>
                    <TableHead>Number</TableHead>
                    <TableHead>Date</TableHead>
                    <TableHead className="text-right">Taxable</TableHead>
                    <TableHead className="text-right">Tax</TableHead>
                    <TableHead>In the books</TableHead>
                    <TableHead>State</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((r) => <RowView key={r.id} row={r} canChange={canChange} link={link} others={data.missing_in_2b.filter((d) => d.gstin === r.supplier_gstin && !r.suggestions.some((x) => x.id === d.id))} />)}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      )}
      {(filter === "all" || filter === "missing_in_2b") && (
        <Card>
          <CardHeader><CardTitle className="text-base">Booked, missing in GSTR-2B ({formatIsoDate(data.date_from)} – {formatIsoDate(data.date_to)})</CardTitle></CardHeader>
          <CardContent className="overflow-x-auto">
            {data.missing_in_2b.length === 0 ? <p className="text-sm text-muted-foreground">Every bill with GST in these dates is in the suppliers&apos; returns.</p> : (
              <Table aria-label="Missing in GSTR-2B">
                <TableHeader>
                  <TableRow>
                    <TableHead>Document</TableHead>
                    <TableHead>Supplier</TableHead>
                    <TableHead>Their number</TableHead>
                    <TableHead>Date</TableHead>
                    <TableHead className="text-right">Taxable</TableHead>
                    <TableHead className="text-right">Tax</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.missing_in_2b.map((d) => (
                    <TableRow key={d.id} data-testid="gstr2b-missing">
                      <TableCell><Link className="font-medium text-primary hover:underline" href={docHref(d)}>{d.number}</Link></TableCell>
                      <TableCell>{d.partner_name}<div className="text-xs text-muted-foreground">{d.gstin}</div></TableCell>
                      <TableCell>{d.reference || "—"}</TableCell>
                      <TableCell className="whitespace-nowrap">{formatIsoDate(d.date)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(d.taxable_value)}</TableCell>
                      <TableCell className="text-right tabular-nums">{tax(d)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      )}
    </>
  );
}

function RowView({ row: r, canChange, link, others }: { row: Gstr2bRow; canChange: boolean; link: (row: Gstr2bRow, document: number | null) => Promise<void>; others: Gstr2bDocument[] }) {
  const d = r.document;
  return (
    <TableRow data-testid="gstr2b-row">
      <TableCell>{r.supplier_name || "—"}<div className="text-xs text-muted-foreground">{r.supplier_gstin}</div></TableCell>
      <TableCell className="font-medium">
        {r.number}
        {r.doc_type !== "invoice" && <div className="text-xs font-normal text-muted-foreground">{r.doc_type === "credit_note" ? "Credit note" : "Debit note"}</div>}
        {r.reverse_charge && <div className="text-xs font-normal text-muted-foreground">Reverse charge</div>}
      </TableCell>
      <TableCell className="whitespace-nowrap">{formatIsoDate(r.date)}</TableCell>
      <TableCell className="text-right tabular-nums">{formatMoney(r.taxable_value)}{d && r.differences.includes("taxable_value") && <div className="text-xs text-amber-700 dark:text-amber-400">books {formatMoney(d.taxable_value)}</div>}</TableCell>
      <TableCell className="text-right tabular-nums">{tax(r)}{d && r.differences.some((x) => ["igst", "cgst", "sgst", "cess"].includes(x)) && <div className="text-xs text-amber-700 dark:text-amber-400">books {tax(d)}</div>}</TableCell>
      <TableCell>
        {d ? (
          <div className="flex items-center gap-2">
            <Link className="text-primary hover:underline" href={docHref(d)}>{d.number}</Link>
            {canChange && <Button variant="ghost" size="sm" aria-label={`Unlink ${r.number}`} onClick={() => void link(r, null)}><UnlinkIcon /></Button>}
          </div>
        ) : canChange ? (
          <div className="flex flex-wrap items-center gap-2">
            {r.suggestions.map((x) => (
              <Button key={x.id} variant="outline" size="sm" onClick={() => void link(r, x.id)}><Link2Icon /> Link {x.number}{x.reference && ` (${x.reference})`}</Button>
            ))}
            {others.length > 0 && (
              <NativeSelect aria-label={`Link ${r.number} to`} value="" onChange={(e) => e.target.value && void link(r, Number(e.target.value))} className="h-8 w-44 text-xs">
                <option value="">Link to…</option>
                {others.map((x) => <option key={x.id} value={x.id}>{x.number} · {x.reference || "no ref."} · {formatMoney(x.taxable_value)}</option>)}
              </NativeSelect>
            )}
            {r.suggestions.length === 0 && others.length === 0 && <span className="text-sm text-muted-foreground">Not booked</span>}
          </div>
        ) : <span className="text-sm text-muted-foreground">Not booked</span>}
      </TableCell>
      <TableCell>
        <Badge variant={BADGE[r.state]}>{STATES.find((x) => x.key === r.state)?.label}</Badge>
        {r.differences.length > 0 && <div className="mt-1 text-xs text-muted-foreground">{r.differences.map((x) => DIFFERENCE[x] ?? x).join(", ")}</div>}
        {r.itc_available === "N" && <div className="mt-1 text-xs text-muted-foreground">ITC not available</div>}
      </TableCell>
    </TableRow>
  );
}
