"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, DownloadIcon, Loader2Icon, PencilIcon, SendIcon, Trash2Icon, XCircleIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { formatIsoDate } from "@/components/fields/date-input";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { documentCancel, documentDelete, documentDuplicate, documentEmailsQuery, documentPdf, documentPost, documentQuery, invoiceCreditQuery, type CreditPosition, type DocumentDetail, type DocumentFamily } from "@/lib/api/invoicing";
import { assetCategoryListQuery } from "@/lib/api/assets";
import { formatDecimal, formatMoney, mulRound, parseDecimal } from "@/lib/decimal";
import { DocumentForm } from "./document-form";
import { DocumentEmailDialog, EmailHistory } from "./email-dialog";
import { EInvoiceCard } from "./einvoice-card";
import { EWayBillCard } from "./ewaybill-card";
import { formatCurrency, formatRate } from "@/lib/currency";
import { ExchangeEntry, ExchangeGain } from "./exchange";
import { FAMILIES, STATUS_TONES } from "./families";
import { today } from "@/lib/dates";
import { NoteApplyDialog } from "./note-apply-dialog";
import { PaymentDialog } from "./payment-dialog";
import { RepeatDialog } from "./repeat-dialog";
import { ApiError } from "@/lib/api/errors";

const KIND_LABEL: Record<string, string> = { invoice: "Tax invoice", bill: "Vendor bill", credit_note: "Credit note", debit_note: "Debit note" };
const hrefOf = (kind: string) => (kind === "invoice" ? "/finance/invoices" : kind === "bill" ? "/finance/bills" : "/finance/notes");

export function DocumentView({ family, id, edit = false }: { family: DocumentFamily; id: number; edit?: boolean }) {
  const query = useQuery(documentQuery(family, id));
  if (query.isPending) return <Skeleton className="h-96" />;
  if (query.isError) return <p role="alert" className="text-destructive">{query.error.message}</p>;
  if (edit && query.data.status === "draft") return <DocumentForm family={family} initial={query.data} />;
  return <Detail family={family} doc={query.data} />;
}

