"use client";
import { useQueryClient } from "@tanstack/react-query";
import { EyeIcon, Loader2Icon, PlusIcon, Trash2Icon } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { ApiError } from "@/lib/api/errors";
import {
  invoiceSettingsQuery,
  invoiceSettingsUpdate,
  reminderLetterPreview,
  type InvoiceSettings,
  type ReminderLetterPreview,
} from "@/lib/api/invoicing";
import { InvoiceSettingsGate } from "./invoice-settings-gate";

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
  return <InvoiceSettingsGate height="h-40">{(settings, readOnly) => <RemindersForm settings={settings} readOnly={readOnly} />}</InvoiceSettingsGate>;
}

function RemindersForm({ settings, readOnly }: { settings: InvoiceSettings; readOnly: boolean }) {
  const queryClient = useQueryClient();
  const savedEnabled = settings.reminders_enabled ?? false;
  const savedStages = useMemo(() => stagesOf(settings), [settings]);
  const [enabled, setEnabled] = useState(savedEnabled);
  const [stages, setStages] = useState<Stage[]>(savedStages);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // the preview of a stage's letter, by stage position; cleared when that stage is edited
  const [previews, setPreviews] = useState<Record<number, ReminderLetterPreview>>({});
  const [previewing, setPreviewing] = useState<number | null>(null);
  useEffect(() => {
    setEnabled(savedEnabled);
    setStages(savedStages);
  }, [savedEnabled, savedStages]);
  const dirty = enabled !== savedEnabled || JSON.stringify(stages) !== JSON.stringify(savedStages);
  const placeholders = (settings.reminder_placeholders ?? []).map((p) => `{${p.name}}`);

  function change(i: number, part: Partial<Stage>) {
    setStages((all) => all.map((s, j) => (j === i ? { ...s, ...part } : s)));
    setPreviews(({ [i]: _dropped, ...rest }) => rest);
  }

  function fieldErrors(e: unknown, rename: (key: string) => string | null): Record<string, string> {
    const found: Record<string, string> = {};
    if (e instanceof ApiError) {
      for (const [key, messages] of Object.entries(e.fields)) {
        const name = rename(key);
        if (name) found[name] = [...new Set(messages)].join(" ");
      }
      if (!Object.keys(found).length) found.form = e.message;
    } else found.form = e instanceof Error ? e.message : "Could not reach the server.";
    return found;
  }

  /** The stage's letter as it would go out, from the text in the form (nothing is saved). */
  async function preview(i: number) {
    const stage = stages[i];
    if (!stage) return;
    const keys = [`reminder_days.${i}`, `reminder_letters.${i}.subject`, `reminder_letters.${i}.message`, "form"];
    const rest = Object.fromEntries(Object.entries(errors).filter(([k]) => !keys.includes(k)));
    if (!/^\d+$/.test(stage.days.trim())) {
      setErrors({ ...rest, [`reminder_days.${i}`]: "Give a whole number of days, e.g. 7." });
      return;
    }
    setErrors(rest);
    setPreviewing(i);
    try {
      const shown = await reminderLetterPreview({ days: Number(stage.days.trim()), subject: stage.subject, message: stage.message });
      setPreviews((all) => ({ ...all, [i]: shown }));
    } catch (e) {
      const names: Record<string, string> = { days: `reminder_days.${i}`, subject: `reminder_letters.${i}.subject`, message: `reminder_letters.${i}.message` };
      setErrors({ ...rest, ...fieldErrors(e, (key) => names[key] ?? null) });
    } finally {
      setPreviewing(null);
    }
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
      setErrors(fieldErrors(e, (key) => (key.startsWith("reminder_") ? key : null)));
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
              {previews[i] && <LetterPreview stage={n} preview={previews[i]} />}
              <div className="sm:col-span-2 flex justify-end gap-2">
                <Button type="button" variant="outline" size="sm" onClick={() => void preview(i)} disabled={previewing !== null}>
                  {previewing === i ? <Loader2Icon className="animate-spin" /> : <EyeIcon />} Preview stage {n}
                </Button>
                {!readOnly && stages.length > 1 && (
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    onClick={() => {
                      setStages(stages.filter((_, j) => j !== i));
                      setPreviews({});
                    }}
                  >
                    <Trash2Icon /> Remove stage {n}
                  </Button>
                )}
              </div>
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

/** The letter as it would go out, and what it was filled from: an overdue invoice of the company,
 *  or a sample with made-up figures. */
function LetterPreview({ stage, preview }: { stage: number; preview: ReminderLetterPreview }) {
  return (
    <section aria-label={`Stage ${stage} preview`} data-testid="reminder-preview" className="sm:col-span-2 grid gap-2 rounded-md border border-dashed bg-muted/40 p-3 text-sm">
      <p className="text-xs text-muted-foreground" data-testid="reminder-preview-sample">
        {preview.sample
          ? `As it would go out today, filled for ${preview.sample.number} (${preview.sample.party}), your most overdue open invoice. Not saved.`
          : "Sample invoice with made-up figures (no invoice of yours is overdue). Not saved."}
      </p>
      <p>
        <span className="text-muted-foreground">Subject: </span>
        <span data-testid="reminder-preview-subject" className="font-medium">{preview.subject}</span>
      </p>
      <p data-testid="reminder-preview-message" className="whitespace-pre-wrap">{preview.message}</p>
    </section>
  );
}
