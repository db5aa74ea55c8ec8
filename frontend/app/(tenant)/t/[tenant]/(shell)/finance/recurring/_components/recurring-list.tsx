"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { PauseIcon, PlayIcon, RepeatIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { formatIsoDate } from "@/components/fields/date-input";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { recurringListQuery, recurringUpdate, type RecurringSchedule } from "@/lib/api/invoicing";
import { formatCurrency } from "@/lib/currency";
import { FREQUENCIES } from "../../_components/repeat-dialog";

/** Recurring invoices (ADR 0064): each schedule's invoice, customer, period, next date and how
 *  many it raised; pause and resume. A schedule is made from an invoice's page ("Repeat"). */
export function RecurringList() {
  const query = useQuery(recurringListQuery());
  const canChange = useCan("invoicing.invoice.change");
  const queryClient = useQueryClient();

  async function toggle(schedule: RecurringSchedule) {
    try {
      await recurringUpdate(schedule.id, { is_active: !schedule.is_active });
      await queryClient.invalidateQueries({ queryKey: ["recurring"] });
      toast.success(`${schedule.template_number} ${schedule.is_active ? "paused" : "resumed"}`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "Could not change the schedule.");
    }
  }

  return (
    <>
      <PageHeader title="Recurring invoices" description="Invoices raised again each month, quarter or year — a maintenance contract, a rental. Open an invoice and choose Repeat to add one; each morning what fell due is raised." />
      {query.isPending ? (
        <Skeleton className="h-48" />
      ) : query.isError ? (
        <p role="alert" className="text-destructive">{query.error.message}</p>
      ) : query.data.results.length === 0 ? (
        <EmptyState icon={RepeatIcon} title="No recurring invoices yet" description="Open an invoice and choose Repeat." />
      ) : (
        <Card>
          <CardContent className="overflow-x-auto pt-6">
            <Table aria-label="Recurring invoices">
              <TableHeader>
                <TableRow>
                  <TableHead>Invoice</TableHead>
                  <TableHead>Customer</TableHead>
                  <TableHead>Every</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                  <TableHead>Next</TableHead>
                  <TableHead className="text-right">Raised</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead />
                </TableRow>
              </TableHeader>
              <TableBody>
                {query.data.results.map((s) => (
                  <TableRow key={s.id} data-testid="recurring-row">
                    <TableCell>
                      <Link className="font-medium text-primary hover:underline" href={`/finance/invoices/${s.template}`}>{s.template_number}</Link>
                      {s.last_error && <p role="alert" className="mt-1 max-w-xs text-xs text-amber-700 dark:text-amber-400">{s.last_error}</p>}
                    </TableCell>
                    <TableCell>{s.partner_name}</TableCell>
                    <TableCell>{FREQUENCIES.find(([f]) => f === s.frequency)?.[1]}{s.auto_post ? (s.auto_email ? ", posted and e-mailed" : ", posted") : ", as drafts"}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatCurrency(s.total, s.currency)}</TableCell>
                    <TableCell className="whitespace-nowrap" data-testid="recurring-next">{s.next_date ? formatIsoDate(s.next_date) : s.end_date ? `Ended ${formatIsoDate(s.end_date)}` : "—"}</TableCell>
                    <TableCell className="text-right tabular-nums" data-testid="recurring-count">{s.runs_count}</TableCell>
                    <TableCell><Badge variant={s.is_active ? "success" : "secondary"}>{s.is_active ? "Active" : "Paused"}</Badge></TableCell>
                    <TableCell className="text-right">
                      {canChange && s.next_date && (
                        <Button variant="outline" size="sm" onClick={() => void toggle(s)}>
                          {s.is_active ? <><PauseIcon /> Pause</> : <><PlayIcon /> Resume</>}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
    </>
  );
}
