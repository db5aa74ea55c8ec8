"use client";
import { useQuery } from "@tanstack/react-query";
import { CheckCircle2Icon, TriangleAlertIcon } from "lucide-react";
import { useState } from "react";
import { ExportButton } from "@/components/data-table/export-button";
import { formatIsoDate } from "@/components/fields/date-input";
import { useCan } from "@/components/shell/shell-context";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { reconciliationQuery } from "@/lib/api/banking";
import { today } from "@/lib/dates";
import { formatMoney } from "@/lib/decimal";

function Row({ label, value, strong, testId }: { label: string; value: string | null | undefined; strong?: boolean; testId?: string }) {
  return (
    <TableRow>
      <TableCell className={strong ? "font-medium" : ""}>{label}</TableCell>
      <TableCell data-testid={testId} className={`text-right tabular-nums ${strong ? "font-medium" : ""}`}>{value == null ? "—" : formatMoney(value, { symbol: true })}</TableCell>
    </TableRow>
  );
}

/** The bank reconciliation statement of a bank account on a date, with its Excel/PDF export. */
export function ReconciliationCard({ account }: { account: { id: number; code: string; name: string } }) {
  const [date, setDate] = useState(today());
  const canExport = useCan("banking.reconciliation.export");
  const { data } = useQuery({ ...reconciliationQuery(account.id, date), enabled: Boolean(date) });
  const balanced = data?.difference != null && Number(data.difference) === 0;
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between gap-2 space-y-0">
        <CardTitle className="text-base">Bank reconciliation statement · {account.code} {account.name}</CardTitle>
        {canExport && date && <ExportButton url="/api/v1/banking/reconciliation/export/" query={{ account: String(account.id), date }} formats={["xlsx", "pdf"]} />}
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        <div className="flex items-center gap-2">
          <Label htmlFor="brs-date">As on</Label>
          <Input id="brs-date" type="date" className="w-44" value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
        {data && (
          <>
            <Table aria-label="Bank reconciliation statement">
              <TableBody>
                <Row label="Balance per books" value={data.balance_books} strong testId="brs-books" />
                <Row label={`Add: payments not yet debited by the bank (${data.uncleared_payments.length})`} value={data.uncleared_payments_total} />
                <Row label={`Less: receipts not yet credited by the bank (${data.uncleared_receipts.length})`} value={data.uncleared_receipts_total} />
                <Row label={`Add/less: bank entries not in the books (${data.bank_only.length})`} value={data.bank_only_total} />
                <Row label="Balance per bank (computed)" value={data.balance_bank_computed} strong testId="brs-computed" />
                <Row label="Balance per bank statement" value={data.balance_bank_statement} testId="brs-statement" />
              </TableBody>
            </Table>
            {data.balance_bank_statement != null && (
              <div data-testid="brs-result" className={`flex items-center gap-2 rounded-md border p-3 ${balanced ? "border-green-600/40 bg-green-600/10 text-green-800 dark:text-green-300" : "border-amber-500/40 bg-amber-500/10 text-amber-900 dark:text-amber-200"}`}>
                {balanced ? <CheckCircle2Icon className="size-5" /> : <TriangleAlertIcon className="size-5" />}
                {balanced ? "Reconciled: the books explain the bank's balance." : `Difference ${formatMoney(data.difference, { symbol: true })}: match or post the remaining lines.`}
              </div>
            )}
            {[...data.uncleared_payments, ...data.uncleared_receipts].length > 0 && (
              <div>
                <h3 className="mb-1 font-medium">Not yet through the bank</h3>
                <ul className="list-disc pl-5">
                  {[...data.uncleared_payments, ...data.uncleared_receipts].map((j) => (
                    <li key={j.id}>{formatIsoDate(j.date)} {j.entry_number} — {j.narration || j.description}: {formatMoney(j.amount, { symbol: true })}</li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
