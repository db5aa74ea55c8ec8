"use client";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useCan } from "@/components/shell/shell-context";
import { Skeleton } from "@/components/ui/skeleton";
import { invoiceSettingsQuery, type InvoiceSettings } from "@/lib/api/invoicing";

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
