"""The spreadsheet export helper (tenant_apps/core/api/export.py) through its two users: the
members export and the audit log export. Real requests; the xlsx files are opened with openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tenant_apps.audit.models import AuditEvent
from tests.conftest import in_schema
from tests.permission_matrix import assert_permission_matrix

MEMBERS_EXPORT = "/api/v1/access/members/export/"
AUDIT_EXPORT = "/api/v1/audit/events/export/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
T0 = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)


def _sheet(response) -> list[list]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _events(schema_name: str, *rows: dict) -> list[int]:
    with in_schema(schema_name):
        made = AuditEvent.objects.bulk_create(
            AuditEvent(
                occurred_at=row.get("at", T0),
                action=row["action"],
                actor_email=row.get("email", ""),
                target_type="test.thing",
                target_id=str(row.get("target_id", "")),
                data=row.get("data", {}),
            )
            for row in rows
        )
        return [e.pk for e in made]


# ---------------------------------------------------------------------------------------------
# Members export
# ---------------------------------------------------------------------------------------------
def test_members_xlsx_holds_only_the_filtered_members_in_the_given_order(
    api_client, users, make_member
):
    # given
    make_member("zoya@alpha.test", roles=["sales"], full_name="Zoya Khan")
    make_member("arjun@alpha.test", roles=["sales", "accountant"], full_name="Arjun Rao")
    make_member("gone@alpha.test", roles=["sales"], status="suspended", full_name="Gone")
    make_member("store@alpha.test", roles=["storekeeper"], full_name="Store Keeper")
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.get(
        MEMBERS_EXPORT, {"role": "sales", "status": "active", "ordering": "-email"}
    )
    # then
    rows = _sheet(response)
    assert rows[0] == ["Name", "E-mail", "Roles", "Owner", "Status", "Joined", "Last sign-in"]
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows[1:]] == [
        ("Zoya Khan", "zoya@alpha.test", "Sales", False, "active"),
        ("Arjun Rao", "arjun@alpha.test", "Accountant, Sales", False, "active"),
    ]
    assert isinstance(rows[1][5], dt.datetime)
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="alpha-members-')
    assert disposition.endswith('.xlsx"')


def test_members_xlsx_columns_are_as_wide_as_their_longest_value(api_client, users, make_member):
    # given a member whose name is much longer than the "Name" header
    long_name = "Venkatanarasimharajuvaripeta Subramanyam"
    make_member("long@alpha.test", roles=["sales"], full_name=long_name)
    # when
    response = api_client("alpha", users["owner_alpha"]).get(MEMBERS_EXPORT)
    # then the name column fits the name, and a short column keeps the minimum width
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.column_dimensions["A"].width == len(long_name) + 2
    assert sheet.column_dimensions["D"].width == 10  # "Owner": yes / no


def test_members_csv_uses_the_search_of_the_list(api_client, users, make_member):
    # given
    make_member("zoya@alpha.test", roles=["sales"], full_name="Zoya Khan")
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.get(MEMBERS_EXPORT, {"format": "csv", "search": "zoya"})
    # then
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response)
    assert rows[0][:2] == ["Name", "E-mail"]
    assert [r[1] for r in rows[1:]] == ["zoya@alpha.test"]


def test_an_unknown_format_is_a_400_in_the_error_shape(api_client, users):
    # given
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.get(MEMBERS_EXPORT, {"format": "pdf"})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Choose a file format: xlsx or csv.",
        "code": "invalid",
        "fields": {"format": ['"pdf" is not a valid choice: xlsx or csv.']},
    }


def test_a_bad_filter_value_is_a_400_not_a_file(api_client, users):
    # given
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.get(MEMBERS_EXPORT, {"status": "sleeping"})
    # then
    assert response.status_code == 400
    assert response.json()["fields"].keys() == {"status"}


# ---------------------------------------------------------------------------------------------
# Audit export (xlsx added next to the CSV)
# ---------------------------------------------------------------------------------------------
def test_audit_xlsx_respects_the_filter_and_writes_formulas_as_text(
    api_client, users, tenant_alpha
):
    # given
    first, second = _events(
        tenant_alpha.schema_name,
        {"action": "crm.lead.create", "target_id": 1, "email": "=cmd|' /C calc'!A0"},
        {"action": "crm.lead.create", "target_id": 2, "at": T0 + dt.timedelta(minutes=5)},
    )
    _events(tenant_alpha.schema_name, {"action": "finance.invoice.post"})
    _events(
        tenant_alpha.schema_name, {"action": "crm.lead.create", "at": T0 - dt.timedelta(days=3)}
    )
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.get(
        AUDIT_EXPORT,
        {
            "format": "xlsx",
            "action_prefix": "crm.",
            "from": "2026-05-04T00:00:00Z",
            "ordering": "id",
        },
    )
    # then
    rows = _sheet(response)
    assert rows[0][:5] == ["id", "occurred_at", "actor", "actor_email", "action"]
    assert [r[0] for r in rows[1:]] == [first, second]
    assert rows[1][1] == dt.datetime(2026, 5, 4, 15, 0)  # company time zone (IST)
    assert rows[1][3] == "=cmd|' /C calc'!A0"  # a string cell, not a formula
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.active["D2"].data_type == "s"


def test_audit_export_defaults_to_csv(api_client, users, tenant_alpha):
    # given
    (only,) = _events(tenant_alpha.schema_name, {"action": "crm.lead.create"})
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.get(AUDIT_EXPORT, {"action": "crm.lead.create"})
    # then
    rows = _csv(response)
    assert [r[0] for r in rows[1:]] == [str(only)]


def test_export_runs_a_fixed_number_of_queries_for_2_and_20_members(
    api_client, users, make_member, django_assert_num_queries
):
    # given
    client = api_client("alpha", users["owner_alpha"])
    for n in range(2):
        make_member(f"a{n}@alpha.test", roles=["sales"])
    client.get(MEMBERS_EXPORT)  # warm the session
    with django_assert_num_queries(11) as few:
        client.get(MEMBERS_EXPORT)
    for n in range(18):
        make_member(f"b{n}@alpha.test", roles=["sales"])
    # when / then
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(MEMBERS_EXPORT)
    assert len(_sheet(response)) == 1 + 22  # header, 20 made + owner + member_alpha


# ---------------------------------------------------------------------------------------------
# Permission matrix of the new endpoints
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "permission"),
    [
        (MEMBERS_EXPORT, "access.member.export"),
        (MEMBERS_EXPORT + "?format=csv", "access.member.export"),
        (AUDIT_EXPORT + "?format=xlsx", "audit.event.export"),
        ("/api/v1/audit/events/daily/", "audit.event.view"),
    ],
)
def test_export_endpoints_permission_matrix(tenant_alpha, path, permission):
    # given / when / then
    assert_permission_matrix(method="get", path=path, tenant=tenant_alpha, permission=permission)
