"use client";
import { useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { formatIsoDate } from "@/components/fields/date-input";
import { MoneyInput } from "@/components/fields/money-input";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { errorsByField } from "@/lib/api/errors";
import { taxDepreciationInvalidate, taxOpeningSet, type TaxBlock } from "@/lib/api/tax-depreciation";
import { formatMoney } from "@/lib/decimal";

const schema = z.object({
  wdv: z.string().trim().min(1, "Enter the written-down value (0 if the block was empty).").regex(/^\d+(\.\d{1,2})?$/, "An amount in rupees, zero or more."),
});

/** Enter a block's written-down value at the year's first day, as the last return (or the tax
 *  audit report) carried it; the year and the ones after it follow from it. */
export function OpeningDialog({ block, yearStart, onClose }: { block: TaxBlock; yearStart: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [wdv, setWdv] = useState(block.opening_entered ? block.opening : "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function save() {
    const parsed = schema.safeParse({ wdv });
    if (!parsed.success) {
      setErrors({ wdv: parsed.error.issues[0]!.message });
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      await taxOpeningSet({ block: block.block, year_start: yearStart, wdv: parsed.data.wdv });
      await taxDepreciationInvalidate(queryClient);
      toast.success(`Opening of ${block.block} saved`);
      onClose();
    } catch (e) {
      setErrors(errorsByField(e));
      setSaving(false);
    }
  }

  // anything the server refused but the amount (the block, the year) goes above the field
  const other = Object.entries(errors).filter(([key]) => key !== "wdv").map(([, message]) => message).join(" ");
  return (
    <Dialog open onOpenChange={(open) => !open && !saving && onClose()}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>Opening of {block.block}</DialogTitle>
          <DialogDescription>
            The block&apos;s written-down value on {formatIsoDate(yearStart)}, as the last return or tax audit report carried it. This year&apos;s depreciation and every later year&apos;s follow from it.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {other && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{other}</p>}
          <FormField
            id="tax-opening-wdv"
            label={`Written-down value on ${formatIsoDate(yearStart)}`}
            error={errors.wdv}
            hint={block.opening_entered ? `Entered: ${formatMoney(block.opening)}` : `Now carried from the previous year: ${formatMoney(block.opening)}`}
          >
            <MoneyInput id="tax-opening-wdv" value={wdv} onChange={setWdv} aria-invalid={!!errors.wdv} autoFocus />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose} disabled={saving}>Cancel</Button>
            <Button type="submit" disabled={saving} data-testid="tax-opening-save">{saving && <Loader2Icon className="animate-spin" />} Save</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
