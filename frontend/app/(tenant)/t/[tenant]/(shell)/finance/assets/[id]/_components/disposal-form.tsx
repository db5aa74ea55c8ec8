"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { MoneyInput } from "@/components/fields/money-input";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { assetCategoryListQuery, assetDisposalPreviewQuery, assetDispose, assetsInvalidate, type Asset } from "@/lib/api/assets";
import { accountListQuery } from "@/lib/api/finance";
import { formatMoney, parseDecimal } from "@/lib/decimal";
import { today } from "@/lib/dates";
import { GainLabel } from "./gain-label";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const schema = z
  .object({
    date: z.string().regex(ISO_DATE, "Pick the day it was sold or scrapped."),
    proceeds: z.string().regex(/^\d+(\.\d{1,2})?$/, "An amount, e.g. 90000.00").or(z.literal("")),
    account: z.string(),
    reason: z.string().max(500),
  })
  .refine((v) => !((parseDecimal(v.proceeds, 2) ?? 0n) > 0n) || v.account !== "", { path: ["account"], message: "Say where the money it fetched was booked." });
type Values = z.input<typeof schema>;

/** A value that follows `value` once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** Sell or scrap the asset: the day, what it fetched and where that money was booked (the
 *  bank, the cash, or a plain ledger such as the one a sale invoice credited). The figures are
 *  the server's, live: depreciation to the day, accumulated, book value, profit or loss. A day
 *  the disposal would refuse (on or before the last run, in the future, before the asset was in
 *  the books) gets the server's reason on the date field, no figures, and nothing to confirm. */
