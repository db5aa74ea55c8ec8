"""Writes for billing: trials, checkout and portal sessions, webhook events, seat sync, lifecycle.

Public schema. A service that acts for a tenant is handed the tenant and, when called from a
request, checks it is the request's tenant. Stripe calls carry deterministic idempotency keys.
Webhook events are stored once, then processed after commit by a task that re-fetches the
subscription from Stripe (docs/adr/0021-billing-webhooks.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from erp_platform.tenancy import connection
from shared_apps.accounts.models import Membership, MembershipStatus
from shared_apps.billing import gateway
from shared_apps.billing.models import (
    STRIPE_STATUS_MAP,
    Plan,
    Subscription,
    SubscriptionStatus,
    WebhookEvent,
    WebhookEventStatus,
)
from tenant_apps.core.exceptions import ApplicationError, ConflictError

logger = logging.getLogger(__name__)

# Events we act on; any other type is stored and marked ignored.
HANDLED_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "invoice.paid",
        "invoice.payment_succeeded",
        "invoice.payment_failed",
    }
)
IDEMPOTENCY_WINDOW_SECONDS = 600


class BillingNotConfigured(ApplicationError):
    def __init__(self) -> None:
        super().__init__(
            "Billing is not configured on this server: every company is on the unlimited "
            "development plan.",
            code="billing_not_configured",
        )


class PaymentProviderError(ApplicationError):
    """Stripe refused or could not be reached: the caller sees a 502 in the error shape."""

    status_code = 502

    def __init__(self, exc: stripe.StripeError) -> None:
        logger.warning("stripe call failed: %s", exc)
        super().__init__(
            "Our payment provider could not complete this just now. Please try again in a minute.",
            code="payment_provider_error",
        )


@contextmanager
def stripe_errors() -> Iterator[None]:
    try:
        yield
    except stripe.StripeError as exc:
        raise PaymentProviderError(exc) from exc


def _assert_current(tenant: Any) -> None:
    current = getattr(connection, "tenant", None)
    if current is None or getattr(current, "pk", None) != tenant.pk:
        raise RuntimeError(f"billing service called for tenant {tenant.pk} on another tenant")


def _ts(value: Any) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC) if value else None


def _window() -> int:
    return int(timezone.now().timestamp()) // IDEMPOTENCY_WINDOW_SECONDS


def members_active_count(*, tenant_id: int) -> int:
    return Membership.objects.filter(tenant_id=tenant_id, status=MembershipStatus.ACTIVE).count()


# ---------------------------------------------------------------------------------------------
# Trials
# ---------------------------------------------------------------------------------------------
def plan_default() -> Plan | None:
    return Plan.objects.filter(is_public=True).order_by("sort_order", "pk").first()


def subscription_trial_start(*, tenant: Any, plan: Plan | None = None) -> Subscription:
    """A new company's trial: no card, no Stripe call. Called by provisioning inside its
    transaction; a second call for the same tenant returns the existing row."""
    plan = plan or plan_default()
    days = plan.trial_days if plan is not None else 14
    with transaction.atomic():
        subscription, _ = Subscription.objects.get_or_create(
            tenant_id=tenant.pk,
            defaults={
                "plan": plan,
                "status": SubscriptionStatus.TRIALING,
                "trial_ends_at": timezone.now() + dt.timedelta(days=days),
            },
        )
    return subscription


# ---------------------------------------------------------------------------------------------
# Checkout, portal
# ---------------------------------------------------------------------------------------------
def _customer_ensure(*, subscription: Subscription, tenant: Any, email: str) -> str:
    if subscription.stripe_customer_id:
        return subscription.stripe_customer_id
    customer = gateway.customer_create(name=tenant.name, email=email, tenant_id=tenant.pk)
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if not locked.stripe_customer_id:
            locked.stripe_customer_id = customer.id
            locked.save(update_fields=["stripe_customer_id", "updated_at"])
    subscription.stripe_customer_id = locked.stripe_customer_id
    return locked.stripe_customer_id


def checkout_start(
    *, tenant: Any, user: Any, plan: Plan, interval: str, currency: str, link_base: str
) -> str:
    """A Stripe Checkout session (subscription mode, quantity = active members); its URL."""
    _assert_current(tenant)
    if not gateway.stripe_enabled():
        raise BillingNotConfigured()
    price = plan.stripe_price(interval=interval, currency=currency)
    if not price:
        message = f"{plan.name} cannot be bought {interval}ly in {currency.upper()} yet."
        raise ApplicationError(message, code="plan_not_for_sale", fields={"plan": [message]})
    subscription = Subscription.objects.filter(tenant_id=tenant.pk).first()
    if subscription is None:
        subscription = subscription_trial_start(tenant=tenant)
    if subscription.stripe_subscription_id and subscription.status != SubscriptionStatus.CANCELED:
        raise ConflictError(
            "This company already has a paid subscription: change it in the billing portal.",
            code="already_subscribed",
        )
    quantity = members_active_count(tenant_id=tenant.pk)
    if plan.max_seats is not None and quantity > plan.max_seats:
        message = (
            f"{plan.name} allows {plan.max_seats} members and this company has {quantity}: "
            "choose a larger plan or deactivate members first."
        )
        raise ApplicationError(message, code="seat_limit", fields={"plan": [message]})
    with stripe_errors():
        customer = _customer_ensure(subscription=subscription, tenant=tenant, email=user.email)
    base = link_base.rstrip("/")
    params = {
        "mode": "subscription",
        "customer": customer,
        "client_reference_id": str(tenant.pk),
        "line_items": [{"price": price, "quantity": quantity}],
        "success_url": f"{base}/settings/billing?checkout=success",
        "cancel_url": f"{base}/settings/billing?checkout=canceled",
        "metadata": {"tenant_id": str(tenant.pk), "plan": plan.code},
        "subscription_data": {"metadata": {"tenant_id": str(tenant.pk), "plan": plan.code}},
    }
    with stripe_errors():
        session = gateway.checkout_session_create(
            params=params,
            idempotency_key=f"checkout:tenant-{tenant.pk}:{price}:q{quantity}:w{_window()}",
        )
    return str(session.url)


def portal_open(*, tenant: Any, link_base: str) -> str:
    """A Stripe Customer Portal session (change plan, seats, card, cancel); its URL."""
    _assert_current(tenant)
    if not gateway.stripe_enabled():
        raise BillingNotConfigured()
    subscription = Subscription.objects.filter(tenant_id=tenant.pk).first()
    if subscription is None or not subscription.stripe_customer_id:
        raise ApplicationError(
            "Choose a plan first: the billing portal opens once the company has paid once.",
            code="no_customer",
        )
    with stripe_errors():
        session = gateway.portal_session_create(
            customer=subscription.stripe_customer_id,
            return_url=f"{link_base.rstrip('/')}/settings/billing",
            idempotency_key=f"portal:tenant-{tenant.pk}:w{_window()}",
        )
    return str(session.url)


# ---------------------------------------------------------------------------------------------
# Webhooks
# ---------------------------------------------------------------------------------------------
def webhook_receive(*, payload: bytes, signature: str) -> tuple[WebhookEvent, bool]:
    """Verify, store once by event id, queue processing after commit. (event, created).

    A bad or stale signature raises ApplicationError (400) and stores nothing."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise BillingNotConfigured()
    try:
        event = gateway.event_construct(payload=payload, signature=signature)
    except stripe.SignatureVerificationError as exc:
        raise ApplicationError(
            "The Stripe signature is missing, wrong or too old.", code="signature_invalid"
        ) from exc
    except ValueError as exc:
        raise ApplicationError("The body is not a Stripe event.", code="payload_invalid") from exc
    data = event.to_dict()
    event_id = str(data.get("id") or "")
    if not event_id or not isinstance(data.get("data"), dict):
        raise ApplicationError("The event has no id.", code="payload_invalid")
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                stored = WebhookEvent.objects.create(
                    stripe_event_id=event_id,
                    type=str(data.get("type") or ""),
                    livemode=bool(data.get("livemode")),
                    payload=data,
                )
        except IntegrityError:
            # A replay: acknowledged, counted, never applied again.
            stored = WebhookEvent.objects.select_for_update().get(stripe_event_id=event_id)
            stored.deliveries += 1
            stored.save(update_fields=["deliveries"])
            return stored, False
        transaction.on_commit(lambda: _queue_process(stored.pk))
    return stored, True


