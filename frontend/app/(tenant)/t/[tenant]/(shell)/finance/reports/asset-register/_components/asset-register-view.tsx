"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment } from "react";
import { ExportButton } from "@/components/data-table/export-button";
import { DateInput } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ASSET_REGISTER_EXPORT, assetRegisterQuery, type AssetBlock } from "@/lib/api/assets";
import { cn } from "@/lib/utils";
import { Amount } from "../../../_components/format";
import { useReportParams } from "../../../_components/report-params";
import { LedgerCheckCard } from "./ledger-check-card";

/** The columns of a block, under their group headings (as the notes to the accounts show them). */
type Column = readonly [keyof AssetBlock, string];
const GROUPS: ReadonlyArray<{ label: string; columns: ReadonlyArray<Column> }> = [
  { label: "Gross block", columns: [["cost_open", "At start"], ["additions", "Additions"], ["disposals", "Disposals"], ["cost_close", "At end"]] },
  { label: "Depreciation", columns: [["depreciation_open", "At start"], ["depreciation", "For the period"], ["written_back", "Written back"], ["depreciation_close", "At end"]] },
  { label: "Net block", columns: [["net_open", "At start"], ["net_close", "At end"]] },
];
const COLUMNS: Column[] = GROUPS.flatMap((g) => g.columns);
/** The asset column stays in view while the figures scroll sideways. */
const STICKY = "sticky left-0 z-10 bg-background";

function BlockCells({ block, testId, strong = false }: { block: AssetBlock; testId?: string; strong?: boolean }) {
  return (
    <>
      {COLUMNS.map(([key], i) => (
        <TableCell key={key} className={cn("px-2 text-right whitespace-nowrap", (i === 0 || i === 4 || i === 8) && "border-l")} data-testid={testId ? `${testId}-${key}` : undefined}>
          <Amount value={block[key]} blankZero={!strong} />
        </TableCell>
      ))}
    </>
  );
}

/** The fixed asset register for a period (default: the company's current fiscal year): per
 *  category a total row and then its assets, each with its gross block (cost at the start,
 *  added, disposed of), its depreciation (at the start, charged, written back on disposals) and
 *  its net block, as posted; under it, the register against the ledgers' balances. */
export function AssetRegisterView() {
  const { values, set } = useReportParams({ date_from: "", date_to: "" });
  const canExport = useCan("assets.asset.export");
  const query = { ...(values.date_from ? { date_from: values.date_from } : {}), ...(values.date_to ? { date_to: values.date_to } : {}) };
  const { data, error, isPending } = useQuery(assetRegisterQuery(query));
  const from = values.date_from || data?.date_from || "";
  const to = values.date_to || data?.date_to || "";
  return (
    <>
      <PageHeader
        title="Fixed asset register"
        description="Gross block, depreciation and net block of each asset and category for the period, as posted (Schedule III: the note on property, plant and equipment). Click an asset for its schedule."
        actions={canExport && data ? <ExportButton url={ASSET_REGISTER_EXPORT} query={{ date_from: data.date_from, date_to: data.date_to }} formats={["xlsx", "pdf"]} /> : undefined}
      />
      <div className="mb-4 flex flex-wrap gap-3">
        <FormField id="far-from" label="From">
          <DateInput id="far-from" value={from} onChange={(v) => set({ date_from: v, date_to: to })} />
        </FormField>
        <FormField id="far-to" label="To">
          <DateInput id="far-to" value={to} onChange={(v) => set({ date_from: from, date_to: v })} />
        </FormField>
      </div>
      {error && <p role="alert" className="mb-4 text-destructive">{error.message}</p>}
      <div className="overflow-x-auto rounded-md border">
        <Table aria-label="Fixed asset register" className="text-[13px]">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead rowSpan={2} className={cn(STICKY, "align-bottom")}>Asset</TableHead>
              {GROUPS.map((g) => (
                <TableHead key={g.label} colSpan={g.columns.length} className="h-8 border-b border-l text-center">{g.label}</TableHead>
              ))}
            </TableRow>
            <TableRow>
              {COLUMNS.map(([key, label], i) => (
                <TableHead key={key} className={cn("px-2 text-right whitespace-nowrap", (i === 0 || i === 4 || i === 8) && "border-l")}>{label}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {isPending && (
              <TableRow><TableCell colSpan={COLUMNS.length + 1} className="text-muted-foreground">Loading…</TableCell></TableRow>
            )}
            {data?.groups.length === 0 && (
              <TableRow><TableCell colSpan={COLUMNS.length + 1} className="text-muted-foreground">No fixed asset was in the books in this period.</TableCell></TableRow>
            )}
            {data?.groups.map((g) => (
              <Fragment key={g.category}>
                <TableRow className="font-semibold" data-testid="far-category">
                  <TableCell className={cn(STICKY, "min-w-48")}>{g.category_name}</TableCell>
                  <BlockCells block={g.total} />
                </TableRow>
                {g.rows.map((r) => (
                  <TableRow key={r.asset} data-testid="far-row">
                    <TableCell className={cn(STICKY, "min-w-48 pl-6")}>
                      <Link className="whitespace-nowrap text-primary hover:underline" href={`/finance/assets/${r.asset}`}>{r.number}</Link>
                      <span className="block text-xs text-muted-foreground">
                        {r.name}
                        {r.status === "disposed" && " (disposed)"}
                      </span>
                    </TableCell>
                    <BlockCells block={r.block} />
                  </TableRow>
                ))}
              </Fragment>
            ))}
            {data && data.groups.length > 0 && (
              <TableRow className="border-t-2 font-semibold">
                <TableCell className={STICKY}>Total</TableCell>
                <BlockCells block={data.total} testId="far-total" strong />
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>
      {data && data.ledgers.length > 0 && <LedgerCheckCard ledgers={data.ledgers} dateFrom={data.date_from} dateTo={data.date_to} />}
    </>
  );
}
