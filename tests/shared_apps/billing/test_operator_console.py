"""The operators' console: a failed event is visible with its error and replayed by the admin
action; the dashboard shows MRR, counts by status, trials ending and failed payments; the plans
seed command."""

from __future__ import annotations

from decimal import Decimal

from django.core.management import call_command

from shared_apps.billing.models import Plan, WebhookEvent, WebhookEventStatus
from tests.shared_apps.billing.conftest import subscription_of
from tests.shared_apps.tenants.test_admin_actions import (  # noqa: F401 (fixtures)
    _own_cache_namespace,
    console,
    http,
)

EVENTS_URL = "/admin/billing/webhookevent/"
DASHBOARD_URL = "/admin/billing/subscription/dashboard/"


def test_a_failed_event_is_visible_and_an_operator_replays_it(
    tenant_alpha,
    users,
    plans,
    fake_stripe,
    checkout,
    post_event,
    console,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    # given a checkout whose subscription Stripe cannot return at first (an outage)
    session_id = checkout(tenant_alpha, users["owner_alpha"])
    event = fake_stripe.checkout_complete(session_id)[1]
    sub_id = event["data"]["object"]["subscription"]
    hidden = fake_stripe.subscriptions.pop(sub_id)

    # when the event arrives
    assert post_event(event).status_code == 200

    # then it is stored as failed with the error, and alpha is unchanged
    stored = WebhookEvent.objects.get(stripe_event_id=event["id"])
    assert (stored.status, stored.attempts) == (WebhookEventStatus.FAILED, 1)
    assert "No such subscription" in stored.last_error
    assert subscription_of(tenant_alpha).status == "trialing"
    listing = console.get(f"{EVENTS_URL}?status__exact=failed")
    assert listing.status_code == 200
    assert event["id"] in listing.content.decode()

    # when Stripe is back and an operator replays the event from the console
    fake_stripe.subscriptions[sub_id] = hidden
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            EVENTS_URL,
            {"action": "replay_selected", "_selected_action": [stored.pk], "index": 0},
            format="multipart",
            follow=True,
        )

    # then it is processed and alpha is active
    assert response.status_code == 200
    assert "Queued 1 event(s) again." in response.content.decode()
    stored.refresh_from_db()
    assert (stored.status, stored.attempts, stored.last_error) == (
        WebhookEventStatus.PROCESSED,
        2,
        "",
    )
    assert subscription_of(tenant_alpha).status == "active"


def test_the_dashboard_shows_revenue_statuses_trials_and_failed_payments(
    tenant_alpha,
    tenant_beta,
    users,
    plans,
    fake_stripe,
    checkout,
    post_event,
    console,  # noqa: F811
):
    # given alpha paying monthly for 2 seats of 499 INR, beta's trial ending in 3 days, then
    # alpha's payment fails
    from django.utils import timezone

    from shared_apps.billing.models import Subscription

    Subscription.objects.filter(tenant_id=tenant_beta.pk).update(
        trial_ends_at=timezone.now() + timezone.timedelta(days=3)
    )
    post_event(fake_stripe.checkout_complete(checkout(tenant_alpha, users["owner_alpha"]))[1])
    post_event(fake_stripe.payment_fail(subscription_of(tenant_alpha).stripe_subscription_id))

    page = console.get(DASHBOARD_URL)

    assert page.status_code == 200
    figures = page.context["figures"]
    assert figures["mrr"] == {"inr": Decimal("998.00")}
    assert figures["counts"]["past_due"] == 1
    assert figures["counts"]["trialing"] >= 1  # beta (and any tenant other tests provisioned)
    assert [row.tenant_id for row in figures["failed_payments"]] == [tenant_alpha.pk]
    assert tenant_beta.pk in [row.tenant_id for row in figures["trials_ending"]]
    assert tenant_alpha.pk not in [row.tenant_id for row in figures["trials_ending"]]
    html = page.content.decode()
    assert '<td class="mrr-inr">998.00</td>' in html
    assert "Alpha Steel Works" in html


def test_the_dashboard_is_for_operators_only(tenant_alpha, users, http, db):  # noqa: F811
    client = http(None)
    client.force_login(users["owner_alpha"])
    response = client.get(DASHBOARD_URL)
    assert response.status_code in (302, 403)
    assert b"Monthly recurring revenue" not in response.content


def test_the_seed_command_makes_three_plans_and_is_idempotent(db, world):
    call_command("billing_plans_seed")
    Plan.objects.filter(code="growth").update(stripe_price_month_inr="price_real_growth")
    call_command("billing_plans_seed", "--placeholder-price-ids")

    plans = {
        plan.code: plan for plan in Plan.objects.filter(code__in=["starter", "growth", "scale"])
    }
    assert set(plans) == {"starter", "growth", "scale"}
    assert (plans["starter"].price_month_inr, plans["starter"].max_seats) == (Decimal("499.00"), 5)
    assert plans["starter"].price_year_usd == Decimal("80.00")
    assert all(plan.trial_days == 14 for plan in plans.values())
    assert plans["scale"].max_seats is None and plans["scale"].seats_grow
    # an operator's real price id is kept; empty ones get placeholders
    assert plans["growth"].stripe_price_month_inr == "price_real_growth"
    assert plans["starter"].stripe_price_year_usd == "price_starter_year_usd"


def test_the_subscription_list_links_to_the_dashboard(tenant_alpha, console):  # noqa: F811
    page = console.get("/admin/billing/subscription/")
    assert page.status_code == 200
    assert DASHBOARD_URL in page.content.decode()
    assert "Alpha Steel Works" in page.content.decode()
