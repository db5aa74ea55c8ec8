"""`audit_record`: who, what, on what, from where, in the current tenant only."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from tenant_apps.audit.models import AuditEvent
from tenant_apps.audit.services import audit_record
from tests.conftest import in_schema

FIELDS = (
    "actor_id",
    "actor_email",
    "action",
    "target_type",
    "target_id",
    "ip",
    "user_agent",
    "data",
)


def _events(schema_name: str) -> list[tuple]:
    with in_schema(schema_name):
        return list(AuditEvent.objects.order_by("id").values_list(*FIELDS))


def test_records_actor_target_data_ip_and_user_agent_in_the_current_tenant(
    users, tenant_alpha, tenant_beta
):
    # given
    request = RequestFactory().post(
        "/", REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="integration/1.0"
    )
    alpha_before, beta_before = _events(tenant_alpha.schema_name), _events(tenant_beta.schema_name)
    started = timezone.now()
    # when
    with in_schema(tenant_alpha.schema_name):
        audit_record(
            action="access.role.change",
            actor=users["owner_alpha"],
            target_type="accounts.user",
            target_id=users["member_alpha"].pk,
            data={"from": ["Sales"], "to": ["Accountant"], "amount": dt.date(2026, 4, 1)},
            request=request,
        )
    # then
    assert _events(tenant_alpha.schema_name) == [
        *alpha_before,
        (
            users["owner_alpha"].pk,
            "owner@alpha.test",
            "access.role.change",
            "accounts.user",
            str(users["member_alpha"].pk),
            "198.51.100.23",
            "integration/1.0",
            {"from": ["Sales"], "to": ["Accountant"], "amount": "2026-04-01"},
        ),
    ]
    with in_schema(tenant_alpha.schema_name):
        assert AuditEvent.objects.latest("id").occurred_at >= started
    assert _events(tenant_beta.schema_name) == beta_before


def test_actor_defaults_to_the_requests_user(users, tenant_alpha):
    # given
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    request.user = users["member_alpha"]
    # when
    with in_schema(tenant_alpha.schema_name):
        audit_record(action="crm.lead.create", target_type="crm.lead", target_id=3, request=request)
    # then
    assert _events(tenant_alpha.schema_name)[-1] == (
        users["member_alpha"].pk,
        "clerk@alpha.test",
        "crm.lead.create",
        "crm.lead",
        "3",
        "203.0.113.9",
        "",
        {},
    )


def test_the_public_schema_records_nothing(users, tenant_alpha, tenant_beta):
    # given
    alpha_before, beta_before = _events(tenant_alpha.schema_name), _events(tenant_beta.schema_name)
    connection.set_schema_to_public()
    # when
    audit_record(action="auth.login", actor=users["owner_alpha"])
    # then
    assert _events(tenant_alpha.schema_name) == alpha_before
    assert _events(tenant_beta.schema_name) == beta_before


def test_an_action_that_rolls_back_leaves_no_event(users, tenant_alpha):
    # given
    before = _events(tenant_alpha.schema_name)

    class Refused(Exception):
        pass

    # when
    with in_schema(tenant_alpha.schema_name):
        try:
            with transaction.atomic():
                audit_record(action="finance.invoice.post", actor=users["owner_alpha"])
                raise Refused
        except Refused:
            pass
    # then
    assert _events(tenant_alpha.schema_name) == before


def test_forwarded_for_is_ignored_without_a_trusted_proxy(users, tenant_alpha, settings):
    # given
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    # when
    with in_schema(tenant_alpha.schema_name):
        audit_record(action="auth.login", actor=users["owner_alpha"], request=request)
    # then
    assert _events(tenant_alpha.schema_name)[-1][5] == "10.0.0.5"


def test_forwarded_for_is_read_from_the_right_behind_one_trusted_proxy(
    users, tenant_alpha, settings
):
    # given a client-written first entry and the proxy's appended entry
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    # when
    with in_schema(tenant_alpha.schema_name):
        audit_record(action="auth.login", actor=users["owner_alpha"], request=request)
    # then
    assert _events(tenant_alpha.schema_name)[-1][5] == "203.0.113.7"


def test_a_malformed_forwarded_for_falls_back_to_the_remote_address(users, tenant_alpha, settings):
    # given
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="not-an-ip")
    # when
    with in_schema(tenant_alpha.schema_name):
        audit_record(action="auth.login", actor=users["owner_alpha"], request=request)
    # then
    assert _events(tenant_alpha.schema_name)[-1][5] == "10.0.0.5"
