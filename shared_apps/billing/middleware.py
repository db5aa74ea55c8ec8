"""Entitlements on tenant hosts: a read-only subscription refuses writes with 402.

Read only = past due beyond the grace period, a trial that ended unpaid, or canceled (until the
retention period ends and the tenant is archived). Reads and exports keep working; signing in
and out (/_allauth/) and billing itself (to pay) keep working for writes too.

Only write requests on a tenant host with Stripe configured cost a query: reads never do, and
development mode (no Stripe key) never does.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from erp_platform.errors import refusal

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Writes a read-only tenant may still make: sign in/out and MFA, pay, the signup hand-off.
WRITE_ALLOWED_PATHS = ("/_allauth/", "/api/v1/billing/", "/api/v1/auth/handoff/")
READ_ONLY_DETAIL = (
    "Your company's subscription is read only: you can view and export your data, but not "
    "change it. The owner can restore full access on the Billing page."
)


class SubscriptionEntitlementMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        user = getattr(request, "user", None)
        # Anonymous callers get the API's own 401/403 (a 402 would tell outsiders the company's
        # billing state); API-token callers are authenticated later, by DRF, so a bearer header
        # counts as a caller here.
        caller = (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in (
            request.META
        )
        if (
            tenant is not None
            and caller
            and request.method not in SAFE_METHODS
            and not request.path.startswith(WRITE_ALLOWED_PATHS)
        ):
            from shared_apps.billing import gateway
            from shared_apps.billing.models import Subscription

            if gateway.stripe_enabled():
                subscription = Subscription.objects.filter(tenant_id=tenant.pk).first()
                if subscription is not None and subscription.is_read_only():
                    return refusal(request, 402, READ_ONLY_DETAIL, "subscription_read_only")
        return self.get_response(request)
