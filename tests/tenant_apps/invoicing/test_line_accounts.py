"""A document line's ledger and cost centre (ADR 0069): where its taxable value posts, the
rounding of foreign-currency groups, what a sale or a purchase may name, and the copies a
cancellation and a duplicate make."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import FY_DAY, line

API = "/api/v1/invoicing"


def _account(code: str) -> Any:
    from tenant_apps.finance.models import Account

    return Account.objects.get(code=code)


def _centre(code: str, **extra: Any) -> Any:
    from tenant_apps.finance.models import CostCentre

    return CostCentre.objects.create(code=code, name=f"Project {code}", **extra)


def _entry(document: Any) -> list[tuple[str, D, D, str | None]]:
    """(account code, debit, credit, cost centre code) of the document's entry, by line."""
    from tenant_apps.finance.models import JournalLine

    return [
        (x.account.code, x.debit, x.credit, x.cost_centre.code if x.cost_centre else None)
        for x in JournalLine.objects.filter(entry_id=document.journal_entry_id)
        .select_related("account", "cost_centre")
        .order_by("line_no")
    ]


def test_a_bill_posts_each_line_to_its_ledger_and_cost_centre(books, raise_document):
    taj = _centre("P-TAJ")
    bill = raise_document(
        "bill",
        books.vendor,  # Gujarat: IGST
        [
            line(books.rate("GST18"), price="1000", description="Freight", account=_account("5130"))
            | {"cost_centre": taj},
            line(books.rate("GST18"), price="500", description="Sheet", cost_centre=taj),
            line(books.rate("GST18"), price="200", description="Gloves"),
            line(books.rate("GST18"), price="300", account=_account("5130"), cost_centre=taj),
        ],
    )

    assert _entry(bill) == [
        ("2111", D("0"), D("2360.00"), None),  # the vendor: 2000 + 18% IGST
        ("5130", D("1300.00"), D("0"), "P-TAJ"),  # freight lines of the job, summed
        ("5110", D("500.00"), D("0"), "P-TAJ"),  # purchases, of the job
        ("5110", D("200.00"), D("0"), None),  # purchases, no cost centre
        ("1153", D("360.00"), D("0"), None),  # input IGST
    ]


def test_foreign_currency_groups_round_on_their_own_and_add_up_to_the_document(
    books, raise_document
):
    """Three lines of USD 0.33 at 83.345455: each group is 27.504 and rounds to 27.50, the
    three to 82.50, but the document's taxable 0.99 at that rate is 82.512, 82.51: the
    largest group (the first of equals) takes the paisa, and the entry equals the document."""
    from tenant_apps.finance.models import Account

    export = Account.objects.get(role="sales_export")
    job = _account("4140")  # job work income
    usd = {"currency": "USD", "exchange_rate": D("83.345455"), "place_of_supply": "96"}
    invoice = raise_document(
        "invoice",
        books.ka,
        [
            line(books.rate("GST0"), price="0.33", account=job, hsn="998898"),
            line(books.rate("GST0"), price="0.33", cost_centre=_centre("P-EXP")),
            line(books.rate("GST0"), price="0.33"),
        ],
        **usd,
    )

    entry = _entry(invoice)
    assert [(code, credit) for code, _debit, credit, _c in entry[1:]] == [
        ("4140", D("27.51")),  # the first of the largest takes the drift
        (export.code, D("27.50")),
        (export.code, D("27.50")),
    ]
    assert entry[0][1] == D("82.51") == (invoice.taxable_total * D("83.345455")).quantize(D("0.01"))


