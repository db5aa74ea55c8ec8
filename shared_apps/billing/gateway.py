"""The one place that talks to Stripe (stripe-python 16, `StripeClient`, pinned API version).

Every mutating call carries a deterministic idempotency key, built by the caller from what makes
the call unique, so a retried task or a double click never does a thing twice at Stripe.
"""

from __future__ import annotations

from typing import Any

import stripe
from django.conf import settings


def stripe_enabled() -> bool:
    """No secret key (the `make run` default): the unlimited development plan, no Stripe."""
    return bool(settings.STRIPE_SECRET_KEY)


def client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        stripe_version=settings.STRIPE_API_VERSION,
        max_network_retries=2,
    )


def customer_create(*, name: str, email: str, tenant_id: int) -> Any:
    return client().v1.customers.create(
        params={"name": name, "email": email, "metadata": {"tenant_id": str(tenant_id)}},
        options={"idempotency_key": f"customer-create:tenant-{tenant_id}"},
    )


def checkout_session_create(*, params: dict[str, Any], idempotency_key: str) -> Any:
    return client().v1.checkout.sessions.create(
        params=params,  # type: ignore[arg-type]
        options={"idempotency_key": idempotency_key},
    )


def portal_session_create(*, customer: str, return_url: str, idempotency_key: str) -> Any:
    return client().v1.billing_portal.sessions.create(
        params={"customer": customer, "return_url": return_url},
        options={"idempotency_key": idempotency_key},
    )


def subscription_retrieve(subscription_id: str) -> Any:
    return client().v1.subscriptions.retrieve(subscription_id)


def subscription_quantity_set(
    *, subscription_id: str, item_id: str, quantity: int, idempotency_key: str
) -> Any:
    return client().v1.subscriptions.update(
        subscription_id,
        params={
            "items": [{"id": item_id, "quantity": quantity}],
            "proration_behavior": "create_prorations",
        },
        options={"idempotency_key": idempotency_key},
    )


def invoices_list(*, customer: str, limit: int) -> Any:
    return client().v1.invoices.list(params={"customer": customer, "limit": limit})


def event_construct(*, payload: bytes, signature: str) -> Any:
    """The verified event; raises stripe.SignatureVerificationError or ValueError."""
    return stripe.Webhook.construct_event(
        payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=300
    )
