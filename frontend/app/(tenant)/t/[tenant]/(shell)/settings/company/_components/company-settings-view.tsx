"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ImageIcon, Loader2Icon, Trash2Icon, UploadIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { useCan } from "@/components/shell/shell-context";
import { toast } from "@/components/toaster";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { companyLogoRemove, companyLogoUpload, companyQuery, companyUpdate, type CompanySettings } from "@/lib/api/admin";
import { ApiError, applyFieldErrors } from "@/lib/api/errors";
import { GST_STATES, GSTIN_PATTERN } from "@/lib/india";
import { CreditControlCard } from "./credit-control-card";
import { DocumentsCard } from "./documents-card";
import { PaymentRemindersCard } from "./payment-reminders-card";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const STATE_NAME = new Map<string, string>(GST_STATES.map(([code, name]) => [code, name]));
type StateCode = (typeof GST_STATES)[number][0];

const schema = z
  .object({
    name: z.string().trim().max(200),
    legal_name: z.string().trim().max(200),
    gstin: z.string().trim().toUpperCase().refine((v) => v === "" || GSTIN_PATTERN.test(v), "A GSTIN is 15 characters, e.g. 27AAPFU0939F1ZV."),
    state: z.string(),
    fiscal_year_start_month: z.coerce.number().int().min(1).max(12),
    fiscal_year_start_day: z.coerce.number().int().min(1).max(28),
  })
  .refine((v) => !v.gstin || !v.state || v.gstin.slice(0, 2) === v.state, { path: ["gstin"], message: "The GSTIN's first two digits must be the company's state code." });
type Values = z.input<typeof schema>;
type Parsed = z.output<typeof schema>;

export function CompanySettingsView() {
  const company = useQuery(companyQuery());
  const canChange = useCan("core.company.change");
  return (
    <>
      <PageHeader title="Company settings" description="Your company's particulars, as they appear on invoices and returns." />
      {company.isPending ? (
        <div className="grid max-w-3xl gap-4"><Skeleton className="h-72" /><Skeleton className="h-40" /></div>
      ) : company.isError ? (
        <p role="alert" className="text-destructive">{company.error.message}</p>
      ) : (
        <div className="grid max-w-3xl gap-4">
          <DetailsForm company={company.data} readOnly={!canChange} />
          <LogoCard company={company.data} readOnly={!canChange} />
          <DocumentsCard />
          <PaymentRemindersCard />
          <CreditControlCard />
        </div>
      )}
    </>
  );
}

