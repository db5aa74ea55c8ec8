"use client";
import { useQuery } from "@tanstack/react-query";
import { FormField } from "@/components/form-field";
import { useCan } from "@/components/shell/shell-context";
import { NativeSelect } from "@/components/ui/native-select";
import { costCentreListQuery } from "@/lib/api/finance";
import { costCentreOptions } from "../../_components/line-choices";

/** The cost centre an asset's depreciation (and its disposal's charge and profit or loss) is
 *  booked to: optional, one of the active leaves, as a document or journal line picks it (ADR
 *  0069). `current`: the one the asset has, listed even when deactivated or a group since (the
 *  server's refusal then shows beside it), and shown alone, unchangeable, to a user who may not
 *  see the cost centres (the chart's permission). */
export function CostCentreField({
  id,
  value,
  onChange,
  error,
  current,
  className,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  current?: { id: number; name: string } | null;
  className?: string;
}) {
  const canSee = useCan("finance.account.view");
  const centres = useQuery({ ...costCentreListQuery(), enabled: canSee });
  const options = costCentreOptions(centres.data ?? [], new Set(current ? [String(current.id)] : []));
  const hint = "Optional: the job or department its depreciation is booked to";
  if (!canSee) {
    if (!current) return null;
    return (
      <FormField id={id} label="Cost centre" className={className} hint="Changed by someone who may see the cost centres">
        <NativeSelect id={id} value={String(current.id)} disabled>
          <option value={String(current.id)}>{current.name}</option>
        </NativeSelect>
      </FormField>
    );
  }
  const none = centres.isSuccess && options.length === 0;
  return (
    <FormField id={id} label="Cost centre" error={error} className={className} hint={none ? "The company has no active cost centre yet (Finance › Cost centres)" : hint}>
      <NativeSelect id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={!!error} data-testid={id}>
        <option value="">{centres.isPending ? "Loading…" : "No cost centre"}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        {/* the current one while the list loads, so the select shows it */}
        {current && !options.some((o) => o.value === String(current.id)) && <option value={String(current.id)}>{current.name}</option>}
      </NativeSelect>
    </FormField>
  );
}
