"""Blocked input tax credit (CGST Act s.17(5), ADR 0072): a purchase line whose tax the law does
not let the company take posts that tax with its cost; GSTR-3B shows it in 4(A) and reverses it
in 4(B)(1); a sale refuses the flag; the debit note and the duplicate carry it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

from tests.tenant_apps.invoicing.conftest import FY_DAY, entry_of, line

API = "/api/v1/invoicing"
JUNE = {"date_from": dt.date(2026, 6, 1), "date_to": dt.date(2026, 6, 30)}


def _account(code: str) -> Any:
    from tenant_apps.finance.models import Account

    return Account.objects.get(code=code)


def _lines(books: Any) -> list[dict[str, Any]]:
    """Sheet for the works, 1,000 at 18%; meals for the staff canteen, 2,000 at 5%, blocked
    (s.17(5)(b)(i)), booked to office expenses."""
    return [
        line(books.rate("GST18"), price="1000", description="SS sheet"),
        line(
            books.rate("GST5"),
            price="2000",
            hsn="996331",
            description="Canteen meals, June",
            account=_account("5230"),
            itc_eligible=False,
        ),
    ]


def test_a_blocked_lines_tax_posts_with_its_cost_and_only_the_rest_is_input_credit(
    books, raise_document
):
    # the Gujarat vendor: IGST, 180 on the sheet and 100 on the meals
    bill = raise_document("bill", books.vendor, _lines(books))

    assert (bill.igst_total, bill.total) == (D("280.00"), D("3280"))
    assert entry_of(bill) == [
        ("2111", D("0"), D("3280.00")),  # the vendor is owed it all
        ("5110", D("1000.00"), D("0")),  # purchases
        ("5230", D("2100.00"), D("0")),  # the meals and their blocked tax
        ("1153", D("180.00"), D("0")),  # input IGST: the sheet's alone
    ]


def test_a_debit_note_and_a_cancellation_carry_the_block(books, raise_document):
    from tenant_apps.invoicing.services.documents import document_cancel, document_duplicate

    bill = raise_document("bill", books.vendor, _lines(books))
    copy = document_duplicate(user=books.user, document=bill, date=FY_DAY)
    note = document_cancel(user=books.user, document=bill, date=FY_DAY)

    assert [x.itc_eligible for x in copy.lines.order_by("position")] == [True, False]
    assert [x.itc_eligible for x in note.lines.order_by("position")] == [True, False]
    assert entry_of(note) == [
        ("2111", D("3280.00"), D("0")),
        ("5110", D("0"), D("1000.00")),
        ("5230", D("0"), D("2100.00")),
        ("1153", D("0"), D("180.00")),
    ]


def test_under_reverse_charge_the_blocked_tax_is_still_owed_and_becomes_cost(books, raise_document):
    """A rent-a-cab service under reverse charge, blocked (s.17(5)(b)(i)): the company pays the
    5% itself and cannot take it back."""
    bill = raise_document(
        "bill",
        books.vendor,
        [
            line(
                books.rate("GST5"),
                price="4000",
                hsn="996601",
                account=_account("5230"),
                itc_eligible=False,
            )
        ],
        reverse_charge=True,
    )

    assert entry_of(bill) == [
        ("2111", D("0"), D("4000.00")),
        ("5230", D("4200.00"), D("0")),  # the hire and the tax the company pays on it
        ("2128", D("0"), D("200.00")),  # IGST payable on reverse charge
    ]


def test_gstr3b_shows_blocked_credit_as_available_then_reversed(books, raise_document):
    from tenant_apps.invoicing import report_tables, reports

    raise_document("invoice", books.mh, [line(books.rate("GST18"), price="10000")])
    raise_document("bill", books.vendor, _lines(books))

    r = reports.gstr3b(**JUNE)

    assert (r["itc_available"]["taxable"], r["itc_available"]["igst"]) == (D("3000"), D("280"))
    assert (r["itc_reversed"]["taxable"], r["itc_reversed"]["igst"]) == (D("2000"), D("100"))
    assert r["itc_net"] == {"igst": D("180"), "cgst": 0, "sgst": 0, "cess": 0}
    # output CGST/SGST 900 each; the net IGST credit 180 is left over
    assert r["tax_payable"] == {"igst": D("-180"), "cgst": D("900"), "sgst": D("900"), "cess": 0}
    table = report_tables.gstr3b_report(r).tables[0]
    rows = {row[0]: list(row[1:]) for row in table.rows}
    assert rows["4(B)(1) ITC reversed: blocked (s.17(5))"] == [D("2000"), D("100"), 0, 0, 0]
    assert rows["4(C) Net ITC available"] == [None, D("180"), 0, 0, 0]


def test_a_sale_refuses_the_flag_and_the_api_shows_it(api_client, users, tenant_alpha, books):
    from tenant_apps.invoicing.models import Document

    rate = books.rate("GST18").pk
    before = Document.objects.count()
    client = api_client("alpha", users["owner_alpha"])
    body = {
        "date": FY_DAY.isoformat(),
        "lines": [
            {
                "description": "Canteen meals",
                "hsn_sac": "996331",
                "quantity": "1",
                "unit_price": "100",
                "tax_rate": rate,
                "itc_eligible": False,
            }
        ],
    }

    refused = client.post(f"{API}/invoices/", {**body, "partner": books.mh.pk}, format="json")
    saved = client.post(f"{API}/bills/", {**body, "partner": books.vendor.pk}, format="json")

    assert refused.status_code == 400, refused.content
    assert refused.json()["fields"] == {
        "lines.0.itc_eligible": ["Input tax credit is a purchase's: not on a sale."]
    }
    assert saved.status_code == 201, saved.content
    assert [x["itc_eligible"] for x in saved.json()["lines"]] == [False]
    from tests.conftest import in_schema

    with in_schema(tenant_alpha.schema_name):
        assert Document.objects.count() == before + 1
