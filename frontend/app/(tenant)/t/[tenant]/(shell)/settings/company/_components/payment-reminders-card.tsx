"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, PlusIcon, Trash2Icon } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { FormField } from "@/components/form-field";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { ApiError } from "@/lib/api/errors";
import { invoiceSettingsQuery, invoiceSettingsUpdate, type InvoiceSettings } from "@/lib/api/invoicing";

const MAX_STAGES = 5;

type Stage = { days: string; subject: string; message: string };

function stagesOf(settings: InvoiceSettings): Stage[] {
  const days = settings.reminder_days ?? [7, 30];
  return days.map((d, i) => ({
    days: String(d),
    subject: settings.reminder_letters?.[i]?.subject ?? "",
    message: settings.reminder_letters?.[i]?.message ?? "",
  }));
}

/** Payment reminders (ADR 0052, 0058): on/off, and for each stage the days after the due date at
 *  which an overdue invoice is e-mailed, with that stage's own subject and message. Shown to
 *  whoever may read the invoice settings. */
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
  const savedEnabled = settings.reminders_enabled ?? false;
  const savedStages = useMemo(() => stagesOf(settings), [settings]);
  const [enabled, setEnabled] = useState(savedEnabled);
  const [stages, setStages] = useState<Stage[]>(savedStages);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setEnabled(savedEnabled);
    setStages(savedStages);
  }, [savedEnabled, savedStages]);
  const dirty = enabled !== savedEnabled || JSON.stringify(stages) !== JSON.stringify(savedStages);
  const placeholders = (settings.reminder_placeholders ?? []).map((p) => `{${p.name}}`);

  function change(i: number, part: Partial<Stage>) {
    setStages((all) => all.map((s, j) => (j === i ? { ...s, ...part } : s)));
  }

  function add() {
    // a new stage starts from the last stage's letter, some days later
    const last = stages[stages.length - 1];
    const days = last && /^\d+$/.test(last.days) ? String(Math.min(Number(last.days) + 30, 365)) : "";
    setStages([...stages, { days, subject: last?.subject ?? "", message: last?.message ?? "" }]);
  }

  async function save() {
    const local: Record<string, string> = {};
    stages.forEach((s, i) => {
      if (!/^\d+$/.test(s.days.trim())) local[`reminder_days.${i}`] = "Give a whole number of days, e.g. 7.";
    });
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const next = await invoiceSettingsUpdate({
        reminders_enabled: enabled,
        reminder_days: stages.map((s) => Number(s.days.trim())),
        reminder_letters: stages.map((s) => ({ subject: s.subject, message: s.message })),
      });
      queryClient.setQueryData(invoiceSettingsQuery().queryKey, next);
      toast.success("Payment reminders saved");
    } catch (e) {
      if (e instanceof ApiError) {
        const found: Record<string, string> = {};
        for (const [key, messages] of Object.entries(e.fields)) {
          if (key.startsWith("reminder_")) found[key] = [...new Set(messages)].join(" ");
        }
        if (!Object.keys(found).length) found.form = e.message;
        setErrors(found);
      } else setErrors({ form: e instanceof Error ? e.message : "Could not save." });
    } finally {
      setBusy(false);
    }
  }

  const general = [errors.form, errors.reminder_days, errors.reminder_letters].filter(Boolean).join(" ");

  return (
    <Card>
      <CardHeader>
        <CardTitle>Payment reminders</CardTitle>
        <CardDescription>
          Each morning, an open invoice past its due date is e-mailed a payment reminder with its PDF when it reaches one of these stages — each stage once per invoice, and only the latest one reached. Each stage has its own letter: a polite note first, firmer ones later. Customers can be left out on their partner page.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" id="reminders-enabled" disabled={readOnly} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Send payment reminders automatically
        </label>
        {general && <p role="alert" className="text-sm text-destructive">{general}</p>}
        {stages.map((stage, i) => {
          const n = i + 1;
          return (
            <fieldset key={i} data-testid="reminder-stage" className="grid gap-3 rounded-md border p-4 sm:grid-cols-[10rem_1fr]">
              <legend className="px-1 text-sm font-semibold">Stage {n}</legend>
              <FormField id={`reminder-days-${n}`} label={`Stage ${n}: days after the due date`} error={errors[`reminder_days.${i}`]} hint="1–365">
                <Input id={`reminder-days-${n}`} disabled={readOnly} value={stage.days} inputMode="numeric" aria-invalid={!!errors[`reminder_days.${i}`]} onChange={(e) => change(i, { days: e.target.value })} />
              </FormField>
              <FormField id={`reminder-subject-${n}`} label={`Stage ${n} subject`} error={errors[`reminder_letters.${i}.subject`]}>
                <Input id={`reminder-subject-${n}`} disabled={readOnly} value={stage.subject} maxLength={200} aria-invalid={!!errors[`reminder_letters.${i}.subject`]} onChange={(e) => change(i, { subject: e.target.value })} />
              </FormField>
              <FormField id={`reminder-message-${n}`} label={`Stage ${n} message`} className="sm:col-span-2" error={errors[`reminder_letters.${i}.message`]}>
                <Textarea id={`reminder-message-${n}`} disabled={readOnly} rows={7} value={stage.message} maxLength={5000} aria-invalid={!!errors[`reminder_letters.${i}.message`]} onChange={(e) => change(i, { message: e.target.value })} />
              </FormField>
              {!readOnly && stages.length > 1 && (
                <div className="sm:col-span-2 flex justify-end">
                  <Button type="button" variant="ghost" size="sm" onClick={() => setStages(stages.filter((_, j) => j !== i))}>
                    <Trash2Icon /> Remove stage {n}
                  </Button>
                </div>
              )}
            </fieldset>
          );
        })}
        {placeholders.length > 0 && (
          <p className="text-xs text-muted-foreground" data-testid="reminder-placeholders">
            In a subject or message: {placeholders.join(", ")} — replaced by the customer&apos;s name, the invoice number and date, the due date, the total, what is outstanding, the days overdue and your company&apos;s name. Stages are kept in order of their days.
          </p>
        )}
        {!readOnly && (
          <div className="flex flex-wrap justify-between gap-2">
            <Button type="button" variant="outline" onClick={add} disabled={stages.length >= MAX_STAGES}>
              <PlusIcon /> Add stage
            </Button>
            <Button type="button" onClick={() => void save()} disabled={busy || !dirty}>
              {busy && <Loader2Icon className="animate-spin" />} Save reminders
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
