"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { CreditCardIcon, ExternalLinkIcon, InfinityIcon } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { formatMoney, STATUS_LABELS } from "@/components/billing/format";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import {
  billingInvoicesQuery,
  billingPlansQuery,
  billingSubscriptionQuery,
  checkoutStart,
  portalOpen,
  type BillingPlan,
  type BillingSubscription,
} from "@/lib/api/billing";
import { formatDate } from "@/lib/utils";

type Interval = "month" | "year";
type Currency = "inr" | "usd";

const STATUS_VARIANT: Record<string, "success" | "warning" | "destructive" | "secondary"> = {
  active: "success",
  trialing: "secondary",
  past_due: "warning",
  read_only: "destructive",
  canceled: "destructive",
};

export function BillingView() {
  const params = useSearchParams();
  const returning = params.get("checkout") === "success";
  const subscription = useQuery({
    ...billingSubscriptionQuery(),
    // Back from Checkout: the webhook may land a moment after the redirect.
    refetchInterval: (q) => (returning && q.state.data && q.state.data.status !== "active" ? 1500 : false),
  });
  const s = subscription.data;

  return (
    <>
      <PageHeader title="Billing" description="Your plan, seats, payments and invoices." />
      {subscription.isPending && <Skeleton className="h-40 w-full" />}
      {subscription.isError && <p className="text-destructive">{subscription.error.message}</p>}
      {s && s.mode === "development" && <DevelopmentPlan s={s} />}
      {s && s.mode === "stripe" && (
        <div className="grid gap-6">
          {returning && s.status !== "active" && (
            <p role="status" className="text-sm text-muted-foreground">Payment received: confirming your subscription…</p>
          )}
          <CurrentPlan s={s} />
          {/* No Stripe subscription yet (trial) or a canceled one: choose a plan. Otherwise the portal. */}
          {(s.seats_billed === null || s.stored_status === "canceled") && <Upgrade current={s} />}
          <Invoices />
        </div>
      )}
    </>
  );
}

function DevelopmentPlan({ s }: { s: BillingSubscription }) {
  return (
    <Card data-testid="billing-plan">
      <CardHeader>
        <CardTitle className="flex items-center gap-2"><InfinityIcon className="size-5" /> Development plan (unlimited)</CardTitle>
        <CardDescription>
          Billing is not configured on this server, so every company is on the unlimited development plan: all modules, no seat
          limit, nothing to pay.
        </CardDescription>
      </CardHeader>
      <CardContent className="text-sm">
        <span data-testid="seats">{s.seats_used} {s.seats_used === 1 ? "member" : "members"} · no seat limit</span>
      </CardContent>
    </Card>
  );
}

function CurrentPlan({ s }: { s: BillingSubscription }) {
  const portal = useMutation({ mutationFn: portalOpen, onSuccess: ({ url }) => window.location.assign(url) });
  const seats = s.seats_allowed === null ? `${s.seats_used} seats used · no limit` : `${s.seats_used} of ${s.seats_allowed} seats used`;
  return (
    <Card data-testid="billing-plan">
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div>
          <CardTitle className="flex items-center gap-2">
            <span data-testid="plan-name">{s.plan_name}</span>
            <Badge data-testid="plan-status" variant={STATUS_VARIANT[s.status] ?? "secondary"}>
              {STATUS_LABELS[s.status] ?? s.status}
            </Badge>
          </CardTitle>
          <CardDescription className="mt-1">
            {s.plan && s.interval && s.currency
              ? `${formatMoney(priceOf(s.plan, s.interval as Interval, s.currency as Currency), s.currency)} per seat per ${s.interval}`
              : "Choose a plan below to keep full access after your trial."}
          </CardDescription>
        </div>
        {s.has_customer && (
          <Button variant="outline" onClick={() => portal.mutate()} disabled={portal.isPending}>
            <CreditCardIcon /> Manage in billing portal
          </Button>
        )}
      </CardHeader>
      <CardContent className="grid gap-2 text-sm sm:grid-cols-2">
        <p data-testid="seats">{seats}</p>
        {s.seats_billed !== null && <p>Paying for {s.seats_billed} seat{s.seats_billed === 1 ? "" : "s"}</p>}
        {s.trial_days_left !== null && s.status === "trialing" && (
          <p data-testid="trial-days">{s.trial_days_left} day{s.trial_days_left === 1 ? "" : "s"} left in your trial (ends {formatDate(s.trial_ends_at)})</p>
        )}
        {s.current_period_end && (
          <p>
            {s.cancel_at_period_end ? "Ends" : "Renews"} on {formatDate(s.current_period_end)}
          </p>
        )}
        {s.grace_ends_at && s.status === "past_due" && <p>Full access until {formatDate(s.grace_ends_at)}</p>}
        {portal.isError && <p className="text-destructive sm:col-span-2">{portal.error.message}</p>}
      </CardContent>
    </Card>
  );
}

