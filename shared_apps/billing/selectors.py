"""Reads for billing: the tenant's billing summary, its Stripe invoices, the operator dashboard."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from shared_apps.billing import gateway
from shared_apps.billing.models import (
    READ_ONLY_STATUSES,
    Plan,
    Subscription,
    SubscriptionStatus,
    WebhookEvent,
    WebhookEventStatus,
)
from shared_apps.billing.services import members_active_count, stripe_errors

DEVELOPMENT = "development"


def _days_left(until: dt.datetime, now: dt.datetime) -> int:
    """Whole days left, rounded up: 1 hour left is "1 day", not "0 days"."""
    return max(0, math.ceil((until - now).total_seconds() / 86400))


TRIAL_ENDING_DAYS = 7


def plans_public() -> list[Plan]:
    return list(Plan.objects.filter(is_public=True).order_by("sort_order", "pk"))


def subscription_of(*, tenant_id: int) -> Subscription | None:
    return Subscription.objects.select_related("plan").filter(tenant_id=tenant_id).first()


def seats_allowed(subscription: Subscription | None) -> int | None:
    """The most members the tenant may have; None: no limit."""
    if subscription is None or subscription.plan is None:
        return None
    plan = subscription.plan
    if plan.seats_grow:
        return None  # inviting beyond the seats paid for raises the Stripe quantity
    return plan.max_seats


def seats_available_for(*, tenant_id: int, used: int) -> int | None:
    """Seats left given `used` (members + open invitations); None: no limit. Development mode
    (no Stripe key) is unlimited."""
    if not gateway.stripe_enabled():
        return None
    allowed = seats_allowed(subscription_of(tenant_id=tenant_id))
    if allowed is None:
        return None
    return max(0, allowed - used)


def _banner(subscription: Subscription, effective: str, now: dt.datetime) -> dict[str, Any] | None:
    if effective in READ_ONLY_STATUSES:
        if effective == SubscriptionStatus.CANCELED:
            ends = subscription.retention_ends_at()
            until = f" until {timezone.localtime(ends):%d %b %Y}" if ends else ""
            message = (
                f"The subscription is canceled: your data is read only{until}. "
                "Choose a plan to keep working."
            )
        elif subscription.status == SubscriptionStatus.TRIALING:
            message = "Your trial has ended: your data is read only until you choose a plan."
        else:
            message = (
                "Payment is overdue and the grace period has ended: your data is read only "
                "until the payment goes through."
            )
        return {"kind": "read_only", "message": message}
    if effective == SubscriptionStatus.PAST_DUE:
        grace = subscription.grace_ends_at()
        days = _days_left(grace, now) if grace else 0
        return {
            "kind": "past_due",
            "message": (
                f"The last payment failed. Update your card within {days} day(s) to keep "
                "full access."
            ),
        }
    if (
        effective == SubscriptionStatus.TRIALING
        and subscription.trial_ends_at is not None
        and subscription.trial_ends_at - now <= dt.timedelta(days=TRIAL_ENDING_DAYS)
    ):
        days = _days_left(subscription.trial_ends_at, now)
        return {
            "kind": "trial_ending",
            "message": f"Your trial ends in {days} day(s). Choose a plan to keep full access.",
        }
    return None


def billing_summary(*, tenant: Any) -> dict[str, Any]:
    """What the billing page and the shell's banner show."""
    used = members_active_count(tenant_id=tenant.pk)
    if not gateway.stripe_enabled():
        return {
            "mode": DEVELOPMENT,
            "status": "active",
            "stored_status": "active",
            "read_only": False,
            "plan": None,
            "plan_name": "Development (unlimited)",
            "interval": "",
            "currency": "",
            "seats_used": used,
            "seats_allowed": None,
            "seats_billed": None,
            "trial_ends_at": None,
            "trial_days_left": None,
            "current_period_end": None,
            "cancel_at_period_end": False,
            "grace_ends_at": None,
            "has_customer": False,
            "banner": None,
        }
    now = timezone.now()
    subscription = subscription_of(tenant_id=tenant.pk)
    if subscription is None:
        return {
            "mode": "stripe",
            "status": "none",
            "stored_status": "none",
            "read_only": False,
            "plan": None,
            "plan_name": "No plan",
            "interval": "",
            "currency": "",
            "seats_used": used,
            "seats_allowed": None,
            "seats_billed": None,
            "trial_ends_at": None,
            "trial_days_left": None,
            "current_period_end": None,
            "cancel_at_period_end": False,
            "grace_ends_at": None,
            "has_customer": False,
            "banner": None,
        }
    effective = subscription.effective_status(now)
    trial_days_left = None
    if subscription.status == SubscriptionStatus.TRIALING and subscription.trial_ends_at:
        trial_days_left = _days_left(subscription.trial_ends_at, now)
    return {
        "mode": "stripe",
        "status": effective,
        "stored_status": subscription.status,
        "read_only": effective in READ_ONLY_STATUSES,
        "plan": subscription.plan,
        "plan_name": subscription.plan.name if subscription.plan else "No plan",
        "interval": subscription.interval,
        "currency": subscription.currency,
        "seats_used": used,
        "seats_allowed": seats_allowed(subscription),
        "seats_billed": subscription.seats if subscription.stripe_subscription_id else None,
        "trial_ends_at": subscription.trial_ends_at,
        "trial_days_left": trial_days_left,
        "current_period_end": subscription.current_period_end,
        "cancel_at_period_end": subscription.cancel_at_period_end,
        "grace_ends_at": subscription.grace_ends_at(),
        "has_customer": bool(subscription.stripe_customer_id),
        "banner": _banner(subscription, effective, now),
    }


