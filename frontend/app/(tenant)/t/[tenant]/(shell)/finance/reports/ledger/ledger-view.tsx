"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { ExportButton } from "@/components/data-table/export-button";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { accountListQuery, fiscalYearStartOf, generalLedgerPage } from "@/lib/api/finance";
import { today as todayIso } from "@/lib/dates";
import { Amount, DrCr } from "../../_components/format";
import { useReportParams } from "../../_components/report-params";

export function LedgerView() {
  const today = todayIso();
  const { values, set } = useReportParams({ account: "", from_date: fiscalYearStartOf(today), to_date: today, cost_centre: "" });
  const canExport = useCan("finance.report.export");
  const { data: accounts } = useQuery(accountListQuery());
  const ledgers = useMemo(() => (accounts ?? []).filter((a) => !a.is_group), [accounts]);
  const account = Number(values.account);
  const pages = useInfiniteQuery({
    queryKey: ["finance-reports", "ledger", values],
    enabled: account > 0,
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      generalLedgerPage({
        account,
        from_date: values.from_date,
        to_date: values.to_date,
        limit: 100,
        ...(values.cost_centre ? { cost_centre: Number(values.cost_centre) } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const first = pages.data?.pages[0];
  const lines = pages.data?.pages.flatMap((p) => p.lines) ?? [];
  const centre = first?.cost_centre;
  const exportQuery = Object.fromEntries(Object.entries({ ...values, limit: "1000" }).filter(([, v]) => v !== ""));
  return (
    <>
      <PageHeader
        title="General ledger"
        description={
          centre
            ? `One account's entries booked to cost centre ${centre.code} ${centre.name} (and those under it), with their own running balance.`
            : "One account's posted entries with a running balance. Click an entry to open it."
        }
        actions={
          canExport && account > 0 ? (
            <ExportButton url="/api/v1/finance/reports/general-ledger/export/" query={exportQuery} formats={["xlsx", "pdf"]} />
          ) : undefined
        }
      />
      <div className="mb-4 flex flex-wrap gap-3">
        <FormField id="gl-account" label="Account">
          <NativeSelect id="gl-account" value={values.account} onChange={(e) => set({ account: e.target.value })}>
            <option value="">Pick an account…</option>
            {ledgers.map((a) => (
              <option key={a.id} value={a.id}>
                {a.code} {a.name}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField id="gl-from" label="From">
          <DateInput id="gl-from" value={values.from_date} onChange={(v) => set({ from_date: v })} />
        </FormField>
        <FormField id="gl-to" label="To">
          <DateInput id="gl-to" value={values.to_date} onChange={(v) => set({ to_date: v })} />
        </FormField>
        {values.cost_centre && (
          <div className="flex items-end">
            <Button variant="outline" onClick={() => set({ cost_centre: "" })} data-testid="gl-cost-centre">
              {centre ? `Cost centre ${centre.code}` : "Cost centre"} ✕
            </Button>
          </div>
        )}
      </div>
      {pages.error && <p className="text-destructive">{pages.error.message}</p>}
      {first && (
        <div className="overflow-x-auto rounded-md border">
          <Table aria-label="Ledger lines">
            <TableHeader>
              <TableRow>
                <TableHead>Date</TableHead>
                <TableHead>Entry</TableHead>
                <TableHead className="hidden md:table-cell">Narration</TableHead>
                <TableHead className="text-right">Debit</TableHead>
                <TableHead className="text-right">Credit</TableHead>
                <TableHead className="text-right">Balance</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              <TableRow className="font-medium">
                <TableCell colSpan={5}>Opening balance</TableCell>
                <TableCell className="text-right" data-testid="gl-opening">
                  <DrCr value={first.opening} />
                </TableCell>
              </TableRow>
              {lines.map((line) => (
                <TableRow key={line.id} data-testid="gl-line">
                  <TableCell className="whitespace-nowrap">{formatIsoDate(line.date)}</TableCell>
                  <TableCell>
                    <Link className="text-primary hover:underline" href={`/finance/journal/${line.entry_id}`} data-testid="gl-entry">
                      {line.entry_number}
                    </Link>
                  </TableCell>
                  <TableCell className="hidden md:table-cell text-muted-foreground">{line.description || line.narration}</TableCell>
                  <TableCell className="text-right">
                    <Amount value={line.debit} />
                  </TableCell>
                  <TableCell className="text-right">
                    <Amount value={line.credit} />
                  </TableCell>
                  <TableCell className="text-right">
                    <DrCr value={line.balance} />
                  </TableCell>
                </TableRow>
              ))}
              {!pages.hasNextPage && (
                <TableRow className="font-medium">
                  <TableCell colSpan={5}>Closing balance</TableCell>
                  <TableCell className="text-right" data-testid="gl-closing">
                    <DrCr value={first.closing} />
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </div>
      )}
      {pages.hasNextPage && (
        <Button className="mt-3" variant="outline" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          Load more
        </Button>
      )}
      {account <= 0 && <p className="text-muted-foreground">Pick an account to see its ledger.</p>}
    </>
  );
}
