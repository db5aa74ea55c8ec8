"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { ApiError, applyFieldErrors } from "@/lib/api/errors";
import { partnerCreate, partnerUpdate, type Partner, type PartnerInput } from "@/lib/api/invoicing";
import { GST_STATES, GSTIN_PATTERN } from "@/lib/india";

const schema = z
  .object({
    name: z.string().trim().min(1, "Give a name.").max(200),
    legal_name: z.string().trim().max(200),
    is_customer: z.boolean(),
    is_vendor: z.boolean(),
    gstin: z.string().trim().toUpperCase().refine((v) => v === "" || GSTIN_PATTERN.test(v), "A GSTIN is 15 characters, e.g. 27AAPFU0939F1ZV."),
    billing_address: z.string().max(1000),
    billing_city: z.string().max(100),
    billing_state: z.string(),
    billing_pincode: z.string().regex(/^(\d{6})?$/, "Six digits."),
    email: z.string().trim().email("Not an e-mail address.").or(z.literal("")),
    phone: z.string().max(30),
    payment_terms_days: z.coerce.number().int().min(0).max(365),
    credit_limit: z.string().regex(/^\d+(\.\d{1,2})?$/, "An amount, e.g. 250000.00"),
    tags: z.string(),
  })
  .refine((v) => v.is_customer || v.is_vendor, { path: ["is_customer"], message: "A partner is a customer, a vendor or both." });
type Values = z.input<typeof schema>;
type Parsed = z.output<typeof schema>;
const FIELDS = ["name", "legal_name", "is_customer", "is_vendor", "gstin", "billing_address", "billing_city", "billing_state", "billing_pincode", "email", "phone", "payment_terms_days", "credit_limit", "tags"] as const;

export function PartnerForm({ partner, onSaved }: { partner?: Partner; onSaved?: () => void }) {
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
      gstin: partner?.gstin ?? "",
      billing_address: partner?.billing_address ?? "",
      billing_city: partner?.billing_city ?? "",
      billing_state: partner?.billing_state ?? "",
      billing_pincode: partner?.billing_pincode ?? "",
      email: partner?.email ?? "",
      phone: partner?.phone ?? "",
      payment_terms_days: partner?.payment_terms_days ?? 30,
      credit_limit: partner ? String(Number(partner.credit_limit).toFixed(2)) : "0",
      tags: partner?.tags?.join(", ") ?? "",
    },
  });
  const errors = form.formState.errors;
  async function submit(v: Parsed) {
    setFormError("");
    const body = { ...v, tags: v.tags.split(",").map((t) => t.trim()).filter(Boolean), billing_state: v.billing_state as PartnerInput["billing_state"] } as PartnerInput;
    try {
      const saved = partner ? await partnerUpdate(partner.id, body) : await partnerCreate(body);
      await queryClient.invalidateQueries({ queryKey: ["partners"] });
      toast.success(partner ? "Partner saved" : `Partner ${saved.code} created`);
      if (onSaved) onSaved();
      else router.push(`/partners/${saved.id}`);
    } catch (e) {
      if (e instanceof ApiError && applyFieldErrors(e, form.setError, FIELDS)) return;
      setFormError(e instanceof Error ? e.message : "Could not save.");
    }
  }
  return (
    <Card>
      <CardContent className="pt-6">
        <form noValidate onSubmit={form.handleSubmit(submit)} className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
          {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive sm:col-span-2 lg:col-span-3">{formError}</p>}
          <FormField id="pt-name" label="Name" error={errors.name?.message}><Input id="pt-name" {...form.register("name")} /></FormField>
          <FormField id="pt-legal" label="Legal name" error={errors.legal_name?.message}><Input id="pt-legal" {...form.register("legal_name")} /></FormField>
          <FormField id="pt-roles" label="Role" error={errors.is_customer?.message}>
            <div id="pt-roles" className="flex h-9 items-center gap-4 text-sm">
              <label className="flex items-center gap-2"><input type="checkbox" {...form.register("is_customer")} /> Customer</label>
              <label className="flex items-center gap-2"><input type="checkbox" {...form.register("is_vendor")} /> Vendor</label>
            </div>
          </FormField>
          <FormField id="pt-gstin" label="GSTIN" error={errors.gstin?.message} hint="State and PAN are taken from it"><Input id="pt-gstin" maxLength={15} className="font-mono uppercase" {...form.register("gstin")} /></FormField>
          <FormField id="pt-state" label="Billing state" error={errors.billing_state?.message} hint="Without a GSTIN, the party's state">
            <NativeSelect id="pt-state" {...form.register("billing_state")}>
              <option value="">—</option>
              {GST_STATES.map(([code, name]) => <option key={code} value={code}>{code} · {name}</option>)}
            </NativeSelect>
          </FormField>
          <FormField id="pt-city" label="City" error={errors.billing_city?.message}><Input id="pt-city" {...form.register("billing_city")} /></FormField>
          <FormField id="pt-address" label="Billing address" error={errors.billing_address?.message}><Input id="pt-address" {...form.register("billing_address")} /></FormField>
          <FormField id="pt-pin" label="PIN code" error={errors.billing_pincode?.message}><Input id="pt-pin" inputMode="numeric" maxLength={6} {...form.register("billing_pincode")} /></FormField>
          <FormField id="pt-email" label="E-mail" error={errors.email?.message}><Input id="pt-email" type="email" {...form.register("email")} /></FormField>
          <FormField id="pt-phone" label="Phone" error={errors.phone?.message}><Input id="pt-phone" {...form.register("phone")} /></FormField>
          <FormField id="pt-terms" label="Payment terms (days)" error={errors.payment_terms_days?.message}><Input id="pt-terms" inputMode="numeric" {...form.register("payment_terms_days")} /></FormField>
          <FormField id="pt-limit" label="Credit limit (₹)" error={errors.credit_limit?.message}><Input id="pt-limit" inputMode="decimal" {...form.register("credit_limit")} /></FormField>
          <FormField id="pt-tags" label="Tags" error={errors.tags?.message} hint="Comma separated"><Input id="pt-tags" {...form.register("tags")} /></FormField>
          <div className="flex gap-2 sm:col-span-2 lg:col-span-3">
            <Button type="submit" disabled={form.formState.isSubmitting}>{form.formState.isSubmitting && <Loader2Icon className="animate-spin" />} Save</Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
