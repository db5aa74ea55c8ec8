"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
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
import { toast } from "@/components/toaster";
import { ApiError } from "@/lib/api/errors";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { today as todayIso } from "@/lib/dates";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";
import { TAX_DEPRECIATION_EXPORT, taxDepreciationInvalidate, taxDepreciationQuery, taxSettingsSet, type TaxBlock, type TaxItem } from "@/lib/api/tax-depreciation";
import { cn } from "@/lib/utils";
import { Amount } from "../../../_components/format";
import { useReportParams } from "../../../_components/report-params";
import { fiscalYearLabel, fiscalYearStarts } from "./fiscal-years";
import { OpeningDialog } from "./opening-dialog";

/** The block's figures, in the order of the columns ("normal": the depreciation at the block's
 *  rate, full and half; "depreciation" in the API counts the additional too). */
const FIGURES = ["opening", "additions_full", "additions_half", "sales", "normal", "additional", "capital_gain", "capital_loss", "closing"] as const;
type Figure = (typeof FIGURES)[number];

/** "15.00" → "15%"; "7.50" → "7.5%". */
const percent = (rate: number) => `${Number(rate.toFixed(2))}%`;

const paise = (v: string | undefined) => parseDecimal(v ?? "0", 2) ?? 0n;

/** One figure of a block, in paise. */
function figure(b: TaxBlock, key: Figure): bigint {
  return key === "normal" ? paise(b.depreciation_full) + paise(b.depreciation_half) : paise(b[key]);
}

