"""Company settings and document sequence APIs on a tenant host."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from tenant_apps.core.models import CompanySettings, DocumentSequence
from tenant_apps.core.services import sequence_next
from tests.conftest import in_schema

COMPANY_URL = "/api/v1/core/company/"
SEQUENCES_URL = "/api/v1/core/sequences/"
VALID_GSTIN = "27AAPFU0939F1ZV"  # Maharashtra (27)
COMPANY_GET_QUERIES = 10
SEQUENCE_LIST_QUERIES = 12


def _company_row(schema_name: str) -> dict[str, Any]:
    with in_schema(schema_name):
        company = CompanySettings.objects.get()
        return {**model_to_dict(company), "updated_at": company.updated_at}


def _take_numbers(schema_name: str, per_series: dict[str, int], on: dt.date) -> None:
    with in_schema(schema_name), transaction.atomic():
        for series, count in per_series.items():
            for _ in range(count):
                sequence_next(series=series, on_date=on)


# ---------------------------------------------------------------------------------------------
# GET company
# ---------------------------------------------------------------------------------------------
def test_member_reads_the_company_settings(api_client, users, tenant_alpha):
    # given
    client = api_client("alpha", users["member_alpha"])
    # when
    response = client.get(COMPANY_URL)
    # then
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "name",
        "legal_name",
        "gstin",
        "state",
        "fiscal_year_start_month",
        "fiscal_year_start_day",
        "base_currency",
        "logo_url",
        "updated_at",
    }
    assert {k: v for k, v in body.items() if k != "updated_at"} == {
        "name": "Alpha Steel Works",
        "legal_name": "Alpha Steel Works",
        "gstin": "",
        "state": "27",
        "fiscal_year_start_month": 4,
        "fiscal_year_start_day": 1,
        "base_currency": "INR",
        "logo_url": None,
    }


def test_each_tenant_reads_its_own_company(api_client, users, tenant_beta):
    # given
    client = api_client("beta", users["owner_beta"])
    # when
    response = client.get(COMPANY_URL)
    # then
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["state"]) == ("Beta Kitchens", "29")


def test_company_get_runs_a_fixed_number_of_queries(
    api_client, users, tenant_alpha, django_assert_num_queries
):
    # given (search_path SETs count: routing, session, user, membership, company = 5 + 5)
    client = api_client("alpha", users["member_alpha"])
    # when
    with django_assert_num_queries(COMPANY_GET_QUERIES):
        response = client.get(COMPANY_URL)
    # then
    assert response.status_code == 200


# ---------------------------------------------------------------------------------------------
# PATCH company
# ---------------------------------------------------------------------------------------------
def test_owner_updates_legal_name_gstin_and_state(api_client, users, tenant_alpha):
    # given
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(
        COMPANY_URL,
        {"legal_name": "Alpha Steel Works Private Limited", "gstin": VALID_GSTIN, "state": "27"},
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["legal_name"], body["gstin"], body["state"], body["name"]) == (
        "Alpha Steel Works Private Limited",
        VALID_GSTIN,
        "27",
        "Alpha Steel Works",
    )
    row = _company_row(tenant_alpha.schema_name)
    assert (row["legal_name"], row["gstin"], row["state"]) == (
        "Alpha Steel Works Private Limited",
        VALID_GSTIN,
        "27",
    )
    assert row["updated_by"] == users["owner_alpha"].pk


def test_owner_gstin_is_stored_upper_case(api_client, users, tenant_alpha):
    # given
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(COMPANY_URL, {"gstin": VALID_GSTIN.lower()})
    # then
    assert response.status_code == 200
    assert response.json()["gstin"] == VALID_GSTIN
    assert _company_row(tenant_alpha.schema_name)["gstin"] == VALID_GSTIN


def test_owner_updates_the_fiscal_year_start(api_client, users, tenant_alpha):
    # given
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(COMPANY_URL, {"fiscal_year_start_month": 1})
    # then
    assert response.status_code == 200
    assert response.json()["fiscal_year_start_month"] == 1
    assert _company_row(tenant_alpha.schema_name)["fiscal_year_start_month"] == 1


def test_invalid_gstin_is_refused_and_nothing_changes(api_client, users, tenant_alpha):
    # given a GSTIN with a wrong check digit
    before = _company_row(tenant_alpha.schema_name)
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(
        COMPANY_URL, {"legal_name": "Should Not Stick", "gstin": "27AAPFU0939F1ZX"}
    )
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Company settings are not valid.",
        "code": "invalid",
        "fields": {
            "gstin": [
                "'27AAPFU0939F1ZX' is not a valid GSTIN: "
                "The number's checksum or check digit is invalid."
            ]
        },
    }
    assert _company_row(tenant_alpha.schema_name) == before


def test_gstin_of_another_state_is_refused(api_client, users, tenant_alpha):
    # given a valid Maharashtra GSTIN for a company set in Karnataka (29)
    before = _company_row(tenant_alpha.schema_name)
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(COMPANY_URL, {"gstin": VALID_GSTIN, "state": "29"})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Company settings are not valid.",
        "code": "invalid",
        "fields": {
            "gstin": [f"GSTIN {VALID_GSTIN} belongs to state 27, not the company's state 29."]
        },
    }
    assert _company_row(tenant_alpha.schema_name) == before


def test_changing_only_the_state_is_checked_against_the_stored_gstin(
    api_client, users, tenant_alpha
):
    # given a company with a Maharashtra GSTIN
    client = api_client("alpha", users["owner_alpha"])
    assert client.patch(COMPANY_URL, {"gstin": VALID_GSTIN}).status_code == 200
    before = _company_row(tenant_alpha.schema_name)
    # when the state alone moves to Karnataka
    response = client.patch(COMPANY_URL, {"state": "29"})
    # then
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "gstin": [f"GSTIN {VALID_GSTIN} belongs to state 27, not the company's state 29."]
    }
    assert _company_row(tenant_alpha.schema_name) == before


def test_unknown_state_is_refused(api_client, users, tenant_alpha):
    # given
    before = _company_row(tenant_alpha.schema_name)
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(COMPANY_URL, {"state": "99"})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "code": "invalid_choice",
        "fields": {"state": ['"99" is not a valid choice.']},
    }
    assert _company_row(tenant_alpha.schema_name) == before


def test_member_without_change_permission_cannot_patch(api_client, users, tenant_alpha):
    # given a member who is not the owner
    before = _company_row(tenant_alpha.schema_name)
    client = api_client("alpha", users["member_alpha"])
    # when
    response = client.patch(COMPANY_URL, {"legal_name": "Clerk Was Here"})
    # then
    assert response.status_code == 403
    assert response.json() == {
        "detail": "You do not have permission to perform this action.",
        "code": "permission_denied",
        "fields": {},
    }
    assert _company_row(tenant_alpha.schema_name) == before


def test_owner_of_another_tenant_sees_404_and_changes_nothing(api_client, users, tenant_alpha):
    # given beta's owner on alpha's host
    before = _company_row(tenant_alpha.schema_name)
    client = api_client("alpha", users["owner_beta"])
    # when
    response = client.patch(COMPANY_URL, {"legal_name": "Beta Was Here"})
    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "fields": {}}
    assert _company_row(tenant_alpha.schema_name) == before


@pytest.mark.parametrize(
    ("month", "message", "code"),
    [
        (13, "Ensure this value is less than or equal to 12.", "max_value"),
        (0, "Ensure this value is greater than or equal to 1.", "min_value"),
    ],
)
def test_fiscal_year_start_month_out_of_range_is_refused(
    month, message, code, api_client, users, tenant_alpha
):
    # given
    before = _company_row(tenant_alpha.schema_name)
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(COMPANY_URL, {"fiscal_year_start_month": month})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "code": code,
        "fields": {"fiscal_year_start_month": [message]},
    }
    assert _company_row(tenant_alpha.schema_name) == before


# ---------------------------------------------------------------------------------------------
# Document sequences
# ---------------------------------------------------------------------------------------------
def test_sequences_list_shows_the_counters(api_client, users, tenant_alpha):
    # given
    _take_numbers(tenant_alpha.schema_name, {"inv": 3, "po": 1}, dt.date(2026, 5, 1))
    client = api_client("alpha", users["member_alpha"])
    # when
    response = client.get(SEQUENCES_URL)
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    assert [{k: v for k, v in row.items() if k != "id"} for row in body["results"]] == [
        {"series": "inv", "fiscal_year": "2026-27", "prefix": "INV", "padding": 5, "last_value": 3},
        {"series": "po", "fiscal_year": "2026-27", "prefix": "PO", "padding": 5, "last_value": 1},
    ]


@pytest.mark.parametrize("rows", [2, 20])
def test_sequences_list_query_count_does_not_grow_with_rows(
    rows, api_client, users, tenant_alpha, django_assert_num_queries
):
    # given `rows` counters: `rows / 2` series over two fiscal years
    for on in (dt.date(2025, 6, 1), dt.date(2026, 6, 1)):
        _take_numbers(tenant_alpha.schema_name, {f"s{i:02d}": 2 for i in range(rows // 2)}, on)
    client = api_client("alpha", users["member_alpha"])
    # when
    with django_assert_num_queries(SEQUENCE_LIST_QUERIES):
        response = client.get(SEQUENCES_URL)
    # then
    assert response.status_code == 200
    assert response.json()["count"] == rows
    assert len(response.json()["results"]) == rows


def test_sequences_filter_by_series(api_client, users, tenant_alpha):
    # given
    _take_numbers(tenant_alpha.schema_name, {"inv": 2, "po": 1}, dt.date(2025, 6, 1))
    _take_numbers(tenant_alpha.schema_name, {"inv": 1}, dt.date(2026, 6, 1))
    client = api_client("alpha", users["member_alpha"])
    # when
    response = client.get(SEQUENCES_URL, {"series": "inv"})
    # then
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["series"], r["fiscal_year"], r["last_value"]) for r in rows] == [
        ("inv", "2025-26", 2),
        ("inv", "2026-27", 1),
    ]


def test_sequences_ordering_by_last_value_descending(api_client, users, tenant_alpha):
    # given
    _take_numbers(tenant_alpha.schema_name, {"a": 1, "b": 5, "c": 3}, dt.date(2026, 6, 1))
    client = api_client("alpha", users["member_alpha"])
    # when
    response = client.get(SEQUENCES_URL, {"ordering": "-last_value"})
    # then
    assert response.status_code == 200
    assert [(r["series"], r["last_value"]) for r in response.json()["results"]] == [
        ("b", 5),
        ("c", 3),
        ("a", 1),
    ]


def test_sequences_page_size_paginates(api_client, users, tenant_alpha):
    # given five counters
    _take_numbers(tenant_alpha.schema_name, {f"s{i}": 1 for i in range(5)}, dt.date(2026, 6, 1))
    client = api_client("alpha", users["member_alpha"])
    # when
    first = client.get(SEQUENCES_URL, {"page_size": 2})
    last = client.get(SEQUENCES_URL, {"page_size": 2, "page": 3})
    # then
    assert first.status_code == last.status_code == 200
    assert first.json()["count"] == 5
    assert [r["series"] for r in first.json()["results"]] == ["s0", "s1"]
    assert (
        first.json()["next"] == "http://alpha.localhost/api/v1/core/sequences/?page=2&page_size=2"
    )
    assert first.json()["previous"] is None
    assert [r["series"] for r in last.json()["results"]] == ["s4"]
    assert last.json()["next"] is None


def test_sequences_page_past_the_end_is_404_in_the_error_shape(api_client, users, tenant_alpha):
    # given one counter
    _take_numbers(tenant_alpha.schema_name, {"inv": 1}, dt.date(2026, 6, 1))
    client = api_client("alpha", users["member_alpha"])
    # when
    response = client.get(SEQUENCES_URL, {"page": 9})
    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page.", "code": "not_found", "fields": {}}


def test_sequences_are_per_tenant(api_client, users, tenant_alpha, tenant_beta):
    # given counters on alpha only
    _take_numbers(tenant_alpha.schema_name, {"inv": 2}, dt.date(2026, 6, 1))
    client = api_client("beta", users["owner_beta"])
    # when
    response = client.get(SEQUENCES_URL)
    # then
    assert response.status_code == 200
    assert response.json()["count"] == 0
    with in_schema(tenant_beta.schema_name):
        assert DocumentSequence.objects.count() == 0
