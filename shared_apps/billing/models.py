"""Plans, one subscription per tenant, and the Stripe webhook events we received (public schema).

Stripe is the source of truth for a paid subscription: our row mirrors what the last
re-fetch from Stripe said (shared_apps/billing/services.py), never what an event claimed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from tenant_apps.core.fields import MoneyField


class Interval(models.TextChoices):
    MONTH = "month", "Monthly"
    YEAR = "year", "Yearly"


class Currency(models.TextChoices):
    INR = "inr", "INR"
    USD = "usd", "USD"


class Plan(models.Model):
    """What a tenant can buy: a price per seat per month/year in INR and USD, and its limits."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    is_public = models.BooleanField(default=True, help_text="Shown on the pricing page.")
    sort_order = models.PositiveSmallIntegerField(default=0)
    price_month_inr = MoneyField(max_digits=12, decimal_places=2, default=Decimal("0"))
    price_year_inr = MoneyField(max_digits=12, decimal_places=2, default=Decimal("0"))
    price_month_usd = MoneyField(max_digits=12, decimal_places=2, default=Decimal("0"))
    price_year_usd = MoneyField(max_digits=12, decimal_places=2, default=Decimal("0"))
    stripe_price_month_inr = models.CharField(max_length=100, blank=True)
    stripe_price_year_inr = models.CharField(max_length=100, blank=True)
    stripe_price_month_usd = models.CharField(max_length=100, blank=True)
    stripe_price_year_usd = models.CharField(max_length=100, blank=True)
    max_seats = models.PositiveIntegerField(
        null=True, blank=True, help_text="Most members the plan allows; empty: no limit."
    )
    seats_grow = models.BooleanField(
        default=False,
        help_text="Inviting beyond the seats paid for raises the Stripe quantity (no refusal).",
    )
    modules = models.JSONField(default=list, blank=True, help_text="Module codes included.")
    storage_gb = models.PositiveIntegerField(null=True, blank=True)
    trial_days = models.PositiveSmallIntegerField(default=14)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    def stripe_price(self, *, interval: str, currency: str) -> str:
        return str(getattr(self, f"stripe_price_{interval}_{currency}", "") or "")

    def price(self, *, interval: str, currency: str) -> Decimal:
        return Decimal(getattr(self, f"price_{interval}_{currency}"))

    def price_lookup(self) -> dict[str, tuple[str, str]]:
        """Stripe price id -> (interval, currency)."""
        out = {}
        for interval in Interval.values:
            for currency in Currency.values:
                price = self.stripe_price(interval=interval, currency=currency)
                if price:
                    out[price] = (interval, currency)
        return out


class SubscriptionStatus(models.TextChoices):
    TRIALING = "trialing", "Trial"
    ACTIVE = "active", "Active"
    PAST_DUE = "past_due", "Past due"
    READ_ONLY = "read_only", "Read only"
    CANCELED = "canceled", "Canceled"


# Stripe's subscription statuses -> ours. `incomplete` (checkout still paying) keeps our status.
STRIPE_STATUS_MAP = {
    "trialing": SubscriptionStatus.TRIALING,
    "active": SubscriptionStatus.ACTIVE,
    "past_due": SubscriptionStatus.PAST_DUE,
    "unpaid": SubscriptionStatus.PAST_DUE,
    "paused": SubscriptionStatus.PAST_DUE,
    "canceled": SubscriptionStatus.CANCELED,
    "incomplete_expired": SubscriptionStatus.CANCELED,
}

READ_ONLY_STATUSES = frozenset({SubscriptionStatus.READ_ONLY, SubscriptionStatus.CANCELED})


class Subscription(models.Model):
    tenant = models.OneToOneField(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="subscription"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True)
    status = models.CharField(
        max_length=16,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.TRIALING,
        db_index=True,
    )
    interval = models.CharField(max_length=8, choices=Interval.choices, blank=True)
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.INR)
    seats = models.PositiveIntegerField(default=0, help_text="Seats paid for (Stripe quantity).")
    trial_ends_at = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    past_due_since = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    last_payment_failed_at = models.DateTimeField(null=True, blank=True)
    stripe_customer_id = models.CharField(max_length=100, blank=True)
    stripe_subscription_id = models.CharField(max_length=100, blank=True)
    stripe_status = models.CharField(max_length=32, blank=True)
    stripe_synced_at = models.DateTimeField(null=True, blank=True)
    # Seat sync debounce: set by the first member change of a burst, cleared by the sync.
    seats_sync_due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SubscriptionStatus.values),
                name="billing_subscription_status_valid",
            ),
            models.UniqueConstraint(
                fields=["stripe_customer_id"],
                condition=~models.Q(stripe_customer_id=""),
                name="billing_subscription_customer_unique",
            ),
            models.UniqueConstraint(
                fields=["stripe_subscription_id"],
                condition=~models.Q(stripe_subscription_id=""),
                name="billing_subscription_stripe_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.status}"

    def grace_ends_at(self) -> dt.datetime | None:
        if self.past_due_since is None:
            return None
        return self.past_due_since + dt.timedelta(days=settings.BILLING_GRACE_DAYS)

    def retention_ends_at(self) -> dt.datetime | None:
        if self.canceled_at is None:
            return None
        return self.canceled_at + dt.timedelta(days=settings.BILLING_RETENTION_DAYS)

    def effective_status(self, now: dt.datetime | None = None) -> str:
        """The status that decides what the tenant may do now: a past-due subscription past its
        grace period, or a trial that ended unpaid, is read only."""
        now = now or timezone.now()
        if self.status == SubscriptionStatus.PAST_DUE:
            grace = self.grace_ends_at()
            if grace is not None and now >= grace:
                return SubscriptionStatus.READ_ONLY
        if (
            self.status == SubscriptionStatus.TRIALING
            and not self.stripe_subscription_id
            and self.trial_ends_at is not None
            and now >= self.trial_ends_at
        ):
            return SubscriptionStatus.READ_ONLY
        return self.status

    def is_read_only(self, now: dt.datetime | None = None) -> bool:
        return self.effective_status(now) in READ_ONLY_STATUSES


class WebhookEventStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSED = "processed", "Processed"
    IGNORED = "ignored", "Ignored (not ours)"
    FAILED = "failed", "Failed"


class WebhookEvent(models.Model):
    """A Stripe event, stored once by its id before anything is done with it."""

    stripe_event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    livemode = models.BooleanField(default=False)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16,
        choices=WebhookEventStatus.choices,
        default=WebhookEventStatus.PENDING,
        db_index=True,
    )
    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    deliveries = models.PositiveIntegerField(default=1, help_text="Times Stripe delivered it.")

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.stripe_event_id} {self.type} [{self.status}]"
