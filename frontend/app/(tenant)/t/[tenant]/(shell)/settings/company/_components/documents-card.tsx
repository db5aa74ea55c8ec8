"use client";
import { Loader2Icon } from "lucide-react";
import { useEffect, useState } from "react";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { InvoiceSettings } from "@/lib/api/invoicing";
import { InvoiceSettingsGate, useInvoiceSettingsSave } from "./invoice-settings-gate";

// What documents print besides the company's particulars, in the order the card shows them.
const FIELDS = [
  ["address", "Address", "Printed under the company's name; the first line is the e-invoice's address line 1"],
  ["city", "City", ""],
  ["pincode", "PIN code", "Six digits"],
  ["phone", "Phone", ""],
  ["email", "E-mail", ""],
  ["bank_name", "Bank", ""],
  ["bank_account_name", "Account name", ""],
  ["bank_account_number", "Account number", ""],
  ["bank_ifsc", "IFSC", "e.g. HDFC0000123"],
  ["bank_branch", "Branch", ""],
  ["upi_id", "UPI ID", ""],
  ["terms", "Terms", "Printed at the foot of invoices"],
] as const;
type Key = (typeof FIELDS)[number][0];
type Values = Record<Key, string>;
const WIDE: ReadonlySet<Key> = new Set(["address", "terms"]);

function valuesOf(settings: InvoiceSettings): Values {
  return Object.fromEntries(FIELDS.map(([key]) => [key, (settings[key] as string | undefined) ?? ""])) as Values;
}

/** The address, contact and bank details documents print, and e-invoicing (ADR 0062). The
 *  server validates (IFSC, PIN code, e-mail); its 400s show by the field. */
export function DocumentsCard() {
  return <InvoiceSettingsGate height="h-72">{(settings, readOnly) => <DocumentsForm settings={settings} readOnly={readOnly} />}</InvoiceSettingsGate>;
}

function DocumentsForm({ settings, readOnly }: { settings: InvoiceSettings; readOnly: boolean }) {
  const saved = valuesOf(settings);
  const savedEinvoicing = settings.einvoicing_enabled ?? false;
  const [values, setValues] = useState<Values>(saved);
  const [einvoicing, setEinvoicing] = useState(savedEinvoicing);
  const saving = useInvoiceSettingsSave("Document details saved");
  const { errors, busy } = saving;
  const savedKey = JSON.stringify([saved, savedEinvoicing]);
  useEffect(() => {
    const [v, e] = JSON.parse(savedKey) as [Values, boolean];
    setValues(v);
    setEinvoicing(e);
  }, [savedKey]);
  const dirty = JSON.stringify([values, einvoicing]) !== savedKey;

  function save() {
    const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]));
    void saving.save({ ...trimmed, einvoicing_enabled: einvoicing });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Documents and e-invoicing</CardTitle>
        <CardDescription>What invoices, notes and receipts print besides the particulars above: the address, contact and bank details for payment. A company past the e-invoicing turnover (₹5 crore) reports its B2B invoices, credit notes and exports to the IRP.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2">
        {FIELDS.map(([key, label, hint]) => {
          const id = `doc-${key.replaceAll("_", "-")}`;
          return (
            <FormField key={key} id={id} label={label} error={errors[key]} hint={hint || undefined} className={WIDE.has(key) ? "sm:col-span-2" : ""}>
              {WIDE.has(key) ? (
                <Textarea id={id} rows={key === "address" ? 3 : 2} disabled={readOnly} value={values[key]} aria-invalid={!!errors[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
              ) : (
                <Input id={id} disabled={readOnly} value={values[key]} aria-invalid={!!errors[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
              )}
            </FormField>
          );
        })}
        <label className="flex items-center gap-2 text-sm font-medium sm:col-span-2">
          <input type="checkbox" id="einvoicing-enabled" disabled={readOnly} checked={einvoicing} onChange={(e) => setEinvoicing(e.target.checked)} />
          E-invoicing: register B2B invoices, credit notes and exports with the IRP
        </label>
        {errors.form && <p role="alert" className="sm:col-span-2 text-sm text-destructive">{errors.form}</p>}
        {!readOnly && (
          <div className="sm:col-span-2 flex justify-end">
            <Button type="button" onClick={save} disabled={busy || !dirty}>
              {busy && <Loader2Icon className="animate-spin" />} Save document details
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