function Detail({ family, doc }: { family: DocumentFamily; doc: DocumentDetail }) {
  const config = FAMILIES[family];
  const router = useRouter();
  const queryClient = useQueryClient();
  const can = (action: string) => `invoicing.${config.resource}.${action}`;
  const canPost = useCan(can("approve"));
  const canChange = useCan(can("change"));
  const canDelete = useCan(can("delete"));
  const canCreate = useCan(can("create"));
  const canPay = useCan("invoicing.payment.create");
  const canSend = useCan(can("send"));
  const canOverride = useCan("invoicing.credit_limit.approve");
  const canSeeEntries = useCan("finance.journal.view");
  // a posted bill's line on a fixed asset ledger offers to register the asset (ADR 0075)
  const canRegisterAsset = useCan("assets.asset.create") && family === "bills" && ["posted", "partly_paid", "paid"].includes(doc.status ?? "");
  const assetCategories = useQuery({ ...assetCategoryListQuery(), enabled: canRegisterAsset });
  const categoryOfLedger = new Map((assetCategories.data ?? []).filter((c) => c.is_active !== false).map((c) => [c.asset_account, c.id]));
  // a draft invoice is held to its customer's credit limit when posted (ADR 0059)
  const heldToLimit = doc.kind === "invoice" && doc.status === "draft" && !doc.is_opening;
  const credit = useQuery({ ...invoiceCreditQuery(doc.id), enabled: heldToLimit });
  // once posted the (cached) position no longer applies
  const position = heldToLimit ? credit.data : undefined;
  // over the limit (with the company's grace) or on credit hold for overdue invoices
  const onHold = Boolean(position?.hold);
  const overLimit = Number(position?.over_by ?? 0) > 0 || onHold;
  // bills come from vendors: invoices and notes are the documents sent to the party
  const mailFamily = family === "bills" || doc.status === "draft" ? null : family;
  const [busy, setBusy] = useState("");
  const open = doc.status === "posted" || doc.status === "partly_paid";
  const paymentKind = doc.kind === "invoice" ? "receipt" : doc.kind === "bill" ? "payment" : null;

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: [family] });
  }
  async function pdf() {
    setBusy("pdf");
    try {
      toast.success(`Downloaded ${await documentPdf(family, doc.id)}`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "The PDF could not be made.");
    } finally {
      setBusy("");
    }
  }
  async function duplicate() {
    setBusy("duplicate");
    try {
      const copy = await documentDuplicate(family as "invoices" | "bills", doc.id);
      await refresh();
      toast.success(`Draft copied from ${doc.number || `draft #${doc.id}`}`);
      router.push(`${config.href}/${copy.id}?edit=1`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "The document could not be copied.");
    } finally {
      setBusy("");
    }
  }
  const title = doc.number || `Draft ${KIND_LABEL[doc.kind]?.toLowerCase() ?? ""} #${doc.id}`;
  const inter = doc.is_inter_state;
  const showExchange = [...doc.settlements, ...doc.applications].some((x) => Number(x.exchange_gain) !== 0);
  return (
    <>
      <PageHeader
        title={title}
        description={`${doc.is_opening ? `Opening balance (${KIND_LABEL[doc.kind]?.toLowerCase()})` : KIND_LABEL[doc.kind]} · ${doc.party_name || doc.partner.name} · ${formatIsoDate(doc.date)}`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {doc.is_opening && <Badge variant="secondary" data-testid="opening-badge">Opening balance</Badge>}
            {doc.reverse_charge && <Badge variant="secondary" data-testid="reverse-charge-badge">Reverse charge</Badge>}
            <StatusBadge status={doc.status ?? "draft"} tones={STATUS_TONES} />
            {doc.status === "draft" && canChange && (
              <Button variant="outline" asChild>
                <Link href={`${config.href}/${doc.id}?edit=1`}><PencilIcon /> Edit</Link>
              </Button>
            )}
            {doc.status === "draft" && canDelete && (
              <ConfirmDialog
                title="Delete this draft?"
                confirmLabel="Delete"
                destructive
                onConfirm={async () => { await documentDelete(family, doc.id); await refresh(); router.push(config.href); }}
                trigger={<Button variant="outline"><Trash2Icon /> Delete</Button>}
              />
            )}
            {doc.status === "draft" && canPost && (
              <ConfirmDialog
                title={`Post this ${KIND_LABEL[doc.kind]?.toLowerCase()}?`}
                description={
                  overLimit && canOverride
                    ? `${onHold ? "The customer is on credit hold for overdue invoices" : "It takes the customer past its credit limit"}. Posting it anyway is recorded in the audit log under your name.`
                    : "It takes the next legal number and is written to the books. A posted document cannot be edited; cancel it with a note instead."
                }
                confirmLabel={overLimit && canOverride ? "Post anyway" : "Post"}
                destructive={overLimit && canOverride}
                onConfirm={async () => {
                  try {
                    const posted = await documentPost(family, doc.id, overLimit && canOverride ? { override_credit_limit: true } : {});
                    await refresh();
                    toast.success(`Posted as ${posted.number}`);
                  } catch (e) {
                    // the customer's position may have changed since the page was read
                    if (e instanceof ApiError && (e.code === "credit_limit_exceeded" || e.code === "credit_hold_overdue")) await credit.refetch();
                    throw e;
                  }
                }}
                trigger={<Button><SendIcon /> Post</Button>}
              />
            )}
            {(family === "invoices" || family === "bills") && !doc.is_opening && canCreate && (
              <Button variant="outline" onClick={duplicate} disabled={busy === "duplicate"}>
                {busy === "duplicate" ? <Loader2Icon className="animate-spin" /> : <CopyIcon />} Duplicate
              </Button>
            )}
            {doc.kind === "invoice" && !doc.is_opening && doc.status !== "cancelled" && canCreate && <RepeatDialog doc={doc} />}
            <Button variant="outline" onClick={pdf} disabled={busy === "pdf"}>
              {busy === "pdf" ? <Loader2Icon className="animate-spin" /> : <DownloadIcon />} PDF
            </Button>
            {mailFamily && canSend && <DocumentEmailDialog family={mailFamily} id={doc.id} number={doc.number} partyName={doc.party_name || doc.partner.name} />}
            {open && paymentKind && canPay && <PaymentDialog document={doc} kind={paymentKind} />}
            {open && !paymentKind && canPost && Number(doc.amount_open) > 0 && <NoteApplyDialog note={doc} />}
            {doc.status !== "draft" && doc.status !== "cancelled" && canPost && (
              <ConfirmDialog
                title={`Cancel ${doc.number}?`}
                description={
                  <>
                    {doc.kind === "invoice" || doc.kind === "bill" ? "A reversing note is posted for the whole document and applied to what is still open." : "The note's entry is reversed and its applications undone."}
                    {doc.einvoice?.status === "active" && " It has an IRN: cancel that on the IRP first (within 24 hours of its acknowledgement) and record it on this page, or the reversing note needs an IRN of its own."}
                  </>
                }
                confirmLabel="Cancel document"
                destructive
                onConfirm={async () => {
                  const result = await documentCancel(family, doc.id, { date: today() < doc.date ? doc.date : today() });
                  await queryClient.invalidateQueries();
                  toast.success(result.id === doc.id ? `${doc.number} cancelled` : `${doc.number} cancelled by ${result.number}`);
                }}
                trigger={<Button variant="outline"><XCircleIcon /> Cancel</Button>}
              />
            )}
          </div>
        }
      />
      {position && (Number(position.limit) > 0 || position.hold) && <CreditNotice credit={position} party={doc.party_name || doc.partner.name} canOverride={canOverride} />}
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader><CardTitle>Lines</CardTitle></CardHeader>
          <CardContent className="overflow-x-auto">
            <Table aria-label="Lines">
              <TableHeader>
                <TableRow>
                  <TableHead>Description</TableHead>
                  <TableHead>HSN/SAC</TableHead>
                  <TableHead className="text-right">Qty</TableHead>
                  <TableHead className="text-right">Rate</TableHead>
                  <TableHead className="text-right">Taxable</TableHead>
                  <TableHead className="text-right">GST</TableHead>
                  <TableHead className="text-right">Total</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {doc.lines.map((l) => (
                  <TableRow key={l.id}>
                    <TableCell>
                      {l.description}
                      {(l.account_name || l.cost_centre_name || l.itc_eligible === false) && (
                        <span className="block text-xs text-muted-foreground" data-testid="line-booking">
                          {[l.account_name && `Ledger ${l.account_name}`, l.cost_centre_name && `Cost centre ${l.cost_centre_name}`, l.itc_eligible === false && "Input credit blocked: tax in the cost"].filter(Boolean).join(" · ")}
                        </span>
                      )}
                      {canRegisterAsset && l.account != null && categoryOfLedger.has(l.account) && (
                        <Link className="block text-xs text-primary hover:underline" data-testid="line-register-asset" href={assetFromLine(doc, l, categoryOfLedger.get(l.account)!)}>
                          Register as a fixed asset
                        </Link>
                      )}
                    </TableCell>
                    <TableCell>{l.hsn_sac}</TableCell>
                    <TableCell className="text-right tabular-nums">{Number(l.quantity)} {l.unit}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatMoney(l.unit_price, { symbol: false })}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatMoney(l.taxable_value, { symbol: false })}</TableCell>
                    <TableCell className="text-right tabular-nums">{Number(l.gst_rate)}%</TableCell>
                    <TableCell className="text-right tabular-nums">{formatMoney(l.total, { symbol: false })}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>Totals ({doc.currency})</CardTitle></CardHeader>
          <CardContent>
            <dl className="grid grid-cols-2 gap-y-1 text-sm" data-testid="document-totals">
              <dt className="text-muted-foreground">Taxable value</dt><dd className="text-right tabular-nums">{formatCurrency(doc.taxable_total, doc.currency)}</dd>
              {inter ? (
                <><dt className="text-muted-foreground">IGST</dt><dd className="text-right tabular-nums">{formatCurrency(doc.igst_total, doc.currency)}</dd></>
              ) : (
                <>
                  <dt className="text-muted-foreground">CGST</dt><dd className="text-right tabular-nums">{formatCurrency(doc.cgst_total, doc.currency)}</dd>
                  <dt className="text-muted-foreground">SGST</dt><dd className="text-right tabular-nums">{formatCurrency(doc.sgst_total, doc.currency)}</dd>
                </>
              )}
              {Number(doc.cess_total) !== 0 && (<><dt className="text-muted-foreground">Cess</dt><dd className="text-right tabular-nums">{formatCurrency(doc.cess_total, doc.currency)}</dd></>)}
              {doc.reverse_charge && <p className="col-span-2 text-xs text-muted-foreground" data-testid="reverse-charge-note">The tax above is ours to pay on reverse charge: booked as input credit and as reverse-charge tax payable, not owed to the vendor.</p>}
              <dt className="text-muted-foreground">Round off</dt><dd className="text-right tabular-nums">{formatCurrency(doc.round_off, doc.currency)}</dd>
              <dt className="font-semibold">{doc.reverse_charge ? "Total to the vendor" : "Total"}</dt><dd className="text-right font-semibold tabular-nums" data-testid="document-total">{formatCurrency(doc.total, doc.currency)}</dd>
              {doc.currency !== "INR" && (<><dt className="text-muted-foreground">At ₹{formatRate(doc.exchange_rate)}</dt><dd className="text-right tabular-nums" data-testid="document-total-base">{formatMoney(doc.total_base)}</dd></>)}
              {doc.status !== "draft" && (
                <>
                  <dt className="text-muted-foreground">Settled</dt><dd className="text-right tabular-nums">{formatCurrency(doc.amount_settled, doc.currency)}</dd>
                  <dt className="text-muted-foreground">Open</dt><dd className="text-right tabular-nums" data-testid="document-open">{formatCurrency(doc.amount_open, doc.currency)}</dd>
                </>
              )}
            </dl>
            <p className="mt-4 text-xs text-muted-foreground">
              Place of supply {doc.place_of_supply} · {inter ? "inter-state (IGST)" : "intra-state (CGST + SGST)"}
              {doc.party_gstin ? ` · GSTIN ${doc.party_gstin}` : " · unregistered"}
            </p>
            <p className="mt-2 text-xs">
              <Link className="text-primary hover:underline" href={`/partners/${doc.partner.id}`}>{doc.partner.code} · statement</Link>
              {doc.original_number && <> · against <Link className="text-primary hover:underline" href={`${hrefOf(doc.kind === "credit_note" ? "invoice" : "bill")}/${doc.original}`}>{doc.original_number}</Link></>}
              {doc.journal_entry && canSeeEntries && <> · <Link className="text-primary hover:underline" data-testid="document-entry" href={`/finance/journal/${doc.journal_entry}`}>journal entry</Link></>}
            </p>
          </CardContent>
        </Card>
        {(family === "invoices" || family === "notes") && doc.status !== "draft" && (doc.einvoice || doc.einvoice_applicable) && <EInvoiceCard family={family} doc={doc} />}
        {family === "invoices" && doc.status !== "draft" && (doc.ewaybill || (doc.ewaybill_applicable && doc.status !== "cancelled")) && <EWayBillCard doc={doc} />}
        {(doc.settlements.length > 0 || doc.applications.length > 0) && (
          <Card className="lg:col-span-3">
            <CardHeader><CardTitle>{doc.settlements.length ? "Payments and adjustments" : "Applied to"}</CardTitle></CardHeader>
            <CardContent>
              <Table aria-label="Settlements">
                <TableBody>
                  {doc.settlements.map((s) => (
                    <TableRow key={`s${s.id}`}>
                      <TableCell>{formatIsoDate(s.date)}</TableCell>
                      <TableCell>{s.source_type === "payment" ? <Link className="text-primary hover:underline" href={`/finance/payments/${s.payment}`}>{s.source_number}</Link> : <Link className="text-primary hover:underline" href={`/finance/notes/${s.note}`}>{s.source_number}</Link>}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatCurrency(s.amount, doc.currency)}</TableCell>
                      {showExchange && <TableCell className="text-right"><ExchangeGain value={s.exchange_gain} /></TableCell>}
                      {showExchange && <TableCell><ExchangeEntry entry={s.exchange_entry} number={s.exchange_entry_number} /></TableCell>}
                    </TableRow>
                  ))}
                  {doc.applications.map((a) => (
                    <TableRow key={`a${a.id}`}>
                      <TableCell>{formatIsoDate(a.date)}</TableCell>
                      <TableCell>{a.document_number}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatCurrency(a.amount, doc.currency)}</TableCell>
                      {showExchange && <TableCell className="text-right"><ExchangeGain value={a.exchange_gain} /></TableCell>}
                      {showExchange && <TableCell><ExchangeEntry entry={a.exchange_entry} number={a.exchange_entry_number} /></TableCell>}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        )}
        {mailFamily && <EmailHistory query={documentEmailsQuery(mailFamily, doc.id)} />}
      </div>
    </>
  );
}

/** What the customer owes, its credit limit and where this draft invoice takes it (ADR 0059). */
function CreditNotice({ credit, party, canOverride }: { credit: CreditPosition; party: string; canOverride: boolean }) {
  const over = Number(credit.over_by) > 0;
  const hold = credit.hold;
  const amber = over || Boolean(hold);
  const hasLimit = Number(credit.limit) > 0;
  const grace = Number(credit.grace_percent) > 0;
  const advice = canOverride
    ? "You may post it anyway; it is recorded in the audit log."
    : `Record a payment first, or ask someone allowed to override ${hold ? "credit holds" : "credit limits"} to post it.`;
  return (
    <div
      data-testid="credit-notice"
      role={amber ? "alert" : "status"}
      className={`mb-4 rounded-md border p-3 text-sm ${amber ? "border-amber-500/40 bg-amber-500/10 text-amber-900 dark:text-amber-200" : "text-muted-foreground"}`}
    >
      {hasLimit && (
        <p>
          Credit limit {formatMoney(credit.limit)}
          {grace && <> ({formatMoney(credit.effective_limit)} with {credit.grace_percent}% grace)</>} · {party} owes {formatMoney(credit.owed)} · after this invoice {formatMoney(credit.owed_after)}
        </p>
      )}
      {over && (
        <p className="mt-1 font-medium">
          Posting this invoice takes {party} {formatMoney(credit.over_by)} past its credit limit{grace ? " and its grace" : ""}.{!hold && ` ${advice}`}
        </p>
      )}
      {hold && (
        <div data-testid="credit-hold" className={hasLimit ? "mt-2" : ""}>
          <p className="font-medium">
            {party} is on credit hold: {hold.invoices.length === 1 ? "an invoice is" : "invoices are"} more than {hold.days} days overdue.
          </p>
          <ul className="mt-1 list-disc pl-5">
            {hold.invoices.map((inv) => (
              <li key={inv.id}>
                <Link className="underline" href={`${FAMILIES.invoices.href}/${inv.id}`}>{inv.number}</Link> due {formatIsoDate(inv.due_date)},{" "}
                {formatCurrency(inv.amount_open, inv.currency)} open, {inv.days_overdue} days overdue
              </li>
            ))}
          </ul>
        </div>
      )}
      {hold && <p className="mt-1 font-medium">{advice}</p>}
    </div>
  );
}

/** The fixed-asset form's address, filled from a bill line: what the line capitalised in the
 *  base currency (its taxable value at the bill's rate, with the tax when its credit is
 *  blocked), its description and the bill's date. The server checks it against the entry. */
function assetFromLine(doc: DocumentDetail, l: DocumentDetail["lines"][number], category: number): string {
  const taxes = l.itc_eligible === false ? [l.cgst, l.sgst, l.igst, l.cess] : [];
  const paise = [l.taxable_value, ...taxes].reduce((sum, v) => sum + (parseDecimal(v ?? "0", 2) ?? 0n), 0n);
  const base = mulRound(paise, 2, parseDecimal(doc.exchange_rate ?? "1", 6) ?? 1_000_000n, 6, 2);
  const query = new URLSearchParams({
    register: String(doc.id),
    bill_number: doc.number ?? "",
    party: doc.party_name ?? "",
    date: doc.date,
    name: l.description,
    cost: formatDecimal(base, 2),
    category: String(category),
    cost_centre: l.cost_centre != null ? String(l.cost_centre) : "",
  });
  return `/finance/assets?${query}`;
}
