"""GST rates and print settings: a rate's history is frozen, codes are unique, settings persist."""

from __future__ import annotations

from decimal import Decimal

from tenant_apps.invoicing.models import InvoiceSettings, TaxRate
from tests.conftest import in_schema

BASE = "/api/v1/invoicing"


def test_a_duplicate_rate_code_is_a_400_and_adds_nothing(world, users, api_client):
    client = api_client("alpha", users["owner_alpha"])
    body = {"code": "GST2", "name": "GST 2%", "rate": "2", "valid_from": "2026-04-01"}
    # given
    assert client.post(f"{BASE}/tax-rates/", body, format="json").status_code == 201
    # when
    again = client.post(f"{BASE}/tax-rates/", body, format="json")
    # then
    assert again.status_code == 400
    assert again.json() == {
        "detail": "A rate with this code exists.",
        "code": "duplicate_code",
        "fields": {"code": ["Taken."]},
    }
    with in_schema(world.alpha_schema):
        assert TaxRate.objects.filter(code="GST2").count() == 1


def test_a_rates_percentages_are_history_but_its_name_changes(world, users, api_client):
    client = api_client("alpha", users["owner_alpha"])
    created = client.post(
        f"{BASE}/tax-rates/",
        {"code": "GST2", "name": "GST 2%", "rate": "2", "valid_from": "2026-04-01"},
        format="json",
    ).json()
    url = f"{BASE}/tax-rates/{created['id']}/"
    # when the rate itself is changed
    frozen = client.patch(url, {"rate": "3", "name": "GST 3%"}, format="json")
    # then it is refused and nothing changes
    assert frozen.status_code == 400
    assert frozen.json()["code"] == "rate_frozen"
    assert frozen.json()["fields"] == {"rate": ["Cannot change."]}
    with in_schema(world.alpha_schema):
        row = TaxRate.objects.get(code="GST2")
        assert (row.rate, row.name) == (Decimal("2"), "GST 2%")
    # when only the name changes
    renamed = client.patch(url, {"name": "GST 2 % (old)"}, format="json")
    # then
    assert renamed.status_code == 200
    with in_schema(world.alpha_schema):
        assert TaxRate.objects.get(code="GST2").name == "GST 2 % (old)"


def test_print_settings_are_saved_and_read_back(world, users, api_client):
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(
        f"{BASE}/settings/", {"bank_name": "HDFC Bank", "bank_ifsc": "HDFC0001234"}, format="json"
    )
    # then
    assert response.status_code == 200
    assert client.get(f"{BASE}/settings/").json()["bank_ifsc"] == "HDFC0001234"
    with in_schema(world.alpha_schema):
        row = InvoiceSettings.objects.get(singleton=True)
        assert (row.bank_name, row.updated_by_id) == ("HDFC Bank", users["owner_alpha"].pk)


def test_credit_control_settings_are_saved_and_bad_values_are_400s(world, users, api_client):
    client = api_client("alpha", users["owner_alpha"])
    fresh = client.get(f"{BASE}/settings/").json()
    keys = ("credit_hold_overdue_days", "credit_limit_grace_percent", "credit_hold_min_amount")
    assert tuple(fresh[k] for k in keys) == (None, "0.00", "0.00")
    # when
    saved = client.patch(
        f"{BASE}/settings/",
        {
            "credit_hold_overdue_days": 45,
            "credit_limit_grace_percent": "7.5",
            "credit_hold_min_amount": "5000",
        },
        format="json",
    )
    # then
    assert saved.status_code == 200, saved.json()
    assert tuple(saved.json()[k] for k in keys) == (45, "7.50", "5000.00")
    for body in (
        {"credit_hold_overdue_days": -1},
        {"credit_hold_overdue_days": 1.5},
        {"credit_hold_overdue_days": "soon"},
        {"credit_limit_grace_percent": "-0.01"},
        {"credit_limit_grace_percent": "100.01"},
        {"credit_limit_grace_percent": "1.234"},
        {"credit_hold_min_amount": "-1"},
        {"credit_hold_min_amount": "10.001"},
        {"credit_hold_min_amount": "lots"},
    ):
        bad = client.patch(f"{BASE}/settings/", body, format="json")
        assert bad.status_code == 400, body
        assert list(bad.json()["fields"]) == list(body), bad.json()
    # off again
    off = client.patch(f"{BASE}/settings/", {"credit_hold_overdue_days": None}, format="json")
    assert off.json()["credit_hold_overdue_days"] is None
    with in_schema(world.alpha_schema):
        row = InvoiceSettings.objects.get(singleton=True)
        assert (
            row.credit_hold_overdue_days,
            row.credit_limit_grace_percent,
            row.credit_hold_min_amount,
        ) == (None, Decimal("7.50"), Decimal("5000"))
