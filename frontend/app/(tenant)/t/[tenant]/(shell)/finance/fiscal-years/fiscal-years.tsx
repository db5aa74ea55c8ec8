"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { LockIcon, LockOpenIcon } from "lucide-react";
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
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { fiscalYearClose, fiscalYearCreate, fiscalYearListQuery, fiscalYearStartOf, periodLock, periodUnlock, todayIso } from "@/lib/api/finance";

const TONES = { open: "success", locked: "warning", closed: "neutral" } as const;

export function FiscalYears() {
  const queryClient = useQueryClient();
  const { data: years, isPending } = useQuery(fiscalYearListQuery());
  const canCreate = useCan("finance.period.create");
  const canLock = useCan("finance.period.change");
  const canClose = useCan("finance.period.approve");
  const [start, setStart] = useState(fiscalYearStartOf(todayIso()));

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
            </CardHeader>
            <CardContent>
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
