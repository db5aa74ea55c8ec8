"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { PencilIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { formatIsoDate } from "@/components/fields/date-input";
import { monthLabel } from "@/components/gst-heads";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { StatusBadge } from "@/components/status-badge";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { assetDelete, assetDisposalCancel, assetQuery, assetsInvalidate, METHOD_LABELS, type Asset } from "@/lib/api/assets";
import { formatDecimal, formatMoney, parseDecimal } from "@/lib/decimal";
import { today } from "@/lib/dates";
import { ASSET_STATUS_LABELS, lifeLabel, percentLabel, ratePercent } from "../../_components/asset-format";
import { AssetEditForm } from "./asset-edit-form";
import { DisposalForm } from "./disposal-form";
import { GainLabel } from "./gain-label";

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="tabular-nums" data-testid={testId}>{children}</dd>
    </div>
  );
}

/** One asset: what it is and cost (its name, description and cost centre changed from an Edit
 *  dialog; the figures never), how it is depreciated (the schedule of its life per fiscal
 *  year, the months posted), and its disposal: a form with the live figures while in use; what
 *  the disposal booked, and undoing it, once disposed. Deleting is for an asset registered by
 *  mistake: the server says when (`can_delete`: in use and in no run, not even a cancelled one). */
export function AssetView({ id }: { id: number }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const query = useQuery(assetQuery(id));
  const canChange = useCan("assets.asset.change");
  const canDelete = useCan("assets.asset.delete");
  const [disposing, setDisposing] = useState(false);
  const [editing, setEditing] = useState(false);
  if (query.isPending) return <Skeleton className="h-64" />;
  if (query.isError) return <p role="alert" className="text-destructive">{query.error.message}</p>;
  const a: Asset = query.data;
  const disposed = a.status === "disposed";
  const now = today();
  const scheduleTotal = a.schedule.reduce((sum, y) => sum + (parseDecimal(y.depreciation, 2) ?? 0n), 0n);
  return (
    <>
      <PageHeader
        title={`${a.number} ${a.name}`}
        description={`${a.category_name} · put to use ${formatIsoDate(a.in_use_date)}${a.description ? ` · ${a.description}` : ""}`}
        actions={
          <div className="flex items-center gap-2">
            <StatusBadge status={a.status ?? "active"} label={ASSET_STATUS_LABELS[a.status ?? "active"]} tones={{ active: "success", disposed: "neutral" }} />
            {canChange && <Button variant="outline" onClick={() => setEditing(true)} data-testid="asset-edit-open"><PencilIcon /> Edit</Button>}
            {!disposed && canChange && !disposing && <Button variant="outline" onClick={() => setDisposing(true)} data-testid="asset-dispose-open">Sell or scrap…</Button>}
            {a.can_delete && canDelete && (
              <ConfirmDialog
                title={`Delete ${a.number}?`}
                description={a.capitalisation_entry ? `For an asset registered by mistake: it leaves the register, and ${a.capitalisation_entry_number ?? "its capitalisation"} is reversed, so its cost is back on ${a.cwip_account_name ?? "work in progress"}.` : "For an asset registered by mistake: it leaves the register. Nothing was posted for it."}
                confirmLabel="Delete asset"
                destructive
                onConfirm={async () => {
                  await assetDelete(a.id);
                  toast.success(`${a.number} deleted`);
                  router.push("/finance/assets");
                  await assetsInvalidate(queryClient);
                }}
                trigger={<Button variant="outline" data-testid="asset-delete"><Trash2Icon /> Delete</Button>}
              />
            )}
          </div>
        }
      />
      {canChange && editing && <AssetEditForm asset={a} onClose={() => setEditing(false)} />}
      <Card>
        <CardContent className="pt-6">
          <dl className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4" data-testid="asset-facts">
            <Fact label="Category"><Link className="text-primary hover:underline" href={`/finance/assets?category=${a.category}`}>{a.category_name}</Link></Fact>
            <Fact label="Vendor bill">{a.bill ? <Link className="text-primary hover:underline" href={`/finance/bills/${a.bill}`}>{a.bill_number ?? `#${a.bill}`}</Link> : "—"}</Fact>
            {a.cwip_account && (
              <Fact label="Capitalised from" testId="asset-capitalised">
                {a.cwip_account_name}
                {a.capitalisation_entry && <Link className="block text-xs text-primary hover:underline" href={`/finance/journal/${a.capitalisation_entry}`}>{a.capitalisation_entry_number ?? `#${a.capitalisation_entry}`}</Link>}
              </Fact>
            )}
            <Fact label="Cost centre" testId="asset-cost-centre">{a.cost_centre_name ?? "—"}</Fact>
            <Fact label="Bought">{formatIsoDate(a.purchase_date)}</Fact>
            <Fact label="Put to use">{formatIsoDate(a.in_use_date)}</Fact>
            <Fact label="Cost" testId="asset-cost">{formatMoney(a.cost)}</Fact>
            <Fact label="Residual value">{formatMoney(a.residual_value)}</Fact>
            <Fact label="Method">{METHOD_LABELS[a.method]}{a.method === "wdv" && <span className="text-muted-foreground"> at {ratePercent(a.rate)} a year</span>}</Fact>
            <Fact label="Useful life">{lifeLabel(a.useful_life_months)}<span className="block text-xs text-muted-foreground">ends {formatIsoDate(a.life_end)}</span></Fact>
            {a.opening_date && (
              <Fact label="Brought forward">{formatIsoDate(a.opening_date)}<span className="block text-xs text-muted-foreground">{formatMoney(a.opening_depreciation)} charged before</span></Fact>
            )}
            {Number(a.tax_additional_rate) > 0 && <Fact label="Income tax" testId="asset-tax-additional">{percentLabel(a.tax_additional_rate)} additional depreciation<span className="block text-xs text-muted-foreground">s.32(1)(iia), in the year put to use</span></Fact>}
            <Fact label="Accumulated depreciation" testId="asset-accumulated">{formatMoney(a.accumulated)}</Fact>
            <Fact label={disposed ? "Book value when disposed" : "Book value"} testId="asset-book-value">{formatMoney(a.book_value)}</Fact>
            <Fact label="Status">{disposed ? `Disposed on ${formatIsoDate(a.disposal_date)}` : "In use"}</Fact>
          </dl>
        </CardContent>
      </Card>

      {disposed ? (
        <Card className="mt-4" data-testid="asset-disposal">
          <CardHeader className="flex flex-row items-start justify-between gap-4 space-y-0">
            <div className="grid gap-1.5">
              <CardTitle>Disposal</CardTitle>
              <CardDescription>One entry on the day: the depreciation since the last run, the cost and the accumulated depreciation out of the books, the money it fetched, the profit or loss.</CardDescription>
            </div>
            {canChange && (
              <ConfirmDialog
                title={`Cancel the disposal of ${a.number}?`}
                description="Its entry is reversed on its day and the asset is in use again; the next depreciation run catches up the months since."
                confirmLabel="Cancel disposal"
                destructive
                onConfirm={async () => {
                  await assetDisposalCancel(a.id);
                  toast.success("Disposal cancelled");
                  await assetsInvalidate(queryClient);
                }}
                trigger={<Button variant="outline" size="sm" data-testid="asset-disposal-cancel">Cancel disposal</Button>}
              />
            )}
          </CardHeader>
          <CardContent>
            <dl className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4">
              <Fact label="Date">{formatIsoDate(a.disposal_date)}</Fact>
              <Fact label="Proceeds" testId="asset-disposal-proceeds">{formatMoney(a.disposal_proceeds)}{a.disposal_account_name && <span className="block text-xs text-muted-foreground">to {a.disposal_account_name}</span>}</Fact>
              <Fact label="Depreciation to the day">{formatMoney(a.disposal_depreciation)}</Fact>
              <Fact label="Profit or loss"><GainLabel gain={a.disposal_gain ?? "0"} testId="asset-disposal-gain" /></Fact>
              <Fact label="Entry">{a.disposal_entry ? <Link className="text-primary hover:underline" href={`/finance/journal/${a.disposal_entry}`} data-testid="asset-disposal-entry">{a.disposal_entry_number ?? `#${a.disposal_entry}`}</Link> : "—"}</Fact>
              {a.disposal_reason && <Fact label="Reason">{a.disposal_reason}</Fact>}
            </dl>
          </CardContent>
        </Card>
      ) : (
        canChange && disposing && <DisposalForm asset={a} onCancel={() => setDisposing(false)} />
      )}

      <div className="mt-4 grid gap-4">
        <Card>
          <CardHeader>
            <CardTitle>Depreciation schedule</CardTitle>
            <CardDescription>
              Each fiscal year of its life as the formula gives it, posted or to come: {a.method === "wdv" ? `the year's opening book value × ${ratePercent(a.rate)}` : "the depreciable amount ÷ the years of life"} × the days used in the year ÷ the days in the year.
            </CardDescription>
          </CardHeader>
          <CardContent className="overflow-x-auto">
            <Table aria-label="Depreciation schedule">
              <TableHeader>
                <TableRow><TableHead>Fiscal year</TableHead><TableHead className="text-right">Opening</TableHead><TableHead className="text-right">Depreciation</TableHead><TableHead className="text-right">Closing</TableHead></TableRow>
              </TableHeader>
              <TableBody>
                {a.schedule.map((y) => {
                  const current = y.start <= now && now <= y.end;
                  return (
                    <TableRow key={y.start} data-testid="asset-schedule-row" className={current ? "bg-muted/60 font-medium" : undefined} aria-current={current ? "true" : undefined}>
                      <TableCell className="whitespace-nowrap">{formatIsoDate(y.start)} – {formatIsoDate(y.end)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(y.opening)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(y.depreciation)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(y.closing)}</TableCell>
                    </TableRow>
                  );
                })}
                {a.schedule.length > 0 && (
                  <TableRow className="border-t-2 font-semibold">
                    <TableCell>Over its life</TableCell>
                    <TableCell />
                    <TableCell className="text-right tabular-nums" data-testid="asset-schedule-total">{formatMoney(formatDecimal(scheduleTotal, 2))}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatMoney(a.residual_value)}</TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Depreciation posted</CardTitle>
            <CardDescription>The monthly runs that charged it{a.opening_date ? `, after the ${formatMoney(a.opening_depreciation)} brought forward` : ""}.</CardDescription>
          </CardHeader>
          <CardContent className="overflow-x-auto">
            {a.history.length === 0 ? (
              <p className="text-sm text-muted-foreground" data-testid="asset-history-empty">No month has been depreciated yet.</p>
            ) : (
              <Table aria-label="Depreciation posted">
                <TableHeader>
                  <TableRow><TableHead>Month</TableHead><TableHead className="text-right">Depreciation</TableHead><TableHead className="text-right">Accumulated</TableHead><TableHead className="text-right">Book value</TableHead><TableHead>Entry</TableHead></TableRow>
                </TableHeader>
                <TableBody>
                  {a.history.map((h) => (
                    <TableRow key={h.run} data-testid="asset-history-row">
                      <TableCell className="whitespace-nowrap"><Link className="text-primary hover:underline" href={`/finance/depreciation?month=${h.month.slice(0, 7)}`}>{monthLabel(h.month)}</Link></TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(h.amount)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(h.accumulated)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(h.book_value)}</TableCell>
                      <TableCell>{h.journal_entry ? <Link className="text-primary hover:underline" href={`/finance/journal/${h.journal_entry}`}>{h.journal_entry_number ?? `#${h.journal_entry}`}</Link> : "—"}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
