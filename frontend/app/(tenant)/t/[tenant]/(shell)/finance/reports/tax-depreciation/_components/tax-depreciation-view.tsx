"use client";
import { useQuery } from "@tanstack/react-query";
import { PencilIcon } from "lucide-react";
import Link from "next/link";
import { Fragment, useState } from "react";
import { ExportButton } from "@/components/data-table/export-button";
import { formatIsoDate } from "@/components/fields/date-input";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { today as todayIso } from "@/lib/dates";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";
import { TAX_DEPRECIATION_EXPORT, taxDepreciationQuery, type TaxBlock, type TaxItem } from "@/lib/api/tax-depreciation";
import { cn } from "@/lib/utils";
import { Amount } from "../../../_components/format";
import { useReportParams } from "../../../_components/report-params";
import { fiscalYearLabel, fiscalYearStarts } from "./fiscal-years";
import { OpeningDialog } from "./opening-dialog";

/** The block's figures, in the order of the columns. */
const FIGURES = ["opening", "additions_full", "additions_half", "sales", "depreciation", "capital_gain", "closing"] as const;
type Figure = (typeof FIGURES)[number];

/** "15.00" → "15%"; "7.50" → "7.5%". */
const percent = (rate: number) => `${Number(rate.toFixed(2))}%`;

/** The sum of one figure over the blocks, to the paisa (no floats). */
function total(blocks: TaxBlock[], key: Figure): string {
  return formatDecimal(blocks.reduce((sum, b) => sum + (parseDecimal(b[key], 2) ?? 0n), 0n), 2);
}

/** Income-tax depreciation of a fiscal year (s.32): a row per block of assets at its written-
 *  down value — the opening (entered from the last return, or carried from the year before),
 *  the year's additions at full or half rate, sales, the depreciation, a capital gain where sales
 *  went beyond the block (s.50) and the closing — and under each its additions and sales. An
 *  opening can be entered per block; nothing is posted. */
