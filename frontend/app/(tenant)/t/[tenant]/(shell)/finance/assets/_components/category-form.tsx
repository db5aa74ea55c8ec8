"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useMemo, useState } from "react";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { errorsByField } from "@/lib/api/errors";
import { assetCategoryCreate, assetCategoryListQuery, assetCategoryUpdate, assetsInvalidate, METHOD_LABELS, type AssetCategory } from "@/lib/api/assets";
import { accountListQuery, type Account } from "@/lib/api/finance";
import { taxDepreciationInvalidate } from "@/lib/api/tax-depreciation";
import { lifeLabel, PERCENT_TYPED } from "./asset-format";

const schema = z
  .object({
    name: z.string().trim().min(1, "Give the category a name.").max(100),
    method: z.enum(["wdv", "slm"]),
    useful_life_months: z.string().regex(/^\d+$/, "Whole months, e.g. 180 for 15 years.").refine((v) => Number(v) >= 1 && Number(v) <= 1200, "1 to 1,200 months."),
    residual_percent: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, "A percentage below 100, e.g. 5."),
    asset_account: z.string().min(1, "Pick the ledger the assets' cost is on."),
    accumulated_account: z.string().min(1, "Pick the accumulated depreciation ledger."),
    depreciation_account: z.string().min(1, "Pick the depreciation expense ledger."),
    is_active: z.boolean(),
    tax_block: z.string().trim().max(100, "At most 100 characters."),
    tax_rate: z.string().trim().regex(PERCENT_TYPED, "A percentage, e.g. 15.").refine((v) => v === "" || (Number(v) > 0 && Number(v) <= 100), "Above 0, at most 100%."),
    tax_additional_rate: z.string().trim().regex(PERCENT_TYPED, "A percentage, e.g. 20.").refine((v) => v === "" || Number(v) <= 100, "At most 100%."),
  })
  .refine((v) => v.asset_account !== v.accumulated_account, { path: ["accumulated_account"], message: "Accumulated depreciation is kept on a ledger of its own, not the assets' ledger." })
  .refine((v) => v.method === "slm" || Number(v.residual_percent) > 0, { path: ["residual_percent"], message: "The written-down value method needs a residual value above zero (5% under Schedule II)." })
  .refine((v) => !v.tax_block.trim() || v.tax_rate.trim() !== "", { path: ["tax_rate"], message: "Give the block's rate (Appendix I), e.g. 15." })
  .refine((v) => !!v.tax_block.trim() || v.tax_rate.trim() === "", { path: ["tax_block"], message: "Name the block the rate is for, e.g. Plant and machinery 15%." })
  .refine((v) => !!v.tax_block.trim() || !Number(v.tax_additional_rate), { path: ["tax_additional_rate"], message: "Additional depreciation is claimed in a block of assets: name the block first." });
type Values = z.input<typeof schema>;

const label = (a: Account) => `${a.code} · ${a.name}`;

/** Create or change a category: name, method, useful life (months), residual %, its three
 *  ledgers (plain, active ledgers of the chart: assets for the cost and the accumulated
 *  depreciation, expenses for the charge) and its income-tax block with the block's rate (both
 *  or neither; the blocks other categories are in are offered, with their rate) and the
 *  additional depreciation its new assets take by default (s.32(1)(iia)). */