def _queue_process(event_pk: int) -> None:
    from shared_apps.billing.tasks import webhook_event_process_task

    webhook_event_process_task.delay(event_pk)


def webhook_event_replay(*, event: WebhookEvent) -> WebhookEvent:
    """Operator action: process the stored event again (after a fix, or to re-sync)."""
    with transaction.atomic(durable=True):
        locked = WebhookEvent.objects.select_for_update().get(pk=event.pk)
        locked.status = WebhookEventStatus.PENDING
        locked.last_error = ""
        locked.save(update_fields=["status", "last_error"])
        transaction.on_commit(lambda: _queue_process(locked.pk))
    return locked


def _event_refs(event_type: str, obj: dict[str, Any]) -> tuple[str, str]:
    """(customer id, subscription id) an event's object names."""
    customer = obj.get("customer") or ""
    if isinstance(customer, dict):
        customer = customer.get("id", "")
    if event_type.startswith("customer.subscription."):
        return str(customer), str(obj.get("id") or "")
    subscription = obj.get("subscription") or ""
    if not subscription:  # invoices on recent API versions
        details = (obj.get("parent") or {}).get("subscription_details") or {}
        subscription = details.get("subscription") or ""
    if isinstance(subscription, dict):
        subscription = subscription.get("id", "")
    return str(customer), str(subscription)