export function TaxDepreciationView() {
  const { values, set } = useReportParams({ year: "" });
  const canExport = useCan("assets.asset.export");
  const canEnter = useCan("assets.category.change");
  const { data, error, isPending, isFetching } = useQuery(taxDepreciationQuery(values.year ? { year: values.year } : {}));
  const [editing, setEditing] = useState<TaxBlock | null>(null);

  // The years on offer: this one and five before it, starting where the company's year starts.
  const today = todayIso();
  const monthDay = data?.year_start.slice(5) ?? "04-01";
  const starts = fiscalYearStarts(today, monthDay);
  const shown = data?.year_start ?? (values.year || starts[0]!);
  if (!starts.includes(shown)) starts.push(shown); // an older year from a link
  const blocks = data?.blocks ?? [];
  const withGain = blocks.some((b) => Number(b.capital_gain) !== 0);
  const figures = FIGURES.filter((f) => f !== "capital_gain" || withGain);
  const columns = 2 + figures.length + (canEnter ? 1 : 0);

  return (
    <>
      <PageHeader
        title="Income-tax depreciation"
        description="Section 32: each block of assets at its written-down value; assets put to use for under 180 days in the year take half the rate. A working for the return: nothing is posted (the books carry the Companies Act depreciation)."
        actions={canExport && data ? <ExportButton url={TAX_DEPRECIATION_EXPORT} query={{ year: data.year_start }} formats={["xlsx", "pdf"]} /> : undefined}
      />
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <FormField id="tax-year" label="Fiscal year">
          <NativeSelect id="tax-year" className="min-w-56" value={shown} onChange={(e) => set({ year: e.target.value })}>
            {starts.map((start) => (
              <option key={start} value={start}>{fiscalYearLabel(start)}</option>
            ))}
          </NativeSelect>
        </FormField>
        {data && (
          <p className="pb-2 text-sm text-muted-foreground" data-testid="tax-period">
            {formatIsoDate(data.year_start)} – {formatIsoDate(data.year_end)}
          </p>
        )}
      </div>
      {error && <p role="alert" className="mb-4 text-destructive">{error.message}</p>}
      <div className={cn("overflow-x-auto rounded-md border transition-opacity", isFetching && !isPending && "opacity-60")}>
        <Table aria-label="Income-tax depreciation" className="text-[13px]">
          <TableHeader>
            <TableRow>
              <TableHead className="min-w-44">Block</TableHead>
              <TableHead className="px-2 text-right">Rate</TableHead>
              <TableHead className="px-2 text-right">Opening WDV</TableHead>
              <TableHead className="px-2 text-right">Additions<span className="block text-[11px] font-normal">180 days or more</span></TableHead>
              <TableHead className="px-2 text-right">Additions<span className="block text-[11px] font-normal">under 180 days (half rate)</span></TableHead>
              <TableHead className="px-2 text-right">Sales</TableHead>
              <TableHead className="px-2 text-right">Depreciation</TableHead>
              {withGain && <TableHead className="px-2 text-right">Capital gain<span className="block text-[11px] font-normal">s.50</span></TableHead>}
              <TableHead className="px-2 text-right">Closing WDV</TableHead>
              {canEnter && <TableHead className="w-0" />}
            </TableRow>
          </TableHeader>
          <TableBody>
            {isPending && (
              <TableRow><TableCell colSpan={columns} className="text-muted-foreground">Loading…</TableCell></TableRow>
            )}
            {data && blocks.length === 0 && (
              <TableRow>
                <TableCell colSpan={columns} className="text-muted-foreground" data-testid="tax-empty">
                  No category is in a block of assets. Give the categories their income-tax block and rate on the{" "}
                  <Link className="text-primary hover:underline" href="/finance/assets">Fixed assets</Link> page.
                </TableCell>
              </TableRow>
            )}
            {blocks.map((b) => (
              <Fragment key={b.block}>
                <BlockRow block={b} figures={figures} onEdit={canEnter ? () => setEditing(b) : undefined} />
                {b.additions.map((item) => (
                  <ItemRow key={`a${item.asset}`} item={item} kind="addition" figures={figures} trailing={canEnter} />
                ))}
                {b.disposals.map((item) => (
                  <ItemRow key={`s${item.asset}`} item={item} kind="sale" figures={figures} trailing={canEnter} />
                ))}
              </Fragment>
            ))}
            {blocks.length > 0 && (
              <TableRow className="border-t-2 font-semibold hover:bg-transparent">
                <TableCell colSpan={2}>Total</TableCell>
                {figures.map((key) => (
                  <TableCell key={key} className="px-2 text-right whitespace-nowrap" data-testid={`tax-total-${key}`}>
                    <Amount value={total(blocks, key)} blankZero={false} />
                  </TableCell>
                ))}
                {canEnter && <TableCell />}
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>
      {blocks.length > 0 && (
        <p className="mt-3 text-xs text-muted-foreground">
          Sales reduce the block by what the assets fetched; beyond the block&apos;s value they are a short-term capital gain (s.50) and leave it at nothing. Not worked out here: additional depreciation (s.32(1)(iia)) and a block that ceases with a loss.
        </p>
      )}
      {editing && data && <OpeningDialog block={editing} yearStart={data.year_start} onClose={() => setEditing(null)} />}
    </>
  );
}

function BlockRow({ block, figures, onEdit }: { block: TaxBlock; figures: readonly Figure[]; onEdit?: () => void }) {
  const rate = Number(block.rate);
  const half = Number(block.depreciation_half) !== 0;
  return (
    <TableRow className="bg-muted/40 font-medium hover:bg-muted/50" data-testid="tax-block" data-block={block.block}>
      <TableCell>{block.block}</TableCell>
      <TableCell className="px-2 text-right tabular-nums" data-testid="tax-block-rate">{percent(rate)}</TableCell>
      {figures.map((key) => (
        <TableCell key={key} className="px-2 text-right align-top whitespace-nowrap">
          <span data-testid={`tax-block-${key}`}>
            <Amount value={block[key]} blankZero={key !== "opening" && key !== "depreciation" && key !== "closing"} />
          </span>
          {key === "opening" && (
            <span className="block text-[11px] font-normal" data-testid="tax-block-opening-source">
              {block.opening_entered ? <Badge variant="secondary">entered</Badge> : <span className="text-muted-foreground">carried from the previous year</span>}
            </span>
          )}
          {key === "depreciation" && half && (
            <span className="block text-[11px] font-normal text-muted-foreground" data-testid="tax-block-depreciation-split">
              <span className="block">{percent(rate)}: {formatMoney(block.depreciation_full, { symbol: false })}</span>
              <span className="block">{percent(rate / 2)}: {formatMoney(block.depreciation_half, { symbol: false })}</span>
            </span>
          )}
        </TableCell>
      ))}
      {onEdit && (
        <TableCell className="px-2 text-right">
          <Button variant="ghost" size="sm" className="px-2 whitespace-nowrap" onClick={onEdit} aria-label={`Edit opening of ${block.block}`} data-testid="tax-opening-edit">
            <PencilIcon /> Edit opening
          </Button>
        </TableCell>
      )}
    </TableRow>
  );
}

/** An addition or a sale under its block, its amount in the column it counts in. */
function ItemRow({ item, kind, figures, trailing }: { item: TaxItem; kind: "addition" | "sale"; figures: readonly Figure[]; trailing: boolean }) {
  const column: Figure = kind === "sale" ? "sales" : item.half_rate ? "additions_half" : "additions_full";
  return (
    <TableRow data-testid="tax-item" data-kind={kind}>
      <TableCell colSpan={2} className="pl-6">
        <Link className="whitespace-nowrap text-primary hover:underline" href={`/finance/assets/${item.asset}`}>{item.number}</Link>
        <span className="ml-2">{item.name}</span>
        {item.half_rate && <Badge variant="warning" className="ml-2 align-middle">half rate</Badge>}
        <span className="block text-xs text-muted-foreground">
          {kind === "sale" ? "Sold or scrapped" : "Put to use"} on {formatIsoDate(item.date)}
        </span>
      </TableCell>
      {figures.map((key) => (
        <TableCell key={key} className="px-2 text-right whitespace-nowrap" data-testid={key === column ? "tax-item-amount" : undefined}>
          {key === column ? <Amount value={item.amount} blankZero={false} /> : null}
        </TableCell>
      ))}
      {trailing && <TableCell />}
    </TableRow>
  );
}