export function DisposalForm({ asset, onCancel }: { asset: Asset; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>({ date: today(), proceeds: "", account: "", reason: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    // a field's message is about what it held: a new value clears it
    setErrors((e) => {
      if (!(key in e)) return e;
      const rest = { ...e };
      delete rest[key];
      return rest;
    });
  };
  const accounts = useQuery(accountListQuery());
  const categories = useQuery(assetCategoryListQuery());
  const settledDate = useSettled(values.date);
  const settledProceeds = useSettled(values.proceeds);
  const previewable = ISO_DATE.test(settledDate) && (settledProceeds === "" || parseDecimal(settledProceeds, 2) !== null);
  const preview = useQuery({ ...assetDisposalPreviewQuery(asset.id, settledDate, settledProceeds || "0"), enabled: previewable });
  const p = preview.data;
  // why the server would refuse the day asked about; shown while that is still the day typed
  const dayError = preview.error instanceof ApiError ? preview.error.fields.date?.join(" ") : undefined;
  const refusedDay = settledDate === values.date ? dayError : undefined;
  const proceeds = parseDecimal(values.proceeds, 2) ?? 0n;
  // the bank and cash ledgers first, then plain ledgers (no role), never the asset's own ledgers
  const options = useMemo(() => {
    const category = categories.data?.find((c) => c.id === asset.category);
    const own = new Set([category?.asset_account, category?.accumulated_account, category?.depreciation_account]);
    const ledgers = (accounts.data ?? []).filter((a) => !a.is_group && a.is_active !== false && !own.has(a.id));
    return {
      money: ledgers.filter((a) => a.role === "bank" || a.role === "cash"),
      plain: ledgers.filter((a) => !a.role),
    };
  }, [accounts.data, categories.data, asset.category]);
  const chosen = values.account || (proceeds > 0n ? String(options.money[0]?.id ?? "") : "");

  function check(): boolean {
    const parsed = schema.safeParse({ ...values, account: chosen });
    if (parsed.success) {
      setErrors({});
      return true;
    }
    const found: Record<string, string> = {};
    for (const issue of parsed.error.issues) found[String(issue.path[0])] ??= issue.message;
    setErrors(found);
    return false;
  }

  async function dispose() {
    try {
      const saved = await assetDispose(asset.id, {
        date: values.date,
        proceeds: values.proceeds || "0",
        account: proceeds > 0n && chosen ? Number(chosen) : null,
        reason: values.reason.trim(),
      });
      toast.success(`${saved.number} disposed: entry ${saved.disposal_entry_number ?? ""}`);
      await assetsInvalidate(queryClient);
    } catch (e) {
      if (e instanceof ApiError) {
        const found: Record<string, string> = {};
        for (const [key, messages] of Object.entries(e.fields)) found[key] = messages.join(" ");
        setErrors(found);
      }
      throw e;
    }
  }

  return (
    <Card className="mt-4" data-testid="asset-dispose-card">
      <CardHeader>
        <CardTitle>Dispose of the asset</CardTitle>
        <CardDescription>Sold or scrapped: one entry on the day charges the depreciation since the last run, takes the cost and the accumulated depreciation out of the books, books the money it fetched and the profit or loss.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
        <div className="grid content-start gap-4 sm:grid-cols-2">
          <FormField id="dispose-date" label="Date" error={errors.date ?? refusedDay}>
            <DateInput id="dispose-date" value={values.date} onChange={(v) => set("date", v)} max={today()} aria-invalid={!!(errors.date ?? refusedDay)} />
          </FormField>
          <FormField id="dispose-proceeds" label="Proceeds" error={errors.proceeds} hint="What it fetched; empty or zero when scrapped">
            <MoneyInput id="dispose-proceeds" value={values.proceeds} onChange={(v) => set("proceeds", v)} aria-invalid={!!errors.proceeds} />
          </FormField>
          <FormField id="dispose-account" label="Received in" error={errors.account} hint="The bank or cash account, or the ledger the sale invoice credited" className="sm:col-span-2">
            <NativeSelect id="dispose-account" value={chosen} onChange={(e) => set("account", e.target.value)} disabled={proceeds <= 0n} aria-invalid={!!errors.account}>
              <option value="">{proceeds > 0n ? "Choose a ledger…" : "Nothing received"}</option>
              {options.money.length > 0 && (
                <optgroup label="Bank and cash">
                  {options.money.map((a) => <option key={a.id} value={a.id}>{a.code} {a.name}</option>)}
                </optgroup>
              )}
              {options.plain.length > 0 && (
                <optgroup label="Other ledgers">
                  {options.plain.map((a) => <option key={a.id} value={a.id}>{a.code} {a.name}</option>)}
                </optgroup>
              )}
            </NativeSelect>
          </FormField>
          <FormField id="dispose-reason" label="Reason" error={errors.reason} className="sm:col-span-2">
            <Input id="dispose-reason" value={values.reason} onChange={(e) => set("reason", e.target.value)} placeholder="Optional: sold to…, scrapped after…" />
          </FormField>
        </div>
        <div className="rounded-md border bg-muted/30 p-3" aria-live="polite">
          <p className="mb-2 text-sm font-medium">If disposed of on {formatIsoDate(values.date)}</p>
          {dayError ? (
            <p className="text-sm text-muted-foreground" data-testid="disposal-preview-refused">{refusedDay ? "No figures: it cannot be disposed of on that day (see the date)." : "Working it out…"}</p>
          ) : preview.isError ? (
            <p role="alert" className="text-sm text-destructive">{preview.error.message}</p>
          ) : !p ? (
            <p className="text-sm text-muted-foreground">{previewable ? "Working it out…" : "Give a date."}</p>
          ) : (
            <Table aria-label="Disposal figures" className="text-sm">
              <TableBody>
                <TableRow><TableCell className="whitespace-nowrap py-1.5">Cost</TableCell><TableCell className="py-1.5 text-right tabular-nums">{formatMoney(asset.cost)}</TableCell></TableRow>
                <TableRow><TableCell className="whitespace-nowrap py-1.5">Depreciation charged</TableCell><TableCell className="py-1.5 text-right tabular-nums">{formatMoney(p.charged_before)}</TableCell></TableRow>
                <TableRow><TableCell className="whitespace-nowrap py-1.5">Depreciation to the day</TableCell><TableCell className="py-1.5 text-right tabular-nums" data-testid="disposal-preview-depreciation">{formatMoney(p.depreciation)}</TableCell></TableRow>
                <TableRow><TableCell className="whitespace-nowrap py-1.5">Accumulated</TableCell><TableCell className="py-1.5 text-right tabular-nums" data-testid="disposal-preview-accumulated">{formatMoney(p.accumulated)}</TableCell></TableRow>
                <TableRow className="font-medium"><TableCell className="whitespace-nowrap py-1.5">Book value</TableCell><TableCell className="py-1.5 text-right tabular-nums" data-testid="disposal-preview-book-value">{formatMoney(p.book_value)}</TableCell></TableRow>
                <TableRow><TableCell className="whitespace-nowrap py-1.5">Proceeds</TableCell><TableCell className="py-1.5 text-right tabular-nums">{formatMoney(p.proceeds)}</TableCell></TableRow>
                <TableRow className="border-t-2"><TableCell className="py-1.5 font-medium">Profit or loss</TableCell><TableCell className="py-1.5 text-right"><GainLabel gain={p.gain} testId="disposal-preview-gain" /></TableCell></TableRow>
              </TableBody>
            </Table>
          )}
        </div>
        <div className="flex gap-2 lg:col-span-2">
          <ConfirmDialog
            title={`Dispose of ${asset.number}?`}
            description={
              p
                ? `One entry on ${formatIsoDate(values.date)}: depreciation of ${formatMoney(p.depreciation)} to the day, the cost of ${formatMoney(asset.cost)} and ${formatMoney(p.accumulated)} of accumulated depreciation out of the books, ${formatMoney(values.proceeds || "0")} received, a ${(parseDecimal(p.gain, 2) ?? 0n) < 0n ? "loss" : "profit"} of ${formatMoney((p.gain ?? "0").replace("-", ""))}.`
                : `One entry on ${formatIsoDate(values.date)} takes it out of the books.`
            }
            confirmLabel="Dispose"
            destructive
            onConfirm={dispose}
            trigger={<Button variant="destructive" data-testid="asset-dispose" disabled={!!refusedDay} onClick={(e) => { if (!check()) e.preventDefault(); }}>Dispose…</Button>}
          />
          <Button variant="outline" onClick={onCancel}>Cancel</Button>
        </div>
      </CardContent>
    </Card>
  );
}