def webhook_event_process(*, event_pk: int) -> WebhookEvent:
    """Apply one stored event. Idempotent: a processed event is left alone.

    The tenant is found by the Stripe customer we created for it (never by metadata alone);
    the subscription's state comes from a fresh retrieve, so event order does not matter."""
    connection.set_schema_to_public()
    event = WebhookEvent.objects.get(pk=event_pk)
    if event.status in (WebhookEventStatus.PROCESSED, WebhookEventStatus.IGNORED):
        return event
    WebhookEvent.objects.filter(pk=event.pk).update(attempts=event.attempts + 1)
    event.attempts += 1
    try:
        status, tenant_id, note = _event_apply(event)
    except (stripe.StripeError, ApplicationError) as exc:
        _event_mark(event, WebhookEventStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise
    _event_mark(event, status, tenant_id=tenant_id, error=note)
    return event


def _event_mark(
    event: WebhookEvent, status: str, *, tenant_id: int | None = None, error: str = ""
) -> None:
    event.status = status
    event.last_error = error
    fields = ["status", "last_error"]
    if tenant_id is not None:
        event.tenant_id = tenant_id
        fields.append("tenant")
    if status == WebhookEventStatus.PROCESSED:
        event.processed_at = timezone.now()
        fields.append("processed_at")
    event.save(update_fields=fields)


def _event_apply(event: WebhookEvent) -> tuple[str, int | None, str]:
    if event.type not in HANDLED_EVENTS:
        return WebhookEventStatus.IGNORED, None, f"{event.type} is not handled"
    obj = (event.payload.get("data") or {}).get("object") or {}
    customer, subscription_id = _event_refs(event.type, obj)
    row = Subscription.objects.filter(stripe_customer_id=customer).first() if customer else None
    if row is None:
        return WebhookEventStatus.IGNORED, None, f"customer {customer or '-'} is not ours"
    if event.type == "checkout.session.completed":
        reference = str(obj.get("client_reference_id") or "")
        if reference and reference != str(row.tenant_id):
            raise ApplicationError(
                f"checkout for tenant {reference} came with customer {customer} of tenant "
                f"{row.tenant_id}",
                code="tenant_mismatch",
            )
    if not subscription_id:
        subscription_id = row.stripe_subscription_id
    if not subscription_id:
        return WebhookEventStatus.PROCESSED, row.tenant_id, "no subscription yet"
    if row.stripe_subscription_id and subscription_id != row.stripe_subscription_id:
        current = row.status != SubscriptionStatus.CANCELED
        if current:
            return (
                WebhookEventStatus.IGNORED,
                row.tenant_id,
                f"{subscription_id} is not the tenant's current subscription",
            )
    fresh = gateway.subscription_retrieve(subscription_id)
    subscription_sync(
        subscription_pk=row.pk,
        stripe_subscription=fresh,
        payment_failed=event.type == "invoice.payment_failed",
    )
    return WebhookEventStatus.PROCESSED, row.tenant_id, ""


def _plan_for_price(price_id: str) -> tuple[Plan | None, str, str]:
    for plan in Plan.objects.all():
        found = plan.price_lookup().get(price_id)
        if found:
            return plan, found[0], found[1]
    return None, "", ""


def subscription_sync(
    *, subscription_pk: int, stripe_subscription: Any, payment_failed: bool = False
) -> Subscription:
    """Mirror a freshly retrieved Stripe subscription onto our row."""
    data = (
        stripe_subscription.to_dict()
        if hasattr(stripe_subscription, "to_dict")
        else dict(stripe_subscription)
    )
    now = timezone.now()
    with transaction.atomic(durable=True):
        row = Subscription.objects.select_for_update().get(pk=subscription_pk)
        customer = data.get("customer")
        if isinstance(customer, dict):
            customer = customer.get("id")
        if customer != row.stripe_customer_id:
            raise ApplicationError(
                f"subscription {data.get('id')} belongs to customer {customer}, "
                f"not {row.stripe_customer_id}",
                code="tenant_mismatch",
            )
        items = ((data.get("items") or {}).get("data")) or []
        item = items[0] if items else {}
        price_id = str(((item.get("price") or {}).get("id")) or "")
        plan, interval, currency = _plan_for_price(price_id)
        stripe_status = str(data.get("status") or "")
        status = STRIPE_STATUS_MAP.get(stripe_status, row.status)
        row.stripe_subscription_id = str(data.get("id") or row.stripe_subscription_id)
        row.stripe_status = stripe_status
        row.seats = int(item.get("quantity") or data.get("quantity") or row.seats)
        if plan is not None:
            row.plan, row.interval, row.currency = plan, interval, currency
        period_end = item.get("current_period_end") or data.get("current_period_end")
        row.current_period_end = _ts(period_end) or row.current_period_end
        row.cancel_at_period_end = bool(data.get("cancel_at_period_end"))
        if stripe_status == "trialing":
            row.trial_ends_at = _ts(data.get("trial_end")) or row.trial_ends_at
        if status == SubscriptionStatus.PAST_DUE:
            if row.past_due_since is None:
                row.past_due_since = now
        else:
            row.past_due_since = None
        if payment_failed:
            row.last_payment_failed_at = now
        if status == SubscriptionStatus.CANCELED:
            row.canceled_at = row.canceled_at or _ts(data.get("ended_at")) or now
        else:
            row.canceled_at = None
        row.status = status
        row.stripe_synced_at = now
        row.save()
    return row


# ---------------------------------------------------------------------------------------------
# Seats
# ---------------------------------------------------------------------------------------------
def seats_changed(*, tenant_id: int) -> None:
    """A member joined, left, was deactivated or reactivated: sync the Stripe quantity once per
    burst. The first change of a burst sets the due time and queues the sync; later changes in
    the burst find it set and do nothing. Call inside the member change's transaction."""
    if not gateway.stripe_enabled():
        return
    due = timezone.now() + dt.timedelta(seconds=settings.BILLING_SEAT_SYNC_DEBOUNCE_SECONDS)
    started = (
        Subscription.objects.filter(tenant_id=tenant_id, seats_sync_due_at__isnull=True)
        .exclude(stripe_subscription_id="")
        .update(seats_sync_due_at=due)
    )
    if started:
        countdown = settings.BILLING_SEAT_SYNC_DEBOUNCE_SECONDS + 1
        transaction.on_commit(lambda: _queue_seat_sync(tenant_id, countdown))


def _queue_seat_sync(tenant_id: int, countdown: int) -> None:
    from shared_apps.billing.tasks import seat_sync_task

    seat_sync_task.apply_async(args=[tenant_id], countdown=countdown)


def seat_sync_run(*, tenant_id: int) -> bool:
    """Set the Stripe quantity to the active members, if the burst is over. True if Stripe was
    called. The idempotency key names the subscription, the quantity and the burst."""
    connection.set_schema_to_public()
    now = timezone.now()
    with transaction.atomic(durable=True):
        row = (
            Subscription.objects.select_for_update()
            .filter(tenant_id=tenant_id, seats_sync_due_at__lte=now)
            .first()
        )
        if row is None:
            return False  # not due yet (the countdown or the sweep comes back), or nothing to do
        burst = row.seats_sync_due_at
        assert burst is not None
        row.seats_sync_due_at = None
        row.save(update_fields=["seats_sync_due_at", "updated_at"])
        quantity = members_active_count(tenant_id=tenant_id)
        if not row.stripe_subscription_id or quantity == row.seats or quantity < 1:
            return False
        fresh = gateway.subscription_retrieve(row.stripe_subscription_id)
        items = (fresh.to_dict().get("items") or {}).get("data") or []
        if not items:
            return False
        updated = gateway.subscription_quantity_set(
            subscription_id=row.stripe_subscription_id,
            item_id=items[0]["id"],
            quantity=quantity,
            idempotency_key=(
                f"seats:{row.stripe_subscription_id}:q{quantity}:b{int(burst.timestamp())}"
            ),
        )
        new_items = (updated.to_dict().get("items") or {}).get("data") or []
        row.seats = int(new_items[0].get("quantity") or quantity) if new_items else quantity
        row.save(update_fields=["seats", "updated_at"])
    return True


def seat_sync_due_all() -> int:
    """The sweep: run every seat sync that is due (a lost countdown task is picked up here)."""
    due = list(
        Subscription.objects.filter(seats_sync_due_at__lte=timezone.now()).values_list(
            "tenant_id", flat=True
        )
    )
    synced = 0
    for tenant_id in due:
        try:
            synced += int(seat_sync_run(tenant_id=tenant_id))
        except stripe.StripeError:
            # The marker stays (the transaction rolled back): the next sweep tries again; one
            # tenant's failure does not hold up the others.
            logger.exception("seat sync for tenant %s failed", tenant_id)
    return synced


# ---------------------------------------------------------------------------------------------
# Lifecycle: persist read-only, archive canceled tenants after retention
# ---------------------------------------------------------------------------------------------
def billing_lifecycle_sweep() -> dict[str, int]:
    """Past-due beyond grace becomes read_only (the middleware already refuses writes on the
    computed status; this makes the stored status and the dashboard agree); a canceled
    subscription past the retention period archives its tenant (an operator can still export)."""
    from shared_apps.tenants.models import TenantStatus
    from shared_apps.tenants.services import tenant_archive

    connection.set_schema_to_public()
    now = timezone.now()
    grace = dt.timedelta(days=settings.BILLING_GRACE_DAYS)
    retention = dt.timedelta(days=settings.BILLING_RETENTION_DAYS)
    with transaction.atomic(durable=True):
        read_only = Subscription.objects.filter(
            status=SubscriptionStatus.PAST_DUE, past_due_since__lte=now - grace
        ).update(status=SubscriptionStatus.READ_ONLY, updated_at=now)
    archived = 0
    expired = Subscription.objects.filter(
        status=SubscriptionStatus.CANCELED,
        canceled_at__lte=now - retention,
        tenant__status__in=[TenantStatus.ACTIVE, TenantStatus.SUSPENDED],
    ).select_related("tenant")
    for row in expired:
        tenant_archive(tenant=row.tenant, reason="Subscription canceled; retention period ended.")
        archived += 1
    return {"read_only": read_only, "archived": archived}
