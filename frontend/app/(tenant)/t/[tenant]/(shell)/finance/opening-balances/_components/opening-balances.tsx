"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2Icon, DownloadIcon, Loader2Icon, PlusIcon, TriangleAlertIcon, UploadIcon } from "lucide-react";
import Link from "next/link";
import { useRef, useState } from "react";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { formatIsoDate } from "@/components/fields/date-input";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { documentListQuery, openingImport, openingSummaryQuery, openingTemplate, type DocumentSummary } from "@/lib/api/invoicing";
import { formatCurrency } from "@/lib/currency";
import { formatMoney } from "@/lib/decimal";

/** "rows.5.amount" -> [5, "amount"]. */
function rowError(key: string): [number, string] | null {
  const m = /^rows\.(\d+)\.(\w+)$/.exec(key);
  return m ? [Number(m[1]), m[2] ?? ""] : null;
}

function Step({ n, title, children }: { n: number; title: string; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-3 text-base">
          <span className="flex size-7 items-center justify-center rounded-full bg-primary text-sm text-primary-foreground">{n}</span>
          {title}
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">{children}</CardContent>
    </Card>
  );
}

function OpeningDocuments({ family, title }: { family: "invoices" | "bills"; title: string }) {
  const { data } = useQuery(documentListQuery(family, { is_opening: "true", page_size: 100, ordering: "date" }));
  const rows: DocumentSummary[] = data?.results ?? [];
  return (
    <div>
      <h3 className="mb-2 font-medium">{title} ({data?.count ?? "…"})</h3>
      {rows.length === 0 ? (
        <p className="text-muted-foreground">None yet.</p>
      ) : (
        <Table aria-label={title}>
          <TableHeader>
            <TableRow>
              <TableHead>Number</TableHead>
              <TableHead>Party</TableHead>
              <TableHead>Old reference</TableHead>
              <TableHead>Date</TableHead>
              <TableHead className="text-right">Amount</TableHead>
              <TableHead className="text-right">Open</TableHead>
              <TableHead>Status</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((d) => (
              <TableRow key={d.id} data-testid="opening-document">
                <TableCell><Link className="font-medium text-primary hover:underline" href={`/finance/${family}/${d.id}`}>{d.number || "Draft"}</Link></TableCell>
                <TableCell>{d.party_name}</TableCell>
                <TableCell>{d.reference || "—"}</TableCell>
                <TableCell className="whitespace-nowrap">{formatIsoDate(d.date)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCurrency(d.total, d.currency)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCurrency(d.amount_open, d.currency)}</TableCell>
                <TableCell><StatusBadge status={d.status ?? "draft"} /></TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {data && data.count > rows.length && (
        <p className="mt-2 text-muted-foreground">
          Showing the first {rows.length} of {data.count}.{" "}
          <Link className="text-primary hover:underline" href={`/finance/${family}?is_opening=true&ordering=date`}>
            See all {data.count} {family === "invoices" ? "opening invoices" : "opening bills"}
          </Link>
        </p>
      )}
    </div>
  );
}

export function OpeningBalances() {
  const queryClient = useQueryClient();
  const canImportInvoices = useCan("invoicing.invoice.create");
  const canImportBills = useCan("invoicing.bill.create");
  const canImport = canImportInvoices || canImportBills;
  const canJournal = useCan("finance.journal.create");
  const { data: summary } = useQuery(openingSummaryQuery());
  const file = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState(false);
  const [failure, setFailure] = useState<{ message: string; fields: Record<string, string[]> } | null>(null);

  async function onImport(f: File | undefined) {
    if (!f) return;
    setImporting(true);
    setFailure(null);
    try {
      const result = await openingImport(f);
      toast.success(`Brought forward ${result.created} documents`);
      await Promise.all(["opening-balances", "invoices", "bills"].map((k) => queryClient.invalidateQueries({ queryKey: [k] })));
    } catch (e) {
      if (e instanceof ApiError) setFailure({ message: e.message, fields: e.fields });
    } finally {
      setImporting(false);
      if (file.current) file.current.value = "";
    }
  }

  const balance = Number(summary?.balance ?? "0");
  // nothing brought forward yet is not "complete"
  const started = summary !== undefined && summary.invoices.count + summary.bills.count + summary.entries.length > 0;
  const complete = started && balance === 0;
  const rowErrors = Object.entries(failure?.fields ?? {})
    .map(([k, v]) => ({ at: rowError(k), key: k, message: v.join(" ") }))
    .filter((e) => e.at !== null) as Array<{ at: [number, string]; key: string; message: string }>;
  const fileErrors = Object.entries(failure?.fields ?? {}).filter(([k]) => rowError(k) === null);

  return (
    <>
      <PageHeader
        title="Opening balances"
        description="Switching to us from Tally, another system or spreadsheets? Bring forward what your previous books held on the day you start here, in three steps."
      />
      <div className="grid gap-4">
        <Step n={1} title="Opening trial balance">
          <p>
            Enter one journal entry dated your start date with everything except what customers owe you and what you owe vendors: bank and cash, stock, fixed assets, loans, capital and GST credit carried forward.
            Balance it against <strong>{summary ? `${summary.account.code} ${summary.account.name}` : "3300 Opening Balance Adjustment"}</strong>.
          </p>
          {canJournal && (
            <div><Button asChild variant="outline"><Link href="/finance/journal/new"><PlusIcon /> New journal entry</Link></Button></div>
          )}
          {summary && summary.entries.length > 0 && (
            <ul className="list-disc pl-5" aria-label="Opening journal entries">
              {summary.entries.map((e) => (
                <li key={e.id}>
                  <Link className="text-primary hover:underline" href={`/finance/journal/${e.id}`}>{e.number || "Draft"}</Link> {formatIsoDate(e.date)} — {e.narration || "Journal entry"}: debit {formatMoney(e.debit, { symbol: true })}, credit {formatMoney(e.credit, { symbol: true })} ({e.status})
                </li>
              ))}
            </ul>
          )}
        </Step>

        <Step n={2} title="Unpaid customer invoices and vendor bills">
          <p>
            Each invoice a customer has not yet paid, and each bill you have not yet paid, comes forward as its own opening document, so it can be aged, shown on statements and paid here.
            They carry no GST (it was accounted for in your previous books) and are numbered OB/….
          </p>
          <ol className="list-decimal pl-5">
            <li>Download the template: one row per document — <code>type</code> (invoice or bill), <code>partner_code</code>, <code>date</code>, <code>reference</code> (its old number), <code>due_date</code>, <code>amount</code> still outstanding, <code>currency</code> and <code>exchange_rate</code> for foreign currency, <code>description</code>.</li>
            <li>Upload the filled file. Every row is checked; if any row is wrong, nothing is imported and the errors are listed below.</li>
          </ol>
          <p className="text-muted-foreground">Or enter one at a time with the invoice or bill form, ticking “Opening balance”.</p>
          <div className="flex flex-wrap gap-2">
            <Button variant="outline" onClick={() => openingTemplate().catch(() => toast.error("Could not download the template."))}><DownloadIcon /> Download template</Button>
            {canImport && (
              <>
                <input ref={file} type="file" accept=".xlsx" className="hidden" aria-label="Opening balances file" onChange={(e) => onImport(e.target.files?.[0])} />
                <Button onClick={() => file.current?.click()} disabled={importing}>{importing ? <Loader2Icon className="animate-spin" /> : <UploadIcon />} Upload filled file</Button>
              </>
            )}
            <Button asChild variant="ghost"><Link href="/finance/invoices/new">New invoice</Link></Button>
            <Button asChild variant="ghost"><Link href="/finance/bills/new">New bill</Link></Button>
          </div>
          {failure && (
            <div role="alert" data-testid="import-errors" className="rounded-md bg-destructive/10 p-3 text-destructive">
              <p className="font-medium">{failure.message}</p>
              {fileErrors.map(([k, v]) => <p key={k}>{v.join(" ")}</p>)}
              {rowErrors.length > 0 && (
                <Table aria-label="Row errors" className="mt-2">
                  <TableHeader>
                    <TableRow><TableHead>Row</TableHead><TableHead>Column</TableHead><TableHead>Problem</TableHead></TableRow>
                  </TableHeader>
                  <TableBody>
                    {rowErrors.map((e) => (
                      <TableRow key={e.key} data-testid="row-error"><TableCell>{e.at[0]}</TableCell><TableCell><code>{e.at[1]}</code></TableCell><TableCell>{e.message}</TableCell></TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </div>
          )}
          <OpeningDocuments family="invoices" title="Opening customer invoices" />
          <OpeningDocuments family="bills" title="Opening vendor bills" />
        </Step>

        <Step n={3} title="Check">
          <p>Once the trial balance and the open invoices and bills are both in, the opening balance account nets to zero.</p>
          {summary && (
            <div data-testid="opening-check" className={`flex items-start gap-3 rounded-md border p-3 ${complete ? "border-green-600/40 bg-green-600/10 text-green-800 dark:text-green-300" : "border-amber-500/40 bg-amber-500/10 text-amber-900 dark:text-amber-200"}`}>
              {complete ? <CheckCircle2Icon className="mt-0.5 size-5" /> : <TriangleAlertIcon className="mt-0.5 size-5" />}
              <div>
                <p className="font-medium">
                  Opening balance adjustment: {formatMoney(summary.balance, { symbol: true })}
                  {complete ? " — your opening balances are complete" : !started ? " — nothing brought forward yet" : balance > 0 ? " (credit) — capital, loans or other credit balances are still to come" : " (debit) — bank, stock, assets or other debit balances are still to come"}
                </p>
                <p className="text-sm">
                  Invoices: {summary.invoices.count} for {formatMoney(summary.invoices.total_base, { symbol: true })} ({formatMoney(summary.invoices.open_base, { symbol: true })} open) ·
                  Bills: {summary.bills.count} for {formatMoney(summary.bills.total_base, { symbol: true })} ({formatMoney(summary.bills.open_base, { symbol: true })} open) ·
                  Journal entries: {summary.entries.length}
                  {summary.invoices.drafts + summary.bills.drafts > 0 && ` · ${summary.invoices.drafts + summary.bills.drafts} opening drafts not yet posted`}
                </p>
              </div>
            </div>
          )}
        </Step>
      </div>
    </>
  );
}
