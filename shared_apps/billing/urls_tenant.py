"""Billing on a tenant host: /api/v1/billing/... (the company's own subscription)."""

from django.urls import path

from shared_apps.billing import apis

app_name = "billing_tenant"

urlpatterns = [
    path("status/", apis.BillingStatusApi.as_view(), name="status"),
    path("subscription/", apis.SubscriptionApi.as_view(), name="subscription"),
    path("plans/", apis.TenantPlanListApi.as_view(), name="plans"),
    path("checkout/", apis.CheckoutApi.as_view(), name="checkout"),
    path("portal/", apis.PortalApi.as_view(), name="portal"),
    path("invoices/", apis.InvoiceListApi.as_view(), name="invoices"),
]