function DetailsForm({ company, readOnly }: { company: CompanySettings; readOnly: boolean }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState("");
  const form = useForm<Values, unknown, Parsed>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: company.name ?? "",
      legal_name: company.legal_name ?? "",
      gstin: company.gstin ?? "",
      state: company.state ?? "",
      fiscal_year_start_month: company.fiscal_year_start_month ?? 4,
      fiscal_year_start_day: company.fiscal_year_start_day ?? 1,
    },
  });
  const gstin = (form.watch("gstin") ?? "").toUpperCase();
  const state = form.watch("state");
  const gstinState = /^\d{2}/.test(gstin) ? gstin.slice(0, 2) : "";
  const errors = form.formState.errors;

  async function submit(v: Parsed) {
    setFormError("");
    try {
      const saved = await companyUpdate({ ...v, state: v.state as StateCode | "" });
      queryClient.setQueryData(["company"], saved);
      form.reset(form.getValues());
      toast.success("Company settings saved");
    } catch (e) {
      if (e instanceof ApiError && applyFieldErrors(e, form.setError, ["name", "legal_name", "gstin", "state", "fiscal_year_start_month", "fiscal_year_start_day"] as const)) return;
      setFormError(e instanceof Error ? e.message : "Could not save.");
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Particulars</CardTitle>
        <CardDescription>The GSTIN&apos;s first two digits are its state code: they must match the state.</CardDescription>
      </CardHeader>
      <CardContent>
        <form noValidate onSubmit={form.handleSubmit(submit)} className="grid gap-5 sm:grid-cols-2">
          {formError && <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive sm:col-span-2">{formError}</p>}
          <FormField id="co-name" label="Display name" error={errors.name?.message}>
            <Input id="co-name" disabled={readOnly} {...form.register("name")} />
          </FormField>
          <FormField id="co-legal" label="Legal name" error={errors.legal_name?.message} hint="As registered, e.g. Sharma Steel Works Pvt Ltd">
            <Input id="co-legal" disabled={readOnly} {...form.register("legal_name")} />
          </FormField>
          <FormField
            id="co-gstin"
            label="GSTIN"
            error={errors.gstin?.message}
            hint={
              gstinState
                ? STATE_NAME.has(gstinState)
                  ? `State ${gstinState}: ${STATE_NAME.get(gstinState)}${state && state !== gstinState ? " — not the state chosen below" : ""}`
                  : `${gstinState} is not a GST state code`
                : "15 characters: state code, PAN, entity number, Z, check character"
            }
          >
            <Input
              id="co-gstin"
              disabled={readOnly}
              maxLength={15}
              autoCapitalize="characters"
              spellCheck={false}
              className="font-mono uppercase"
              aria-invalid={!!errors.gstin}
              {...form.register("gstin", {
                onChange: (e: { target: { value: string } }) => {
                  const code = e.target.value.slice(0, 2);
                  if (!form.getValues("state") && STATE_NAME.has(code)) form.setValue("state", code);
                },
              })}
            />
          </FormField>
          <FormField id="co-state" label="State" error={errors.state?.message}>
            <NativeSelect id="co-state" disabled={readOnly} {...form.register("state")}>
              <option value="">Choose a state</option>
              {GST_STATES.map(([code, name]) => <option key={code} value={code}>{code} · {name}</option>)}
            </NativeSelect>
          </FormField>
          <FormField id="co-fy-month" label="Fiscal year starts in" error={errors.fiscal_year_start_month?.message} hint="India: 1 April">
            <NativeSelect id="co-fy-month" disabled={readOnly} {...form.register("fiscal_year_start_month")}>
              {MONTHS.map((m, i) => <option key={m} value={i + 1}>{m}</option>)}
            </NativeSelect>
          </FormField>
          <FormField id="co-fy-day" label="on day" error={errors.fiscal_year_start_day?.message}>
            <Input id="co-fy-day" type="number" min={1} max={28} disabled={readOnly} {...form.register("fiscal_year_start_day")} />
          </FormField>
          {!readOnly && (
            <div className="flex justify-end sm:col-span-2">
              <Button type="submit" disabled={form.formState.isSubmitting || !form.formState.isDirty}>
                {form.formState.isSubmitting && <Loader2Icon className="animate-spin" />} Save changes
              </Button>
            </div>
          )}
        </form>
      </CardContent>
    </Card>
  );
}

function LogoCard({ company, readOnly }: { company: CompanySettings; readOnly: boolean }) {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [url, setUrl] = useState(company.logo_url ?? null);
  useEffect(() => setUrl(company.logo_url ?? null), [company.logo_url]);

  async function upload(file: File) {
    setError("");
    if (!["image/png", "image/jpeg", "image/webp"].includes(file.type)) return setError("Upload a PNG, JPEG or WebP image.");
    if (file.size > 1024 * 1024) return setError("The logo must be at most 1 MB.");
    setBusy(true);
    try {
      const saved = await companyLogoUpload(file);
      queryClient.setQueryData(["company"], saved);
      toast.success("Logo updated");
    } catch (e) {
      setError(e instanceof ApiError ? (e.fields.logo?.join(" ") ?? e.message) : "Upload failed.");
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Logo</CardTitle>
        <CardDescription>Printed on your documents. PNG, JPEG or WebP, at most 1 MB; a wide logo on a white background prints best.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 sm:flex-row sm:items-center">
        <div className="flex h-24 w-48 shrink-0 items-center justify-center overflow-hidden rounded-lg border bg-white p-2">
          {url ? (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={url} alt="Company logo" width={176} height={80} className="max-h-20 w-auto object-contain" data-testid="logo-preview" />
          ) : (
            <ImageIcon className="size-8 text-muted-foreground" aria-label="No logo yet" />
          )}
        </div>
        {!readOnly && (
          <div className="grid gap-2">
            <input ref={input} type="file" accept="image/png,image/jpeg,image/webp" className="sr-only" id="logo-file" aria-label="Logo file" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
            <div className="flex gap-2">
              <Button variant="outline" disabled={busy} onClick={() => input.current?.click()}>
                {busy ? <Loader2Icon className="animate-spin" /> : <UploadIcon />} {url ? "Replace logo" : "Upload logo"}
              </Button>
              {url && (
                <Button
                  variant="ghost"
                  disabled={busy}
                  onClick={async () => {
                    setBusy(true);
                    try {
                      queryClient.setQueryData(["company"], await companyLogoRemove());
                      toast.success("Logo removed");
                    } catch (e) {
                      setError(e instanceof Error ? e.message : "Could not remove.");
                    } finally {
                      setBusy(false);
                    }
                  }}
                >
                  <Trash2Icon /> Remove
                </Button>
              )}
            </div>
            {error && <p role="alert" className="text-xs font-medium text-destructive">{error}</p>}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
