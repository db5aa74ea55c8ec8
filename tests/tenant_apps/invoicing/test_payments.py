"""Receipts and payments: journals, allocation (partial, many documents), advances applied
later, cancellation; statement and aged report from the same open items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.models import JournalLine
from tenant_apps.invoicing import reports
from tenant_apps.invoicing.models import Allocation, Document, DocumentStatus, Payment
from tenant_apps.invoicing.services.payments import payment_allocate, payment_cancel, payment_create
from tests.tenant_apps.invoicing.conftest import FY_DAY, journal_of, line


def _receipt(books, amount: str, allocations=(), *, partner=None, day=FY_DAY, account=None):
    return payment_create(
        user=books.user,
        kind="receipt",
        data={
            "partner": partner or books.mh,
            "date": day,
            "account": account or books.bank,
            "amount": D(amount),
            "allocations": list(allocations),
        },
    )


def test_a_receipt_allocated_to_two_invoices_pays_one_and_part_pays_the_other(
    books, raise_document
):
    # given invoices of 1,180 and 2,360
    rate = books.rate("GST18")
    first = raise_document("invoice", books.mh, [line(rate, qty="10")])
    second = raise_document("invoice", books.mh, [line(rate, qty="20")])

    # when 2,000 arrives: 1,180 to the first, 820 to the second
    receipt = _receipt(books, "2000", [(first, D("1180")), (second, D("820"))])

    # then
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.amount_open) == (DocumentStatus.PAID, D("0"))
    assert (second.status, second.amount_open) == (DocumentStatus.PARTLY_PAID, D("1540.00"))
    assert (receipt.number, receipt.amount_allocated, receipt.amount_unallocated) == (
        "RCT/26-27/00001",
        D("2000"),
        D("0"),
    )
    assert journal_of(receipt) == [
        ("bank", D("2000.0000"), D("0"), None),
        ("receivable", D("0"), D("2000.0000"), books.mh.pk),
    ]


def test_an_advance_stays_on_the_party_and_is_applied_later(books, raise_document):
    # given 5,000 received before any invoice
    receipt = _receipt(books, "5000", account=books.cash)
    assert [(i.kind, i.open_base) for i in reports.open_items(side="receivable", as_of=FY_DAY)] == [
        ("receipt", D("-5000.00"))
    ]

    # when an invoice of 1,180 comes and the advance is applied
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"), qty="10")])
    payment_allocate(
        user=books.user, payment=receipt, allocations=[(invoice, D("1180"))], date=FY_DAY
    )

    # then
    receipt.refresh_from_db()
    invoice.refresh_from_db()
    assert (receipt.amount_unallocated, invoice.status) == (D("3820.00"), DocumentStatus.PAID)
    assert journal_of(receipt) == [
        ("cash", D("5000.0000"), D("0"), None),
        ("receivable", D("0"), D("5000.0000"), books.mh.pk),
    ]
    # the party's ledger balance equals its open items: -3,820
    assert sum(i.open_base for i in reports.open_items(side="receivable", as_of=FY_DAY)) == D(
        "-3820.00"
    )


def test_over_allocation_is_refused_and_nothing_is_written(books, raise_document):
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"), qty="10")])

    with pytest.raises(ApplicationError) as refused:
        _receipt(books, "2000", [(invoice, D("1500"))])

    assert refused.value.code == "over_allocation"
    assert Payment.objects.count() == 0 and Allocation.objects.count() == 0
    assert not JournalLine.objects.filter(entry__source_type="invoicing.receipt").exists()
    invoice.refresh_from_db()
    assert invoice.amount_settled == D("0")


def test_a_receipt_cannot_pay_another_partys_invoice_or_a_bill(books, raise_document):
    other = raise_document("invoice", books.ka, [line(books.rate("GST18"))])
    bill = raise_document("bill", books.vendor, [line(books.rate("GST18"))])
    for target in (other, bill):
        with pytest.raises(ApplicationError) as refused:
            _receipt(books, "100", [(target, D("50"))])
        assert refused.value.code == "invalid_allocation"
    assert Payment.objects.count() == 0


def test_a_vendor_payment_debits_payable_and_pays_the_bill(books, raise_document):
    bill = raise_document(
        "bill", books.vendor, [line(books.rate("GST18"), qty="3", price="333.33")]
    )

    payment = payment_create(
        user=books.user,
        kind="payment",
        data={
            "partner": books.vendor,
            "date": FY_DAY,
            "account": books.bank,
            "amount": D("1180"),
            "allocations": [(bill, D("1180"))],
        },
    )

    bill.refresh_from_db()
    assert bill.status == DocumentStatus.PAID
    assert journal_of(payment) == [
        ("payable", D("1180.0000"), D("0"), books.vendor.pk),
        ("bank", D("0"), D("1180.0000"), None),
    ]


def test_money_moves_only_through_bank_or_cash(books):
    from tenant_apps.finance.selectors import account_by_role

    with pytest.raises(ApplicationError) as refused:
        _receipt(books, "100", account=account_by_role("sales"))
    assert list(refused.value.fields) == ["account"]


def test_cancelling_a_payment_reverses_it_and_reopens_its_invoices(books, raise_document):
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"), qty="10")])
    receipt = _receipt(books, "1180", [(invoice, D("1180"))])

    payment_cancel(user=books.user, payment=receipt, date=FY_DAY)

    invoice.refresh_from_db()
    receipt.refresh_from_db()
    assert (receipt.status, receipt.amount_allocated) == ("cancelled", D("0"))
    assert (invoice.status, invoice.amount_open) == (DocumentStatus.POSTED, D("1180.00"))
    lines = JournalLine.objects.filter(entry__source_type="invoicing.receipt", partner=books.mh)
    assert sum(x.debit - x.credit for x in lines) == D("0")  # the entry and its reversal


def test_statement_runs_a_balance_and_aged_report_buckets_by_age(books, raise_document):
    # given an invoice on 1 April (1,180), one on 15 June (2,360), a receipt of 1,000 on 20 June
    rate = books.rate("GST18")
    april = raise_document("invoice", books.mh, [line(rate, qty="10")], day=dt.date(2026, 4, 1))
    raise_document("invoice", books.mh, [line(rate, qty="20")], day=dt.date(2026, 6, 15))
    _receipt(books, "1000", [(april, D("1000"))], day=dt.date(2026, 6, 20))

    # when
    statement = reports.statement(
        partner=books.mh,
        side="receivable",
        date_from=dt.date(2026, 5, 1),
        date_to=dt.date(2026, 6, 30),
    )
    aged = reports.aged(side="receivable", as_of=dt.date(2026, 6, 30))

    # then
    assert statement["opening_balance"] == D("1180.00")
    assert [(x.number, x.debit, x.credit, x.balance) for x in statement["lines"]] == [
        ("INV/26-27/00002", D("2360.00"), D("0"), D("3540.00")),
        ("RCT/26-27/00001", D("0"), D("1000.00"), D("2540.00")),
    ]
    assert statement["closing_balance"] == D("2540.00")
    [row] = aged["rows"]
    # April invoice: 90 days old on 30 June -> 61-90 (180 open); June invoice: 15 days -> 0-30
    assert row.buckets == {
        "0-30": D("2360.00"),
        "31-60": D("0"),
        "61-90": D("180.00"),
        "90+": D("0"),
    }
    assert row.total == D("2540.00") == aged["totals"]["total"]


def test_the_partys_ledger_balance_equals_its_open_items(books, raise_document):
    from tenant_apps.finance.selectors import account_by_role

    rate = books.rate("GST18")
    a = raise_document("invoice", books.mh, [line(rate, qty="7", price="123.45")])
    raise_document("invoice", books.mh, [line(rate, qty="3", price="99.99")])
    raise_document("credit_note", books.mh, [line(rate, qty="1", price="123.45")], original=a)
    _receipt(books, "500", [(a, D("300"))])

    ledger = sum(
        x.debit - x.credit
        for x in JournalLine.objects.filter(account=account_by_role("receivable"), partner=books.mh)
    )
    items = sum(
        i.open_base
        for i in reports.open_items(side="receivable", as_of=FY_DAY, partner_id=books.mh.pk)
    )
    assert ledger == items
    assert Document.objects.filter(partner=books.mh).count() == 3
