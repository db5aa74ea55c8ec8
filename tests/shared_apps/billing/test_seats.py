"""Seats: member changes update the Stripe quantity once per burst (debounced, with an
idempotency key); the plan's seat limit refuses invitations beyond it."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from shared_apps.billing.tasks import seat_sync_sweep
from tenant_apps.access import services as access
from tests.permission_matrix import tenant_client
from tests.shared_apps.billing.conftest import subscription_of
from tests.tenant_apps.access.conftest import token_from

INVITATIONS_URL = "/api/v1/access/invitations/"
ACCEPT_URL = "/api/v1/access/invitations/accept/"


def _subscribe(tenant, owner, fake_stripe, checkout, post_event, plan="big"):
    session_id = checkout(tenant, owner, plan)
    post_event(fake_stripe.checkout_complete(session_id)[1])
    return subscription_of(tenant).stripe_subscription_id


def _join(tenant, owner, email, mailoutbox, capture):
    """Invite `email` and accept as that new user, through the API."""
    from shared_apps.accounts.models import User

    with capture(execute=True):
        invited = tenant_client(tenant, owner).post(
            INVITATIONS_URL, {"email": email, "roles": []}, format="json"
        )
    assert invited.status_code == 201, invited.json()
    user = User.objects.create_user(email, None)
    with capture(execute=True):
        accepted = tenant_client(tenant, user).post(
            ACCEPT_URL, {"token": token_from(mailoutbox[-1])}, format="json"
        )
    assert accepted.status_code in (200, 201), accepted.json()
    return accepted.json()["id"]


def test_a_burst_of_member_changes_makes_one_quantity_update(
    tenant_alpha,
    users,
    plans,
    fake_stripe,
    checkout,
    post_event,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # given alpha paying for 2 seats (owner + clerk) on a plan whose quantity follows members
    owner = users["owner_alpha"]
    sub_id = _subscribe(tenant_alpha, owner, fake_stripe, checkout, post_event)
    assert subscription_of(tenant_alpha).seats == 2
    start = timezone.now()

    # when, within a minute, two people join and one is deactivated again
    first = _join(
        tenant_alpha, owner, "one@alpha.test", mailoutbox, django_capture_on_commit_callbacks
    )
    _join(tenant_alpha, owner, "two@alpha.test", mailoutbox, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        left = tenant_client(tenant_alpha, owner).post(
            f"/api/v1/access/members/{first}/deactivate/"
        )
    assert left.status_code == 200, left.json()

    # then nothing went to Stripe yet (the queued sync found the burst still open)
    assert fake_stripe.calls("POST", f"/v1/subscriptions/{sub_id}") == []
    due = subscription_of(tenant_alpha).seats_sync_due_at
    assert due is not None

    # when the debounce period is over and the sync runs (twice: the countdown and the sweep)
    with time_machine.travel(start + dt.timedelta(seconds=120), tick=False):
        assert seat_sync_sweep() == 1
        assert seat_sync_sweep() == 0

    # then exactly one update set the quantity to the 3 active members, with a key naming it
    (update,) = fake_stripe.calls("POST", f"/v1/subscriptions/{sub_id}")
    item_id = fake_stripe.subscriptions[sub_id]["items"]["data"][0]["id"]
    assert update.params["items"] == [{"id": item_id, "quantity": "3"}]
    assert update.idempotency_key == f"seats:{sub_id}:q3:b{int(due.timestamp())}"
    row = subscription_of(tenant_alpha)
    assert (row.seats, row.seats_sync_due_at) == (3, None)
    assert fake_stripe.subscriptions[sub_id]["items"]["data"][0]["quantity"] == 3


def test_member_changes_without_a_paid_subscription_do_not_call_stripe(
    tenant_alpha, users, plans, fake_stripe, django_capture_on_commit_callbacks
):
    # given alpha on its trial (no Stripe subscription)
    from shared_apps.accounts.models import Membership

    clerk = Membership.objects.get(tenant=tenant_alpha, user=users["member_alpha"])

    # when the clerk is deactivated
    with django_capture_on_commit_callbacks(execute=True):
        response = tenant_client(tenant_alpha, users["owner_alpha"]).post(
            f"/api/v1/access/members/{clerk.pk}/deactivate/"
        )

    # then nothing is scheduled and nothing went to Stripe
    assert response.status_code == 200, response.json()
    assert subscription_of(tenant_alpha).seats_sync_due_at is None
    assert fake_stripe.requests == []


def test_inviting_beyond_the_plans_seats_is_refused(
    tenant_alpha, users, plans, fake_stripe, django_capture_on_commit_callbacks, mailoutbox
):
    # given alpha trialing on the small plan (3 seats) with 2 members
    from shared_apps.billing.models import Subscription

    Subscription.objects.filter(tenant_id=tenant_alpha.pk).update(plan=plans["small"])
    client = tenant_client(tenant_alpha, users["owner_alpha"])

    # when the owner invites a third person, then a fourth
    with django_capture_on_commit_callbacks(execute=True):
        third = client.post(INVITATIONS_URL, {"email": "3@alpha.test", "roles": []}, format="json")
        fourth = client.post(INVITATIONS_URL, {"email": "4@alpha.test", "roles": []}, format="json")

    # then the third fits and the fourth is refused with a clear message
    assert third.status_code == 201, third.json()
    assert fourth.status_code == 400
    assert fourth.json() == {
        "detail": "Every seat of your plan is taken: deactivate a member or upgrade the plan.",
        "code": "seat_limit",
        "fields": {},
    }
    assert len(mailoutbox) == 1


def test_seats_are_unlimited_in_development_mode(tenant_alpha, plans, settings, db):
    from erp_platform.tenancy import connection
    from shared_apps.billing.models import Subscription

    settings.STRIPE_SECRET_KEY = ""
    Subscription.objects.filter(tenant_id=tenant_alpha.pk).update(plan=plans["small"])
    connection.set_tenant(tenant_alpha)
    assert access.seats_available(tenant_alpha) is None
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    assert access.seats_available(tenant_alpha) == 1  # 3 seats - owner - clerk


def test_a_failed_seat_sync_keeps_its_marker_and_spares_other_tenants(
    tenant_alpha, tenant_beta, users, plans, fake_stripe, checkout, post_event
):
    from shared_apps.accounts.models import Membership, User
    from shared_apps.billing.models import Subscription

    # given alpha and beta paying, each with a pending seat change
    alpha_sub = _subscribe(tenant_alpha, users["owner_alpha"], fake_stripe, checkout, post_event)
    beta_sub = _subscribe(tenant_beta, users["owner_beta"], fake_stripe, checkout, post_event)
    Membership.objects.filter(tenant=tenant_alpha, user=users["member_alpha"]).update(
        status="suspended"
    )

    Membership.objects.create(
        user=User.objects.create_user("b2@beta.test", None), tenant=tenant_beta
    )

    due = timezone.now()
    Subscription.objects.filter(tenant_id__in=[tenant_alpha.pk, tenant_beta.pk]).update(
        seats_sync_due_at=due
    )
    # and Stripe has lost alpha's subscription
    fake_stripe.subscriptions.pop(alpha_sub)

    # when the sweep runs
    with time_machine.travel(due + dt.timedelta(seconds=1), tick=False):
        assert seat_sync_sweep() == 1

    # then beta's quantity was updated and alpha's sync is still pending for the next sweep
    assert subscription_of(tenant_beta).seats == 2
    assert fake_stripe.subscriptions[beta_sub]["items"]["data"][0]["quantity"] == 2
    assert subscription_of(tenant_alpha).seats_sync_due_at == due
    assert subscription_of(tenant_alpha).seats == 2
