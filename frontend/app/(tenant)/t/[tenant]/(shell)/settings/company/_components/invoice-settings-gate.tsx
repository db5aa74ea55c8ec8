"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Skeleton } from "@/components/ui/skeleton";
import { errorsByField } from "@/lib/api/errors";
import { invoiceSettingsQuery, invoiceSettingsUpdate, type InvoiceSettings } from "@/lib/api/invoicing";

/** A card of the invoice settings: nothing for whoever may not read them, a skeleton while they
 *  load, the error if they fail, else `children` with the settings (read-only without the right
 *  to change them). */
export function InvoiceSettingsGate({ height, children }: { height: string; children: (settings: InvoiceSettings, readOnly: boolean) => ReactNode }) {
  const canView = useCan("invoicing.setting.view");
  const canChange = useCan("invoicing.setting.change");
  const settings = useQuery({ ...invoiceSettingsQuery(), enabled: canView });
  if (!canView) return null;
  if (settings.isPending) return <Skeleton className={height} />;
  if (settings.isError) return <p role="alert" className="text-destructive">{settings.error.message}</p>;
  return children(settings.data, !canChange);
}

/** Saving a settings card: the change sent, the cached settings replaced by the answer, `saved`
 *  toasted; the server's 400s by field (`form` when none is named). */
export function useInvoiceSettingsSave(saved: string) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  async function save(body: Parameters<typeof invoiceSettingsUpdate>[0]) {
    setErrors({});
    setBusy(true);
    try {
      queryClient.setQueryData(invoiceSettingsQuery().queryKey, await invoiceSettingsUpdate(body));
      toast.success(saved);
    } catch (e) {
      setErrors(errorsByField(e));
    } finally {
      setBusy(false);
    }
  }
  return { save, errors, busy };
}
