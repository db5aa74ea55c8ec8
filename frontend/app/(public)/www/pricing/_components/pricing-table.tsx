"use client";
import { useQuery } from "@tanstack/react-query";
import { CheckIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { formatMoney } from "@/components/billing/format";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { publicPlansQuery, type PublicPlan } from "@/lib/api/billing";

type Interval = "month" | "year";
type Currency = "inr" | "usd";

function price(plan: PublicPlan, interval: Interval, currency: Currency): string {
  return plan[`price_${interval}_${currency}`];
}

/** The plans exactly as the API returns them. */
export function PricingTable() {
  const plans = useQuery(publicPlansQuery());
  const [interval, setInterval] = useState<Interval>("month");
  const [currency, setCurrency] = useState<Currency>("inr");
  return (
    <>
      <div className="mb-8 flex justify-center gap-2">
        <div role="group" aria-label="Billing period" className="inline-flex rounded-md border p-0.5">
          {(["month", "year"] as const).map((v) => (
            <Button key={v} size="sm" variant={v === interval ? "secondary" : "ghost"} aria-pressed={v === interval} onClick={() => setInterval(v)}>
              {v === "month" ? "Monthly" : "Yearly"}
            </Button>
          ))}
        </div>
        <div role="group" aria-label="Currency" className="inline-flex rounded-md border p-0.5">
          {(["inr", "usd"] as const).map((v) => (
            <Button key={v} size="sm" variant={v === currency ? "secondary" : "ghost"} aria-pressed={v === currency} onClick={() => setCurrency(v)}>
              {v === "inr" ? "₹ INR" : "$ USD"}
            </Button>
          ))}
        </div>
      </div>
      {plans.isPending && <Skeleton className="h-64 w-full" />}
      {plans.isError && <p className="text-center text-destructive">{plans.error.message}</p>}
      {plans.data?.length === 0 && <p className="text-center text-muted-foreground">Plans are being prepared. Start a free trial meanwhile.</p>}
      <div className="grid gap-6 md:grid-cols-3">
        {plans.data?.map((plan) => (
          <Card key={plan.code} data-testid={`pricing-${plan.code}`} className="flex flex-col">
            <CardHeader>
              <CardTitle>{plan.name}</CardTitle>
              <CardDescription>{plan.description}</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-1 flex-col gap-4">
              <p>
                <span className="text-3xl font-semibold">{formatMoney(price(plan, interval, currency), currency)}</span>
                <span className="text-sm text-muted-foreground"> / member / {interval}</span>
              </p>
              <ul className="grid gap-2 text-sm">
                <li className="flex gap-2"><CheckIcon className="size-4 text-primary" />{plan.max_seats === null ? "No member limit" : `Up to ${plan.max_seats} members`}</li>
                {plan.storage_gb !== null && <li className="flex gap-2"><CheckIcon className="size-4 text-primary" />{plan.storage_gb} GB of files</li>}
                <li className="flex gap-2"><CheckIcon className="size-4 text-primary" />{plan.trial_days}-day free trial, no card</li>
              </ul>
              <Button asChild className="mt-auto">
                <Link href="/signup">Start free trial</Link>
              </Button>
            </CardContent>
          </Card>
        ))}
      </div>
    </>
  );
}
