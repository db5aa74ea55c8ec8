"""Editing and deleting a draft journal entry through the API, as the edit page does: PATCH takes
the create payload (lines without `partner` or `credit`), replaces every line, keeps what was
left out; bad input is a 400 in the error shape and changes nothing; posted entries are refused."""

from __future__ import annotations

from typing import Any

import pytest

from tenant_apps.finance.models import Account, JournalEntry, JournalLine
from tenant_apps.finance.services import fiscal_year_ensure
from tenant_apps.partners.models import Partner
from tests.conftest import in_schema
from tests.tenant_apps.finance.conftest import FY_DAY

BASE = "/api/v1/finance/journal-entries"


@pytest.fixture
def books(tenant_alpha) -> dict[str, int]:
    with in_schema(tenant_alpha.schema_name):
        fiscal_year_ensure(on=FY_DAY)
        ids = dict(
            Account.objects.filter(code__in=["1121", "1110", "4110", "5240"]).values_list(
                "code", "pk"
            )
        )
        ids["partner"] = Partner.objects.create(
            code="C-0001", name="Mehta Hotels", is_customer=True
        ).pk
        return ids


@pytest.fixture
def client(api_client, users) -> Any:
    return api_client("alpha", users["owner_alpha"])


def _lines(tenant: Any, entry_id: int) -> list[tuple[Any, ...]]:
    with in_schema(tenant.schema_name):
        return list(
            JournalLine.objects.filter(entry_id=entry_id)
            .order_by("line_no")
            .values_list("line_no", "account_id", "partner_id", "description", "debit", "credit")
        )


def _state(tenant: Any, entry_id: int) -> tuple[Any, ...]:
    with in_schema(tenant.schema_name):
        entry = JournalEntry.objects.values(
            "date", "narration", "currency", "exchange_rate", "total", "status", "updated_at"
        ).get(pk=entry_id)
    return entry, _lines(tenant, entry_id)


