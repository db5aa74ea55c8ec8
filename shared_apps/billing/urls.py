"""Billing on the public host: the Stripe webhook. (The plans are at /api/v1/plans/:
erp_platform/urls_public.py.)"""

from django.urls import path

from shared_apps.billing import apis

app_name = "billing"

urlpatterns = [
    path("webhooks/stripe/", apis.stripe_webhook, name="stripe-webhook"),
]
