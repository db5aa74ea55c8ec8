"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { LockIcon, LockOpenIcon, Undo2Icon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { fiscalYearClose, fiscalYearCreate, fiscalYearListQuery, fiscalYearReopen, fiscalYearStartOf, periodLock, periodUnlock } from "@/lib/api/finance";
import { today } from "@/lib/dates";

const TONES = { open: "success", locked: "warning", closed: "neutral" } as const;

export function FiscalYears() {
  const queryClient = useQueryClient();
  const { data: years, isPending } = useQuery(fiscalYearListQuery());
  const canCreate = useCan("finance.period.create");
  const canLock = useCan("finance.period.change");
  const canClose = useCan("finance.period.approve");
  const canReopen = useCan("finance.year_reopen.approve");
  const [start, setStart] = useState(fiscalYearStartOf(today()));
  const [reason, setReason] = useState("");
  // Only the latest closed year reopens (the list is newest first).
  const latestClosedId = years?.find((year) => year.status === "closed")?.id;

  async function reopen(id: number, name: string) {
    if (!reason.trim()) throw new Error("Give the reason for reopening the year.");
    await fiscalYearReopen(id, reason.trim());
    await queryClient.invalidateQueries({ queryKey: ["finance-years"] });
    setReason("");
    toast.success(`FY ${name} reopened`);
  }

  async function run(action: () => Promise<unknown>, message: string) {
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: ["finance-years"] });
      toast.success(message);
    } catch (error) {
      toast.error(error instanceof ApiError ? error.message : "Something went wrong.");
    }
  }

  return (
    <>
      <PageHeader title="Fiscal years and periods" description="Postings need an open period. Lock a month once its books are final; closing a year moves its profit to retained earnings." />
      {canCreate && (
        <Card className="mb-4">
          <CardContent className="flex flex-wrap items-end gap-3 pt-6">
            <FormField id="fy-start" label="Open the fiscal year starting">
              <DateInput id="fy-start" value={start} onChange={setStart} />
            </FormField>
            <Button onClick={() => void run(() => fiscalYearCreate(start), "Fiscal year opened")} data-testid="fy-create">
              Open fiscal year
            </Button>
          </CardContent>
        </Card>
      )}
      {isPending && <p className="text-muted-foreground">Loading…</p>}
      {years?.length === 0 && <p className="text-muted-foreground">No fiscal year yet: open one to start posting.</p>}
      <div className="space-y-4">
        {years?.map((year) => (
          <Card key={year.id} data-testid="fy-card">
            <CardHeader className="flex flex-row items-center justify-between gap-2">
              <CardTitle>
                FY {year.name} <StatusBadge status={year.status ?? "open"} tones={TONES} />
              </CardTitle>
              {year.status === "open" && canClose && (
                <ConfirmDialog
                  title={`Close FY ${year.name}?`}
                  description="Posts the closing entry (income and expenses to retained earnings) on the last day and closes every period. Earlier years must be closed first."
                  confirmLabel="Close year"
                  destructive
                  onConfirm={() => fiscalYearClose(year.id).then(() => queryClient.invalidateQueries({ queryKey: ["finance-years"] }))}
                  trigger={<Button variant="outline" size="sm">Close year</Button>}
                />
              )}
              {year.id === latestClosedId && canReopen && (
                <ConfirmDialog
                  title={`Reopen FY ${year.name}?`}
                  description="Reverses the closing entry on the last day of the year and opens the year again: its last month takes postings, the other months come back locked. Close the year again once the adjustments are posted."
                  confirmLabel="Reopen year"
                  onConfirm={() => reopen(year.id, year.name)}
                  onOpenChange={(open) => !open && setReason("")}
                  trigger={
                    <Button variant="outline" size="sm" data-testid="fy-reopen">
                      <Undo2Icon /> Reopen
                    </Button>
                  }
                >
                  <FormField id="fy-reopen-reason" label="Reason" hint="Recorded in the audit log and in the reversal's narration.">
                    <Input id="fy-reopen-reason" value={reason} maxLength={400} onChange={(e) => setReason(e.target.value)} />
                  </FormField>
                </ConfirmDialog>
              )}
            </CardHeader>
            <CardContent>
              {year.status === "closed" && year.closing_entry != null && (
                <p className="mb-3 text-sm text-muted-foreground">
                  Closed with{" "}
                  <Link className="text-primary hover:underline" href={`/finance/journal/${year.closing_entry}`} data-testid="fy-closing-entry">
                    its closing entry
                  </Link>
                  .
                </p>
              )}
              <Table aria-label={`Periods of ${year.name}`}>
                <TableHeader>
                  <TableRow>
                    <TableHead>Period</TableHead>
                    <TableHead className="hidden sm:table-cell">Dates</TableHead>
                    <TableHead>Status</TableHead>
                    <TableHead className="w-28" />
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {year.periods.map((period) => (
                    <TableRow key={period.id} data-testid="period-row">
                      <TableCell>{period.name}</TableCell>
                      <TableCell className="hidden sm:table-cell text-muted-foreground">
                        {formatIsoDate(period.start_date)} – {formatIsoDate(period.end_date)}
                      </TableCell>
                      <TableCell>
                        <StatusBadge status={period.status ?? "open"} tones={TONES} />
                      </TableCell>
                      <TableCell className="text-right">
                        {canLock && period.status === "open" && (
                          <Button variant="ghost" size="sm" onClick={() => void run(() => periodLock(period.id), `${period.name} locked`)}>
                            <LockIcon /> Lock
                          </Button>
                        )}
                        {canLock && period.status === "locked" && (
                          <Button variant="ghost" size="sm" onClick={() => void run(() => periodUnlock(period.id), `${period.name} unlocked`)}>
                            <LockOpenIcon /> Unlock
                          </Button>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        ))}
      </div>
    </>
  );
}
