"""A row written in tenant A is invisible from tenant B over HTTP.

Alpha's owner changes alpha's company; beta's host shows only beta's; alpha's owner gets 404 on
beta's host and changes nothing there; anonymous callers get 403 everywhere.
"""

import datetime as dt

import pytest
from django.db import transaction

from tenant_apps.core.models import CompanySettings
from tenant_apps.core.services import sequence_next
from tests.conftest import in_schema

COMPANY_URL = "/api/v1/core/company/"
SEQUENCES_URL = "/api/v1/core/sequences/"
ALPHA_SECRET = "Alpha Secret Alloys Private Limited"
BETA_COMPANY = {
    "name": "Beta Kitchens",
    "legal_name": "Beta Kitchens",
    "gstin": "",
    "state": "29",
    "fiscal_year_start_month": 4,
    "fiscal_year_start_day": 1,
    "base_currency": "INR",
    "logo_url": None,
}
NOT_FOUND = {"detail": "Not found.", "code": "not_found", "fields": {}}
NOT_AUTHENTICATED = {
    "detail": "Authentication credentials were not provided.",
    "code": "not_authenticated",
    "fields": {},
}


def _without_updated_at(body: dict) -> dict:
    return {key: value for key, value in body.items() if key != "updated_at"}


def _company_row(schema_name: str) -> tuple:
    with in_schema(schema_name):
        return CompanySettings.objects.values_list("name", "legal_name", "updated_at").get()


def test_alpha_owner_changes_alpha_and_beta_sees_only_its_own_company(world, users, api_client):
    # given alpha's owner renames alpha's legal entity
    alpha = api_client("alpha", users["owner_alpha"])
    patched = alpha.patch(COMPANY_URL, {"legal_name": ALPHA_SECRET}, format="json")
    assert patched.status_code == 200
    assert patched.json()["legal_name"] == ALPHA_SECRET

    # when beta's owner reads beta's company on beta's host
    response = api_client("beta", users["owner_beta"]).get(COMPANY_URL)

    # then beta sees beta's row, and nothing of alpha's
    assert response.status_code == 200
    assert _without_updated_at(response.json()) == BETA_COMPANY
    assert b"Alpha" not in response.content
    assert ALPHA_SECRET.encode() not in response.content
    # and alpha's own host does serve alpha's new name (the write really happened)
    assert alpha.get(COMPANY_URL).json()["legal_name"] == ALPHA_SECRET


@pytest.mark.parametrize("method", ["get", "patch"])
def test_alpha_owner_on_beta_host_gets_404_and_changes_nothing(world, users, api_client, method):
    # given alpha's owner, who is not a member of beta
    before = _company_row(world.beta_schema)
    client = api_client("beta", users["owner_alpha"])

    # when they call beta's company API on beta's host
    response = getattr(client, method)(COMPANY_URL, {"legal_name": ALPHA_SECRET}, format="json")

    # then beta's existence is not confirmed, and beta's row is unchanged
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert _company_row(world.beta_schema) == before
    assert before[:2] == ("Beta Kitchens", "Beta Kitchens")


@pytest.mark.parametrize("subdomain", ["alpha", "beta"])
@pytest.mark.parametrize("method", ["get", "patch"])
def test_anonymous_gets_403_on_both_hosts_and_changes_nothing(
    world, db, api_client, subdomain, method
):
    # given an anonymous caller
    schema = world.alpha_schema if subdomain == "alpha" else world.beta_schema
    before = _company_row(schema)
    client = api_client(subdomain)

    # when they call the company API
    response = getattr(client, method)(COMPANY_URL, {"legal_name": ALPHA_SECRET}, format="json")

    # then they are refused in the one error shape, and nothing changed
    assert response.status_code == 403
    assert response.json() == NOT_AUTHENTICATED
    assert _company_row(schema) == before


def test_a_number_taken_in_alpha_is_not_listed_by_beta(world, users, api_client):
    # given alpha takes a legal number
    with in_schema(world.alpha_schema), transaction.atomic():
        number = sequence_next(series="isoinv", prefix="ISOINV", on_date=dt.date(2026, 5, 4))
    assert number == "ISOINV/26-27/00001"

    # when beta's owner lists beta's sequences
    response = api_client("beta", users["owner_beta"]).get(SEQUENCES_URL)

    # then beta has no sequences at all
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
    # and alpha's own host lists it (the number really exists)
    alpha_list = api_client("alpha", users["owner_alpha"]).get(SEQUENCES_URL).json()
    assert [(r["series"], r["fiscal_year"], r["last_value"]) for r in alpha_list["results"]] == [
        ("isoinv", "2026-27", 1)
    ]


def test_alpha_owner_cannot_list_beta_sequences(world, users, api_client):
    # given a number taken in beta
    with in_schema(world.beta_schema), transaction.atomic():
        sequence_next(series="isobill", on_date=dt.date(2026, 5, 4))

    # when alpha's owner asks beta's host for its sequences
    response = api_client("beta", users["owner_alpha"]).get(SEQUENCES_URL)

    # then 404, and not a byte of beta's series
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert b"isobill" not in response.content.lower()
