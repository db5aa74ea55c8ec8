"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { CheckCircle2Icon, Loader2Icon, XCircleIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { publicApi, unwrap } from "@/lib/api/client";
import { ensureCsrf } from "@/lib/api/csrf";
import { ApiError, applyFieldErrors } from "@/lib/api/errors";
import { GST_STATES, suggestSubdomain } from "@/lib/india";

const schema = z.object({
  company_name: z.string().trim().min(1, "Enter your company's name."),
  subdomain: z.string().trim().min(1, "Choose your company's address."),
  full_name: z.string().trim().min(1, "Enter your name."),
  email: z.string().trim().min(1, "Enter your work e-mail.").email("Enter a valid e-mail address."),
  password: z.string().min(1, "Choose a password."),
  gstin: z.string().trim().toUpperCase(),
  state: z.string(),
});
type Values = z.infer<typeof schema>;
const FIELDS = ["company_name", "subdomain", "full_name", "email", "password", "gstin", "state"] as const;

type Availability =
  | { state: "idle" }
  | { state: "checking" }
  | { state: "done"; available: boolean; domain: string; errors: string[] };

function useSubdomainAvailability(name: string): Availability {
  const [result, setResult] = useState<Availability>({ state: "idle" });
  useEffect(() => {
    if (!name) {
      setResult({ state: "idle" });
      return;
    }
    setResult({ state: "checking" });
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const data = unwrap(
          await publicApi.GET("/api/v1/signup/check-subdomain/", {
            params: { query: { name } },
            signal: controller.signal,
          }),
        );
        setResult({ state: "done", available: data.available, domain: data.domain, errors: data.errors });
      } catch {
        if (!controller.signal.aborted) setResult({ state: "idle" });
      }
    }, 300);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [name]);
  return result;
}

export function SignupForm() {
  const [formError, setFormError] = useState("");
  const [subdomainTouched, setSubdomainTouched] = useState(false);
  const [hostSuffix, setHostSuffix] = useState("localhost");
  useEffect(() => setHostSuffix(window.location.host), []);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { company_name: "", subdomain: "", full_name: "", email: "", password: "", gstin: "", state: "" },
  });

  const companyName = watch("company_name");
  const subdomain = watch("subdomain").trim().toLowerCase();
  useEffect(() => {
    if (!subdomainTouched) setValue("subdomain", suggestSubdomain(companyName));
  }, [companyName, subdomainTouched, setValue]);
  const availability = useSubdomainAvailability(subdomain);

  const onSubmit = handleSubmit(async (values) => {
    setFormError("");
    try {
      await ensureCsrf();
      const created = unwrap(
        await publicApi.POST("/api/v1/signup/", {
          body: { ...values, subdomain: values.subdomain.toLowerCase(), state: values.state || (values.gstin.slice(0, 2) && /^\d\d/.test(values.gstin) ? values.gstin.slice(0, 2) : "") },
        }),
      );
      window.location.assign(created.login_url);
    } catch (error) {
      if (error instanceof ApiError) {
        const placed = applyFieldErrors(error, setError, FIELDS);
        if (!placed || error.fields["non_field_errors"]) setFormError(error.fields["non_field_errors"]?.join(" ") || error.message);
      } else {
        setFormError("Could not reach the server. Check your connection and try again.");
      }
    }
  });

  const subdomainHint =
    availability.state === "checking" ? (
      <span className="inline-flex items-center gap-1"><Loader2Icon className="size-3 animate-spin" /> Checking…</span>
    ) : availability.state === "done" && availability.available ? (
      <span className="inline-flex items-center gap-1 text-emerald-600 dark:text-emerald-400" data-testid="subdomain-available">
        <CheckCircle2Icon className="size-3" /> {availability.domain} is available
      </span>
    ) : availability.state === "done" ? (
      <span className="inline-flex items-center gap-1 text-destructive" data-testid="subdomain-unavailable">
        <XCircleIcon className="size-3" /> {availability.errors.join(" ") || "Not available."}
      </span>
    ) : (
      "Lowercase letters, digits and hyphens. Your team signs in here."
    );

  return (
    <Card>
      <CardContent className="pt-6">
        <form onSubmit={onSubmit} noValidate className="grid gap-5">
          {formError && (
            <div role="alert" className="rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">
              {formError}
            </div>
          )}
          <FormField id="company_name" label="Company name" error={errors.company_name?.message}>
            <Input id="company_name" autoComplete="organization" placeholder="Sharma Steel Works Pvt Ltd" aria-invalid={!!errors.company_name} {...register("company_name")} />
          </FormField>
          <FormField id="subdomain" label="Company address" error={errors.subdomain?.message} hint={subdomainHint}>
            <div className="flex items-stretch">
              <Input
                id="subdomain"
                className="rounded-r-none"
                autoCapitalize="none"
                spellCheck={false}
                aria-invalid={!!errors.subdomain || (availability.state === "done" && !availability.available)}
                {...register("subdomain", { onChange: () => setSubdomainTouched(true) })}
              />
              <span className="inline-flex items-center rounded-r-md border border-l-0 bg-muted px-3 text-sm text-muted-foreground">
                .{hostSuffix}
              </span>
            </div>
          </FormField>
          <div className="grid gap-5 sm:grid-cols-2">
            <FormField id="full_name" label="Your name" error={errors.full_name?.message}>
              <Input id="full_name" autoComplete="name" aria-invalid={!!errors.full_name} {...register("full_name")} />
            </FormField>
            <FormField id="email" label="Work e-mail" error={errors.email?.message}>
              <Input id="email" type="email" autoComplete="email" aria-invalid={!!errors.email} {...register("email")} />
            </FormField>
          </div>
          <FormField id="password" label="Password" error={errors.password?.message} hint="At least 8 characters; not a common or all-numeric password.">
            <Input id="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} {...register("password")} />
          </FormField>
          <div className="grid gap-5 sm:grid-cols-[1.3fr_1fr]">
            <FormField
              id="gstin"
              label="GSTIN (optional)"
              error={errors.gstin?.message}
              hint={<>15 characters, e.g. <span className="font-mono">27AAPFU0939F1ZV</span>: state code, PAN, entity, Z, check.</>}
            >
              <Input id="gstin" className="font-mono uppercase" maxLength={15} spellCheck={false} aria-invalid={!!errors.gstin} {...register("gstin")} />
            </FormField>
            <FormField id="state" label="State" error={errors.state?.message} hint="Taken from the GSTIN if left blank.">
              <select
                id="state"
                className="h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                aria-invalid={!!errors.state}
                {...register("state")}
              >
                <option value="">Select…</option>
                {GST_STATES.map(([code, name]) => (
                  <option key={code} value={code}>{code} · {name}</option>
                ))}
              </select>
            </FormField>
          </div>
          <Button type="submit" size="lg" disabled={isSubmitting} className="mt-1">
            {isSubmitting && <Loader2Icon className="animate-spin" />}
            {isSubmitting ? "Creating your company…" : "Create company"}
          </Button>
          <p className="text-center text-xs text-muted-foreground">By continuing you agree to the terms of service and privacy policy.</p>
        </form>
      </CardContent>
    </Card>
  );
}
