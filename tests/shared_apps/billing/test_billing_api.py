"""The tenant billing API: the four-actor matrix for every endpoint, 400s in the error shape,
portal and invoices from the fake Stripe; the public plans API; the trial at signup."""

from __future__ import annotations

import pytest

from shared_apps.billing.models import Plan, Subscription
from tests.permission_matrix import (
    NOT_AUTHENTICATED,
    NOT_FOUND,
    assert_permission_matrix,
    member_with_permissions,
    tenant_client,
)
from tests.shared_apps.billing.conftest import public_client, subscription_of, subscription_state

PERMISSION = "core.company.change"


def _state(tenant):
    return lambda: (
        subscription_state(tenant),
        Subscription.objects.filter(tenant_id=tenant.pk).values_list("updated_at", flat=True)[0],
    )


@pytest.mark.parametrize(
    "path", ["/api/v1/billing/subscription/", "/api/v1/billing/plans/", "/api/v1/billing/invoices/"]
)
def test_reads_permission_matrix(path, tenant_alpha, tenant_beta, plans, fake_stripe):
    response = assert_permission_matrix(
        method="get", path=path, tenant=tenant_alpha, permission=PERMISSION
    )
    assert response.status_code == 200


def test_checkout_permission_matrix(tenant_alpha, tenant_beta, plans, fake_stripe):
    response = assert_permission_matrix(
        method="post",
        path="/api/v1/billing/checkout/",
        tenant=tenant_alpha,
        permission=PERMISSION,
        body={"plan": "big", "interval": "year"},
        snapshot=_state(tenant_alpha),
    )
    assert response.json()["url"].startswith(f"{fake_stripe.base_url}/checkout/cs_")
    (session,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert session.params["line_items"][0]["price"] == "price_big_year_inr"


def test_portal_permission_matrix(tenant_alpha, tenant_beta, users, plans, fake_stripe, checkout):
    checkout(tenant_alpha, users["owner_alpha"])  # alpha has a Stripe customer now
    customer = subscription_of(tenant_alpha).stripe_customer_id
    response = assert_permission_matrix(
        method="post",
        path="/api/v1/billing/portal/",
        tenant=tenant_alpha,
        permission=PERMISSION,
        snapshot=_state(tenant_alpha),
    )
    assert response.json()["url"].startswith(f"{fake_stripe.base_url}/portal/bps_")
    (portal,) = fake_stripe.calls("POST", "/v1/billing_portal/sessions")
    assert portal.params["customer"] == customer
    assert portal.params["return_url"] == "http://alpha.localhost/settings/billing"
    assert portal.idempotency_key.startswith(f"portal:tenant-{tenant_alpha.pk}:")


def test_status_is_for_every_active_member_only(tenant_alpha, tenant_beta, users, fake_stripe):
    path = "/api/v1/billing/status/"
    anonymous = tenant_client(tenant_alpha).get(path)
    assert anonymous.status_code in (401, 403) and anonymous.json() == NOT_AUTHENTICATED
    outsider = tenant_client(tenant_alpha, users["owner_beta"]).get(path)
    assert outsider.status_code == 404 and outsider.json() == NOT_FOUND
    nobody = member_with_permissions(tenant=tenant_alpha, permissions=set())
    response = tenant_client(tenant_alpha, nobody).get(path)
    assert response.status_code == 200
    assert response.json()["status"] == "trialing"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({}, "plan", "required"),
        ({"plan": "gold"}, "plan", "does_not_exist"),
        ({"plan": "small", "interval": "week"}, "interval", "invalid_choice"),
        ({"plan": "small", "currency": "eur"}, "currency", "invalid_choice"),
        ({"plan": "small", "interval": "year", "currency": "usd"}, "plan", "plan_not_for_sale"),
    ],
)
def test_checkout_bad_input_is_400_and_nothing_happens(
    body, field, code, tenant_alpha, users, plans, fake_stripe
):
    before = subscription_state(tenant_alpha)
    response = tenant_client(tenant_alpha, users["owner_alpha"]).post(
        "/api/v1/billing/checkout/", body, format="json"
    )
    assert response.status_code == 400
    data = response.json()
    assert set(data) == {"detail", "code", "fields"}
    assert data["code"] == code
    assert field in data["fields"]
    assert subscription_state(tenant_alpha) == before
    assert fake_stripe.requests == []