def _minor_to_decimal(amount: int, currency: str) -> Decimal:
    # INR and USD have two decimals in Stripe's minor units.
    return (Decimal(amount) / Decimal(100)).quantize(Decimal("0.01"))


def invoices_of(*, tenant: Any, limit: int = 24) -> list[dict[str, Any]]:
    """The tenant's latest Stripe invoices (newest first); empty without a Stripe customer."""
    if not gateway.stripe_enabled():
        return []
    subscription = subscription_of(tenant_id=tenant.pk)
    if subscription is None or not subscription.stripe_customer_id:
        return []
    with stripe_errors():
        result = gateway.invoices_list(customer=subscription.stripe_customer_id, limit=limit)
    out = []
    for invoice in result.to_dict().get("data", []):
        currency = str(invoice.get("currency") or "")
        out.append(
            {
                "id": invoice.get("id"),
                "number": invoice.get("number") or "",
                "status": invoice.get("status") or "",
                "currency": currency,
                "amount_due": _minor_to_decimal(int(invoice.get("amount_due") or 0), currency),
                "amount_paid": _minor_to_decimal(int(invoice.get("amount_paid") or 0), currency),
                "created": dt.datetime.fromtimestamp(int(invoice.get("created") or 0), tz=dt.UTC),
                "hosted_invoice_url": invoice.get("hosted_invoice_url") or "",
                "invoice_pdf": invoice.get("invoice_pdf") or "",
            }
        )
    return out


def dashboard_figures(*, now: dt.datetime | None = None) -> dict[str, Any]:
    """The operator dashboard: MRR by currency, counts by status, trials ending this week,
    failed payments (last 30 days) and webhook events that failed."""
    now = now or timezone.now()
    counts = dict.fromkeys(SubscriptionStatus.values, 0)
    for status, n in Subscription.objects.values_list("status").annotate(n=Count("pk")):
        counts[status] = n
    mrr: dict[str, Decimal] = {}
    paying = Subscription.objects.filter(
        status__in=[SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE], plan__isnull=False
    ).select_related("plan")
    for sub in paying:
        assert sub.plan is not None
        interval = sub.interval or "month"
        price = sub.plan.price(interval=interval, currency=sub.currency) * sub.seats
        monthly = price if interval == "month" else (price / 12)
        mrr[sub.currency] = mrr.get(sub.currency, Decimal("0")) + monthly
    trials = list(
        Subscription.objects.filter(
            status=SubscriptionStatus.TRIALING,
            trial_ends_at__gte=now,
            trial_ends_at__lt=now + dt.timedelta(days=7),
        )
        .select_related("tenant", "plan")
        .order_by("trial_ends_at")
    )
    failed = list(
        Subscription.objects.filter(last_payment_failed_at__gte=now - dt.timedelta(days=30))
        .select_related("tenant", "plan")
        .order_by("-last_payment_failed_at")
    )
    return {
        "mrr": {currency: value.quantize(Decimal("0.01")) for currency, value in mrr.items()},
        "counts": counts,
        "trials_ending": trials,
        "failed_payments": failed,
        "events_failed": WebhookEvent.objects.filter(status=WebhookEventStatus.FAILED).count(),
        "grace_days": settings.BILLING_GRACE_DAYS,
    }
