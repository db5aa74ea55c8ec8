"use client";
import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Statement } from "@/lib/api/finance";
import { Amount } from "./format";

/** P&L or balance sheet: the account tree with one column per period, then the totals. */
export function StatementView({ report, totals, ledgerRange }: {
  report: Statement;
  totals: ReadonlyArray<readonly [string, string]>;
  /** The ledger a row opens: its dates and, on a cost centre's P&L, that cost centre. */
  ledgerRange: { from_date: string; to_date: string; cost_centre?: string };
}) {
  const columns = report.columns.map((c) => ({
    key: String(c.key),
    label: "as_of" in c ? `As of ${String(c.as_of)}` : `${String(c.from_date)} – ${String(c.to_date)}`,
  }));
  return (
    <div className="overflow-x-auto rounded-md border">
      <Table aria-label="Statement">
        <TableHeader>
          <TableRow>
            <TableHead>Account</TableHead>
            {columns.map((c) => (
              <TableHead key={c.key} className="text-right whitespace-nowrap">
                {c.label}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {report.rows.map((row) => (
            <TableRow key={row.account_id} className={row.is_group ? "font-medium" : ""} data-testid="statement-row">
              <TableCell style={{ paddingLeft: `${0.75 + row.depth * 1.25}rem` }}>
                {row.is_group ? (
                  `${row.code} ${row.name}`
                ) : (
                  <Link className="text-primary hover:underline" href={`/finance/reports/ledger?account=${row.account_id}&from_date=${ledgerRange.from_date}&to_date=${ledgerRange.to_date}${ledgerRange.cost_centre ? `&cost_centre=${ledgerRange.cost_centre}` : ""}`}>
                    {row.code} {row.name}
                  </Link>
                )}
              </TableCell>
              {columns.map((c) => (
                <TableCell key={c.key} className="text-right">
                  <Amount value={row.values[c.key]} />
                </TableCell>
              ))}
            </TableRow>
          ))}
          {totals.map(([key, label]) => (
            <TableRow key={key} className="border-t-2 font-semibold">
              <TableCell>{label}</TableCell>
              {columns.map((c) => (
                <TableCell key={c.key} className="text-right" data-testid={`statement-total-${key}`}>
                  <Amount value={report.totals[c.key]?.[key]} blankZero={false} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
