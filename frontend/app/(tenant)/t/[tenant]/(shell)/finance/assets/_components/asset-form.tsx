"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";
import { AsyncSelect } from "@/components/fields/async-select";
import { DateInput, formatIsoDate } from "@/components/fields/date-input";
import { MoneyInput } from "@/components/fields/money-input";
import { FormField } from "@/components/form-field";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { errorsByField } from "@/lib/api/errors";
import { assetBillSearch, assetCategoryListQuery, assetCreate, assetsInvalidate, cwipListQuery, METHOD_LABELS, type AssetInput, type BillRef } from "@/lib/api/assets";
import { formatCurrency } from "@/lib/currency";
import { formatDecimal, formatMoney, mulRound, parseDecimal } from "@/lib/decimal";
import { today } from "@/lib/dates";
import { lifeLabel, PERCENT_TYPED, percentLabel } from "./asset-format";
import { CostCentreField } from "./cost-centre-field";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d+(\.\d{1,2})?$/;
const paise = (v: string) => parseDecimal(v, 2) ?? 0n;

/** The form as typed (strings throughout, "" for "as the category says"), checked before it is
 *  sent; the server checks the rest (the bill's amount left, the category's ledgers). */
const schema = z
  .object({
    name: z.string().trim().min(1, "Give the asset a name.").max(200),
    description: z.string().max(2000),
    category: z.string().min(1, "Pick a category."),
    bill: z.number().nullable(),
    cost_centre: z.string(),
    purchase_date: z.string().regex(ISO_DATE, "Pick the day it was bought."),
    in_use_date: z.string().regex(ISO_DATE, "A date.").or(z.literal("")),
    cost: z.string().regex(AMOUNT, "An amount, e.g. 120000.00").refine((v) => paise(v) > 0n, "The cost is above zero."),
    residual_value: z.string().regex(AMOUNT, "An amount, e.g. 6000.00").or(z.literal("")),
    method: z.enum(["", "wdv", "slm"]),
    useful_life_months: z.string().regex(/^\d*$/, "Whole months.").refine((v) => v === "" || (Number(v) >= 1 && Number(v) <= 1200), "1 to 1,200 months."),
    opening_date: z.string().regex(ISO_DATE, "A date.").or(z.literal("")),
    opening_depreciation: z.string().regex(AMOUNT, "An amount.").or(z.literal("")),
    tax_additional_rate: z.string().trim().regex(PERCENT_TYPED, "A percentage, e.g. 20.").refine((v) => v === "" || Number(v) <= 100, "At most 100%."),
    cwip_account: z.string(),
  })
  .refine((v) => !v.in_use_date || v.in_use_date >= v.purchase_date, { path: ["in_use_date"], message: "An asset is put to use on or after the day it was bought." })
  .refine((v) => !paise(v.opening_depreciation) || v.opening_date, { path: ["opening_date"], message: "Give the day the depreciation charged before these books ends." })
  .refine((v) => !v.opening_date || v.opening_date >= (v.in_use_date || v.purchase_date), { path: ["opening_date"], message: "The opening day is on or after the day it was put to use." })
  .refine((v) => paise(v.opening_depreciation) < paise(v.cost), { path: ["opening_depreciation"], message: "Depreciation already charged is less than the cost." });
type Values = z.input<typeof schema>;

/** Register an asset: name, category (its method, life and residual % are the defaults), the
 *  vendor bill it came on, the cost centre its depreciation is booked to, dates, cost; an asset
 *  brought forward from earlier books gives the day these books start and the depreciation
 *  charged before. Opens the asset when saved. */
export type AssetFormInitial = { values: Partial<Values>; bill?: BillRef };

