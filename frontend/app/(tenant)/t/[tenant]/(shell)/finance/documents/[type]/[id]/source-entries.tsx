"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatIsoDate } from "@/components/fields/date-input";
import { PageHeader } from "@/components/page-header";
import { StatusBadge } from "@/components/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { journalListQuery } from "@/lib/api/finance";
import { formatMoney } from "@/lib/decimal";

export function SourceEntries({ sourceType, sourceId }: { sourceType: string; sourceId: number }) {
  const { data, error } = useQuery(journalListQuery({ source_type: sourceType, source_id: sourceId, ordering: "date" }));
  return (
    <>
      <PageHeader title={`${sourceType} #${sourceId}`} description="The journal entries this document posted." />
      {error && <p className="text-destructive">{error.message}</p>}
      <div className="rounded-md border">
        <Table aria-label="Entries of the document">
          <TableHeader>
            <TableRow>
              <TableHead>Date</TableHead>
              <TableHead>Entry</TableHead>
              <TableHead className="text-right">Amount</TableHead>
              <TableHead>Status</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data?.results.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell>{formatIsoDate(entry.date)}</TableCell>
                <TableCell>
                  <Link className="text-primary hover:underline" href={`/finance/journal/${entry.id}`}>
                    {entry.number || `Draft #${entry.id}`}
                  </Link>
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatMoney(entry.total)}</TableCell>
                <TableCell>
                  <StatusBadge status={entry.status ?? "draft"} tones={{ reversed: "warning" }} />
                </TableCell>
              </TableRow>
            ))}
            {data?.results.length === 0 && (
              <TableRow>
                <TableCell colSpan={4} className="text-muted-foreground">No entries for this document.</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>
    </>
  );
}
