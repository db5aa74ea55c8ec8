"""Billing fixtures: the fake Stripe server on loopback (real SDK, real signatures), Stripe
settings pointing at it, seeded plans, and helpers to check out and deliver webhooks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from erp_platform.tenancy import connection
from tests.fakes.stripe_server import FakeStripe
from tests.permission_matrix import tenant_client

WEBHOOK_URL = "/api/v1/billing/webhooks/stripe/"
CHECKOUT_URL = "/api/v1/billing/checkout/"
WEBHOOK_SECRET = "whsec_test_billing"


@pytest.fixture(scope="session")
def _fake_stripe_server() -> Iterator[FakeStripe]:
    fake = FakeStripe(webhook_secret=WEBHOOK_SECRET)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_stripe(_fake_stripe_server: FakeStripe, settings: Any) -> FakeStripe:
    """Stripe configured and pointing at a fresh fake."""
    _fake_stripe_server.reset()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = _fake_stripe_server.base_url
    return _fake_stripe_server


@pytest.fixture
def plans(db: None) -> dict[str, Any]:
    from shared_apps.billing.models import Plan

    def make(code: str, max_seats: int | None, sort: int, grow: bool = False) -> Plan:
        return Plan.objects.create(
            code=code,
            name=code.capitalize(),
            sort_order=sort,
            price_month_inr=Decimal("499.00"),
            price_year_inr=Decimal("4990.00"),
            price_month_usd=Decimal("8.00"),
            price_year_usd=Decimal("80.00"),
            stripe_price_month_inr=f"price_{code}_month_inr",
            stripe_price_year_inr=f"price_{code}_year_inr",
            stripe_price_month_usd=f"price_{code}_month_usd",
            max_seats=max_seats,
            seats_grow=grow,
            trial_days=14,
        )

    return {"small": make("small", 3, 10), "big": make("big", None, 20, grow=True)}


def public_client() -> APIClient:
    connection.set_schema_to_public()
    return APIClient(HTTP_HOST=django_settings.BASE_DOMAIN)


@pytest.fixture
def post_event(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """`post_event(event)`: deliver a signed event to the webhook as Stripe does; processing
    (after commit, eager Celery) runs before it returns."""

    def post(event: dict[str, Any], *, fake: FakeStripe | None = None, **sign_kwargs: Any) -> Any:
        from tests.fakes.stripe_server import FakeStripe as Fake

        signer = fake or Fake(webhook_secret=WEBHOOK_SECRET)
        payload, signature = signer.signed(event, **sign_kwargs)
        with django_capture_on_commit_callbacks(execute=True):
            response = public_client().post(
                WEBHOOK_URL,
                data=payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signature,
            )
        connection.set_schema_to_public()
        return response

    return post


@pytest.fixture
def checkout(fake_stripe: FakeStripe) -> Callable[..., str]:
    """`checkout(tenant, user, plan_code)`: start Checkout through our API; the session id."""

    def start(tenant: Any, user: Any, plan: str = "small", **body: Any) -> str:
        response = tenant_client(tenant, user).post(
            CHECKOUT_URL, {"plan": plan, **body}, format="json"
        )
        assert response.status_code == 200, response.json()
        connection.set_schema_to_public()
        return str(response.json()["url"]).rsplit("/", 1)[-1]

    return start


def subscription_of(tenant: Any) -> Any:
    from shared_apps.billing.models import Subscription

    connection.set_schema_to_public()
    return Subscription.objects.get(tenant_id=tenant.pk)


def subscription_state(tenant: Any) -> tuple[Any, ...]:
    row = subscription_of(tenant)
    return (
        row.status,
        row.plan_id,
        row.seats,
        row.stripe_customer_id,
        row.stripe_subscription_id,
        row.past_due_since,
        row.canceled_at,
        row.current_period_end,
    )