export function AssetForm({ onClose, initial }: { onClose: () => void; initial?: AssetFormInitial }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const canBills = useCan("invoicing.bill.view");
  const categories = useQuery(assetCategoryListQuery());
  const active = (categories.data ?? []).filter((c) => c.is_active !== false);
  const [values, setValues] = useState<Values>({
    name: "", description: "", category: "", bill: null, cost_centre: "", purchase_date: today(), in_use_date: "", cost: "",
    residual_value: "", method: "", useful_life_months: "", opening_date: "", opening_depreciation: "",
    tax_additional_rate: "", cwip_account: "", ...initial?.values,
  });
  const [bill, setBill] = useState<BillRef | null>(initial?.bill ?? null);
  const [broughtForward, setBroughtForward] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const category = active.find((c) => String(c.id) === values.category);
  // where the cost is: on the asset ledger already, or on a work-in-progress ledger (ADR 0077)
  const cwipLedgers = useQuery(cwipListQuery());
  const cwip = (cwipLedgers.data ?? []).find((c) => String(c.id) === values.cwip_account);
  // the category's defaults, shown where the field is left empty
  const residualDefault = category && paise(values.cost) > 0n ? formatDecimal(mulRound(paise(values.cost), 2, parseDecimal(category.residual_percent ?? "0", 2) ?? 0n, 4, 2), 2) : null;

  async function save() {
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0])] ??= issue.message;
      setErrors(found);
      return;
    }
    const v = parsed.data;
    const body: AssetInput = {
      name: v.name,
      description: v.description,
      category: Number(v.category),
      bill: v.bill,
      cost_centre: v.cost_centre ? Number(v.cost_centre) : null,
      purchase_date: v.purchase_date,
      cost: v.cost,
      ...(v.in_use_date ? { in_use_date: v.in_use_date } : {}),
      ...(v.residual_value ? { residual_value: v.residual_value } : {}),
      ...(v.method ? { method: v.method } : {}),
      ...(v.useful_life_months ? { useful_life_months: Number(v.useful_life_months) } : {}),
      ...(v.tax_additional_rate ? { tax_additional_rate: v.tax_additional_rate } : {}),
      ...(v.cwip_account ? { cwip_account: Number(v.cwip_account), bill: null } : {}),
      ...(v.opening_date && !v.cwip_account ? { opening_date: v.opening_date, opening_depreciation: v.opening_depreciation || "0" } : {}),
    };
    setErrors({});
    setSaving(true);
    try {
      const asset = await assetCreate(body);
      await assetsInvalidate(queryClient);
      toast.success(`${asset.number} registered`);
      router.push(`/finance/assets/${asset.id}`);
    } catch (e) {
      const found = errorsByField(e);
      if (found.opening_date || found.opening_depreciation) setBroughtForward(true);
      setErrors(found);
      setSaving(false);
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && !saving && onClose()}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] max-w-2xl overflow-y-auto">
        <DialogHeader>
          <DialogTitle>Register an asset</DialogTitle>
          <DialogDescription>{cwip ? `Its cost comes out of ${cwip.code} ${cwip.name}: registering posts the move to the category's asset ledger on the day it is put to use. Depreciation counts from that day.` : "Its cost is in the books already (a bill, a journal, the opening balances): registering posts nothing. Depreciation counts from the day it was put to use."}</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {(errors.form || errors.non_field_errors) && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.form || errors.non_field_errors}</p>}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="asset-name" label="Name" error={errors.name} className="sm:col-span-2">
              <Input id="asset-name" value={values.name} onChange={(e) => set("name", e.target.value)} aria-invalid={!!errors.name} placeholder="e.g. CNC lathe LT-20" />
            </FormField>
            <FormField id="asset-category" label="Category" error={errors.category} hint={category ? `${METHOD_LABELS[category.method ?? "wdv"]}, ${lifeLabel(category.useful_life_months)}, residual ${percentLabel(category.residual_percent)}` : undefined}>
              <NativeSelect id="asset-category" value={values.category} onChange={(e) => set("category", e.target.value)} aria-invalid={!!errors.category}>
                <option value="">{categories.isPending ? "Loading…" : "Choose a category…"}</option>
                {active.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </NativeSelect>
            </FormField>
            {(cwipLedgers.data ?? []).some((c) => c.is_active) && (
              <FormField id="asset-cwip" label="Where its cost is" error={errors.cwip_account} className="sm:col-span-2" hint={cwip ? `Registering posts the move of its cost from ${cwip.code} to the category's ledger on the day it is put to use` : "Registering posts nothing"}>
                <NativeSelect id="asset-cwip" value={values.cwip_account} onChange={(e) => set("cwip_account", e.target.value)} aria-invalid={!!errors.cwip_account}>
                  <option value="">On the asset ledger already (a bill, a journal, the opening balances)</option>
                  {(cwipLedgers.data ?? []).filter((c) => c.is_active).map((c) => (
                    <option key={c.id} value={c.id}>{`Capital work in progress: ${c.code} ${c.name} (holds ${formatMoney(c.balance)})`}</option>
                  ))}
                </NativeSelect>
              </FormField>
            )}
            {canBills && !cwip && (
              <FormField id="asset-bill" label="Vendor bill" error={errors.bill} hint="Optional: the posted bill it came on">
                <AsyncSelect<BillRef>
                  id="asset-bill"
                  value={bill}
                  onChange={(b) => {
                    setBill(b);
                    set("bill", b?.id ?? null);
                  }}
                  fetcher={assetBillSearch}
                  getKey={(b) => b.id}
                  getLabel={(b) => b.number ?? `Bill #${b.id}`}
                  getDescription={(b) => [b.party_name, formatIsoDate(b.date), b.total ? formatCurrency(b.total, b.currency ?? "INR") : ""].filter(Boolean).join(" · ")}
                  queryKey="asset-bills"
                  placeholder="Search posted bills…"
                  emptyText="No posted bill matches"
                  invalid={!!errors.bill}
                />
              </FormField>
            )}
            <FormField id="asset-purchase" label="Purchase date" error={errors.purchase_date}>
              <DateInput id="asset-purchase" value={values.purchase_date} onChange={(v) => set("purchase_date", v)} aria-invalid={!!errors.purchase_date} />
            </FormField>
            <FormField id="asset-in-use" label="Put to use on" error={errors.in_use_date} hint="Empty: the purchase date">
              <DateInput id="asset-in-use" value={values.in_use_date} onChange={(v) => set("in_use_date", v)} min={values.purchase_date || undefined} aria-invalid={!!errors.in_use_date} />
            </FormField>
            <FormField id="asset-cost" label="Cost" error={errors.cost} hint="What was capitalised: price, freight, installation; not the GST taken as credit">
              <MoneyInput id="asset-cost" value={values.cost} onChange={(v) => set("cost", v)} aria-invalid={!!errors.cost} />
            </FormField>
            <FormField id="asset-residual" label="Residual value" error={errors.residual_value} hint={residualDefault !== null ? `Empty: ${formatMoney(residualDefault)} (${percentLabel(category?.residual_percent)} of the cost)` : "Empty: the category's percentage of the cost"}>
              <MoneyInput id="asset-residual" value={values.residual_value ?? ""} onChange={(v) => set("residual_value", v)} aria-invalid={!!errors.residual_value} />
            </FormField>
            <FormField id="asset-method" label="Method" error={errors.method}>
              <NativeSelect id="asset-method" value={values.method} onChange={(e) => set("method", e.target.value as Values["method"])}>
                <option value="">{category ? `As the category: ${METHOD_LABELS[category.method ?? "wdv"]}` : "As the category"}</option>
                <option value="wdv">{METHOD_LABELS.wdv}</option>
                <option value="slm">{METHOD_LABELS.slm}</option>
              </NativeSelect>
            </FormField>
            <FormField id="asset-life" label="Useful life (months)" error={errors.useful_life_months} hint={values.useful_life_months && Number(values.useful_life_months) > 0 ? lifeLabel(Number(values.useful_life_months)) : category ? `Empty: ${category.useful_life_months} (${lifeLabel(category.useful_life_months)})` : "Empty: the category's"}>
              <Input id="asset-life" inputMode="numeric" value={values.useful_life_months} onChange={(e) => set("useful_life_months", e.target.value.trim())} placeholder={category ? String(category.useful_life_months) : ""} aria-invalid={!!errors.useful_life_months} />
            </FormField>
            <CostCentreField id="asset-cost-centre" value={values.cost_centre} onChange={(v) => set("cost_centre", v)} error={errors.cost_centre} />
            {category?.tax_block && (
              <FormField id="asset-tax-additional" label="Additional depreciation, income tax (%)" error={errors.tax_additional_rate} hint={`s.32(1)(iia). Empty: the category's ${percentLabel(category.tax_additional_rate)}; 0 for second-hand, an office or a road vehicle`}>
                <Input id="asset-tax-additional" inputMode="decimal" value={values.tax_additional_rate} onChange={(e) => set("tax_additional_rate", e.target.value.trim())} placeholder={String(Number(category.tax_additional_rate ?? 0))} aria-invalid={!!errors.tax_additional_rate} />
              </FormField>
            )}
            <FormField id="asset-description" label="Description" error={errors.description} className="sm:col-span-2">
              <Textarea id="asset-description" rows={2} value={values.description} onChange={(e) => set("description", e.target.value)} placeholder="Optional: make, model, serial number, where it is" />
            </FormField>
          </div>
          {!cwip && <details className="rounded-md border px-4 py-2" open={broughtForward} onToggle={(e) => setBroughtForward(e.currentTarget.open)}>
            <summary className="cursor-pointer text-sm font-medium" data-testid="asset-brought-forward">Brought forward from earlier books</summary>
            <p className="mt-2 text-sm text-muted-foreground">For an asset these books did not depreciate from the start: the day these books take it over and the depreciation charged before. The rest of its life writes down what is left.</p>
            <div className="mt-3 grid gap-4 pb-2 sm:grid-cols-2">
              <FormField id="asset-opening-date" label="Opening date" error={errors.opening_date}>
                <DateInput id="asset-opening-date" value={values.opening_date} onChange={(v) => set("opening_date", v)} aria-invalid={!!errors.opening_date} />
              </FormField>
              <FormField id="asset-opening-dep" label="Depreciation charged before" error={errors.opening_depreciation}>
                <MoneyInput id="asset-opening-dep" value={values.opening_depreciation} onChange={(v) => set("opening_depreciation", v)} aria-invalid={!!errors.opening_depreciation} />
              </FormField>
            </div>
          </details>}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose} disabled={saving}>Cancel</Button>
            <Button type="submit" disabled={saving} data-testid="asset-save">{saving && <Loader2Icon className="animate-spin" />} Register</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