def test_checkout_refuses_a_plan_smaller_than_the_company(tenant_alpha, users, plans, fake_stripe):
    Plan.objects.filter(pk=plans["small"].pk).update(max_seats=1)
    response = tenant_client(tenant_alpha, users["owner_alpha"]).post(
        "/api/v1/billing/checkout/", {"plan": "small"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "seat_limit"
    assert fake_stripe.requests == []


def test_checkout_when_already_subscribed_is_409(
    tenant_alpha, users, plans, fake_stripe, checkout, post_event
):
    post_event(fake_stripe.checkout_complete(checkout(tenant_alpha, users["owner_alpha"]))[1])
    response = tenant_client(tenant_alpha, users["owner_alpha"]).post(
        "/api/v1/billing/checkout/", {"plan": "big"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "already_subscribed"


def test_portal_before_any_checkout_is_400(tenant_alpha, users, fake_stripe):
    response = tenant_client(tenant_alpha, users["owner_alpha"]).post("/api/v1/billing/portal/")
    assert response.status_code == 400
    assert response.json()["code"] == "no_customer"
    assert fake_stripe.requests == []


def test_development_mode_checkout_says_billing_is_not_configured(
    tenant_alpha, users, plans, settings
):
    settings.STRIPE_SECRET_KEY = ""
    client = tenant_client(tenant_alpha, users["owner_alpha"])
    response = client.post("/api/v1/billing/checkout/", {"plan": "small"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "billing_not_configured"
    summary = client.get("/api/v1/billing/subscription/").json()
    assert summary["mode"] == "development"
    assert summary["plan_name"] == "Development (unlimited)"
    assert (summary["seats_used"], summary["seats_allowed"]) == (2, None)
    assert client.get("/api/v1/billing/invoices/").json() == []


def test_subscription_and_invoices_after_paying(
    tenant_alpha, users, plans, fake_stripe, checkout, post_event
):
    post_event(fake_stripe.checkout_complete(checkout(tenant_alpha, users["owner_alpha"]))[1])
    client = tenant_client(tenant_alpha, users["owner_alpha"])

    summary = client.get("/api/v1/billing/subscription/").json()
    assert summary["mode"] == "stripe"
    assert (summary["status"], summary["plan_name"], summary["plan"]["code"]) == (
        "active",
        "Small",
        "small",
    )
    assert (summary["seats_used"], summary["seats_allowed"], summary["seats_billed"]) == (2, 3, 2)
    assert summary["plan"]["price_month_inr"] == "499.00"

    invoices = client.get("/api/v1/billing/invoices/").json()
    assert len(invoices) == 1
    assert invoices[0]["status"] == "paid"
    assert (invoices[0]["amount_paid"], invoices[0]["currency"]) == ("998.00", "inr")
    (listed,) = fake_stripe.calls("GET", "/v1/invoices")
    assert listed.params["customer"] == subscription_of(tenant_alpha).stripe_customer_id


def test_public_plans_for_the_pricing_page(plans, db, world):
    Plan.objects.create(code="hidden", name="Hidden", is_public=False)
    response = public_client().get("/api/v1/plans/")
    assert response.status_code == 200
    data = response.json()
    assert [plan["code"] for plan in data] == ["small", "big"]
    assert data[0]["price_month_inr"] == "499.00"
    assert data[0]["max_seats"] == 3
    assert data[1]["max_seats"] is None and data[1]["seats_grow"] is True
    assert data[0]["price_year_usd"] == "80.00"


def test_signup_starts_a_trial_without_a_card(plans, db, world, fake_stripe):
    from shared_apps.tenants.services import tenant_provision

    tenant = tenant_provision(name="Gamma Fab", subdomain="gamma-billing", state="27")
    row = subscription_of(tenant)
    assert (row.status, row.plan_id, row.stripe_customer_id) == ("trialing", plans["small"].pk, "")
    assert row.trial_ends_at is not None
    assert 13 <= (row.trial_ends_at - row.created_at).days <= 14
    assert fake_stripe.requests == []


def test_plans_list_is_one_query_whatever_the_number_of_plans(
    plans, db, world, django_assert_num_queries
):
    for n in range(5):
        Plan.objects.create(code=f"extra-{n}", name=f"Extra {n}", sort_order=100 + n)
    client = public_client()
    with django_assert_num_queries(2):  # the schema's SET search_path, then the plans
        response = client.get("/api/v1/plans/")
    assert len(response.json()) == 7


def test_a_growing_plan_never_refuses_an_invitation(tenant_alpha, plans, fake_stripe):
    from erp_platform.tenancy import connection
    from tenant_apps.access.services import seats_available

    Subscription.objects.filter(tenant_id=tenant_alpha.pk).update(plan=plans["big"])
    Plan.objects.filter(pk=plans["big"].pk).update(max_seats=2)  # limit ignored: seats grow
    connection.set_tenant(tenant_alpha)
    assert seats_available(tenant_alpha) is None
    Plan.objects.filter(pk=plans["big"].pk).update(seats_grow=False)
    assert seats_available(tenant_alpha) == 0


def test_a_stripe_refusal_is_a_502_in_the_error_shape(
    tenant_alpha, users, plans, fake_stripe, checkout
):
    # given alpha's Stripe customer, then Stripe forgets it (deleted in the dashboard)
    checkout(tenant_alpha, users["owner_alpha"])
    fake_stripe.customers.clear()
    client = tenant_client(tenant_alpha, users["owner_alpha"])

    # when the owner opens the portal
    response = client.post("/api/v1/billing/portal/")

    # then a 502 says what happened, in the one error shape
    assert response.status_code == 502
    assert response.json() == {
        "detail": "Our payment provider could not complete this just now. Please try again in a "
        "minute.",
        "code": "payment_provider_error",
        "fields": {},
    }
