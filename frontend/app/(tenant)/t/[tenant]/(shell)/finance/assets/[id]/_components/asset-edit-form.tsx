"use client";
import { useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { errorsByField } from "@/lib/api/errors";
import { assetsInvalidate, assetUpdate, type Asset, type AssetChange } from "@/lib/api/assets";
import { taxDepreciationInvalidate } from "@/lib/api/tax-depreciation";
import { PERCENT_TYPED } from "../../_components/asset-format";
import { CostCentreField } from "../../_components/cost-centre-field";

const schema = z.object({
  name: z.string().trim().min(1, "Give the asset a name.").max(200, "At most 200 characters."),
  description: z.string().max(2000, "At most 2,000 characters."),
  cost_centre: z.string(),
  tax_additional_rate: z.string().trim().regex(PERCENT_TYPED, "A percentage, e.g. 20.").refine((v) => v !== "" && Number(v) <= 100, "0 to 100%."),
});
type Values = z.input<typeof schema>;

/** Change what does not touch the figures: the name, the description, the cost centre (the
 *  runs and a disposal from now on book its depreciation there; what was posted stays where it
 *  is) and the additional depreciation claimed for income tax (a working, never posted). Only
 *  what changed is sent, so a cost centre deactivated since stays unless changed. */
export function AssetEditForm({ asset, onClose }: { asset: Asset; onClose: () => void }) {
  const queryClient = useQueryClient();
  const initial: Values = { name: asset.name, description: asset.description ?? "", cost_centre: asset.cost_centre ? String(asset.cost_centre) : "", tax_additional_rate: String(Number(asset.tax_additional_rate ?? 0)) };
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const current = asset.cost_centre ? { id: asset.cost_centre, name: asset.cost_centre_name ?? `#${asset.cost_centre}` } : null;

  async function save() {
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0])] ??= issue.message;
      setErrors(found);
      return;
    }
    const v = parsed.data;
    const body: AssetChange = {
      ...(v.name !== asset.name ? { name: v.name } : {}),
      ...(v.description !== (asset.description ?? "") ? { description: v.description } : {}),
      ...(v.cost_centre !== initial.cost_centre ? { cost_centre: v.cost_centre ? Number(v.cost_centre) : null } : {}),
      ...(Number(v.tax_additional_rate) !== Number(initial.tax_additional_rate) ? { tax_additional_rate: v.tax_additional_rate } : {}),
    };
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const saved = await assetUpdate(asset.id, body);
      queryClient.setQueryData(["assets", "detail", asset.id], saved);
      // the name is in the register, the runs and the income-tax working too
      await Promise.all([assetsInvalidate(queryClient), taxDepreciationInvalidate(queryClient)]);
      toast.success(`${saved.number} saved`);
      onClose();
    } catch (e) {
      setErrors(errorsByField(e));
      setSaving(false);
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && !saving && onClose()}>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Edit {asset.number}</DialogTitle>
          <DialogDescription>The figures stay as they are. A new cost centre takes the depreciation of the runs and the disposal from now on; what was posted stays where it was booked.</DialogDescription>
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
          <FormField id="asset-edit-name" label="Name" error={errors.name}>
            <Input id="asset-edit-name" value={values.name} onChange={(e) => set("name", e.target.value)} aria-invalid={!!errors.name} autoFocus />
          </FormField>
          <CostCentreField id="asset-edit-cost-centre" value={values.cost_centre} onChange={(v) => set("cost_centre", v)} error={errors.cost_centre} current={current} />
          <FormField id="asset-edit-tax-additional" label="Additional depreciation for income tax (% of cost)" error={errors.tax_additional_rate} hint="s.32(1)(iia): new plant in a factory; 0 for second-hand, an office or a road vehicle">
            <Input id="asset-edit-tax-additional" inputMode="decimal" className="w-32" value={values.tax_additional_rate} onChange={(e) => set("tax_additional_rate", e.target.value.trim())} aria-invalid={!!errors.tax_additional_rate} />
          </FormField>
          <FormField id="asset-edit-description" label="Description" error={errors.description}>
            <Textarea id="asset-edit-description" rows={3} value={values.description} onChange={(e) => set("description", e.target.value)} aria-invalid={!!errors.description} placeholder="Optional: make, model, serial number, where it is" />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose} disabled={saving}>Cancel</Button>
            <Button type="submit" disabled={saving} data-testid="asset-edit-save">{saving && <Loader2Icon className="animate-spin" />} Save</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