export function CategoryForm({ category, onClose }: { category?: AssetCategory; onClose: () => void }) {
  const queryClient = useQueryClient();
  const accounts = useQuery(accountListQuery());
  const [values, setValues] = useState<Values>({
    name: category?.name ?? "",
    method: category?.method ?? "wdv",
    useful_life_months: category ? String(category.useful_life_months) : "",
    residual_percent: category ? String(Number(category.residual_percent ?? "5")) : "5",
    asset_account: category ? String(category.asset_account) : "",
    accumulated_account: category ? String(category.accumulated_account) : "",
    depreciation_account: category ? String(category.depreciation_account) : "",
    is_active: category?.is_active ?? true,
    tax_block: category?.tax_block ?? "",
    tax_rate: category?.tax_rate != null ? String(Number(category.tax_rate)) : "",
    tax_additional_rate: category ? String(Number(category.tax_additional_rate ?? 0)) : "0",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const ledgers = useMemo(() => {
    const chosen = new Set([category?.asset_account, category?.accumulated_account, category?.depreciation_account]);
    // ledgers (not groups), active or already chosen; none with another role (the bank, the
    // cash, a control ledger): the depreciation ledgers first where they have their role
    const ledgers = (accounts.data ?? []).filter((a) => !a.is_group && (a.is_active !== false || chosen.has(a.id)));
    const pick = (type: Account["type"], preferred: string) => {
      const fits = ledgers.filter((a) => a.type === type && (!a.role || a.role === preferred || chosen.has(a.id)));
      const first = (a: Account) => !!preferred && a.role === preferred;
      return [...fits.filter(first), ...fits.filter((a) => !first(a))];
    };
    return { assets: pick("asset", ""), accumulated: pick("asset", "accumulated_depreciation"), expenses: pick("expense", "depreciation") };
  }, [accounts.data, category]);
  const months = Number(values.useful_life_months);
  // the blocks other categories are in, with their rates (one block, one rate)
  const categories = useQuery(assetCategoryListQuery());
  const blocks = useMemo(() => {
    const found = new Map<string, string>();
    for (const c of categories.data ?? []) if (c.tax_block && c.tax_rate != null && c.id !== category?.id && !found.has(c.tax_block)) found.set(c.tax_block, String(Number(c.tax_rate)));
    return found;
  }, [categories.data, category]);
  const blockRate = blocks.get(values.tax_block.trim());

  async function save() {
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0])] ??= issue.message;
      setErrors(found);
      return;
    }
    const v = parsed.data;
    const body = {
      name: v.name,
      method: v.method,
      useful_life_months: Number(v.useful_life_months),
      residual_percent: v.residual_percent,
      asset_account: Number(v.asset_account),
      accumulated_account: Number(v.accumulated_account),
      depreciation_account: Number(v.depreciation_account),
      is_active: v.is_active,
      tax_block: v.tax_block,
      tax_rate: v.tax_rate === "" ? null : v.tax_rate,
      tax_additional_rate: v.tax_additional_rate || "0",
    };
    setErrors({});
    setSaving(true);
    try {
      const saved = category ? await assetCategoryUpdate(category.id, body) : await assetCategoryCreate(body);
      // a category's block and rate change the income-tax working too
      await Promise.all([assetsInvalidate(queryClient), taxDepreciationInvalidate(queryClient)]);
      toast.success(category ? `${saved.name} saved` : `${saved.name} added`);
      onClose();
    } catch (e) {
      setErrors(errorsByField(e));
      setSaving(false);
    }
  }

  const select = (field: "asset_account" | "accumulated_account" | "depreciation_account", id: string, title: string, options: Account[], placeholder: string) => (
    <FormField id={id} label={title} error={errors[field]}>
      <NativeSelect id={id} value={values[field]} onChange={(e) => set(field, e.target.value)} aria-invalid={!!errors[field]}>
        <option value="">{accounts.isPending ? "Loading…" : placeholder}</option>
        {options.map((a) => <option key={a.id} value={a.id}>{label(a)}</option>)}
      </NativeSelect>
    </FormField>
  );

  return (
    <Dialog open onOpenChange={(open) => !open && !saving && onClose()}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] max-w-xl overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{category ? `Edit ${category.name}` : "New asset category"}</DialogTitle>
          <DialogDescription>{category ? "Assets registered already keep their method, life and residual value; new ones take these." : "A class of assets: the defaults of each asset registered in it and the ledgers it posts to."}</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {errors.form && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.form}</p>}
          {accounts.isError && <p role="alert" className="text-sm text-destructive">The chart of accounts could not be read: {accounts.error.message}</p>}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="cat-name" label="Name" error={errors.name} className="sm:col-span-2">
              <Input id="cat-name" value={values.name} onChange={(e) => set("name", e.target.value)} aria-invalid={!!errors.name} placeholder="e.g. Office equipment" />
            </FormField>
            <FormField id="cat-method" label="Method" error={errors.method}>
              <NativeSelect id="cat-method" value={values.method} onChange={(e) => set("method", e.target.value as Values["method"])}>
                <option value="wdv">{METHOD_LABELS.wdv}</option>
                <option value="slm">{METHOD_LABELS.slm}</option>
              </NativeSelect>
            </FormField>
            <FormField id="cat-life" label="Useful life (months)" error={errors.useful_life_months} hint={months > 0 ? lifeLabel(months) : "Schedule II: plant 15 years = 180"}>
              <Input id="cat-life" inputMode="numeric" value={values.useful_life_months} onChange={(e) => set("useful_life_months", e.target.value.trim())} aria-invalid={!!errors.useful_life_months} />
            </FormField>
            <FormField id="cat-residual" label="Residual value (% of cost)" error={errors.residual_percent} hint="Schedule II: at most 5%">
              <Input id="cat-residual" inputMode="decimal" value={values.residual_percent} onChange={(e) => set("residual_percent", e.target.value.trim())} aria-invalid={!!errors.residual_percent} />
            </FormField>
            {category && (
              <FormField id="cat-active" label="Status">
                <label className="flex h-9 items-center gap-2 text-sm">
                  <input id="cat-active" type="checkbox" checked={values.is_active} onChange={(e) => set("is_active", e.target.checked)} /> Active: new assets may be registered in it
                </label>
              </FormField>
            )}
          </div>
          <div className="grid gap-4">
            {select("asset_account", "cat-asset-account", "Asset ledger (cost)", ledgers.assets, "Choose an asset ledger…")}
            {select("accumulated_account", "cat-accumulated-account", "Accumulated depreciation ledger", ledgers.accumulated, "Choose an asset ledger…")}
            {select("depreciation_account", "cat-depreciation-account", "Depreciation expense ledger", ledgers.expenses, "Choose an expense ledger…")}
          </div>
          <fieldset className="grid gap-4 sm:grid-cols-[1fr_8rem_9rem]">
            <legend className="mb-2 text-sm font-medium sm:col-span-3">
              Income tax (s.32) <span className="font-normal text-muted-foreground">· the block its assets are depreciated in; both blank if none</span>
            </legend>
            <FormField id="cat-tax-block" label="Income-tax block" error={errors.tax_block} hint="e.g. Plant and machinery 15%: categories with the same block are depreciated together">
              <Input
                id="cat-tax-block"
                list="cat-tax-blocks"
                value={values.tax_block}
                onChange={(e) => {
                  const block = e.target.value;
                  const rate = blocks.get(block.trim());
                  setValues((v) => ({ ...v, tax_block: block, tax_rate: rate !== undefined && v.tax_rate === "" ? rate : v.tax_rate }));
                }}
                aria-invalid={!!errors.tax_block}
                autoComplete="off"
              />
              <datalist id="cat-tax-blocks">
                {[...blocks].map(([block, rate]) => <option key={block} value={block}>{`${rate}%`}</option>)}
              </datalist>
            </FormField>
            <FormField id="cat-tax-rate" label="Block rate (%)" error={errors.tax_rate} hint={blockRate !== undefined ? `The block is at ${blockRate}%` : "Appendix I, e.g. 15"}>
              <Input id="cat-tax-rate" inputMode="decimal" value={values.tax_rate} onChange={(e) => set("tax_rate", e.target.value.trim())} aria-invalid={!!errors.tax_rate} />
            </FormField>
            <FormField id="cat-tax-additional" label="Additional (%)" error={errors.tax_additional_rate} hint="s.32(1)(iia): 20 for new plant in a factory; 0 if none">
              <Input id="cat-tax-additional" inputMode="decimal" value={values.tax_additional_rate} onChange={(e) => set("tax_additional_rate", e.target.value.trim())} aria-invalid={!!errors.tax_additional_rate} />
            </FormField>
          </fieldset>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose} disabled={saving}>Cancel</Button>
            <Button type="submit" disabled={saving} data-testid="category-save">{saving && <Loader2Icon className="animate-spin" />} Save</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
