"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { monthLabel } from "@/components/gst-heads";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type MonthRun = {
  id: number;
  month: string;
  status?: string;
  journal_entry?: number | null;
  journal_entry_number?: string | null;
};

export type MonthRunColumn<T> = { header: string; numeric?: boolean; cell: (run: T) => ReactNode };

export type MonthRunCancel = {
  title: (monthLabel: string) => string;
  description: string;
  confirmLabel: string;
  done: string;
  run: (id: number) => Promise<unknown>;
  after: () => Promise<unknown> | void;
};

/** The months done by a monthly posting (GST payment, ITC reversal, depreciation): the month
 *  (a link to it on the same page), the page's own columns, status and entry; the latest posted
 *  month has a Cancel button behind a confirmation (months are undone latest first). */
export function MonthRunsTable<T extends MonthRun>({
  label,
  runs,
  columns,
  rowTestId,
  canCancel,
  cancel,
}: {
  label: string;
  runs: T[];
  columns: MonthRunColumn<T>[];
  rowTestId: string;
  canCancel: boolean;
  cancel: MonthRunCancel;
}) {
  const pathname = usePathname();
  const latestPosted = runs.find((x) => x.status === "posted");
  return (
    <Table aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHead>Month</TableHead>
          {columns.map((c) => (
            <TableHead key={c.header} className={c.numeric ? "text-right" : undefined}>{c.header}</TableHead>
          ))}
          <TableHead>Status</TableHead>
          <TableHead>Entry</TableHead>
          <TableHead />
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((x) => (
          <TableRow key={x.id} data-testid={rowTestId}>
            <TableCell><Link className="text-primary hover:underline" href={`${pathname}?month=${x.month.slice(0, 7)}`}>{monthLabel(x.month)}</Link></TableCell>
            {columns.map((c) => (
              <TableCell key={c.header} className={c.numeric ? "text-right tabular-nums" : undefined}>{c.cell(x)}</TableCell>
            ))}
            <TableCell><StatusBadge status={x.status ?? "posted"} tones={{ cancelled: "warning" }} /></TableCell>
            <TableCell>{x.journal_entry ? <Link className="text-primary hover:underline" href={`/finance/journal/${x.journal_entry}`}>{x.journal_entry_number}</Link> : "—"}</TableCell>
            <TableCell className="text-right">
              {canCancel && x.id === latestPosted?.id && (
                <ConfirmDialog
                  title={cancel.title(monthLabel(x.month))}
                  description={cancel.description}
                  confirmLabel={cancel.confirmLabel}
                  destructive
                  onConfirm={async () => {
                    await cancel.run(x.id);
                    toast.success(cancel.done);
                    await cancel.after();
                  }}
                  trigger={<Button variant="outline" size="sm">Cancel</Button>}
                />
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
