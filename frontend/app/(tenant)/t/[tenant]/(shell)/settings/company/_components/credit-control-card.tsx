"use client";
import { Loader2Icon } from "lucide-react";
import { useEffect, useState } from "react";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { InvoiceSettings } from "@/lib/api/invoicing";
import { InvoiceSettingsGate, useInvoiceSettingsSave } from "./invoice-settings-gate";

/** Credit control (ADR 0059): hold customers with an invoice more than N days overdue, and let a
 *  credit limit stretch by a grace percentage. The server validates; its 400s show by the field. */
export function CreditControlCard() {
  return <InvoiceSettingsGate height="h-40">{(settings, readOnly) => <CreditControlForm settings={settings} readOnly={readOnly} />}</InvoiceSettingsGate>;
}

function CreditControlForm({ settings, readOnly }: { settings: InvoiceSettings; readOnly: boolean }) {
  const savedDays = settings.credit_hold_overdue_days ? String(settings.credit_hold_overdue_days) : "";
  const savedGrace = settings.credit_limit_grace_percent ?? "0.00";
  const savedMin = settings.credit_hold_min_amount ?? "0.00";
  const [days, setDays] = useState(savedDays);
  const [grace, setGrace] = useState(savedGrace);
  const [minAmount, setMinAmount] = useState(savedMin);
  const saving = useInvoiceSettingsSave("Credit control saved");
  const { errors, busy } = saving;
  useEffect(() => {
    setDays(savedDays);
    setGrace(savedGrace);
    setMinAmount(savedMin);
  }, [savedDays, savedGrace, savedMin]);
  const dirty = days !== savedDays || grace !== savedGrace || minAmount !== savedMin;

  function save() {
    const rawDays = days.trim();
    void saving.save({
      // sent as typed: the server says what is wrong with it, beside the field
      credit_hold_overdue_days: (rawDays === "" ? null : /^-?\d+(\.\d+)?$/.test(rawDays) ? Number(rawDays) : rawDays) as number | null,
      credit_limit_grace_percent: grace.trim() || "0",
      credit_hold_min_amount: minAmount.trim() || "0",
    });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Credit control</CardTitle>
        <CardDescription>
          A customer with an invoice open more than the given number of days past its due date is on credit hold (when those invoices have at least the minimum open): its next invoice is not posted unless someone allowed to approve credit posts it anyway (recorded in the audit log). The grace lets a customer go that far past its credit limit.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2">
        <FormField id="credit-hold-days" label="Hold after days overdue" error={errors.credit_hold_overdue_days} hint="Empty or 0: no hold">
          <Input id="credit-hold-days" disabled={readOnly} value={days} inputMode="numeric" aria-invalid={!!errors.credit_hold_overdue_days} onChange={(e) => setDays(e.target.value)} />
        </FormField>
        <FormField id="credit-grace" label="Credit limit grace (%)" error={errors.credit_limit_grace_percent} hint="0–100">
          <Input id="credit-grace" disabled={readOnly} value={grace} inputMode="decimal" aria-invalid={!!errors.credit_limit_grace_percent} onChange={(e) => setGrace(e.target.value)} />
        </FormField>
        <FormField id="credit-hold-min" label="Hold only from overdue (₹)" error={errors.credit_hold_min_amount} hint="What those invoices still owe, at least; 0: any amount">
          <Input id="credit-hold-min" disabled={readOnly} value={minAmount} inputMode="decimal" aria-invalid={!!errors.credit_hold_min_amount} onChange={(e) => setMinAmount(e.target.value)} />
        </FormField>
        {errors.form && <p role="alert" className="sm:col-span-2 text-sm text-destructive">{errors.form}</p>}
        {!readOnly && (
          <div className="sm:col-span-2 flex justify-end">
            <Button type="button" onClick={save} disabled={busy || !dirty}>
              {busy && <Loader2Icon className="animate-spin" />} Save credit control
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
