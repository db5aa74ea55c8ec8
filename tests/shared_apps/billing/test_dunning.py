"""Dunning: payment failed -> past_due (full use, banner) -> past the grace period read_only
(writes 402, reads and sign-out work) -> payment succeeded -> active. Canceled -> read only,
then archived after the retention period."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from shared_apps.billing.tasks import billing_lifecycle_sweep
from shared_apps.tenants.models import Tenant, TenantStatus
from tests.permission_matrix import tenant_client
from tests.shared_apps.billing.conftest import subscription_of

COMPANY_URL = "/api/v1/core/company/"
STATUS_URL = "/api/v1/billing/status/"
READ_ONLY = {
    "detail": (
        "Your company's subscription is read only: you can view and export your data, but not "
        "change it. The owner can restore full access on the Billing page."
    ),
    "code": "subscription_read_only",
    "fields": {},
}


def _subscribe(tenant, owner, fake_stripe, checkout, post_event):
    session_id = checkout(tenant, owner)
    post_event(fake_stripe.checkout_complete(session_id)[1])
    return subscription_of(tenant).stripe_subscription_id


def test_payment_failed_past_due_then_read_only_then_paid_active(
    tenant_alpha, users, plans, fake_stripe, checkout, post_event
):
    owner = users["owner_alpha"]
    sub_id = _subscribe(tenant_alpha, owner, fake_stripe, checkout, post_event)
    start = timezone.now()

    # when the renewal payment fails
    assert post_event(fake_stripe.payment_fail(sub_id)).status_code == 200

    # then alpha is past due with full use and a banner
    row = subscription_of(tenant_alpha)
    assert row.status == "past_due" and row.last_payment_failed_at is not None
    client = tenant_client(tenant_alpha, owner)
    assert client.patch(COMPANY_URL, {"name": "Alpha Steel"}, format="json").status_code == 200
    status = client.get(STATUS_URL).json()
    assert (status["status"], status["read_only"]) == ("past_due", False)
    assert status["banner"]["kind"] == "past_due"

    # when time moves past the grace period (7 days)
    with time_machine.travel(start + dt.timedelta(days=7, hours=1), tick=False):
        client = tenant_client(tenant_alpha, owner)
        # then writes are refused with 402, reads and the billing page still work
        refused = client.patch(COMPANY_URL, {"name": "Alpha Steel 2"}, format="json")
        assert refused.status_code == 402
        assert refused.json() == READ_ONLY
        assert client.get(COMPANY_URL).status_code == 200
        assert client.get(COMPANY_URL).json()["name"] == "Alpha Steel"
        status = client.get(STATUS_URL).json()
        assert (status["status"], status["read_only"]) == ("read_only", True)
        assert status["banner"]["kind"] == "read_only"
        # the stored status follows on the hourly sweep
        assert billing_lifecycle_sweep() == {"read_only": 1, "archived": 0}
        assert subscription_of(tenant_alpha).status == "read_only"
        # signing out still works (allauth is never refused)
        logout = client.delete("/_allauth/browser/v1/auth/session")
        assert logout.status_code != 402

        # when the card is fixed and the payment succeeds
        assert post_event(fake_stripe.payment_succeed(sub_id)).status_code == 200

        # then alpha is active again and may write
        row = subscription_of(tenant_alpha)
        assert (row.status, row.past_due_since) == ("active", None)
        client = tenant_client(tenant_alpha, owner)
        assert client.patch(COMPANY_URL, {"name": "Alpha Again"}, format="json").status_code == 200


def test_canceled_is_read_only_then_archived_after_retention(
    tenant_alpha, users, plans, fake_stripe, checkout, post_event, settings
):
    owner = users["owner_alpha"]
    sub_id = _subscribe(tenant_alpha, owner, fake_stripe, checkout, post_event)
    start = timezone.now()

    # when the subscription is canceled at Stripe
    assert post_event(fake_stripe.subscription_status_set(sub_id, "canceled")).status_code == 200

    # then writes are refused and reads work
    row = subscription_of(tenant_alpha)
    assert row.status == "canceled" and row.canceled_at is not None
    client = tenant_client(tenant_alpha, owner)
    assert client.patch(COMPANY_URL, {"name": "X"}, format="json").status_code == 402
    assert client.get(COMPANY_URL).status_code == 200

    # a day before the retention period ends nothing is archived
    days = settings.BILLING_RETENTION_DAYS
    with time_machine.travel(start + dt.timedelta(days=days - 1), tick=False):
        assert billing_lifecycle_sweep() == {"read_only": 0, "archived": 0}
    assert Tenant.objects.get(pk=tenant_alpha.pk).status == TenantStatus.ACTIVE

    # after it, the tenant is archived (its schema kept for an operator's export)
    with time_machine.travel(start + dt.timedelta(days=days, hours=1), tick=False):
        assert billing_lifecycle_sweep() == {"read_only": 0, "archived": 1}
    archived = Tenant.objects.get(pk=tenant_alpha.pk)
    assert archived.status == TenantStatus.ARCHIVED
    assert archived.status_reason == "Subscription canceled; retention period ended."


def test_a_trial_that_ends_unpaid_is_read_only(tenant_alpha, users, plans, fake_stripe):
    row = subscription_of(tenant_alpha)
    client = tenant_client(tenant_alpha, users["owner_alpha"])
    status = client.get(STATUS_URL).json()
    assert status["status"] == "trialing" and status["banner"] is None

    with time_machine.travel(row.trial_ends_at - dt.timedelta(days=1, hours=20), tick=False):
        status = tenant_client(tenant_alpha, users["owner_alpha"]).get(STATUS_URL).json()
        assert status["banner"]["kind"] == "trial_ending"
        assert status["trial_days_left"] == 2  # 1 day 20 hours: "2 days"
        assert status["banner"]["message"] == (
            "Your trial ends in 2 day(s). Choose a plan to keep full access."
        )

    with time_machine.travel(row.trial_ends_at + dt.timedelta(minutes=1), tick=False):
        client = tenant_client(tenant_alpha, users["owner_alpha"])
        response = client.patch(COMPANY_URL, {"name": "X"}, format="json")
        assert response.status_code == 402 and response.json() == READ_ONLY
        assert client.get(COMPANY_URL).status_code == 200
        # billing itself stays writable, so the owner can pay
        start = client.post("/api/v1/billing/checkout/", {"plan": "small"}, format="json")
        assert start.status_code == 200, start.json()


def test_without_a_stripe_key_nothing_is_refused(tenant_alpha, users, settings, db):
    # development mode: the trial row exists, but nobody is ever read only
    settings.STRIPE_SECRET_KEY = ""
    row = subscription_of(tenant_alpha)
    with time_machine.travel(row.trial_ends_at + dt.timedelta(days=30), tick=False):
        client = tenant_client(tenant_alpha, users["owner_alpha"])
        assert client.patch(COMPANY_URL, {"name": "Dev"}, format="json").status_code == 200
        status = client.get(STATUS_URL).json()
        assert status == {
            "mode": "development",
            "status": "active",
            "read_only": False,
            "trial_days_left": None,
            "banner": None,
        }


def test_read_only_applies_to_api_tokens_and_not_to_anonymous_callers(
    tenant_alpha, users, plans, fake_stripe, checkout, post_event
):
    from erp_platform.tenancy import connection
    from tenant_apps.apitokens.services import api_token_create
    from tests.conftest import in_schema

    sub_id = _subscribe(tenant_alpha, users["owner_alpha"], fake_stripe, checkout, post_event)
    post_event(fake_stripe.subscription_status_set(sub_id, "canceled"))
    with in_schema(tenant_alpha.schema_name):
        secret = api_token_create(user=users["owner_alpha"], name="ci").secret
    connection.set_schema_to_public()

    # an API token's write is refused like a session's
    client = tenant_client(tenant_alpha)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    refused = client.patch(COMPANY_URL, {"name": "X"}, format="json")
    assert refused.status_code == 402 and refused.json() == READ_ONLY
    assert client.get(COMPANY_URL).status_code == 200

    # an anonymous write learns nothing about the company's billing
    anonymous = tenant_client(tenant_alpha).patch(COMPANY_URL, {"name": "X"}, format="json")
    assert anonymous.status_code in (401, 403)
    assert anonymous.json()["code"] == "not_authenticated"
