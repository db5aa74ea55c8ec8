"""GET /api/v1/audit/events/ (filters, ordering, fixed queries) and its CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io

from tenant_apps.audit.models import AuditEvent
from tests.conftest import in_schema

EVENTS_URL = "/api/v1/audit/events/"
EXPORT_URL = "/api/v1/audit/events/export/"
# 11 statements, each after its search_path SET: domain, session, user, allauth's user-session
# touch (savepoint, select, user, update, release), member access, count, page. None depends on
# how many rows the page holds.
LIST_QUERIES = 12
T0 = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)


def _add(schema_name: str, *rows: dict) -> list[int]:
    """Events as they were at given times (written directly: audit_record stamps `now`)."""
    with in_schema(schema_name):
        made = AuditEvent.objects.bulk_create(
            AuditEvent(
                occurred_at=row.get("at", T0),
                actor=row.get("actor"),
                actor_email=getattr(row.get("actor"), "email", ""),
                action=row["action"],
                target_type=row.get("target_type", "test.thing"),
                target_id=str(row.get("target_id", "")),
                data=row.get("data", {}),
            )
            for row in rows
        )
        return [event.pk for event in made]


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_owner_lists_events_newest_first_with_every_field(api_client, users, tenant_alpha):
    # given
    owner = users["owner_alpha"]
    older, newer = _add(
        tenant_alpha.schema_name,
        {"action": "access.invitation.create", "actor": owner, "target_id": 4, "at": T0},
        {
            "action": "access.role.change",
            "actor": owner,
            "target_id": 5,
            "at": T0 + dt.timedelta(hours=1),
            "data": {"to": ["Accountant"]},
        },
    )
    client = api_client("alpha", owner)
    # when
    response = client.get(EVENTS_URL, {"target_type": "test.thing"})
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["results"] == [
        {
            "id": newer,
            "occurred_at": "2026-05-04T16:00:00+05:30",
            "actor": owner.pk,
            "actor_email": "owner@alpha.test",
            "action": "access.role.change",
            "target_type": "test.thing",
            "target_id": "5",
            "ip": None,
            "user_agent": "",
            "data": {"to": ["Accountant"]},
        },
        {
            "id": older,
            "occurred_at": "2026-05-04T15:00:00+05:30",
            "actor": owner.pk,
            "actor_email": "owner@alpha.test",
            "action": "access.invitation.create",
            "target_type": "test.thing",
            "target_id": "4",
            "ip": None,
            "user_agent": "",
            "data": {},
        },
    ]


def test_filters_by_action_exact_and_prefix(api_client, users, tenant_alpha):
    # given
    role, invite, invoice = _add(
        tenant_alpha.schema_name,
        {"action": "access.role.change"},
        {"action": "access.invitation.create"},
        {"action": "finance.invoice.post"},
    )
    client = api_client("alpha", users["owner_alpha"])
    base = {"target_type": "test.thing", "ordering": "id"}
    # when / then
    assert _ids(client.get(EVENTS_URL, {**base, "action": "access.role.change"})) == [role]
    assert _ids(client.get(EVENTS_URL, {**base, "action": "access.role"})) == []
    assert _ids(client.get(EVENTS_URL, {**base, "action_prefix": "access."})) == [role, invite]
    assert _ids(client.get(EVENTS_URL, {**base, "action_prefix": "finance."})) == [invoice]


def test_filters_by_actor_target_and_date_range(api_client, users, tenant_alpha):
    # given
    owner, member = users["owner_alpha"], users["member_alpha"]
    first, second, third = _add(
        tenant_alpha.schema_name,
        {"action": "crm.lead.create", "actor": owner, "target_id": 1, "at": T0},
        {"action": "crm.lead.create", "actor": member, "target_id": 2, "at": T0 + dt.timedelta(1)},
        {"action": "crm.lead.create", "actor": member, "target_id": 2, "at": T0 + dt.timedelta(2)},
    )
    client = api_client("alpha", owner)
    base = {"target_type": "test.thing", "ordering": "occurred_at"}
    # when / then
    assert _ids(client.get(EVENTS_URL, {**base, "actor": member.pk})) == [second, third]
    assert _ids(client.get(EVENTS_URL, {**base, "actor_email": "OWNER@alpha.test"})) == [first]
    assert _ids(client.get(EVENTS_URL, {**base, "target_id": "2"})) == [second, third]
    assert _ids(client.get(EVENTS_URL, {"target_type": "other.thing"})) == []
    assert _ids(
        client.get(
            EVENTS_URL, {**base, "from": "2026-05-05T09:30:00Z", "to": "2026-05-06T09:30:00Z"}
        )
    ) == [second]
    assert _ids(client.get(EVENTS_URL, {**base, "from": "2026-05-05"})) == [second, third]
    assert _ids(client.get(EVENTS_URL, {**base, "to": "2026-05-05"})) == [first]


def test_ordering_by_action_and_oldest_first(api_client, users, tenant_alpha):
    # given
    b_event, a_event = _add(
        tenant_alpha.schema_name,
        {"action": "b.thing.create", "at": T0},
        {"action": "a.thing.create", "at": T0 + dt.timedelta(minutes=1)},
    )
    client = api_client("alpha", users["owner_alpha"])
    base = {"target_type": "test.thing"}
    # when / then
    assert _ids(client.get(EVENTS_URL, {**base, "ordering": "action"})) == [a_event, b_event]
    assert _ids(client.get(EVENTS_URL, {**base, "ordering": "occurred_at"})) == [b_event, a_event]
    assert _ids(client.get(EVENTS_URL, base)) == [a_event, b_event]


def test_a_bad_date_is_a_400_in_the_error_shape(api_client, users, tenant_alpha):
    # given
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.get(EVENTS_URL, {"from": "yesterday"})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "code": "invalid",
        "fields": {"from": ["Enter a valid date/time."]},
    }


def test_each_tenant_sees_only_its_own_events(api_client, users, tenant_alpha, tenant_beta):
    # given
    (beta_event,) = _add(tenant_beta.schema_name, {"action": "access.role.change"})
    (alpha_event,) = _add(tenant_alpha.schema_name, {"action": "access.role.change"})
    # when
    alpha_ids = _ids(api_client("alpha", users["owner_alpha"]).get(EVENTS_URL, {"page_size": 500}))
    beta_ids = _ids(api_client("beta", users["owner_beta"]).get(EVENTS_URL, {"page_size": 500}))
    # then (ids are per schema, so compare by what each tenant wrote)
    assert alpha_event in alpha_ids
    assert beta_event in beta_ids
    with in_schema(tenant_beta.schema_name):
        assert AuditEvent.objects.count() == len(beta_ids)
    with in_schema(tenant_alpha.schema_name):
        assert AuditEvent.objects.count() == len(alpha_ids)


def test_a_member_of_another_tenant_gets_404(api_client, users, tenant_alpha):
    # given
    _add(tenant_alpha.schema_name, {"action": "access.role.change"})
    client = api_client("alpha", users["owner_beta"])
    # when
    response = client.get(EVENTS_URL)
    # then
    assert response.status_code == 404
    assert "access.role.change" not in response.content.decode()


def test_anonymous_is_refused(api_client, tenant_alpha):
    # given
    _add(tenant_alpha.schema_name, {"action": "access.role.change"})
    # when
    response = api_client("alpha").get(EVENTS_URL)
    # then
    assert response.status_code == 403
    assert "access.role.change" not in response.content.decode()


def test_the_list_runs_the_same_number_of_queries_for_2_and_20_events(
    api_client, users, tenant_alpha, django_assert_num_queries
):
    # given a client past its first request (which also records the user's session)
    owner = users["owner_alpha"]
    client = api_client("alpha", owner)
    assert client.get(EVENTS_URL, {"action": "qc.a.b"}).status_code == 200
    _add(tenant_alpha.schema_name, *[{"action": "qc.a.b", "actor": owner}] * 2)
    # when / then
    with django_assert_num_queries(LIST_QUERIES):
        assert len(_ids(client.get(EVENTS_URL, {"action": "qc.a.b"}))) == 2
    _add(tenant_alpha.schema_name, *[{"action": "qc.a.b", "actor": owner}] * 18)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(_ids(client.get(EVENTS_URL, {"action": "qc.a.b"}))) == 20


def test_export_streams_the_filtered_events_as_csv(api_client, users, tenant_alpha):
    # given
    owner = users["owner_alpha"]
    first, second = _add(
        tenant_alpha.schema_name,
        {"action": "crm.lead.create", "actor": owner, "target_id": 1, "at": T0},
        {
            "action": "crm.lead.create",
            "actor": owner,
            "target_id": 2,
            "at": T0 + dt.timedelta(minutes=5),
            "data": {"name": '=HYPERLINK("http://evil")'},
        },
    )
    _add(tenant_alpha.schema_name, {"action": "finance.invoice.post"})
    client = api_client("alpha", owner)
    # when
    response = client.get(
        EXPORT_URL, {"target_type": "test.thing", "action_prefix": "crm.", "ordering": "id"}
    )
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="alpha-audit-events-')
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [
        ["id", "occurred_at", "actor", "actor_email", "action", "target_type", "target_id", "ip",
         "user_agent", "data"],
        [str(first), "2026-05-04T15:00:00+05:30", str(owner.pk), "owner@alpha.test",
         "crm.lead.create", "test.thing", "1", "", "", "{}"],
        [str(second), "2026-05-04T15:05:00+05:30", str(owner.pk), "owner@alpha.test",
         "crm.lead.create", "test.thing", "2", "", "", '{"name": "=HYPERLINK(\\"http://evil\\")"}'],
    ]  # fmt: skip


def test_export_refuses_a_member_of_another_tenant(api_client, users, tenant_alpha):
    # given
    _add(tenant_alpha.schema_name, {"action": "access.role.change"})
    # when
    response = api_client("alpha", users["owner_beta"]).get(EXPORT_URL)
    # then
    assert response.status_code == 404
    assert "access.role.change" not in response.content.decode()