def _draft(client: Any, books: dict[str, int]) -> dict[str, Any]:
    response = client.post(
        f"{BASE}/",
        {
            "date": FY_DAY.isoformat(),
            "narration": "Cash sale",
            "lines": [
                {"account": books["1110"], "debit": "100", "description": ""},
                {"account": books["4110"], "credit": "60", "description": ""},
                {"account": books["4110"], "credit": "40", "description": ""},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()  # type: ignore[no-any-return]


def test_patch_takes_the_create_payload_and_replaces_every_line(client, books, tenant_alpha):
    # given a draft of three lines
    draft = _draft(client, books)

    # when the edit page saves it with the create form's payload: two lines, one with a partner
    response = client.patch(
        f"{BASE}/{draft['id']}/",
        {
            "date": "2026-06-20",
            "narration": "Cash sale to Mehta Hotels",
            "currency": "INR",
            "exchange_rate": "1",
            "lines": [
                {"account": books["1121"], "debit": "250.50", "description": "Deposited"},
                {
                    "account": books["4110"],
                    "credit": "250.50",
                    "partner": books["partner"],
                    "description": "",
                },
            ],
        },
        format="json",
    )

    # then the lines are replaced, numbered afresh, and the detail carries what the form shows
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["date"], body["narration"], body["status"], body["total"]) == (
        "2026-06-20",
        "Cash sale to Mehta Hotels",
        "draft",
        "250.5000",
    )
    assert [
        (
            line["line_no"],
            line["account"],
            line["partner"],
            line["partner_name"],
            line["description"],
            line["debit"],
            line["credit"],
            line["amount_currency"],
        )
        for line in body["lines"]
    ] == [
        (1, books["1121"], None, None, "Deposited", "250.5000", "0.0000", "250.5000"),
        (
            2,
            books["4110"],
            books["partner"],
            "Mehta Hotels",
            "",
            "0.0000",
            "250.5000",
            "-250.5000",
        ),
    ]
    assert len(_lines(tenant_alpha, draft["id"])) == 2


def test_patch_keeps_what_it_leaves_out(client, books, tenant_alpha):
    # given
    draft = _draft(client, books)
    lines_before = _lines(tenant_alpha, draft["id"])

    # when only the date changes, then only the narration
    dated = client.patch(f"{BASE}/{draft['id']}/", {"date": "2026-06-01"}, format="json")
    renamed = client.patch(f"{BASE}/{draft['id']}/", {"narration": "Counter sale"}, format="json")

    # then the narration, the lines and the date each survive the other change
    assert dated.status_code == 200, dated.json()
    assert (dated.json()["date"], dated.json()["narration"]) == ("2026-06-01", "Cash sale")
    assert renamed.status_code == 200, renamed.json()
    assert (renamed.json()["date"], renamed.json()["narration"]) == ("2026-06-01", "Counter sale")
    assert renamed.json()["total"] == "100.0000"
    assert _lines(tenant_alpha, draft["id"]) == lines_before


def _line(books: dict[str, int], **fields: Any) -> dict[str, Any]:
    return {"account": books["1110"], "debit": "10", **fields}


BAD_PATCHES: list[tuple[str, Any, str, str]] = [
    ("no lines", lambda b: {"lines": []}, "empty", "lines.non_field_errors"),
    (
        "a line without its account",
        lambda b: {"lines": [{"debit": "10"}, {"account": b["4110"], "credit": "10"}]},
        "required",
        "lines.0.account",
    ),
    (
        "an unknown account",
        lambda b: {"lines": [_line(b, account=999999), _line(b)]},
        "invalid",
        "lines.0.account",
    ),
    (
        "an unknown partner",
        lambda b: {"lines": [_line(b), _line(b, partner=999999)]},
        "invalid",
        "lines.1.partner",
    ),
    (
        "a partner that is not a number",
        lambda b: {"lines": [_line(b, partner="Mehta"), _line(b)]},
        "invalid",
        "lines.0.partner",
    ),
    (
        "a debit and a credit on one line",
        lambda b: {"lines": [_line(b, credit="10"), _line(b)]},
        "invalid_line",
        "lines.0",
    ),
    (
        "a negative amount",
        lambda b: {"lines": [_line(b, debit="-5"), _line(b)]},
        "min_value",
        "lines.0.debit",
    ),
    (
        "an amount that is not a number",
        lambda b: {"lines": [_line(b, debit="ten"), _line(b)]},
        "invalid",
        "lines.0.debit",
    ),
    (
        "lines that are not a list",
        lambda b: {"lines": "two"},
        "not_a_list",
        "lines.non_field_errors",
    ),
    ("a bad date", lambda b: {"date": "20-06-2026"}, "invalid", "date"),
    ("a date in no fiscal year", lambda b: {"date": "2031-01-01"}, "no_fiscal_year", "date"),
    (
        "a foreign currency without its rate",
        lambda b: {"currency": "USD"},
        "invalid",
        "exchange_rate",
    ),
    (
        "the base currency at another rate",
        lambda b: {"currency": "INR", "exchange_rate": "2"},
        "invalid",
        "exchange_rate",
    ),
    ("a narration too long", lambda b: {"narration": "x" * 501}, "max_length", "narration"),
]


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [case[1:] for case in BAD_PATCHES],
    ids=[case[0] for case in BAD_PATCHES],
)
def test_a_bad_patch_is_a_400_on_its_field_and_changes_nothing(
    client, books, tenant_alpha, body, code, field
):
    # given
    draft = _draft(client, books)
    before = _state(tenant_alpha, draft["id"])

    # when
    response = client.patch(f"{BASE}/{draft['id']}/", body(books), format="json")

    # then
    assert response.status_code == 400, response.content
    data = response.json()
    assert set(data) == {"detail", "code", "fields"}
    assert data["code"] == code, data
    assert field in data["fields"], data
    assert _state(tenant_alpha, draft["id"]) == before


def test_an_unknown_partner_on_create_is_a_400_and_creates_nothing(client, books, tenant_alpha):
    with in_schema(tenant_alpha.schema_name):
        count = JournalEntry.objects.count()

    response = client.post(
        f"{BASE}/",
        {"date": FY_DAY.isoformat(), "lines": [_line(books, partner=999999), _line(books)]},
        format="json",
    )

    assert response.status_code == 400, response.content
    assert response.json()["fields"] == {"lines.0.partner": ["Unknown partner."]}
    with in_schema(tenant_alpha.schema_name):
        assert JournalEntry.objects.count() == count


def test_a_posted_entry_is_neither_edited_nor_deleted_and_a_draft_is_deleted(
    client, books, tenant_alpha
):
    # given a posted entry and a draft
    posted = _draft(client, books)
    assert client.post(f"{BASE}/{posted['id']}/post/").status_code == 200
    before = _state(tenant_alpha, posted["id"])
    draft = _draft(client, books)

    # when
    edited = client.patch(
        f"{BASE}/{posted['id']}/",
        {"lines": [_line(books), _line(books, debit="0", credit="10")]},
        format="json",
    )
    deleted = client.delete(f"{BASE}/{posted['id']}/")
    draft_deleted = client.delete(f"{BASE}/{draft['id']}/")

    # then
    assert (edited.status_code, edited.json()["code"]) == (400, "invalid_state")
    assert (deleted.status_code, deleted.json()["code"]) == (400, "invalid_state")
    assert _state(tenant_alpha, posted["id"]) == before
    assert draft_deleted.status_code == 204
    assert client.get(f"{BASE}/{draft['id']}/").status_code == 404
    assert _lines(tenant_alpha, draft["id"]) == []
