"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link2Icon, Link2OffIcon, PlusIcon, WandSparklesIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { formatIsoDate } from "@/components/fields/date-input";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { autoMatch, lineEntryCreate, lineMatch, lineUnmatch, statementQuery, type BankStatementLine } from "@/lib/api/banking";
import { ApiError } from "@/lib/api/errors";
import { accountListQuery, costCentreListQuery } from "@/lib/api/finance";
import { formatMoney } from "@/lib/decimal";
import { costCentreOptions } from "../../_components/line-choices";
import { StatementDelete } from "./bank-statements";
import { ReconciliationCard } from "./reconciliation-card";

function CreateEntry({ statement, line, onDone }: { statement: number; line: BankStatementLine; onDone: () => Promise<void> }) {
  const { data: accounts } = useQuery(accountListQuery());
  const ledgers = (accounts ?? []).filter((a) => !a.is_group && a.is_active !== false && a.role !== "bank");
  const [ledger, setLedger] = useState("");
  const [narration, setNarration] = useState(line.description);
  const [centre, setCentre] = useState("");
  const [busy, setBusy] = useState(false);
  // an income or expense ledger's line may name its job or department (ADR 0069)
  const chosen = ledgers.find((a) => String(a.id) === ledger);
  const takesCentre = chosen?.type === "income" || chosen?.type === "expense";
  const canSeeCentres = useCan("finance.account.view");
  const centres = useQuery({ ...costCentreListQuery(), enabled: takesCentre && canSeeCentres });
  const centreOptions = costCentreOptions(centres.data ?? [], new Set([centre]));
  async function submit() {
    if (!ledger) return;
    setBusy(true);
    try {
      await lineEntryCreate(statement, line.id, Number(ledger), narration, takesCentre && centre ? Number(centre) : null);
      toast.success("Entry posted and matched");
      await onDone();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.message : "Could not post the entry.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="create-entry">
      <NativeSelect aria-label="Ledger" value={ledger} onChange={(e) => setLedger(e.target.value)} className="w-64">
        <option value="">Ledger…</option>
        {ledgers.map((a) => <option key={a.id} value={a.id}>{a.code} {a.name}</option>)}
      </NativeSelect>
      {takesCentre && canSeeCentres && centreOptions.length > 0 && (
        <NativeSelect aria-label="Cost centre" value={centre} onChange={(e) => setCentre(e.target.value)} className="w-48">
          <option value="">No cost centre</option>
          {centreOptions.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </NativeSelect>
      )}
      <Input aria-label="Description" className="w-56" value={narration} onChange={(e) => setNarration(e.target.value)} />
      <Button size="sm" onClick={submit} disabled={busy || !ledger}>Post entry</Button>
    </div>
  );
}

/** A statement's lines: matched ones with their journal lines, unmatched ones with suggestions. */
export function StatementView({ id }: { id: number }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const canChange = useCan("banking.reconciliation.change");
  const canDelete = useCan("banking.statement.delete");
  const { data } = useQuery(statementQuery(id));
  const [creating, setCreating] = useState<number | null>(null);

  async function refresh() {
    setCreating(null);
    await queryClient.invalidateQueries({ queryKey: ["bank-statements"] });
  }
  async function run<T>(action: () => Promise<T>, done: string | ((result: T) => string)) {
    try {
      const result = await action();
      toast.success(typeof done === "string" ? done : done(result));
      await refresh();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.message : "Something went wrong.");
    }
  }

  if (!data) return null;
  return (
    <>
      <PageHeader
        title={`Statement ${formatIsoDate(data.date_from)} – ${formatIsoDate(data.date_to)}`}
        description={`${data.account.code} ${data.account.name} · opening ${formatMoney(data.opening_balance, { symbol: true })} · closing ${formatMoney(data.closing_balance, { symbol: true })} · ${data.matched_count} of ${data.line_count} lines matched`}
        actions={
          <>
            {canDelete && <StatementDelete statement={data} withLabel onDeleted={() => router.push(`/finance/banking?account=${data.account.id}`)} />}
            {canChange && (
              <Button onClick={() => run(() => autoMatch(id), (r) => `Auto-matched ${r.matched_now} line${r.matched_now === 1 ? "" : "s"}`)}>
                <WandSparklesIcon /> Auto-match
              </Button>
            )}
          </>
        }
      />
      <div className="grid gap-4">
        <Card>
          <CardContent className="pt-6">
            <Table aria-label="Statement lines">
              <TableHeader>
                <TableRow>
                  <TableHead>#</TableHead>
                  <TableHead>Date</TableHead>
                  <TableHead>Description</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                  <TableHead>In the books</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.lines.map((line) => (
                  <TableRow key={line.id} data-testid="statement-line" data-matched={line.matched ? "yes" : "no"}>
                    <TableCell>{line.line_no}</TableCell>
                    <TableCell className="whitespace-nowrap">{formatIsoDate(line.date)}</TableCell>
                    <TableCell>{line.description}{line.reference && <span className="text-muted-foreground"> · {line.reference}</span>}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatMoney(line.amount, { symbol: true })}</TableCell>
                    <TableCell className="grid gap-1">
                      {line.matched ? (
                        <div className="flex flex-wrap items-center gap-2">
                          {line.journal_lines.map((j) => (
                            <Link key={j.id} className="text-primary hover:underline" href={`/finance/journal/${j.entry_id}`}>{j.entry_number}</Link>
                          ))}
                          {canChange && <Button size="sm" variant="ghost" onClick={() => run(() => lineUnmatch(id, line.id), "Unmatched")}><Link2OffIcon /> Unmatch</Button>}
                        </div>
                      ) : (
                        <>
                          {line.suggestions.length === 0 && <span className="text-muted-foreground">No suggestion</span>}
                          {line.suggestions.map((j) => (
                            <div key={j.id} className="flex flex-wrap items-center gap-2" data-testid="suggestion">
                              <span>{formatIsoDate(j.date)} {j.entry_number} — {j.narration || j.description}</span>
                              {canChange && <Button size="sm" variant="outline" onClick={() => run(() => lineMatch(id, line.id, [j.id]), "Matched")}><Link2Icon /> Match</Button>}
                            </div>
                          ))}
                          {canChange && (creating === line.id ? (
                            <CreateEntry statement={id} line={line} onDone={refresh} />
                          ) : (
                            <div><Button size="sm" variant="ghost" onClick={() => setCreating(line.id)}><PlusIcon /> Create entry</Button></div>
                          ))}
                        </>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <ReconciliationCard account={data.account} />
      </div>
    </>
  );
}
