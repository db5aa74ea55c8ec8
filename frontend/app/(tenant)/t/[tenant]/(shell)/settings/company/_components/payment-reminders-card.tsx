"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useEffect, useState } from "react";
import { FormField } from "@/components/form-field";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/api/errors";
import { invoiceSettingsQuery, invoiceSettingsUpdate, type InvoiceSettings } from "@/lib/api/invoicing";

/** Payment reminders (ADR 0052): on/off and the days after the due date at which an overdue
 *  invoice is e-mailed its reminder. Shown to whoever may read the invoice settings. */
export function PaymentRemindersCard() {
  const canView = useCan("invoicing.setting.view");
  const canChange = useCan("invoicing.setting.change");
  const settings = useQuery({ ...invoiceSettingsQuery(), enabled: canView });
  if (!canView) return null;
  if (settings.isPending) return <Skeleton className="h-40" />;
  if (settings.isError) return <p role="alert" className="text-destructive">{settings.error.message}</p>;
  return <RemindersForm settings={settings.data} readOnly={!canChange} />;
}

function RemindersForm({ settings, readOnly }: { settings: InvoiceSettings; readOnly: boolean }) {
  const queryClient = useQueryClient();
  const saved = { enabled: settings.reminders_enabled ?? false, days: (settings.reminder_days ?? [7, 30]).join(", ") };
  const [enabled, setEnabled] = useState(saved.enabled);
  const [days, setDays] = useState(saved.days);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setEnabled(saved.enabled);
    setDays(saved.days);
  }, [saved.enabled, saved.days]);
  const dirty = enabled !== saved.enabled || days.trim() !== saved.days;

  async function save() {
    setError("");
    const parts = days.split(/[\s,]+/).filter(Boolean);
    if (parts.some((p) => !/^\d+$/.test(p))) return setError("Give whole numbers of days, separated by commas, e.g. 7, 30.");
    setBusy(true);
    try {
      const next = await invoiceSettingsUpdate({ reminders_enabled: enabled, reminder_days: parts.map(Number) });
      queryClient.setQueryData(invoiceSettingsQuery().queryKey, next);
      toast.success("Payment reminders saved");
    } catch (e) {
      if (e instanceof ApiError) {
        const messages = Object.entries(e.fields).filter(([k]) => k.startsWith("reminder_days")).flatMap(([, v]) => v);
        setError(messages.length ? [...new Set(messages)].join(" ") : e.message);
      } else setError(e instanceof Error ? e.message : "Could not save.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Payment reminders</CardTitle>
        <CardDescription>
          Each morning, an open invoice past its due date is e-mailed a payment reminder with its PDF when it reaches one of these days — each day once per invoice, and only the latest one reached.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" id="reminders-enabled" disabled={readOnly} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Send payment reminders automatically
        </label>
        <FormField id="reminder-days" label="Days after the due date" error={error} hint="Up to 5 stages, each 1–365 days, e.g. 7, 30">
          <Input id="reminder-days" disabled={readOnly} value={days} onChange={(e) => setDays(e.target.value)} aria-invalid={!!error} inputMode="numeric" />
        </FormField>
        {!readOnly && (
          <div className="flex justify-end">
            <Button type="button" onClick={() => void save()} disabled={busy || !dirty}>
              {busy && <Loader2Icon className="animate-spin" />} Save reminders
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
