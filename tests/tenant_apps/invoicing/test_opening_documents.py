"""Opening documents: customer and vendor balances brought forward from another system. They are
open items like any invoice or bill (aged reports, statements, payments), but not tax documents:
no GST, their own OB series, posted against the opening balance account, outside the GST returns
and the revenue figures. And journal entries cannot bypass them by posting to the party accounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.exceptions import LedgerValidationError
from tenant_apps.finance.models import JournalEntry
from tenant_apps.finance.selectors import account_by_role
from tenant_apps.finance.services import DraftLine, journal_entry_create
from tenant_apps.invoicing import reports
from tenant_apps.invoicing.services.documents import document_cancel
from tenant_apps.invoicing.services.payments import payment_create
from tests.tenant_apps.invoicing.conftest import FY_DAY, journal_of, line

CUTOVER = dt.date(2026, 4, 1)


def test_an_opening_invoice_posts_the_balance_to_the_opening_account_to_the_paisa(
    books, raise_document
):
    # given an unpaid invoice of the old books: INR 12,345.67 outstanding
    opening = raise_document(
        "invoice",
        books.mh,
        [line(books.rate("GST0"), price="12345.67", description="Balance of OLD/1187")],
        day=CUTOVER,
        is_opening=True,
        reference="OLD/1187",
    )

    # then it is numbered in the opening series, carries no GST and no rupee round-off
    assert opening.number == "OB/26-27/00001"
    assert (opening.total, opening.round_off, opening.cgst_total, opening.igst_total) == (
        D("12345.67"),
        D("0"),
        D("0"),
        D("0"),
    )
    assert journal_of(opening) == [
        ("receivable", D("12345.6700"), D("0"), books.mh.pk),
        ("opening_balance", D("0"), D("12345.6700"), None),
    ]
    assert JournalEntry.objects.get(pk=opening.journal_entry_id).series == "OPENING"
    # and the next real invoice still takes the first legal number
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"))])
    assert invoice.number == "INV/26-27/00001"


def test_an_opening_bill_credits_the_vendor_against_the_opening_account(books, raise_document):
    bill = raise_document(
        "bill",
        books.vendor,
        [line(books.rate("GST0"), price="50000")],
        day=CUTOVER,
        is_opening=True,
    )
    assert journal_of(bill) == [
        ("payable", D("0"), D("50000.0000"), books.vendor.pk),
        ("opening_balance", D("50000.0000"), D("0"), None),
    ]


def test_an_opening_balance_with_gst_is_refused_beside_the_line(books, raise_document):
    with pytest.raises(ApplicationError) as refused:
        raise_document(
            "invoice", books.mh, [line(books.rate("GST18"))], day=CUTOVER, is_opening=True
        )
    assert refused.value.code == "invalid"
    assert "0% rate" in refused.value.fields["lines.0.tax_rate"][0]


def test_a_note_is_not_an_opening_document(books, raise_document):
    with pytest.raises(ApplicationError) as refused:
        raise_document("credit_note", books.mh, [line(books.rate("GST0"))], is_opening=True)
    assert "is_opening" in refused.value.fields


def test_it_is_an_open_item_paid_like_any_invoice_and_named_on_the_statement(books, raise_document):
    # given an opening balance and a part payment after the cutover
    opening = raise_document(
        "invoice", books.mh, [line(books.rate("GST0"), price="10000")], day=CUTOVER, is_opening=True
    )
    aged = reports.aged(side="receivable", as_of=FY_DAY)
    assert aged["totals"]["total"] == D("10000.00")

    # when the customer pays 4,000 against it
    payment_create(
        user=books.user,
        kind="receipt",
        data={
            "partner": books.mh,
            "date": FY_DAY,
            "account": books.bank,
            "amount": D("4000"),
            "allocations": [(opening, D("4000"))],
        },
    )

    # then 6,000 stays open and the statement names the balance brought forward
    opening.refresh_from_db()
    assert (opening.status, opening.amount_open) == ("partly_paid", D("6000.00"))
    assert reports.aged(side="receivable", as_of=FY_DAY)["totals"]["total"] == D("6000.00")
    statement = reports.statement(
        partner=books.mh, side="receivable", date_from=CUTOVER, date_to=FY_DAY
    )
    first = statement["lines"][0]
    assert (first.description, first.debit, first.credit) == (
        "Opening balance (customer invoice)",
        D("10000.00"),
        D("0"),
    )
    assert statement["closing_balance"] == D("6000.00")


def test_the_gst_returns_and_the_revenue_figures_leave_it_out(books, raise_document):
    raise_document(
        "invoice", books.mh, [line(books.rate("GST0"), price="10000")], day=CUTOVER, is_opening=True
    )
    raise_document("invoice", books.mh, [line(books.rate("GST18"), price="1000")])

    gstr1 = reports.gstr1(date_from=CUTOVER, date_to=FY_DAY)
    assert [row["number"] for row in gstr1["b2b"]] == ["INV/26-27/00001"]
    gstr3b = reports.gstr3b(date_from=CUTOVER, date_to=FY_DAY)
    assert gstr3b["outward_nil_exempt"]["taxable"] == D("0")
    assert gstr3b["outward_taxable"]["taxable"] == D("1000.00")
    revenue = reports.finance_kpis(as_of=FY_DAY)["revenue_by_month"]
    assert sum(D(str(month["revenue"])) for month in revenue) == D("1000.00")


def test_cancelling_it_issues_an_opening_note_against_the_opening_account(books, raise_document):
    opening = raise_document(
        "invoice", books.mh, [line(books.rate("GST0"), price="2500")], day=CUTOVER, is_opening=True
    )
    note = document_cancel(user=books.user, document=opening, date=FY_DAY, reason="Settled")

    assert (note.kind, note.number, note.is_opening) == ("credit_note", "OB/26-27/00002", True)
    assert journal_of(note) == [
        ("receivable", D("0"), D("2500.0000"), books.mh.pk),
        ("opening_balance", D("2500.0000"), D("0"), None),
    ]
    assert reports.aged(side="receivable", as_of=FY_DAY)["totals"]["total"] == D("0")


def test_a_journal_entry_cannot_post_to_a_party_account(books):
    receivable = account_by_role("receivable")
    with pytest.raises(LedgerValidationError) as refused:
        journal_entry_create(
            user=books.user,
            date=CUTOVER,
            narration="Opening debtors",
            lines=[
                DraftLine(account_id=receivable.pk, debit=D("500"), partner_id=books.mh.pk),
                DraftLine(account_id=account_by_role("opening_balance").pk, credit=D("500")),
            ],
        )
    assert refused.value.code == "party_account"
    assert "opening invoice or bill" in refused.value.fields["lines.0.account"][0]


def test_its_print_is_an_opening_balance_not_a_tax_invoice(books, raise_document):
    from tenant_apps.invoicing.pdf import document_html

    opening = raise_document(
        "invoice", books.mh, [line(books.rate("GST0"), price="700")], day=CUTOVER, is_opening=True
    )
    html = document_html(opening)
    assert "Opening Balance (Customer invoice)" in html
    assert "Tax Invoice" not in html and "Original for recipient" not in html


def test_the_api_raises_an_opening_invoice_and_refuses_the_ledger_shortcut(
    api_client, users, tenant_alpha
):
    from tests.conftest import in_schema
    from tests.tenant_apps.invoicing.conftest import _books

    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        zero = books.rate("GST0").pk
        receivable = account_by_role("receivable").pk
        opening_account = account_by_role("opening_balance").pk
    client = api_client("alpha", users["owner_alpha"])
    body = {
        "partner": books.mh.pk,
        "date": CUTOVER.isoformat(),
        "reference": "OLD/77",
        "is_opening": True,
        "lines": [
            {
                "description": "Balance of OLD/77",
                "hsn_sac": "8419",
                "quantity": "1",
                "unit_price": "8800.50",
                "tax_rate": zero,
            }
        ],
    }

    created = client.post("/api/v1/invoicing/invoices/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["is_opening"] is True
    posted = client.post(f"/api/v1/invoicing/invoices/{created.json()['id']}/post/").json()
    assert (posted["number"], posted["total"], posted["is_opening"]) == (
        "OB/26-27/00001",
        "8800.5000",
        True,
    )

    # a credit note cannot be an opening document: 400 in the error shape
    note = client.post("/api/v1/invoicing/notes/", body | {"kind": "credit_note"}, format="json")
    assert note.status_code == 400 and "is_opening" in note.json()["fields"], note.content

    # and a journal entry on the trade receivables is refused beside the line
    entry = client.post(
        "/api/v1/finance/journal-entries/",
        {
            "date": CUTOVER.isoformat(),
            "narration": "Debtors b/f",
            "lines": [
                {"account": receivable, "debit": "100.00", "partner": books.mh.pk},
                {"account": opening_account, "credit": "100.00"},
            ],
        },
        format="json",
    )
    assert entry.status_code == 400, entry.content
    assert entry.json()["code"] == "party_account"
    assert "lines.0.account" in entry.json()["fields"]
