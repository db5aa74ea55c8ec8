"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, PlusIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldArray, useForm, type FieldErrors, type UseFormRegister } from "react-hook-form";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { ApiError, applyFieldErrors } from "@/lib/api/errors";
import { partnerCreate, partnerUpdate, type Partner, type PartnerInput } from "@/lib/api/invoicing";
import { BASE_CURRENCY, CURRENCIES } from "@/lib/currency";
import { GST_STATES, GSTIN_PATTERN } from "@/lib/india";
import { sameAsBilling } from "./partner-address";

const contactSchema = z.object({
  /** The saved contact's id (sent back so the API edits it in place); absent for a new one. */
  contact_id: z.number().optional(),
  name: z.string().trim().min(1, "Give a name.").max(200),
  designation: z.string().trim().max(100),
  email: z.string().trim().email("Not an e-mail address.").or(z.literal("")),
  phone: z.string().trim().max(30),
  is_primary: z.boolean(),
});

const schema = z
  .object({
    name: z.string().trim().min(1, "Give a name.").max(200),
    legal_name: z.string().trim().max(200),
    is_customer: z.boolean(),
    is_vendor: z.boolean(),
    send_reminders: z.boolean(),
    credit_hold_exempt: z.boolean(),
    reverse_charge: z.boolean(),
    gstin: z.string().trim().toUpperCase().refine((v) => v === "" || GSTIN_PATTERN.test(v), "A GSTIN is 15 characters, e.g. 27AAPFU0939F1ZV."),
    billing_address: z.string().max(1000),
    billing_city: z.string().max(100),
    billing_state: z.string(),
    billing_pincode: z.string().regex(/^(\d{6})?$/, "Six digits."),
    same_as_billing: z.boolean(),
    shipping_address: z.string().max(1000),
    shipping_city: z.string().max(100),
    shipping_state: z.string(),
    shipping_pincode: z.string().regex(/^(\d{6})?$/, "Six digits."),
    email: z.string().trim().email("Not an e-mail address.").or(z.literal("")),
    phone: z.string().max(30),
    currency: z.string().regex(/^[A-Z]{3}$/),
    payment_terms_days: z.coerce.number().int().min(0).max(365),
    credit_limit: z.string().regex(/^\d+(\.\d{1,2})?$/, "An amount, e.g. 250000.00"),
    tags: z.string(),
    contacts: z.array(contactSchema).max(50, "At most 50 contacts."),
  })
  .refine((v) => v.is_customer || v.is_vendor, { path: ["is_customer"], message: "A partner is a customer, a vendor or both." });
type Values = z.input<typeof schema>;
type Parsed = z.output<typeof schema>;
const FIELDS = [
  "name", "legal_name", "is_customer", "is_vendor", "gstin",
  "billing_address", "billing_city", "billing_state", "billing_pincode",
  "shipping_address", "shipping_city", "shipping_state", "shipping_pincode",
  "email", "phone", "currency", "payment_terms_days", "credit_limit", "tags", "send_reminders", "credit_hold_exempt", "reverse_charge",
] as const;
const ADDRESS = ["address", "city", "state", "pincode"] as const;
type State = PartnerInput["billing_state"];

