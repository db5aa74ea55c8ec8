"""A login on a tenant host is recorded in that tenant's audit log (user_logged_in)."""

from __future__ import annotations

import json

from django.test import Client

from tenant_apps.audit.models import AuditEvent
from tests.conftest import PASSWORD, host_of, in_schema

LOGIN_URL = "/_allauth/browser/v1/auth/login"  # allauth headless, served on every host


def _login(client: Client, email: str, password: str):
    return client.post(
        LOGIN_URL,
        json.dumps({"email": email, "password": password}),
        content_type="application/json",
    )


def _logins(schema_name: str) -> list[tuple]:
    with in_schema(schema_name):
        return list(
            AuditEvent.objects.filter(action="auth.login")
            .order_by("id")
            .values_list("actor_id", "actor_email", "target_type", "target_id", "ip", "user_agent")
        )


def test_a_login_on_a_tenant_host_records_auth_login_with_ip(users, tenant_alpha, tenant_beta):
    # given
    client = Client(HTTP_HOST=host_of("alpha"), HTTP_USER_AGENT="Firefox/140")
    alpha_before, beta_before = _logins(tenant_alpha.schema_name), _logins(tenant_beta.schema_name)
    # when
    response = _login(client, "clerk@alpha.test", PASSWORD)
    # then
    assert response.status_code == 200
    member = users["member_alpha"]
    assert _logins(tenant_alpha.schema_name) == [
        *alpha_before,
        (
            member.pk,
            "clerk@alpha.test",
            "accounts.user",
            str(member.pk),
            "127.0.0.1",
            "Firefox/140",
        ),
    ]
    assert _logins(tenant_beta.schema_name) == beta_before


def test_a_failed_login_records_nothing(users, tenant_alpha):
    # given
    client = Client(HTTP_HOST=host_of("alpha"))
    before = _logins(tenant_alpha.schema_name)
    # when
    response = _login(client, "clerk@alpha.test", "wrong-one")
    # then
    assert response.status_code == 400
    assert _logins(tenant_alpha.schema_name) == before


def test_a_login_on_the_public_host_records_nothing_in_any_tenant(users, tenant_alpha, tenant_beta):
    # given
    client = Client(HTTP_HOST=host_of("alpha").split(".", 1)[1])
    alpha_before, beta_before = _logins(tenant_alpha.schema_name), _logins(tenant_beta.schema_name)
    # when
    logged_in = client.login(username="owner@alpha.test", password=PASSWORD)
    # then
    assert logged_in is True
    assert _logins(tenant_alpha.schema_name) == alpha_before
    assert _logins(tenant_beta.schema_name) == beta_before


def test_client_login_while_in_a_tenant_schema_records_the_login_there(users, tenant_alpha):
    # given the test client's login() builds a bare request (no host, no address): the tenant
    # comes from the connection, as it does for every login served on a tenant host
    client = Client(HTTP_HOST=host_of("alpha"))
    before = _logins(tenant_alpha.schema_name)
    # when
    with in_schema(tenant_alpha.schema_name):
        logged_in = client.login(username="owner@alpha.test", password=PASSWORD)
    # then
    assert logged_in is True
    owner = users["owner_alpha"]
    assert _logins(tenant_alpha.schema_name) == [
        *before,
        (owner.pk, "owner@alpha.test", "accounts.user", str(owner.pk), None, ""),
    ]
