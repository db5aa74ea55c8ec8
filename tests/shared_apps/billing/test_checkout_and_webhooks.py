"""Checkout through the real SDK against the fake Stripe, and the webhook: signature on the raw
body, each event once, state from a fresh retrieve (order does not matter), tenants apart."""

from __future__ import annotations

import time

from shared_apps.billing.models import Subscription, WebhookEvent, WebhookEventStatus
from tests.shared_apps.billing.conftest import subscription_of, subscription_state


def test_checkout_completed_makes_the_subscription_active_with_the_right_seats(
    tenant_alpha, users, plans, fake_stripe, checkout, post_event
):
    # given alpha on its trial, with two active members (owner and clerk)
    assert subscription_of(tenant_alpha).status == "trialing"

    # when the owner checks out and pays
    session_id = checkout(tenant_alpha, users["owner_alpha"], "small")
    events = fake_stripe.checkout_complete(session_id)
    completed = next(e for e in events if e["type"] == "checkout.session.completed")
    response = post_event(completed)

    # then the subscription is active, on the plan, with 2 seats, mirrored from Stripe
    assert response.status_code == 200, response.content
    assert response.json() == {"received": True, "duplicate": False, "id": completed["id"]}
    row = subscription_of(tenant_alpha)
    stripe_sub = fake_stripe.sessions[session_id]["subscription"]
    assert (row.status, row.plan_id, row.seats) == ("active", plans["small"].pk, 2)
    assert row.stripe_subscription_id == stripe_sub
    assert row.interval == "month" and row.currency == "inr"
    assert row.current_period_end is not None
    event = WebhookEvent.objects.get(stripe_event_id=completed["id"])
    assert (event.status, event.tenant_id, event.attempts) == (
        WebhookEventStatus.PROCESSED,
        tenant_alpha.pk,
        1,
    )
    # and the Checkout session was made with quantity = active members and idempotency keys
    (create,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert create.params["line_items"] == [{"price": "price_small_month_inr", "quantity": "2"}]
    assert create.params["mode"] == "subscription"
    assert create.params["client_reference_id"] == str(tenant_alpha.pk)
    assert create.idempotency_key.startswith(f"checkout:tenant-{tenant_alpha.pk}:")
    (customer,) = fake_stripe.calls("POST", "/v1/customers")
    assert customer.idempotency_key == f"customer-create:tenant-{tenant_alpha.pk}"
    assert create.stripe_version == "2026-10-28.endive"


def test_the_same_event_delivered_ten_times_has_one_effect(
    tenant_alpha, users, plans, fake_stripe, checkout, post_event
):
    # given a completed checkout
    session_id = checkout(tenant_alpha, users["owner_alpha"])
    completed = next(
        e for e in fake_stripe.checkout_complete(session_id) if e["type"].startswith("checkout")
    )

    # when Stripe delivers the same event ten times
    responses = [post_event(completed) for _ in range(10)]

    # then every delivery is acknowledged, one is applied: one row, one retrieve from Stripe
    assert [r.status_code for r in responses] == [200] * 10
    assert [r.json()["duplicate"] for r in responses] == [False] + [True] * 9
    stored = WebhookEvent.objects.filter(stripe_event_id=completed["id"])
    assert stored.count() == 1
    assert (stored.get().deliveries, stored.get().attempts) == (10, 1)
    assert len(fake_stripe.calls("GET", "/v1/subscriptions/")) == 1
    assert subscription_of(tenant_alpha).status == "active"


def test_updated_arriving_before_created_ends_in_the_right_state(
    tenant_alpha, users, plans, fake_stripe, checkout, post_event
):
    # given a paid checkout whose subscription was then canceled at period end at Stripe
    session_id = checkout(tenant_alpha, users["owner_alpha"])
    created = fake_stripe.checkout_complete(session_id)[0]
    assert created["type"] == "customer.subscription.created"
    sub_id = created["data"]["object"]["id"]
    fake_stripe.subscriptions[sub_id]["cancel_at_period_end"] = True
    fake_stripe.subscriptions[sub_id]["items"]["data"][0]["quantity"] = 4
    # (and moved to the big plan, yearly, in the Customer Portal)
    fake_stripe.subscriptions[sub_id]["items"]["data"][0]["price"]["id"] = "price_big_year_inr"
    updated = fake_stripe.subscription_status_set(sub_id, "active")

    # when `updated` arrives first, then the older `created`
    assert post_event(updated).status_code == 200
    assert post_event(created).status_code == 200

    # then the state is Stripe's current one, not the stale `created` payload's
    row = subscription_of(tenant_alpha)
    assert (row.status, row.seats, row.cancel_at_period_end) == ("active", 4, True)
    assert (row.plan_id, row.interval, row.currency) == (plans["big"].pk, "year", "inr")
    assert row.stripe_subscription_id == sub_id


def test_a_bad_or_stale_signature_is_refused_and_nothing_is_stored(
    tenant_alpha, users, plans, fake_stripe, checkout, post_event
):
    # given a real event
    session_id = checkout(tenant_alpha, users["owner_alpha"])
    event = fake_stripe.checkout_complete(session_id)[1]
    before = subscription_state(tenant_alpha)

    # when it arrives signed with the wrong secret, or signed ten minutes ago
    wrong = post_event(event, secret="whsec_someone_else")
    stale = post_event(event, timestamp=int(time.time()) - 600)

    # then both are 400 in the error shape, and nothing was stored or changed
    for response in (wrong, stale):
        assert response.status_code == 400
        assert response.json() == {
            "detail": "The Stripe signature is missing, wrong or too old.",
            "code": "signature_invalid",
            "fields": {},
        }
    assert not WebhookEvent.objects.exists()
    assert subscription_state(tenant_alpha) == before
    assert fake_stripe.calls("GET", "/v1/subscriptions/") == []


def test_a_body_that_is_not_an_event_is_400(fake_stripe, post_event, db, world):
    from tests.fakes.stripe_server import sign
    from tests.shared_apps.billing.conftest import WEBHOOK_SECRET, WEBHOOK_URL, public_client

    payload = b"not json"
    response = public_client().post(
        WEBHOOK_URL,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, WEBHOOK_SECRET),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "payload_invalid"
    assert set(response.json()) == {"detail", "code", "fields"}
    assert not WebhookEvent.objects.exists()


def test_one_tenants_events_never_touch_another_tenant(
    tenant_alpha, tenant_beta, users, plans, fake_stripe, checkout, post_event
):
    # given alpha and beta both subscribed
    for tenant, owner in ((tenant_alpha, "owner_alpha"), (tenant_beta, "owner_beta")):
        session_id = checkout(tenant, users[owner])
        post_event(fake_stripe.checkout_complete(session_id)[1])
    alpha_before = subscription_state(tenant_alpha)
    beta_sub = subscription_of(tenant_beta).stripe_subscription_id

    # when beta's payment fails
    response = post_event(fake_stripe.payment_fail(beta_sub))

    # then beta is past due and alpha is exactly as it was
    assert response.status_code == 200
    assert subscription_of(tenant_beta).status == "past_due"
    assert subscription_state(tenant_alpha) == alpha_before
    event = WebhookEvent.objects.get(type="invoice.payment_failed")
    assert event.tenant_id == tenant_beta.pk


def test_an_event_claiming_another_tenant_is_refused(
    tenant_alpha, tenant_beta, users, plans, fake_stripe, checkout, post_event
):
    # given alpha subscribed, and beta with a Stripe customer of its own
    session_id = checkout(tenant_alpha, users["owner_alpha"])
    post_event(fake_stripe.checkout_complete(session_id)[1])
    beta_session = checkout(tenant_beta, users["owner_beta"])
    alpha_before, beta_before = subscription_state(tenant_alpha), subscription_state(tenant_beta)

    # when a checkout event for beta's customer names alpha as the tenant
    events = fake_stripe.checkout_complete(beta_session)
    forged = events[1]
    forged["data"]["object"]["client_reference_id"] = str(tenant_alpha.pk)
    response = post_event(forged)

    # then it is acknowledged (Stripe would retry otherwise), marked failed, and changes nothing
    assert response.status_code == 200
    event = WebhookEvent.objects.get(stripe_event_id=forged["id"])
    assert event.status == WebhookEventStatus.FAILED
    assert "came with customer" in event.last_error
    assert subscription_state(tenant_alpha) == alpha_before
    assert subscription_state(tenant_beta) == beta_before


def test_an_event_for_a_customer_that_is_not_ours_is_ignored(fake_stripe, post_event, db, world):
    event = fake_stripe.event(
        "customer.subscription.updated",
        {"id": "sub_elsewhere", "object": "subscription", "customer": "cus_elsewhere"},
    )
    before = list(Subscription.objects.order_by("pk").values_list("pk", "status", "updated_at"))

    response = post_event(event)

    assert response.status_code == 200
    stored = WebhookEvent.objects.get(stripe_event_id=event["id"])
    assert stored.status == WebhookEventStatus.IGNORED
    assert stored.tenant_id is None
    assert (
        list(Subscription.objects.order_by("pk").values_list("pk", "status", "updated_at"))
        == before
    )
    assert fake_stripe.calls("GET", "/v1/subscriptions/") == []
