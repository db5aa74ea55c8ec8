"""The operators' console (Django admin on the public host): suspend and reactivate tenants,
members per tenant. Operators sign in with their password and a real TOTP code."""

from __future__ import annotations

import hashlib
import time
from typing import Any

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from rest_framework.test import APIClient

from shared_apps.tenants.models import Tenant, TenantStatus
from tests.shared_apps.accounts.conftest import MFA_AUTHENTICATE_URL, fresh_totp_code, login

CHANGELIST_URL = "/admin/tenants/tenant/"
COMPANY_URL = "/api/v1/core/company/"
RUN_ID = time.time_ns()


@pytest.fixture(autouse=True)
def _own_cache_namespace(request: pytest.FixtureRequest, settings: Any) -> None:
    """Login rate limits and used TOTP codes of these tests stay apart from every other's."""
    digest = hashlib.sha256(f"{RUN_ID}:{request.node.nodeid}".encode()).hexdigest()[:16]
    default = settings.CACHES["default"]
    settings.CACHES = {**settings.CACHES, "default": {**default, "KEY_PREFIX": digest}}


@pytest.fixture
def console(world: Any, db: None, users: dict[str, Any], http: Any) -> APIClient:
    """The operator, with TOTP set up, signed in with password + code on the public host."""
    secret = pyotp.random_base32()
    TOTP.activate(users["operator"], secret)
    client = http(None)
    assert login(client, "ops@platform.test").status_code == 401  # the code is asked for
    done = client.post(MFA_AUTHENTICATE_URL, {"code": fresh_totp_code(secret)}, format="json")
    assert done.status_code == 200, done.json()
    return client


@pytest.fixture
def http() -> Any:
    def make(subdomain: str | None) -> APIClient:
        from django.conf import settings

        return APIClient(HTTP_HOST=f"{subdomain}.localhost" if subdomain else settings.BASE_DOMAIN)

    return make


def run_action(client: APIClient, action: str, *tenants: Tenant) -> tuple[Any, list[str]]:
    """Post the changelist's action form as a browser does and follow the redirect back; the
    messages shown there."""
    response = client.post(
        CHANGELIST_URL,
        {"action": action, "_selected_action": [tenant.pk for tenant in tenants], "index": 0},
        format="multipart",
        follow=True,
    )
    shown = response.context["messages"] if response.context else []
    return response, [str(message) for message in shown]


def statuses(*tenants: Tenant) -> list[str]:
    return [Tenant.objects.get(pk=tenant.pk).status for tenant in tenants]


def test_the_operator_suspends_a_tenant_and_its_host_refuses_then_reactivates_it(
    console, tenant_alpha, tenant_beta, api_client, users
):
    # given alpha serving its owner
    owner = api_client("alpha", users["owner_alpha"])
    assert owner.get(COMPANY_URL).status_code == 200

    # when the operator suspends alpha in the console
    response, notes = run_action(console, "suspend_selected", tenant_alpha)

    # then alpha is suspended, its host refuses everyone, and beta is untouched
    assert response.redirect_chain == [(CHANGELIST_URL, 302)]
    assert notes == ["Suspended 1: Alpha Steel Works."]
    alpha = Tenant.objects.get(pk=tenant_alpha.pk)
    assert (alpha.status, alpha.suspended_at is not None) == (TenantStatus.SUSPENDED, True)
    assert alpha.status_reason == "Suspended by ops@platform.test in the operators' console."
    refused = owner.get(COMPANY_URL)
    assert refused.status_code == 403
    assert refused.json()["code"] == "tenant_suspended"
    assert statuses(tenant_beta) == [TenantStatus.ACTIVE]

    # when the operator reactivates it
    response, notes = run_action(console, "reactivate_selected", tenant_alpha)

    # then its host serves again
    assert response.redirect_chain == [(CHANGELIST_URL, 302)]
    assert notes == ["Reactivated 1: Alpha Steel Works."]
    assert statuses(tenant_alpha) == [TenantStatus.ACTIVE]
    company = owner.get(COMPANY_URL)
    assert company.status_code == 200
    assert company.json()["name"] == "Alpha Steel Works"


def test_an_invalid_transition_is_reported_per_tenant_and_the_others_go_ahead(
    console, tenant_alpha, tenant_beta
):
    # given alpha suspended, beta active
    run_action(console, "suspend_selected", tenant_alpha)

    # when the operator reactivates both
    response, notes = run_action(console, "reactivate_selected", tenant_alpha, tenant_beta)

    # then alpha is reactivated, beta (already active) is reported and left as it was
    assert response.redirect_chain == [(CHANGELIST_URL, 302)]
    assert notes == [
        f"{Tenant.objects.get(pk=tenant_beta.pk)}: A tenant that is active cannot become active.",
        "Reactivated 1: Alpha Steel Works.",
    ]
    assert statuses(tenant_alpha, tenant_beta) == [TenantStatus.ACTIVE, TenantStatus.ACTIVE]


def test_suspending_only_suspended_tenants_changes_nothing_and_says_why(console, tenant_alpha):
    # given alpha suspended
    run_action(console, "suspend_selected", tenant_alpha)
    before = Tenant.objects.get(pk=tenant_alpha.pk)

    # when it is suspended again
    response, notes = run_action(console, "suspend_selected", tenant_alpha)

    # then nothing changed, and the operator is told
    assert response.redirect_chain == [(CHANGELIST_URL, 302)]
    assert notes == [f"{before}: A tenant that is suspended cannot become suspended."]
    after = Tenant.objects.get(pk=tenant_alpha.pk)
    assert (after.status, after.suspended_at, after.status_reason) == (
        before.status,
        before.suspended_at,
        before.status_reason,
    )


def test_the_tenant_list_shows_members_per_tenant(console, tenant_alpha, tenant_beta):
    # given / when
    response = console.get(CHANGELIST_URL)

    # then alpha has its owner and clerk, beta its owner
    assert response.status_code == 200
    counts = {tenant.pk: tenant._member_count for tenant in response.context["cl"].result_list}
    assert (counts[tenant_alpha.pk], counts[tenant_beta.pk]) == (2, 1)
    assert b'<th scope="col" class="sortable column-member_count">' in response.content


def test_staff_without_a_second_factor_cannot_suspend(world, db, tenant_alpha, http):
    # given the operator signed in with a password only (no authenticator)
    client = http(None)
    assert login(client, "ops@platform.test").status_code == 200

    # when they post the action
    response, _ = run_action(client, "suspend_selected", tenant_alpha)

    # then the console refuses and alpha keeps serving
    assert response.status_code == 403
    assert b"Two-factor authentication required" in response.content
    assert statuses(tenant_alpha) == [TenantStatus.ACTIVE]