export function PartnerForm({ partner, onSaved, onCancel }: { partner?: Partner; onSaved?: () => void; onCancel?: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState("");
  const form = useForm<Values, unknown, Parsed>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: partner?.name ?? "",
      legal_name: partner?.legal_name ?? "",
      is_customer: partner?.is_customer ?? true,
      is_vendor: partner?.is_vendor ?? false,
      send_reminders: partner?.send_reminders ?? true,
      credit_hold_exempt: partner?.credit_hold_exempt ?? false,
      reverse_charge: partner?.reverse_charge ?? false,
      gstin: partner?.gstin ?? "",
      billing_address: partner?.billing_address ?? "",
      billing_city: partner?.billing_city ?? "",
      billing_state: partner?.billing_state ?? "",
      billing_pincode: partner?.billing_pincode ?? "",
      same_as_billing: partner ? sameAsBilling(partner) : true,
      shipping_address: partner?.shipping_address ?? "",
      shipping_city: partner?.shipping_city ?? "",
      shipping_state: partner?.shipping_state ?? "",
      shipping_pincode: partner?.shipping_pincode ?? "",
      email: partner?.email ?? "",
      phone: partner?.phone ?? "",
      currency: partner?.currency ?? BASE_CURRENCY,
      payment_terms_days: partner?.payment_terms_days ?? 30,
      credit_limit: partner ? String(Number(partner.credit_limit).toFixed(2)) : "0",
      tags: partner?.tags?.join(", ") ?? "",
      contacts: (partner?.contacts ?? []).map((c) => ({
        contact_id: c.id,
        name: c.name,
        designation: c.designation ?? "",
        email: c.email ?? "",
        phone: c.phone ?? "",
        is_primary: c.is_primary ?? false,
      })),
    },
  });
  const contacts = useFieldArray({ control: form.control, name: "contacts" });
  const errors = form.formState.errors;
  const same = form.watch("same_as_billing");
  const billing = form.watch(["billing_address", "billing_city", "billing_state", "billing_pincode"]);

  function toggleSame(checked: boolean) {
    // Unticking starts the shipping address from a copy of the billing one.
    if (!checked) ADDRESS.forEach((part, i) => form.setValue(`shipping_${part}`, billing[i] ?? ""));
    form.setValue("same_as_billing", checked);
  }

  function makePrimary(index: number, checked: boolean) {
    form.getValues("contacts").forEach((_, i) => form.setValue(`contacts.${i}.is_primary`, checked && i === index));
  }

  async function submit(v: Parsed) {
    setFormError("");
    const { same_as_billing, contacts: rows, ...rest } = v;
    const shipping = same_as_billing
      ? { shipping_address: v.billing_address, shipping_city: v.billing_city, shipping_state: v.billing_state, shipping_pincode: v.billing_pincode }
      : { shipping_address: v.shipping_address, shipping_city: v.shipping_city, shipping_state: v.shipping_state, shipping_pincode: v.shipping_pincode };
    const body = {
      ...rest,
      ...shipping,
      billing_state: v.billing_state as State,
      shipping_state: shipping.shipping_state as State,
      tags: v.tags.split(",").map((t) => t.trim()).filter(Boolean),
      contacts: rows.map(({ contact_id, ...c }) => (contact_id ? { id: contact_id, ...c } : c)),
    } as PartnerInput;
    try {
      const saved = partner ? await partnerUpdate(partner.id, body) : await partnerCreate(body);
      await queryClient.invalidateQueries({ queryKey: ["partners"] });
      toast.success(partner ? "Partner saved" : `Partner ${saved.code} created`);
      if (onSaved) onSaved();
      else router.push(`/partners/${saved.id}`);
    } catch (e) {
      if (e instanceof ApiError) {
        let placed = applyFieldErrors(e, form.setError, FIELDS);
        for (const [name, messages] of Object.entries(e.fields)) {
          const m = /^contacts\.(\d+)\.(\w+)$/.exec(name);
          if (!m) continue;
          const field = m[2] === "id" ? "name" : (m[2] as "name" | "designation" | "email" | "phone" | "is_primary");
          form.setError(`contacts.${Number(m[1])}.${field}`, { type: "server", message: messages.join(" ") });
          placed = true;
        }
        if (placed) return;
      }
      setFormError(e instanceof Error ? e.message : "Could not save.");
    }
  }

  const contactError = (i: number) => {
    const row = errors.contacts?.[i];
    return row?.name?.message || row?.email?.message || row?.designation?.message || row?.phone?.message || row?.is_primary?.message;
  };

  return (
    <Card className="mb-4">
      <CardContent className="pt-6">
        <form noValidate onSubmit={form.handleSubmit(submit)} className="space-y-8">
          {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">{formError}</p>}
          <div className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
            <FormField id="pt-name" label="Name" error={errors.name?.message}><Input id="pt-name" {...form.register("name")} /></FormField>
            <FormField id="pt-legal" label="Legal name" error={errors.legal_name?.message}><Input id="pt-legal" {...form.register("legal_name")} /></FormField>
            <FormField id="pt-roles" label="Role" error={errors.is_customer?.message}>
              <div id="pt-roles" className="flex h-9 items-center gap-4 text-sm">
                <label className="flex items-center gap-2"><input type="checkbox" {...form.register("is_customer")} /> Customer</label>
                <label className="flex items-center gap-2"><input type="checkbox" {...form.register("is_vendor")} /> Vendor</label>
              </div>
            </FormField>
            <FormField id="pt-gstin" label="GSTIN" error={errors.gstin?.message} hint="State and PAN are taken from it"><Input id="pt-gstin" maxLength={15} className="font-mono uppercase" {...form.register("gstin")} /></FormField>
            <FormField id="pt-email" label="E-mail" error={errors.email?.message}><Input id="pt-email" type="email" {...form.register("email")} /></FormField>
            <FormField id="pt-phone" label="Phone" error={errors.phone?.message}><Input id="pt-phone" {...form.register("phone")} /></FormField>
            <FormField id="pt-currency" label="Currency" error={errors.currency?.message} hint="Invoices, bills and payments start in it">
              <NativeSelect id="pt-currency" {...form.register("currency")}>
                {CURRENCIES.map((c) => <option key={c.code} value={c.code}>{c.code} — {c.name}</option>)}
              </NativeSelect>
            </FormField>
            <FormField id="pt-terms" label="Payment terms (days)" error={errors.payment_terms_days?.message}><Input id="pt-terms" inputMode="numeric" {...form.register("payment_terms_days")} /></FormField>
            <FormField id="pt-limit" label="Credit limit (₹)" error={errors.credit_limit?.message} hint="Invoices past it need an override; 0 is no limit"><Input id="pt-limit" inputMode="decimal" {...form.register("credit_limit")} /></FormField>
            <FormField id="pt-tags" label="Tags" error={errors.tags?.message} hint="Comma separated"><Input id="pt-tags" {...form.register("tags")} /></FormField>
            <FormField id="pt-reminders" label="Payment reminders" error={errors.send_reminders?.message} hint="Automatic e-mails when this customer's invoices are overdue">
              <label className="flex h-9 items-center gap-2 text-sm">
                <input type="checkbox" id="pt-reminders" {...form.register("send_reminders")} /> Send payment reminders
              </label>
            </FormField>
            <FormField id="pt-hold-exempt" label="Credit hold" error={errors.credit_hold_exempt?.message} hint="Overdue invoices never hold the next one; the credit limit still applies">
              <label className="flex h-9 items-center gap-2 text-sm">
                <input type="checkbox" id="pt-hold-exempt" {...form.register("credit_hold_exempt")} /> Exempt from credit hold
              </label>
            </FormField>
            <FormField id="pt-reverse-charge" label="Reverse charge" error={errors.reverse_charge?.message} hint="A transporter (GTA), an advocate, a supplier abroad: we pay the GST on their bills">
              <label className="flex h-9 items-center gap-2 text-sm">
                <input type="checkbox" id="pt-reverse-charge" {...form.register("reverse_charge")} /> Bills under reverse charge
              </label>
            </FormField>
          </div>

          <div className="grid gap-8 lg:grid-cols-2">
            <fieldset className="grid content-start gap-4 sm:grid-cols-2">
              <legend className="mb-4 text-sm font-semibold">Billing address</legend>
              <FormField id="pt-address" label="Address" className="sm:col-span-2" error={errors.billing_address?.message}>
                <Textarea id="pt-address" rows={2} {...form.register("billing_address")} />
              </FormField>
              <FormField id="pt-city" label="City" error={errors.billing_city?.message}><Input id="pt-city" {...form.register("billing_city")} /></FormField>
              <FormField id="pt-pin" label="PIN code" error={errors.billing_pincode?.message}><Input id="pt-pin" inputMode="numeric" maxLength={6} {...form.register("billing_pincode")} /></FormField>
              <FormField id="pt-state" label="State" className="sm:col-span-2" error={errors.billing_state?.message} hint="Without a GSTIN, the party's state">
                <StateSelect id="pt-state" {...form.register("billing_state")} />
              </FormField>
            </fieldset>

            {/* Named by aria-label: the legend also holds the "same as billing" choice. */}
            <fieldset aria-label="Shipping address" className="grid content-start gap-4 sm:grid-cols-2">
              <legend className="mb-4 flex w-full flex-wrap items-center justify-between gap-x-4 gap-y-1 text-sm font-semibold">
                Shipping address
                <label className="flex items-center gap-2 font-normal">
                  <input type="checkbox" data-testid="pt-same-as-billing" checked={same} onChange={(e) => toggleSame(e.target.checked)} /> Same as billing address
                </label>
              </legend>
              {same ? (
                // The billing address, shown as it will be copied on save.
                <>
                  <FormField id="pt-ship-address" label="Address" className="sm:col-span-2"><Textarea id="pt-ship-address" rows={2} disabled value={billing[0] ?? ""} /></FormField>
                  <FormField id="pt-ship-city" label="City"><Input id="pt-ship-city" disabled value={billing[1] ?? ""} /></FormField>
                  <FormField id="pt-ship-pin" label="PIN code"><Input id="pt-ship-pin" disabled value={billing[3] ?? ""} /></FormField>
                  <FormField id="pt-ship-state" label="State" className="sm:col-span-2"><StateSelect id="pt-ship-state" disabled value={billing[2] ?? ""} /></FormField>
                </>
              ) : (
                <ShippingFields register={form.register} errors={errors} />
              )}
            </fieldset>
          </div>

          <fieldset className="space-y-3">
            <legend className="mb-3 flex w-full items-center justify-between gap-4 text-sm font-semibold">
              Contacts
              <Button type="button" variant="outline" size="sm" onClick={() => contacts.append({ name: "", designation: "", email: "", phone: "", is_primary: contacts.fields.length === 0 })}>
                <PlusIcon /> Add contact
              </Button>
            </legend>
            {contacts.fields.length === 0 ? (
              <p className="rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">No contacts yet. Add the people you deal with at this party.</p>
            ) : (
              <div className="overflow-x-auto rounded-md border">
                <Table aria-label="Contacts">
                  <TableHeader>
                    <TableRow>
                      <TableHead className="min-w-40">Name</TableHead>
                      <TableHead className="min-w-32">Designation</TableHead>
                      <TableHead className="min-w-48">E-mail</TableHead>
                      <TableHead className="min-w-36">Phone</TableHead>
                      <TableHead className="w-20 text-center">Primary</TableHead>
                      <TableHead className="w-10" />
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {contacts.fields.map((field, i) => {
                      const row = errors.contacts?.[i];
                      return (
                        <TableRow key={field.id} data-testid="pt-contact-row" className="align-top">
                          <TableCell>
                            <Input aria-label={`Contact ${i + 1} name`} aria-invalid={Boolean(row?.name)} {...form.register(`contacts.${i}.name`)} />
                          </TableCell>
                          <TableCell>
                            <Input aria-label={`Contact ${i + 1} designation`} aria-invalid={Boolean(row?.designation)} placeholder="e.g. Purchase" {...form.register(`contacts.${i}.designation`)} />
                          </TableCell>
                          <TableCell>
                            <Input aria-label={`Contact ${i + 1} e-mail`} type="email" aria-invalid={Boolean(row?.email)} {...form.register(`contacts.${i}.email`)} />
                          </TableCell>
                          <TableCell>
                            <Input aria-label={`Contact ${i + 1} phone`} aria-invalid={Boolean(row?.phone)} {...form.register(`contacts.${i}.phone`)} />
                          </TableCell>
                          <TableCell className="text-center">
                            <input
                              type="checkbox"
                              className="mt-2.5"
                              aria-label={`Contact ${i + 1} primary`}
                              checked={form.watch(`contacts.${i}.is_primary`)}
                              onChange={(e) => makePrimary(i, e.target.checked)}
                            />
                          </TableCell>
                          <TableCell>
                            <Button type="button" variant="ghost" size="icon" aria-label={`Remove contact ${i + 1}`} onClick={() => contacts.remove(i)}>
                              <Trash2Icon />
                            </Button>
                          </TableCell>
                        </TableRow>
                      );
                    })}
                  </TableBody>
                </Table>
                {contacts.fields.map((field, i) =>
                  contactError(i) ? (
                    <p key={field.id} role="alert" className="border-t px-3 py-2 text-xs font-medium text-destructive">
                      Contact {i + 1}: {contactError(i)}
                    </p>
                  ) : null,
                )}
              </div>
            )}
          </fieldset>

          <div className="flex gap-2">
            <Button type="submit" disabled={form.formState.isSubmitting}>{form.formState.isSubmitting && <Loader2Icon className="animate-spin" />} Save</Button>
            {onCancel && <Button type="button" variant="outline" onClick={onCancel}>Cancel</Button>}
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

function StateSelect(props: React.ComponentProps<typeof NativeSelect>) {
  return (
    <NativeSelect {...props}>
      <option value="">—</option>
      {GST_STATES.map(([code, name]) => <option key={code} value={code}>{code} · {name}</option>)}
    </NativeSelect>
  );
}

function ShippingFields({ register, errors }: { register: UseFormRegister<Values>; errors: FieldErrors<Values> }) {
  return (
    <>
      <FormField id="pt-ship-address" label="Address" className="sm:col-span-2" error={errors.shipping_address?.message}>
        <Textarea id="pt-ship-address" rows={2} {...register("shipping_address")} />
      </FormField>
      <FormField id="pt-ship-city" label="City" error={errors.shipping_city?.message}><Input id="pt-ship-city" {...register("shipping_city")} /></FormField>
      <FormField id="pt-ship-pin" label="PIN code" error={errors.shipping_pincode?.message}><Input id="pt-ship-pin" inputMode="numeric" maxLength={6} {...register("shipping_pincode")} /></FormField>
      <FormField id="pt-ship-state" label="State" className="sm:col-span-2" error={errors.shipping_state?.message} hint="Empty: the billing state">
        <StateSelect id="pt-ship-state" {...register("shipping_state")} />
      </FormField>
    </>
  );
}