function priceOf(plan: BillingPlan, interval: Interval, currency: Currency): string {
  return plan[`price_${interval}_${currency}`];
}

function Upgrade({ current }: { current: BillingSubscription }) {
  const plans = useQuery(billingPlansQuery());
  const [interval, setInterval] = useState<Interval>("month");
  const [currency, setCurrency] = useState<Currency>("inr");
  const checkout = useMutation({ mutationFn: checkoutStart, onSuccess: ({ url }) => window.location.assign(url) });
  return (
    <section aria-labelledby="upgrade-title" className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="upgrade-title" className="text-lg font-semibold">Choose a plan</h2>
          <p className="text-sm text-muted-foreground">Priced per member. You pay for the {current.seats_used} member{current.seats_used === 1 ? "" : "s"} you have now.</p>
        </div>
        <div className="flex gap-2">
          <Toggle<Interval> value={interval} onChange={setInterval} options={[["month", "Monthly"], ["year", "Yearly"]]} label="Billing period" />
          <Toggle<Currency> value={currency} onChange={setCurrency} options={[["inr", "₹ INR"], ["usd", "$ USD"]]} label="Currency" />
        </div>
      </div>
      {plans.isPending && <Skeleton className="h-40 w-full" />}
      <div className="grid gap-4 md:grid-cols-3">
        {plans.data?.map((plan) => {
          const tooSmall = plan.max_seats !== null && current.seats_used > plan.max_seats;
          return (
            <Card key={plan.code} data-testid={`plan-${plan.code}`}>
              <CardHeader>
                <CardTitle>{plan.name}</CardTitle>
                <CardDescription>{plan.description}</CardDescription>
              </CardHeader>
              <CardContent className="grid gap-3">
                <p>
                  <span className="text-2xl font-semibold">{formatMoney(priceOf(plan, interval, currency), currency)}</span>
                  <span className="text-sm text-muted-foreground"> / seat / {interval}</span>
                </p>
                <p className="text-sm text-muted-foreground">{plan.max_seats === null ? "No seat limit" : `Up to ${plan.max_seats} members`}</p>
                <Button
                  onClick={() => checkout.mutate({ plan: plan.code, interval, currency })}
                  disabled={checkout.isPending || tooSmall}
                  aria-label={`Upgrade to ${plan.name}`}
                >
                  {tooSmall ? "Too few seats" : `Upgrade to ${plan.name}`}
                </Button>
              </CardContent>
            </Card>
          );
        })}
      </div>
      {checkout.isError && <p role="alert" className="text-sm text-destructive">{checkout.error.message}</p>}
    </section>
  );
}

function Toggle<T extends string>({
  value,
  onChange,
  options,
  label,
}: {
  value: T;
  onChange: (v: T) => void;
  options: ReadonlyArray<readonly [T, string]>;
  label: string;
}) {
  return (
    <div role="group" aria-label={label} className="inline-flex rounded-md border p-0.5">
      {options.map(([v, text]) => (
        <Button key={v} size="sm" variant={v === value ? "secondary" : "ghost"} aria-pressed={v === value} onClick={() => onChange(v)}>
          {text}
        </Button>
      ))}
    </div>
  );
}

function Invoices() {
  const invoices = useQuery(billingInvoicesQuery());
  return (
    <Card className="p-4">
      <h2 className="mb-3 text-lg font-semibold">Invoices</h2>
      <Table>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Number</TableHead>
            <TableHead>Date</TableHead>
            <TableHead className="text-right">Amount</TableHead>
            <TableHead>Status</TableHead>
            <TableHead><span className="sr-only">Links</span></TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {invoices.isPending && (
            <TableRow><TableCell colSpan={5}><Skeleton className="h-5 w-full" /></TableCell></TableRow>
          )}
          {invoices.isError && (
            <TableRow><TableCell colSpan={5} className="text-destructive">{invoices.error.message}</TableCell></TableRow>
          )}
          {invoices.data?.length === 0 && (
            <TableRow><TableCell colSpan={5} className="py-6 text-center text-muted-foreground">No invoices yet.</TableCell></TableRow>
          )}
          {invoices.data?.map((invoice) => (
            <TableRow key={invoice.id} data-testid="invoice-row">
              <TableCell className="font-medium">{invoice.number || invoice.id}</TableCell>
              <TableCell>{formatDate(invoice.created)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatMoney(invoice.amount_due, invoice.currency)}</TableCell>
              <TableCell className="capitalize">{invoice.status}</TableCell>
              <TableCell className="text-right">
                {invoice.hosted_invoice_url && (
                  <a href={invoice.hosted_invoice_url} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-sm underline underline-offset-4">
                    View <ExternalLinkIcon className="size-3.5" />
                  </a>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}
