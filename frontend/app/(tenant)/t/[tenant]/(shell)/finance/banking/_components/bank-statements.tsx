"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { DownloadIcon, Loader2Icon, Trash2Icon, UploadIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useRef, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { formatIsoDate } from "@/components/fields/date-input";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { statementDelete, statementImport, statementListQuery, statementTemplate, type BankStatement } from "@/lib/api/banking";
import { ApiError } from "@/lib/api/errors";
import { accountListQuery } from "@/lib/api/finance";
import { formatMoney } from "@/lib/decimal";
import { ReconciliationCard } from "./reconciliation-card";

/** A bank account's statements, the import, and the reconciliation statement. With several
 *  bank ledgers (ADR 0055) a picker chooses the account (`?account=` in the URL); the first by
 *  code otherwise. */
export function BankStatements() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const canImport = useCan("banking.statement.create");
  const canDelete = useCan("banking.statement.delete");
  const { data: accounts } = useQuery(accountListQuery());
  const banks = (accounts ?? []).filter((a) => a.role === "bank" && !a.is_group && a.is_active !== false).sort((a, b) => a.code.localeCompare(b.code));
  const chosen = Number(params.get("account"));
  const bank = banks.find((a) => a.id === chosen) ?? banks[0];
  const pick = (id: string) => {
    const next = new URLSearchParams(params);
    next.set("account", id);
    router.replace(`${pathname}?${next}`);
  };
  const { data: statements } = useQuery({ ...statementListQuery(bank?.id), enabled: bank !== undefined });
  const file = useRef<HTMLInputElement>(null);
  const [opening, setOpening] = useState("");
  const [importing, setImporting] = useState(false);
  const [failure, setFailure] = useState<{ message: string; fields: Record<string, string[]> } | null>(null);

  async function onImport(f: File | undefined) {
    if (!f || !bank) return;
    setImporting(true);
    setFailure(null);
    try {
      const statement = await statementImport(bank.id, f, opening);
      toast.success(`Imported ${statement.lines.length} lines`);
      await queryClient.invalidateQueries({ queryKey: ["bank-statements"] });
      router.push(`/finance/banking/${statement.id}`);
    } catch (e) {
      if (e instanceof ApiError) setFailure({ message: e.message, fields: e.fields });
    } finally {
      setImporting(false);
      if (file.current) file.current.value = "";
    }
  }

  return (
    <>
      <PageHeader
        title="Bank reconciliation"
        description={bank ? `Statements of ${bank.code} ${bank.name}: import the bank's statement, match its lines to the books, and see what is not yet through.` : "Import the bank's statement and match it to the books."}
        actions={
          <>
            <Button variant="outline" onClick={() => statementTemplate().catch(() => toast.error("Could not download the template."))}><DownloadIcon /> Template</Button>
            {canImport && bank && (
              <>
                <input ref={file} type="file" accept=".csv,.xlsx" className="hidden" aria-label="Bank statement file" onChange={(e) => onImport(e.target.files?.[0])} />
                <Button onClick={() => file.current?.click()} disabled={importing}>{importing ? <Loader2Icon className="animate-spin" /> : <UploadIcon />} Import statement</Button>
              </>
            )}
          </>
        }
      />
      <div className="grid gap-4">
        {banks.length > 1 && bank && (
          <FormField id="bank-account" label="Bank account">
            <NativeSelect id="bank-account" className="w-80" value={String(bank.id)} onChange={(e) => pick(e.target.value)}>
              {banks.map((a) => <option key={a.id} value={a.id}>{a.code} {a.name}</option>)}
            </NativeSelect>
          </FormField>
        )}
        {canImport && (
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Label htmlFor="bank-opening">Opening balance (when the file has no Balance column)</Label>
            <Input id="bank-opening" className="w-40" inputMode="decimal" value={opening} onChange={(e) => setOpening(e.target.value)} placeholder="0.00" />
          </div>
        )}
        {failure && (
          <div role="alert" data-testid="import-errors" className="rounded-md bg-destructive/10 p-3 text-sm text-destructive">
            <p className="font-medium">{failure.message}</p>
            <ul className="list-disc pl-5">
              {Object.entries(failure.fields).map(([k, v]) => <li key={k}><code>{k}</code>: {v.join(" ")}</li>)}
            </ul>
          </div>
        )}
        <Card>
          <CardHeader><CardTitle className="text-base">Statements</CardTitle></CardHeader>
          <CardContent>
            {statements && statements.length === 0 ? (
              <EmptyState title="No statements yet" description="Download the template or your bank's CSV export and import it." />
            ) : (
              <Table aria-label="Bank statements">
                <TableHeader>
                  <TableRow>
                    <TableHead>Period</TableHead>
                    <TableHead>File</TableHead>
                    <TableHead className="text-right">Opening</TableHead>
                    <TableHead className="text-right">Closing</TableHead>
                    <TableHead className="text-right">Matched</TableHead>
                    {canDelete && <TableHead className="w-12"><span className="sr-only">Actions</span></TableHead>}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {(statements ?? []).map((s) => (
                    <TableRow key={s.id} data-testid="bank-statement">
                      <TableCell><Link className="font-medium text-primary hover:underline" href={`/finance/banking/${s.id}`}>{formatIsoDate(s.date_from)} – {formatIsoDate(s.date_to)}</Link></TableCell>
                      <TableCell>{s.file_name || "—"}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(s.opening_balance, { symbol: true })}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(s.closing_balance, { symbol: true })}</TableCell>
                      <TableCell className="text-right tabular-nums">{s.matched_count} / {s.line_count}</TableCell>
                      {canDelete && <TableCell><StatementDelete statement={s} /></TableCell>}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
        {bank && <ReconciliationCard account={bank} />}
      </div>
    </>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Delete a statement (its lines and matches; the books are not touched) after a confirmation. */
export function StatementDelete({ statement, onDeleted, withLabel = false }: { statement: BankStatement; onDeleted?: () => void; withLabel?: boolean }) {
  const queryClient = useQueryClient();
  const period = `${formatIsoDate(statement.date_from)} – ${formatIsoDate(statement.date_to)}`;
  return (
    <ConfirmDialog
      title="Delete this statement?"
      description={`The statement of ${statement.account.code} ${statement.account.name} for ${period} (${plural(statement.line_count, "line")}${statement.matched_count ? `, ${plural(statement.matched_count, "matched line")}` : ""}) is removed. The entries in the books stay; import the statement again to reconcile it.`}
      confirmLabel="Delete statement"
      destructive
      onConfirm={async () => {
        await statementDelete(statement.id);
        toast.success("Statement deleted");
        await queryClient.invalidateQueries({ queryKey: ["bank-statements"] });
        onDeleted?.();
      }}
      trigger={
        <Button variant={withLabel ? "outline" : "ghost"} size={withLabel ? "default" : "icon"} aria-label={`Delete statement ${period}`} data-testid="statement-delete">
          <Trash2Icon />{withLabel && " Delete"}
        </Button>
      }
    />
  );
}