/** The sum of one figure over the blocks, to the paisa (no floats). */
function total(blocks: TaxBlock[], key: Figure): string {
  return formatDecimal(blocks.reduce((sum, b) => sum + figure(b, key), 0n), 2);
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
  const queryClient = useQueryClient();
  const [claimShown, setClaimShown] = useState<boolean | null>(null);

  async function setClaim(on: boolean) {
    setClaimShown(on);
    try {
      await taxSettingsSet(on);
      await taxDepreciationInvalidate(queryClient);
      toast.success(on ? "Additional depreciation is claimed" : "Additional depreciation is not claimed");
    } catch (e) {
      toast.error(e instanceof ApiError ? e.message : "Could not save the setting.");
    } finally {
      setClaimShown(null);
    }
  }

  // The years on offer: this one and five before it, starting where the company's year starts.
  const today = todayIso();
  const monthDay = data?.year_start.slice(5) ?? "04-01";
  const starts = fiscalYearStarts(today, monthDay);
  const shown = data?.year_start ?? (values.year || starts[0]!);
  if (!starts.includes(shown)) starts.push(shown); // an older year from a link
  const blocks = data?.blocks ?? [];
  // the columns that may be empty show only where a block has them
  const shownWhen: Partial<Record<Figure, boolean>> = {
    additional: !!data?.claim_additional || blocks.some((b) => figure(b, "additional") !== 0n),
    capital_gain: blocks.some((b) => figure(b, "capital_gain") !== 0n),
    capital_loss: blocks.some((b) => figure(b, "capital_loss") !== 0n),
  };
  const figures = FIGURES.filter((f) => shownWhen[f] ?? true);
  const columns = 2 + figures.length + (canEnter ? 1 : 0);

  return (
    <>
      <PageHeader
        title="Income-tax depreciation"
        description="Section 32: each block of assets at its written-down value; assets put to use for under 180 days in the year take half the rate, and new plant its additional depreciation where it is claimed. A working for the return: nothing is posted (the books carry the Companies Act depreciation)."
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
        {data && (
          <label className="flex items-start gap-2 pb-1.5 text-sm sm:ml-auto" htmlFor="tax-claim-additional">
            <input type="checkbox" id="tax-claim-additional" className="mt-0.5" disabled={!canEnter || claimShown !== null} checked={claimShown ?? data.claim_additional} onChange={(e) => void setClaim(e.target.checked)} />
            <span>
              Claim additional depreciation
              <span className="block text-xs text-muted-foreground">s.32(1)(iia), on new plant; not under the s.115BAA rates</span>
            </span>
          </label>
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
              {shownWhen.additional && <TableHead className="px-2 text-right">Additional<span className="block text-[11px] font-normal">s.32(1)(iia)</span></TableHead>}
              {shownWhen.capital_gain && <TableHead className="px-2 text-right">Capital gain<span className="block text-[11px] font-normal">s.50</span></TableHead>}
              {shownWhen.capital_loss && <TableHead className="px-2 text-right">Capital loss<span className="block text-[11px] font-normal">s.50(2): block ceased</span></TableHead>}
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
                {b.carried.map((item) => (
                  <ItemRow key={`c${item.asset}`} item={item} kind="carried" figures={figures} trailing={canEnter} />
                ))}
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
          Sales reduce the block by what the assets fetched; beyond the block&apos;s value they are a short-term capital gain (s.50) and leave it at nothing. A block whose every asset in the register was sold in the year ceases: no depreciation, and what is left of it is a short-term capital loss (s.50(2)).
          {data?.claim_additional && " Additional depreciation is the asset's rate (20% for new plant) of its cost; half of it in the first year for one used under 180 days, the rest the next, never taking the block below nothing."}
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
      <TableCell>
        {block.block}
        {block.ceased && <Badge variant="warning" className="ml-2 align-middle" data-testid="tax-block-ceased">ceased</Badge>}
      </TableCell>
      <TableCell className="px-2 text-right tabular-nums" data-testid="tax-block-rate">{percent(rate)}</TableCell>
      {figures.map((key) => (
        <TableCell key={key} className="px-2 text-right align-top whitespace-nowrap">
          <span data-testid={`tax-block-${key}`}>
            <Amount value={formatDecimal(figure(block, key), 2)} blankZero={key !== "opening" && key !== "normal" && key !== "closing"} />
          </span>
          {key === "opening" && (
            <span className="block text-[11px] font-normal" data-testid="tax-block-opening-source">
              {block.opening_entered ? <Badge variant="secondary">entered</Badge> : <span className="text-muted-foreground">carried from the previous year</span>}
            </span>
          )}
          {key === "normal" && half && (
            <span className="block text-[11px] font-normal text-muted-foreground" data-testid="tax-block-depreciation-split">
              <span className="block">{percent(rate)}: {formatMoney(block.depreciation_full, { symbol: false })}</span>
              <span className="block">{percent(rate / 2)}: {formatMoney(block.depreciation_half, { symbol: false })}</span>
            </span>
          )}
        </TableCell>
      ))}
      {onEdit && (
        <TableCell className="px-2 text-right">
          <Button variant="ghost" size="icon" onClick={onEdit} aria-label={`Edit opening of ${block.block}`} title="Edit the opening written-down value" data-testid="tax-opening-edit">
            <PencilIcon />
          </Button>
        </TableCell>
      )}
    </TableRow>
  );
}

const ITEM_LABEL = { addition: "Put to use", sale: "Sold or scrapped", carried: "Put to use last year, under 180 days: the rest of its additional depreciation; put to use" } as const;

/** An addition, a sale or last year's late addition under its block: its amount in the column
 *  it counts in, an addition's additional depreciation in that column. */
function ItemRow({ item, kind, figures, trailing }: { item: TaxItem; kind: keyof typeof ITEM_LABEL; figures: readonly Figure[]; trailing: boolean }) {
  const column: Figure | null = kind === "sale" ? "sales" : kind === "carried" ? null : item.half_rate ? "additions_half" : "additions_full";
  const extra = kind !== "sale" && paise(item.additional) !== 0n;
  return (
    <TableRow data-testid="tax-item" data-kind={kind}>
      <TableCell colSpan={2} className="pl-6">
        <Link className="whitespace-nowrap text-primary hover:underline" href={`/finance/assets/${item.asset}`}>{item.number}</Link>
        <span className="ml-2">{item.name}</span>
        {item.half_rate && kind === "addition" && <Badge variant="warning" className="ml-2 align-middle">half rate</Badge>}
        <span className="block text-xs text-muted-foreground">
          {ITEM_LABEL[kind]} on {formatIsoDate(item.date)}
        </span>
      </TableCell>
      {figures.map((key) => (
        <TableCell key={key} className="px-2 text-right whitespace-nowrap" data-testid={key === column ? "tax-item-amount" : key === "additional" && extra ? "tax-item-additional" : undefined}>
          {key === column ? <Amount value={item.amount} blankZero={false} /> : key === "additional" && extra ? <Amount value={item.additional} blankZero={false} /> : null}
        </TableCell>
      ))}
      {trailing && <TableCell />}
    </TableRow>
  );
}
