"use client";
import { CheckCircle2Icon, TriangleAlertIcon } from "lucide-react";
import Link from "next/link";
import { formatIsoDate } from "@/components/fields/date-input";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AssetLedgerCheck } from "@/lib/api/assets";
import { parseDecimal } from "@/lib/decimal";
import { cn } from "@/lib/utils";
import { Amount } from "../../../_components/format";

const HOLDS: Record<AssetLedgerCheck["kind"], string> = { cost: "Cost", accumulated: "Accumulated depreciation" };
const WARNING = "bg-amber-500/10 text-amber-900 dark:text-amber-200";

/** The register against the books: for each ledger the categories use (a shared one once), what
 *  the register holds for it at the period's end (the assets' cost, or their accumulated
 *  depreciation) beside the ledger's balance on the period's last day. A difference is flagged:
 *  an asset whose cost never reached its ledger, or a ledger posted to outside the register. */
export function LedgerCheckCard({ ledgers, dateFrom, dateTo }: { ledgers: AssetLedgerCheck[]; dateFrom: string; dateTo: string }) {
  const differs = (l: AssetLedgerCheck) => (parseDecimal(l.difference, 2) ?? 0n) !== 0n;
  const off = ledgers.filter(differs).length;
  return (
    <Card className="mt-4 max-w-4xl" data-testid="far-ledgers">
      <CardHeader>
        <CardTitle>The register and the books</CardTitle>
        <CardDescription>On {formatIsoDate(dateTo)}: what the register holds for each ledger its categories use, against the ledger&apos;s balance. Difference = books − register.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="overflow-x-auto">
          <Table aria-label="The register and the books" className="text-[13px]">
            <TableHeader>
              <TableRow>
                <TableHead>Ledger</TableHead>
                <TableHead>Holds</TableHead>
                <TableHead className="text-right">Register</TableHead>
                <TableHead className="text-right">Books</TableHead>
                <TableHead className="text-right">Difference</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {ledgers.map((l) => {
                const wrong = differs(l);
                return (
                  <TableRow key={`${l.kind}-${l.account}`} data-testid="far-ledger" data-kind={l.kind} data-differs={wrong ? "true" : undefined} className={cn(wrong && WARNING)}>
                    <TableCell className="whitespace-nowrap">
                      <Link className="text-primary hover:underline" href={`/finance/reports/ledger?account=${l.account}&from_date=${dateFrom}&to_date=${dateTo}`}>{l.account_name}</Link>
                    </TableCell>
                    <TableCell className="whitespace-nowrap">{HOLDS[l.kind]}</TableCell>
                    <TableCell className="text-right whitespace-nowrap" data-testid="far-ledger-register"><Amount value={l.register} blankZero={false} /></TableCell>
                    <TableCell className="text-right whitespace-nowrap" data-testid="far-ledger-books"><Amount value={l.books} blankZero={false} /></TableCell>
                    <TableCell className={cn("text-right whitespace-nowrap", wrong && "font-semibold")}>
                      {wrong && <TriangleAlertIcon className="mr-1 inline size-3.5 align-[-2px]" aria-label="Differs" />}
                      <span data-testid="far-ledger-difference"><Amount value={l.difference} blankZero={false} /></span>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
        {ledgers.length > 0 &&
          (off > 0 ? (
            <div data-testid="far-ledgers-note" className={cn("flex items-start gap-2 rounded-md border border-amber-500/40 p-3 text-sm", WARNING)}>
              <TriangleAlertIcon className="mt-0.5 size-4 shrink-0" />
              <p>
                {off === 1 ? "One ledger differs" : `${off} ledgers differ`} from the register. Either an asset&apos;s cost was never booked to its ledger (registered without the bill, journal or opening balance that put it there), or the ledger was posted to outside the register (a journal straight to it, an asset bought but not registered). Open the ledger to find the entry.
              </p>
            </div>
          ) : (
            <div data-testid="far-ledgers-note" className="flex items-center gap-2 rounded-md border border-green-600/40 bg-green-600/10 p-3 text-sm text-green-800 dark:text-green-300">
              <CheckCircle2Icon className="size-4 shrink-0" /> The books agree with the register.
            </div>
          ))}
      </CardContent>
    </Card>
  );
}
