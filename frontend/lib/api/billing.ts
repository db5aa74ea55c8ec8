/** Query options and actions for billing: the company's subscription, plans, invoices. */
import { queryOptions } from "@tanstack/react-query";
import { publicApi, tenantApi, unwrap } from "./client";
import type { components as PublicComponents } from "./schema.public";
import type { components } from "./schema.tenant";

export type BillingStatus = components["schemas"]["BillingStatusOutput"];
export type BillingSubscription = components["schemas"]["SubscriptionOutput"];
export type BillingPlan = components["schemas"]["PlanOutput"];
export type BillingInvoice = components["schemas"]["InvoiceOutput"];
export type PublicPlan = PublicComponents["schemas"]["PlanOutput"];

/** Status and banner for every member (the app shell). */
export const billingStatusQuery = () =>
  queryOptions({
    queryKey: ["billing", "status"],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/billing/status/", { signal })),
    staleTime: 60_000,
  });

export const billingSubscriptionQuery = () =>
  queryOptions({
    queryKey: ["billing", "subscription"],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/billing/subscription/", { signal })),
  });

export const billingPlansQuery = () =>
  queryOptions({
    queryKey: ["billing", "plans"],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/billing/plans/", { signal })),
    staleTime: 5 * 60_000,
  });

export const billingInvoicesQuery = () =>
  queryOptions({
    queryKey: ["billing", "invoices"],
    queryFn: async ({ signal }) => unwrap(await tenantApi.GET("/api/v1/billing/invoices/", { signal })),
  });

export const publicPlansQuery = () =>
  queryOptions({
    queryKey: ["plans", "list"],
    queryFn: async ({ signal }) => unwrap(await publicApi.GET("/api/v1/plans/", { signal })),
    staleTime: 5 * 60_000,
  });

export async function checkoutStart(body: { plan: string; interval: "month" | "year"; currency: "inr" | "usd" }) {
  return unwrap(await tenantApi.POST("/api/v1/billing/checkout/", { body }));
}

export async function portalOpen() {
  return unwrap(await tenantApi.POST("/api/v1/billing/portal/"));
}
