"""A journal entry in a foreign currency through the API: line amounts in the entry's
currency, base amounts = amount x rate rounded half up per line, the rounding difference on
the largest line of the short side, and the trial balance in the base currency.

Worked example (the browser test enters the same): an export receipt of USD 1,250.00 at
₹83.4567 per USD, of which the bank charged USD 12.55.

    line                      USD        x 83.4567          rounded     posted
    Dr 1121 Bank           1,237.45   1,03,273.494...   1,03,273.49   1,03,273.50  (+0.01)
    Dr 5240 Bank Charges      12.55       1,047.381...      1,047.38      1,047.38
    Cr 4120 Sales - Export 1,250.00   1,04,320.875      1,04,320.88   1,04,320.88

The USD amounts balance; the rounded debits fall 0.01 short, so the largest debit (the bank
line) takes the paisa and the entry balances in rupees too.
"""

from __future__ import annotations

from typing import Any

import pytest

from tenant_apps.finance.models import Account, JournalEntry
from tenant_apps.finance.services import fiscal_year_ensure
from tests.conftest import in_schema
from tests.tenant_apps.finance.conftest import FY_DAY

BASE = "/api/v1/finance"


@pytest.fixture
def accounts(tenant_alpha) -> dict[str, int]:
    with in_schema(tenant_alpha.schema_name):
        fiscal_year_ensure(on=FY_DAY)
        return dict(
            Account.objects.filter(code__in=["1121", "5240", "4120"]).values_list("code", "pk")
        )


@pytest.fixture
def client(api_client, users) -> Any:
    return api_client("alpha", users["owner_alpha"])


def _entry(accounts: dict[str, int], **extra: Any) -> dict[str, Any]:
    return {
        "date": FY_DAY.isoformat(),
        "narration": "Export receipt, invoice 17",
        "lines": [
            {"account": accounts["1121"], "debit": "1237.45"},
            {"account": accounts["5240"], "debit": "12.55"},
            {"account": accounts["4120"], "credit": "1250.00"},
        ],
        **extra,
    }


def test_a_usd_entry_posts_its_lines_in_rupees_and_keeps_the_dollars(client, accounts):
    # when
    created = client.post(
        f"{BASE}/journal-entries/",
        _entry(accounts, currency="USD", exchange_rate="83.4567"),
        format="json",
    )
    assert created.status_code == 201, created.json()
    posted = client.post(f"{BASE}/journal-entries/{created.json()['id']}/post/")

    # then
    assert posted.status_code == 200, posted.json()
    body = posted.json()
    assert (body["currency"], body["exchange_rate"], body["total"]) == (
        "USD",
        "83.456700",
        "104320.8800",
    )
    assert [
        (line["account_code"], line["debit"], line["credit"], line["amount_currency"])
        for line in body["lines"]
    ] == [
        ("1121", "103273.5000", "0.0000", "1237.4500"),
        ("5240", "1047.3800", "0.0000", "12.5500"),
        ("4120", "0.0000", "104320.8800", "-1250.0000"),
    ]
    tb = client.get(f"{BASE}/reports/trial-balance/?to_date=2026-06-30").json()
    rows = {row["code"]: row["values"] for row in tb["rows"]}
    assert (rows["1121"]["closing_debit"], rows["5240"]["closing_debit"]) == (
        "103273.5000",
        "1047.3800",
    )
    assert rows["4120"]["closing_credit"] == "104320.8800"
    assert tb["totals"]["closing_debit"] == tb["totals"]["closing_credit"] == "104320.8800"


def test_a_foreign_currency_without_a_rate_is_a_400_and_writes_nothing(
    client, accounts, tenant_alpha
):
    with in_schema(tenant_alpha.schema_name):
        before = JournalEntry.objects.count()

    response = client.post(
        f"{BASE}/journal-entries/", _entry(accounts, currency="USD"), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "code": "invalid",
        "fields": {"exchange_rate": ["Give the exchange rate for USD."]},
    }
    with in_schema(tenant_alpha.schema_name):
        assert JournalEntry.objects.count() == before


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"currency": "INR", "exchange_rate": "83.4567"}, "exchange_rate"),  # base: rate is 1
        ({"currency": "USD", "exchange_rate": "0"}, "exchange_rate"),
        ({"currency": "usd", "exchange_rate": "83"}, "currency"),
    ],
)
def test_bad_currency_input_is_a_400_on_its_field(client, accounts, tenant_alpha, extra, field):
    with in_schema(tenant_alpha.schema_name):
        before = JournalEntry.objects.count()

    response = client.post(f"{BASE}/journal-entries/", _entry(accounts, **extra), format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    with in_schema(tenant_alpha.schema_name):
        assert JournalEntry.objects.count() == before


def test_the_base_currency_named_without_a_rate_counts_at_one(client, accounts):
    response = client.post(
        f"{BASE}/journal-entries/", _entry(accounts, currency="INR"), format="json"
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["exchange_rate"], response.json()["total"]) == ("1.000000", "1250.0000")


def test_a_draft_moved_to_a_foreign_currency_needs_its_rate(client, accounts):
    draft = client.post(f"{BASE}/journal-entries/", _entry(accounts), format="json").json()

    refused = client.patch(
        f"{BASE}/journal-entries/{draft['id']}/", {"currency": "USD"}, format="json"
    )
    moved = client.patch(
        f"{BASE}/journal-entries/{draft['id']}/",
        {"currency": "USD", "exchange_rate": "83.4567"},
        format="json",
    )

    assert (refused.status_code, list(refused.json()["fields"])) == (400, ["exchange_rate"])
    assert moved.status_code == 200, moved.json()
    assert [line["debit"] for line in moved.json()["lines"]] == [
        "103273.5000",
        "1047.3800",
        "0.0000",
    ]
