"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { PencilIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { companyQuery } from "@/lib/api/admin";
import { journalEntryDelete, journalEntryPost, journalEntryQuery, journalEntryReverse, type JournalLine } from "@/lib/api/finance";
import { today } from "@/lib/dates";
import { formatCurrency, formatRate } from "@/lib/currency";
import { formatDecimal, parseDecimal } from "@/lib/decimal";
import { Amount } from "../../_components/format";

/** Exact sum of decimal strings as the API sends them (4 places). */
function sum4(values: string[]): string {
  return formatDecimal(values.reduce((s, v) => s + (parseDecimal(v, 4) ?? 0n), 0n), 4);
}

/** A document-currency amount in a line: blank for zero. */
function DocAmount({ value, currency }: { value: string; currency: string }) {
  if (!parseDecimal(value, 4)) return <span className="text-muted-foreground/50">—</span>;
  return <span className="tabular-nums">{formatCurrency(value, currency)}</span>;
}

export function JournalDetail({ entryId }: { entryId: number }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const canApprove = useCan("finance.journal.approve");
  const canChange = useCan("finance.journal.change");
  const canDelete = useCan("finance.journal.delete");
  const { data: entry, error } = useQuery(journalEntryQuery(entryId));
  const company = useQuery(companyQuery());
  const [reverseDate, setReverseDate] = useState(today());
  const [reason, setReason] = useState("");

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: ["finance-journal"] });
    await queryClient.invalidateQueries({ queryKey: ["finance-reports"] });
  }

  if (error) return <p className="text-destructive">{error.message}</p>;
  if (!entry) return <p className="text-muted-foreground">Loading…</p>;
  const base = company.data?.base_currency ?? "INR";
  const currency = entry.currency ?? base;
  const foreign = currency !== base;
  // The lines' document-currency amounts: amount_currency is signed, debit positive.
  const docDebit = (l: JournalLine) => (l.amount_currency.startsWith("-") ? "0" : l.amount_currency);
  const docCredit = (l: JournalLine) => (l.amount_currency.startsWith("-") ? l.amount_currency.slice(1) : "0");
  const debit = sum4(entry.lines.map((l) => l.debit));
  const credit = sum4(entry.lines.map((l) => l.credit));
  return (
    <>
      <PageHeader
        title={entry.number || `Draft #${entry.id}`}
        description={entry.narration || undefined}
        actions={
          <div className="flex flex-wrap gap-2">
            {entry.status === "draft" && canChange && (
              <Button variant="outline" asChild>
                <Link href={`/finance/journal/${entry.id}/edit`} data-testid="je-edit">
                  <PencilIcon /> Edit
                </Link>
              </Button>
            )}
            {entry.status === "draft" && canDelete && (
              <ConfirmDialog
                title="Delete this draft?"
                description="The draft and its lines are removed. Nothing was posted, so the books do not change."
                confirmLabel="Delete draft"
                destructive
                onConfirm={async () => {
                  await journalEntryDelete(entry.id);
                  // mark the journal stale without refetching this page's entry, which is gone
                  await queryClient.invalidateQueries({ queryKey: ["finance-journal"], refetchType: "none" });
                  toast.success("Draft deleted");
                  router.push("/finance/journal");
                }}
                trigger={
                  <Button variant="outline" data-testid="je-delete">
                    <Trash2Icon /> Delete draft
                  </Button>
                }
              />
            )}
            {entry.status === "draft" && canApprove && (
              <ConfirmDialog
                title="Post this entry?"
                description="It takes the next number and counts in the books. Posted entries cannot be edited, only reversed."
                confirmLabel="Post"
                onConfirm={async () => {
                  await journalEntryPost(entry.id);
                  await refresh();
                  toast.success("Entry posted");
                }}
                trigger={<Button data-testid="je-detail-post">Post</Button>}
              />
            )}
            {entry.status === "posted" && !entry.is_closing && canApprove && (
              <ConfirmDialog
                title="Reverse this entry?"
                description="A new entry with debits and credits swapped is posted on the date you choose."
                confirmLabel="Reverse"
                onConfirm={async () => {
                  const reversal = await journalEntryReverse(entry.id, { date: reverseDate, reason });
                  await refresh();
                  toast.success(`Reversed by ${reversal.number}`);
                  router.push(`/finance/journal/${reversal.id}`);
                }}
                trigger={<Button variant="outline" data-testid="je-reverse">Reverse</Button>}
              >
                <div className="space-y-3">
                  <FormField id="rev-date" label="Reversal date">
                    <DateInput id="rev-date" value={reverseDate} onChange={setReverseDate} />
                  </FormField>
                  <FormField id="rev-reason" label="Reason">
                    <Input id="rev-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
                  </FormField>
                </div>
              </ConfirmDialog>
            )}
          </div>
        }
      />
      <Card>
        <CardContent className="space-y-4 pt-6">
          <dl className="grid gap-3 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-muted-foreground">Date</dt>
              <dd>{formatIsoDate(entry.date)}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Status</dt>
              <dd>
                <StatusBadge status={entry.status ?? "draft"} tones={{ reversed: "warning" }} />
              </dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Amount</dt>
              <dd className="tabular-nums" data-testid="je-detail-total">{formatCurrency(entry.total, base)}</dd>
              {foreign && (
                <dd className="text-xs tabular-nums text-muted-foreground" data-testid="je-detail-currency">
                  {formatCurrency(sum4(entry.lines.map(docDebit)), currency)} at {formatRate(entry.exchange_rate ?? "1")} {base}/{currency}
                </dd>
              )}
            </div>
            <div>
              <dt className="text-muted-foreground">Source</dt>
              <dd>
                {entry.source_url ? (
                  <Link className="text-primary hover:underline" href={entry.source_url} data-testid="je-source">
                    {entry.source_type} #{entry.source_id}
                  </Link>
                ) : entry.reversal_of ? (
                  <Link className="text-primary hover:underline" href={`/finance/journal/${entry.reversal_of}`}>
                    Reverses entry #{entry.reversal_of}
                  </Link>
                ) : (
                  "Manual entry"
                )}
                {entry.reversed_by && (
                  <>
                    {" · "}
                    <Link className="text-primary hover:underline" href={`/finance/journal/${entry.reversed_by}`}>
                      Reversed by #{entry.reversed_by}
                    </Link>
                  </>
                )}
              </dd>
            </div>
          </dl>
          <div className="overflow-x-auto">
            <Table aria-label="Lines">
              <TableHeader>
                {foreign && (
                  <TableRow className="hover:bg-transparent">
                    <TableHead colSpan={2} />
                    <TableHead colSpan={2} className="h-7 border-b text-center text-xs">In {currency}</TableHead>
                    <TableHead colSpan={2} className="h-7 border-b text-center text-xs">In {base} (posted)</TableHead>
                  </TableRow>
                )}
                <TableRow>
                  <TableHead>Account</TableHead>
                  <TableHead className="hidden md:table-cell">Description</TableHead>
                  {foreign && <TableHead className="text-right">Debit</TableHead>}
                  {foreign && <TableHead className="text-right">Credit</TableHead>}
                  <TableHead className="text-right">Debit</TableHead>
                  <TableHead className="text-right">Credit</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {entry.lines.map((line) => (
                  <TableRow key={line.id} data-testid="je-detail-line">
                    <TableCell>
                      {line.account_code} {line.account_name}
                      {line.partner_name && <span className="block text-xs text-muted-foreground">{line.partner_name}</span>}
                      {line.cost_centre_code && <span className="block text-xs text-muted-foreground" data-testid="je-line-cost-centre">Cost centre {line.cost_centre_code}</span>}
                    </TableCell>
                    <TableCell className="hidden md:table-cell text-muted-foreground">{line.description || "—"}</TableCell>
                    {foreign && (
                      <TableCell className="text-right" data-testid="je-line-doc-debit">
                        <DocAmount value={docDebit(line)} currency={currency} />
                      </TableCell>
                    )}
                    {foreign && (
                      <TableCell className="text-right" data-testid="je-line-doc-credit">
                        <DocAmount value={docCredit(line)} currency={currency} />
                      </TableCell>
                    )}
                    <TableCell className="text-right" data-testid="je-line-debit">
                      <Amount value={line.debit} />
                    </TableCell>
                    <TableCell className="text-right" data-testid="je-line-credit">
                      <Amount value={line.credit} />
                    </TableCell>
                  </TableRow>
                ))}
                <TableRow className="font-medium">
                  <TableCell colSpan={2}>Total</TableCell>
                  {foreign && <TableCell className="text-right tabular-nums">{formatCurrency(sum4(entry.lines.map(docDebit)), currency)}</TableCell>}
                  {foreign && <TableCell className="text-right tabular-nums">{formatCurrency(sum4(entry.lines.map(docCredit)), currency)}</TableCell>}
                  <TableCell className="text-right tabular-nums" data-testid="je-detail-total-debit">{formatCurrency(debit, base)}</TableCell>
                  <TableCell className="text-right tabular-nums" data-testid="je-detail-total-credit">{formatCurrency(credit, base)}</TableCell>
                </TableRow>
              </TableBody>
            </Table>
          </div>
        </CardContent>
      </Card>
    </>
  );
}
