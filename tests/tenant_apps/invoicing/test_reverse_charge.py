"""Purchases under reverse charge (ADR 0071): the vendor is owed the taxable value, the company
computes the tax as usual and posts it twice (input credit, and the reverse-charge liability it
pays in cash); the debit note follows its bill; GSTR-3B shows it in 3.1(d) and 4(A)(3); the
vendor's default; the self invoice of an unregistered supplier."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from tenant_apps.invoicing.gst import GstLineInput, gst_compute
from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import FY_DAY, GSTIN_GJ, entry_of, line

API = "/api/v1/invoicing"
GTA_SAC = "996791"  # goods transport agency services


def _freight(books: Any, price: str = "10000.40") -> list[dict[str, Any]]:
    from tenant_apps.finance.models import Account

    return [
        line(
            books.rate("GST5"),
            price=price,
            hsn=GTA_SAC,
            description="Freight Pune to Bengaluru",
            account=Account.objects.get(code="5130"),
        )
    ]


@pytest.fixture
def gta(books: Any) -> Any:
    """An unregistered goods transport agency in Maharashtra (alpha's state) whose bills are
    under reverse charge by default."""
    from tenant_apps.partners.services import partner_create

    return partner_create(
        user=books.user,
        data={
            "name": "Deccan Roadlines",
            "is_vendor": True,
            "billing_state": "27",
            "reverse_charge": True,
        },
    )


def test_the_engine_leaves_the_tax_out_of_what_the_supplier_is_owed():
    """Freight of 10,000.40 at 5% within the state: CGST and SGST 2.5% each, 250.01 (250.0100
    rounded); the supplier is owed 10,000.40 rounded to the rupee, 10,000, and the round-off is
    -0.40. Without reverse charge the total would be 10,500.42, rounded 10,500."""
    lines = [GstLineInput(quantity=D("1"), unit_price=D("10000.40"), gst_rate=D("5"))]

    rcm = gst_compute(lines=lines, supplier_state="27", place_of_supply="27", reverse_charge=True)
    usual = gst_compute(lines=lines, supplier_state="27", place_of_supply="27")

    assert (rcm.cgst_total, rcm.sgst_total, rcm.igst_total) == (D("250.01"), D("250.01"), 0)
    assert (rcm.total, rcm.round_off, rcm.lines[0].total) == (D("10000"), D("-0.40"), D("10000.40"))
    assert (usual.total, usual.round_off) == (D("10500"), D("-0.42"))
    assert rcm.tax_total == usual.tax_total == D("500.02")


def test_a_reverse_charge_bill_owes_the_vendor_the_taxable_value_and_books_the_tax_twice(
    books, gta, raise_document
):
    bill = raise_document("bill", gta, _freight(books))

    assert bill.reverse_charge  # the vendor's default
    assert (bill.taxable_total, bill.cgst_total, bill.sgst_total) == (
        D("10000.40"),
        D("250.01"),
        D("250.01"),
    )
    assert (bill.total, bill.round_off, bill.total_base) == (D("10000"), D("-0.40"), D("10000"))
    assert entry_of(bill) == [
        ("2111", D("0"), D("10000.00")),  # the transporter: the freight, rounded
        ("5130", D("10000.40"), D("0")),  # freight inward
        ("1151", D("250.01"), D("0")),  # input CGST: the credit
        ("1152", D("250.01"), D("0")),  # input SGST
        _round_off_credit(D("0.40")),  # the paise the vendor is not paid
        ("2126", D("0"), D("250.01")),  # CGST payable on reverse charge
        ("2127", D("0"), D("250.01")),  # SGST payable on reverse charge
    ]


def _round_off_credit(amount: D) -> tuple[str, D, D]:
    from tenant_apps.finance.models import Account

    return (Account.objects.get(role="round_off").code, D("0"), amount)


def test_from_another_state_it_is_igst_and_a_payment_of_the_taxable_value_settles_it(
    books, raise_document
):
    from tenant_apps.invoicing.models import DocumentStatus
    from tenant_apps.invoicing.services.payments import payment_create

    # the registered Gujarat vendor, marked on this bill only
    bill = raise_document("bill", books.vendor, _freight(books, "8000"), reverse_charge=True)

    assert (bill.igst_total, bill.cgst_total, bill.total) == (D("400.00"), 0, D("8000"))
    assert entry_of(bill) == [
        ("2111", D("0"), D("8000.00")),
        ("5130", D("8000.00"), D("0")),
        ("1153", D("400.00"), D("0")),  # input IGST
        ("2128", D("0"), D("400.00")),  # IGST payable on reverse charge
    ]
    payment_create(
        user=books.user,
        kind="payment",
        data={
            "partner": books.vendor,
            "date": FY_DAY,
            "account": books.bank,
            "amount": D("8000"),
            "allocations": [(bill, D("8000"))],
        },
    )
    bill.refresh_from_db()
    assert bill.status == DocumentStatus.PAID


def test_a_debit_note_follows_its_bill_and_mirrors_it(books, gta, raise_document):
    bill = raise_document("bill", gta, _freight(books, "4000"))

    note = raise_document("debit_note", gta, _freight(books, "1000"), original=bill)

    assert note.reverse_charge  # taken from the bill
    assert entry_of(note) == [
        ("2111", D("1000.00"), D("0")),
        ("5130", D("0"), D("1000.00")),
        ("1151", D("0"), D("25.00")),  # the credit given back
        ("1152", D("0"), D("25.00")),
        ("2126", D("25.00"), D("0")),  # and the liability with it
        ("2127", D("25.00"), D("0")),
    ]
    bill.refresh_from_db()
    assert bill.amount_open == D("3000")


def test_cancelling_a_reverse_charge_bill_leaves_nothing_owed_on_reverse_charge(
    books, gta, raise_document
):
    from tenant_apps.finance.selectors import role_balance
    from tenant_apps.invoicing.services.documents import document_cancel

    bill = raise_document("bill", gta, _freight(books, "6000"))

    note = document_cancel(user=books.user, document=bill, date=FY_DAY)

    assert (note.kind, note.reverse_charge, note.total) == ("debit_note", True, D("6000"))
    roles = ("tax_rcm_cgst", "tax_rcm_sgst", "tax_input_cgst", "tax_input_sgst", "payable")
    assert [role_balance(role, as_of=FY_DAY) for role in roles] == [0, 0, 0, 0, 0]


def test_the_duplicate_of_a_reverse_charge_bill_is_one_too(books, gta, raise_document):
    from tenant_apps.invoicing.services.documents import document_duplicate

    bill = raise_document("bill", gta, _freight(books, "500"), reverse_charge=False)
    assert not bill.reverse_charge  # said so, over the vendor's default
    marked = raise_document("bill", gta, _freight(books, "500"))

    copies = [document_duplicate(user=books.user, document=d, date=FY_DAY) for d in (bill, marked)]

    assert [c.reverse_charge for c in copies] == [False, True]
    assert [c.total for c in copies] == [D("525"), D("500")]


def test_what_reverse_charge_cannot_be_is_refused_in_the_error_shape_with_nothing_written(
    api_client, users, tenant_alpha, books, gta, raise_document
):
    from tenant_apps.finance.models import JournalEntry
    from tenant_apps.invoicing.models import Document

    rcm_bill = raise_document("bill", gta, _freight(books, "100"))
    usual_bill = raise_document("bill", books.vendor, _freight(books, "100"))
    nil_rate = books.rate("GST0").pk
    lines = [
        {
            "description": "Freight",
            "hsn_sac": GTA_SAC,
            "quantity": "1",
            "unit_price": "100",
            "tax_rate": books.rate("GST5").pk,
        }
    ]

    def body(partner: Any, **extra: Any) -> dict[str, Any]:
        return {"partner": partner.pk, "date": FY_DAY.isoformat(), "lines": lines, **extra}

    nil = [{**lines[0], "tax_rate": nil_rate, "hsn_sac": ""}]
    cases = [
        ("invoices", body(books.mh, reverse_charge=True), "purchases"),
        ("bills", body(gta, reverse_charge=True, is_opening=True, lines=nil), "opening"),
        (
            "notes",
            body(gta, kind="debit_note", original=rcm_bill.pk, reverse_charge=False),
            "is under reverse charge",
        ),
        (
            "notes",
            body(books.vendor, kind="debit_note", original=usual_bill.pk, reverse_charge=True),
            "is not under reverse charge",
        ),
        ("notes", body(books.mh, kind="credit_note", reverse_charge=True), "purchases"),
    ]
    before = (Document.objects.count(), JournalEntry.objects.count())
    client = api_client("alpha", users["owner_alpha"])
    for path, data, words in cases:
        response = client.post(f"{API}/{path}/", data, format="json")
        assert response.status_code == 400, (data, response.content)
        answer = response.json()
        assert list(answer["fields"]) == ["reverse_charge"], answer
        assert words in answer["detail"], answer
    # the database holds the rule too: no sale is ever marked
    with in_schema(tenant_alpha.schema_name):
        assert (Document.objects.count(), JournalEntry.objects.count()) == before
        from django.db import IntegrityError, transaction

        invoice = Document.objects.create(
            kind="invoice", partner=books.mh, date=FY_DAY, place_of_supply="27"
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.filter(pk=invoice.pk).update(reverse_charge=True)
        opening = Document.objects.create(
            kind="bill", partner=gta, date=FY_DAY, place_of_supply="27", is_opening=True
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.filter(pk=opening.pk).update(reverse_charge=True)
        Document.objects.filter(pk=opening.pk).update(is_opening=False, reverse_charge=True)


def test_the_api_shows_the_flag_and_the_vendors_default_and_the_note_takes_its_bills(
    api_client, users, tenant_alpha, books, gta, raise_document
):
    rate = books.rate("GST5").pk
    client = api_client("alpha", users["owner_alpha"])
    lines = [
        {
            "description": "Freight",
            "hsn_sac": GTA_SAC,
            "quantity": "1",
            "unit_price": "2000",
            "tax_rate": rate,
        }
    ]
    vendor = client.get(f"/api/v1/partners/{gta.pk}/").json()
    assert vendor["reverse_charge"] is True

    bill = client.post(
        f"{API}/bills/", {"partner": gta.pk, "date": "2026-06-15", "lines": lines}, format="json"
    ).json()
    assert (bill["reverse_charge"], bill["cgst_total"], bill["total"]) == (
        True,
        "50.0000",
        "2000.0000",
    )
    posted = client.post(f"{API}/bills/{bill['id']}/post/", {}, format="json").json()
    note = client.post(
        f"{API}/notes/",
        {
            "partner": gta.pk,
            "kind": "debit_note",
            "original": posted["id"],
            "date": "2026-06-16",
            "lines": [{**lines[0], "unit_price": "500"}],
        },
        format="json",
    ).json()
    assert (note["reverse_charge"], note["total"]) == (True, "500.0000")
    listed = client.get(f"{API}/bills/", {"search": posted["number"]}).json()["results"]
    assert [b["reverse_charge"] for b in listed] == [True]


def test_gstr3b_shows_reverse_charge_in_3_1_d_and_4_a_3_and_keeps_4_a_5_apart(
    api_client, users, tenant_alpha, books, gta, raise_document
):
    """A sale of 10,000 at 18% within the state (CGST/SGST 900 each); a bill of 5,000 from
    Gujarat at 18% (IGST 900, 4(A)(5)); freight of 4,000 under reverse charge at 5% within the
    state (CGST/SGST 100 each) less its debit note of 1,000 (25 each)."""
    raise_document("invoice", books.mh, [line(books.rate("GST18"), price="10000")])
    raise_document("bill", books.vendor, [line(books.rate("GST18"), price="5000")])
    bill = raise_document("bill", gta, _freight(books, "4000"))
    raise_document("debit_note", gta, _freight(books, "1000"), original=bill)

    body = (
        api_client("alpha", users["owner_alpha"])
        .get(f"{API}/reports/gstr3b/", {"date_from": "2026-06-01", "date_to": "2026-06-30"})
        .json()
    )

    rcm = {"taxable": "3000.0000", "igst": "0.0000", "cgst": "75.0000", "sgst": "75.0000"}
    assert body["inward_reverse_charge"] == rcm | {"cess": "0.0000"}
    assert body["itc_reverse_charge"] == rcm | {"cess": "0.0000"}
    assert body["itc_available"] == {
        "taxable": "5000.0000",
        "igst": "900.0000",
        "cgst": "0.0000",
        "sgst": "0.0000",
        "cess": "0.0000",
    }
    # other than reverse charge: output 900 + 900 less all credit, 900 IGST and 75 + 75
    assert body["tax_payable"] == {
        "igst": "-900.0000",
        "cgst": "825.0000",
        "sgst": "825.0000",
        "cess": "0.0000",
    }
    assert body["reverse_charge_cash"] == {
        "igst": "0.0000",
        "cgst": "75.0000",
        "sgst": "75.0000",
        "cess": "0.0000",
    }
    from tenant_apps.invoicing import report_tables

    with in_schema(tenant_alpha.schema_name):
        from tenant_apps.invoicing import reports

        table = report_tables.gstr3b_report(
            reports.gstr3b(date_from=dt.date(2026, 6, 1), date_to=dt.date(2026, 6, 30))
        ).tables[0]
    labels = [row[0] for row in table.rows] + [row[0] for row in table.totals]
    assert "3.1(d) Inward supplies (reverse charge)" in labels
    assert "4(A)(3) ITC on reverse charge" in labels
    assert "Tax payable on reverse charge, in cash" in labels


def test_gstr2b_keeps_reverse_charge_rows_out_of_4_a_5_and_tells_a_flag_apart(
    books, raise_document
):
    from tenant_apps.core.models import CompanySettings
    from tenant_apps.invoicing.gstr2b import differences, itc_per_gstr2b
    from tenant_apps.invoicing.models import Gstr2bLine
    from tenant_apps.invoicing.services.gstr2b import gstr2b_import
    from tests.tenant_apps.invoicing.conftest import COMPANY_GSTIN, b2b, portal_file

    CompanySettings.objects.filter(singleton=True).update(gstin=COMPANY_GSTIN)
    bill = raise_document(
        "bill", books.vendor, _freight(books, "1000"), reference="GT-1", reverse_charge=False
    )
    gstr2b_import(
        user=books.user,
        content=portal_file(
            [
                b2b("GT-1", "15-06-2026", 1000, 50, rev="Y"),
                b2b("SS-9", "15-06-2026", 2000, 360),
            ]
        ),
        file_name="2b.json",
    )

    assert itc_per_gstr2b(dt.date(2026, 6, 1), dt.date(2026, 6, 30))["igst"] == D("360.00")
    row = Gstr2bLine.objects.get(number="GT-1")
    assert row.document_id == bill.pk
    assert "reverse_charge" in differences(row, bill)


def test_an_unregistered_transporters_bill_prints_as_the_companys_self_invoice(
    books, gta, raise_document
):
    from tenant_apps.invoicing.models import Document
    from tenant_apps.invoicing.pdf import document_html

    bill = raise_document("bill", gta, _freight(books, "3000"))
    registered = raise_document("bill", books.vendor, _freight(books, "3000"), reverse_charge=True)

    html = document_html(Document.objects.get(pk=bill.pk))
    other = document_html(Document.objects.get(pk=registered.pk))

    assert "SELF INVOICE (REVERSE CHARGE)" in html and bill.number in html
    assert "payable by the recipient on reverse charge" in html
    assert "<td>Reverse charge</td><td><strong>Yes</strong></td>" in html
    assert "PURCHASE BILL" in other and GSTIN_GJ in other


def test_every_chart_has_the_reverse_charge_ledgers_among_duties_and_taxes(books):
    from tenant_apps.finance.models import Account

    ledgers = Account.objects.filter(role__startswith="tax_rcm_").order_by("code")

    assert [(a.code, a.name, a.type, a.parent.code) for a in ledgers] == [
        ("2126", "CGST Payable - Reverse Charge", "liability", "2120"),
        ("2127", "SGST Payable - Reverse Charge", "liability", "2120"),
        ("2128", "IGST Payable - Reverse Charge", "liability", "2120"),
        ("2129", "Cess Payable - Reverse Charge", "liability", "2120"),
    ]