def test_what_a_line_may_name_is_refused_in_the_error_shape_with_nothing_written(
    api_client, users, tenant_alpha, books
):
    from tenant_apps.finance.models import JournalEntry
    from tenant_apps.invoicing.models import Document

    group = _centre("PROJ", is_group=True)
    closed = _centre("P-OLD", is_active=False)
    rate = books.rate("GST18")
    plant, job_work, nil_rate = _account("1220").pk, _account("4140").pk, books.rate("GST0").pk
    cases = [
        ("invoices", books.mh, {"account": _account("5130").pk}, "account", "a sale posts to"),
        ("invoices", books.mh, {"account": _account("1121").pk}, "account", "control ledger"),
        ("invoices", books.mh, {"account": _account("41").pk}, "account", "is a group"),
        ("bills", books.vendor, {"account": _account("4110").pk}, "account", "a purchase posts"),
        ("bills", books.vendor, {"account": _account("1153").pk}, "account", "control ledger"),
        ("bills", books.vendor, {"cost_centre": group.pk}, "cost_centre", "is a group"),
        ("bills", books.vendor, {"cost_centre": closed.pk}, "cost_centre", "is inactive"),
        ("bills", books.vendor, {"cost_centre": 987654}, "cost_centre", "does not exist"),
    ]
    client = api_client("alpha", users["owner_alpha"])

    def body(partner: Any, **extra: Any) -> dict[str, Any]:
        return {
            "partner": partner.pk,
            "date": FY_DAY.isoformat(),
            "lines": [
                {
                    "description": "Tandoor",
                    "hsn_sac": "8419",
                    "quantity": "1",
                    "unit_price": "100",
                    "tax_rate": rate.pk,
                    **extra,
                }
            ],
        }

    with in_schema(tenant_alpha.schema_name):
        before = (Document.objects.count(), JournalEntry.objects.count())
    for path, partner, extra, field, words in cases:
        response = client.post(f"{API}/{path}/", body(partner, **extra), format="json")
        assert response.status_code == 400, (extra, response.content)
        answer = response.json()
        assert list(answer["fields"]) == [f"lines.0.{field}"], answer
        assert words in answer["fields"][f"lines.0.{field}"][0], answer
    # a capital purchase: an asset ledger on a bill
    bought = client.post(f"{API}/bills/", body(books.vendor, account=plant), format="json")
    assert bought.status_code == 201, bought.content
    assert bought.json()["lines"][0]["account_name"] == "1220 Plant and Machinery"
    # an opening balance names neither
    opening = body(books.mh, account=job_work)
    opening["is_opening"] = True
    opening["lines"][0] |= {"tax_rate": nil_rate, "hsn_sac": ""}
    response = client.post(f"{API}/invoices/", opening, format="json")
    assert response.json()["fields"] == {
        "lines.0.account": ["An opening balance posts to the opening balance account."]
    }
    with in_schema(tenant_alpha.schema_name):
        assert (Document.objects.count(), JournalEntry.objects.count()) == (
            before[0] + 1,
            before[1],
        )


def test_a_cost_centre_closed_after_the_draft_stops_the_posting(books, raise_document):
    from tenant_apps.core.exceptions import ApplicationError
    from tenant_apps.finance.models import CostCentre
    from tenant_apps.invoicing.services.documents import document_post

    taj = _centre("P-TAJ")
    draft = raise_document(
        "invoice", books.mh, [line(books.rate("GST18"), cost_centre=taj)], post=False
    )
    CostCentre.objects.filter(pk=taj.pk).update(is_active=False)

    with pytest.raises(ApplicationError) as refused:
        document_post(user=books.user, document=draft)

    assert "P-TAJ is inactive" in str(refused.value.detail)
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.journal_entry_id) == ("draft", "", None)


def test_cancelling_copies_the_lines_ledgers_and_the_job_nets_to_nothing(books, raise_document):
    from tenant_apps.finance.selectors import cost_centre_summary
    from tenant_apps.invoicing.services.documents import document_cancel, document_duplicate

    taj = _centre("P-TAJ")
    invoice = raise_document(
        "invoice",
        books.mh,
        [line(books.rate("GST18"), price="4000", account=_account("4140"), cost_centre=taj)],
    )
    copy = document_duplicate(user=books.user, document=invoice, date=FY_DAY)
    assert list(copy.lines.values_list("account__code", "cost_centre__code")) == [("4140", "P-TAJ")]

    note = document_cancel(user=books.user, document=invoice, date=FY_DAY, reason="Wrong job")

    assert list(note.lines.values_list("account__code", "cost_centre__code")) == [("4140", "P-TAJ")]
    assert ("4140", D("4000.00"), D("0"), "P-TAJ") in _entry(note)
    report = cost_centre_summary(from_date=FY_DAY, to_date=FY_DAY)
    assert [(r.code, r.income, r.expense) for r in report.rows] == [("P-TAJ", D("0"), D("0"))]


def test_a_jobs_documents_are_listed_by_its_cost_centre(
    api_client, users, tenant_alpha, books, raise_document
):
    group = _centre("PROJ", is_group=True)
    taj = _centre("P-TAJ", parent=group)
    other = _centre("P-OBR")
    rate = books.rate("GST18")
    mixed = raise_document("invoice", books.mh, [line(rate), line(rate, cost_centre=taj)])
    raise_document("invoice", books.mh, [line(rate, cost_centre=other)])
    raise_document("invoice", books.mh, [line(rate)])
    bill = raise_document("bill", books.vendor, [line(rate, cost_centre=taj)], post=False)
    client = api_client("alpha", users["owner_alpha"])

    def numbers(path: str, centre: Any) -> list[int]:
        response = client.get(f"{API}/{path}/?cost_centre={centre}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert numbers("invoices", group.pk) == [mixed.pk]  # once, though two lines match
    assert numbers("invoices", taj.pk) == [mixed.pk]
    assert numbers("bills", group.pk) == [bill.pk]
    bad = client.get(f"{API}/invoices/?cost_centre=taj")
    assert bad.status_code == 400
    assert list(bad.json()["fields"]) == ["cost_centre"]
