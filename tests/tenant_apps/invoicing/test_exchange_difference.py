"""Realised exchange differences (ADR 0043): a foreign-currency invoice or bill settled by money
(or a note) booked at another rate. The allocated foreign amount clears the document at the
document's rate, the payment brought its own rate's worth in; the difference is posted as an
exchange gain or loss (series FX) on the party's account against account 5280. Worked examples
with the numbers written out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal as D

import pytest

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.models import JournalEntry, JournalLine, JournalStatus
from tenant_apps.finance.registry import source_url
from tenant_apps.finance.selectors import account_by_role
from tenant_apps.invoicing import reports
from tenant_apps.invoicing.models import Allocation, Document, DocumentStatus, Payment
from tenant_apps.invoicing.services.documents import document_cancel, note_apply
from tenant_apps.invoicing.services.payments import payment_allocate, payment_cancel, payment_create
from tests.tenant_apps.invoicing.conftest import FY_DAY, line

DAY_2 = FY_DAY + dt.timedelta(days=20)
DAY_3 = FY_DAY + dt.timedelta(days=40)


@pytest.fixture
def export(books, raise_document):
    """`export(usd, rate)`: a posted export invoice to the Karnataka customer (IGST 0%, LUT)."""

    def make(usd: str, rate: str, *, partner=None, day=FY_DAY):
        return raise_document(
            "invoice",
            partner or books.ka,
            [line(books.rate("GST0"), qty="1", price=usd)],
            currency="USD",
            exchange_rate=D(rate),
            place_of_supply="96",
            day=day,
        )

    return make


def _money(books, kind, partner, usd, rate, allocations=(), *, day=DAY_2):
    return payment_create(
        user=books.user,
        kind=kind,
        data={
            "partner": partner,
            "date": day,
            "account": books.bank,
            "amount": D(usd),
            "currency": "USD",
            "exchange_rate": D(rate),
            "allocations": list(allocations),
        },
    )


def _lines(entry_id):
    return [
        (x.account.role, x.debit, x.credit, x.partner_id, x.amount_currency)
        for x in JournalLine.objects.filter(entry_id=entry_id)
        .select_related("account")
        .order_by("line_no")
    ]


def _balance(role, *, partner_id=None, as_of=dt.date(2027, 3, 31)):
    """Debit minus credit of an account (of one party), as of a date."""
    lines = JournalLine.objects.filter(account=account_by_role(role), date__lte=as_of)
    if partner_id is not None:
        lines = lines.filter(partner_id=partner_id)
    total = D("0")
    for debit, credit in lines.values_list("debit", "credit"):
        total += debit - credit
    return total


def _open_base(side, *, as_of=dt.date(2027, 3, 31)):
    items: dict[int, D] = defaultdict(D)
    for item in reports.open_items(side=side, as_of=as_of):
        items[item.partner_id] += item.open_base
    return {k: v for k, v in items.items() if v}


def _ledger_equals_open_items(as_of):
    receivable = defaultdict(D)
    payable = defaultdict(D)
    for role, out in (("receivable", receivable), ("payable", payable)):
        for partner_id, debit, credit in JournalLine.objects.filter(
            account=account_by_role(role), date__lte=as_of
        ).values_list("partner_id", "debit", "credit"):
            out[partner_id] += (debit - credit) if role == "receivable" else (credit - debit)
    assert {k: v for k, v in receivable.items() if v} == _open_base("receivable", as_of=as_of)
    assert {k: v for k, v in payable.items() if v} == _open_base("payable", as_of=as_of)


def test_a_receipt_at_a_higher_rate_realises_an_exchange_gain(books, export):
    # given an invoice of USD 1,000 at 83.00 = INR 83,000
    invoice = export("1000", "83")
    assert invoice.total_base == D("83000.00")

    # when USD 1,000 arrives at 84.00 = INR 84,000 and settles it
    receipt = _money(books, "receipt", books.ka, "1000", "84", [(invoice, D("1000"))])

    # then the receivable is cleared at 83,000 and the extra 1,000 is a gain
    allocation = Allocation.objects.get(payment=receipt)
    assert (allocation.amount_base, allocation.source_amount_base, allocation.exchange_gain) == (
        D("83000.00"),
        D("84000.00"),
        D("1000.00"),
    )
    entry = allocation.exchange_entry
    assert entry.number == "FX/26-27/00001"
    assert (entry.series, entry.date, entry.total) == ("FX", DAY_2, D("1000.0000"))
    assert _lines(entry.pk) == [
        ("receivable", D("1000.0000"), D("0"), books.ka.pk, D("0")),
        ("exchange_difference", D("0"), D("1000.0000"), None, D("0")),
    ]
    assert entry.narration == (
        f"Exchange gain on {invoice.number}: USD 1,000.00 booked at 83, "
        f"settled by {receipt.number} at 84"
    )
    # the customer owes nothing in either currency; 5280 holds the 1,000 gain (a credit)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_open) == (DocumentStatus.PAID, D("0"))
    assert _balance("receivable", partner_id=books.ka.pk) == D("0")
    assert _open_base("receivable") == {}
    assert _balance("exchange_difference") == D("-1000.0000")
    # and the entry drills down to the receipt's page
    assert (entry.source_type, entry.source_id) == ("invoicing.receipt", receipt.pk)
    assert source_url(entry.source_type, entry.source_id) == f"/finance/payments/{receipt.pk}"


def test_a_receipt_at_a_lower_rate_realises_an_exchange_loss(books, export):
    # given USD 1,000 at 83.00 = INR 83,000
    invoice = export("1000", "83")

    # when USD 1,000 arrives at 82.50 = INR 82,500
    receipt = _money(books, "receipt", books.ka, "1000", "82.5", [(invoice, D("1000"))])

    # then INR 500 is a loss: Dr 5280, Cr the customer
    allocation = Allocation.objects.get(payment=receipt)
    assert allocation.exchange_gain == D("-500.00")
    assert _lines(allocation.exchange_entry_id) == [
        ("exchange_difference", D("500.0000"), D("0"), None, D("0")),
        ("receivable", D("0"), D("500.0000"), books.ka.pk, D("0")),
    ]
    assert _balance("receivable", partner_id=books.ka.pk) == D("0")
    assert _balance("exchange_difference") == D("500.0000")


def test_partial_allocations_realise_in_proportion_rounded_to_paise(books, export):
    # given USD 1,000 at 83.00 = INR 83,000
    invoice = export("1000", "83")

    # when USD 400 arrives at 84.25 (INR 33,700) and pays 400
    first = _money(books, "receipt", books.ka, "400", "84.25", [(invoice, D("400"))])
    # then 400 x 83.00 = 33,200 is cleared: a gain of 500
    a1 = Allocation.objects.get(payment=first)
    assert (a1.amount_base, a1.source_amount_base, a1.exchange_gain) == (
        D("33200.00"),
        D("33700.00"),
        D("500.00"),
    )
    assert _open_base("receivable") == {books.ka.pk: D("49800.00")}
    assert _balance("receivable", partner_id=books.ka.pk) == D("49800.0000")

    # when USD 250.55 arrives at 82.1234 (INR 20,576.02) and pays 250.55
    second = _money(books, "receipt", books.ka, "250.55", "82.1234", [(invoice, D("250.55"))])
    # then 250.55 x 83.00 = 20,795.65 is cleared: a loss of 219.63
    a2 = Allocation.objects.get(payment=second)
    assert (a2.amount_base, a2.source_amount_base, a2.exchange_gain) == (
        D("20795.65"),
        D("20576.02"),  # 20,576.017... rounded to paise
        D("-219.63"),
    )

    # when the last USD 349.45 arrives at 82.00 (INR 28,654.90)
    third = _money(books, "receipt", books.ka, "349.45", "82", [(invoice, D("349.45"))])
    # then it clears what is left of the 83,000: 83,000 - 33,200 - 20,795.65 = 29,004.35
    a3 = Allocation.objects.get(payment=third)
    assert (a3.amount_base, a3.source_amount_base, a3.exchange_gain) == (
        D("29004.35"),
        D("28654.90"),
        D("-349.45"),
    )
    assert _balance("receivable", partner_id=books.ka.pk) == D("0")
    assert _open_base("receivable") == {}
    # 500 - 219.63 - 349.45 = -69.08 net: a loss
    assert _balance("exchange_difference") == D("69.0800")


def test_a_bill_paid_at_a_higher_rate_is_a_loss_and_at_a_lower_rate_a_gain(books, raise_document):
    # given two bills of USD 2,000 at 83.50 = INR 167,000 each
    def bill():
        return raise_document(
            "bill",
            books.vendor,
            [line(books.rate("GST0"), qty="1", price="2000")],
            currency="USD",
            exchange_rate=D("83.5"),
        )

    dear, cheap = bill(), bill()
    assert dear.total_base == D("167000.00")

    # when one is paid at 84.00 (INR 168,000) and the other at 82.75 (INR 165,500)
    p1 = _money(books, "payment", books.vendor, "2000", "84", [(dear, D("2000"))])
    p2 = _money(books, "payment", books.vendor, "2000", "82.75", [(cheap, D("2000"))])

    # then paying 1,000 more than booked is a loss: Dr 5280, Cr the vendor's payable
    loss = Allocation.objects.get(payment=p1)
    assert loss.exchange_gain == D("-1000.00")
    assert _lines(loss.exchange_entry_id) == [
        ("exchange_difference", D("1000.0000"), D("0"), None, D("0")),
        ("payable", D("0"), D("1000.0000"), books.vendor.pk, D("0")),
    ]
    # and paying 1,500 less is a gain: Dr the vendor's payable, Cr 5280
    gain = Allocation.objects.get(payment=p2)
    assert gain.exchange_gain == D("1500.00")
    assert _lines(gain.exchange_entry_id) == [
        ("payable", D("1500.0000"), D("0"), books.vendor.pk, D("0")),
        ("exchange_difference", D("0"), D("1500.0000"), None, D("0")),
    ]
    assert _balance("payable", partner_id=books.vendor.pk) == D("0")
    assert _open_base("payable") == {}
    assert _balance("exchange_difference") == D("-500.0000")


def test_cancelling_the_receipt_reverses_its_exchange_difference(books, export):
    # given USD 1,000 at 83.00 paid by USD 1,000 at 84.00: a 1,000 gain
    invoice = export("1000", "83")
    receipt = _money(books, "receipt", books.ka, "1000", "84", [(invoice, D("1000"))])
    allocation = Allocation.objects.get(payment=receipt)
    gain_entry = allocation.exchange_entry

    # when the receipt is cancelled on day 3
    payment_cancel(user=books.user, payment=receipt, date=DAY_3)

    # then the gain is reversed on day 3 and the invoice is open for USD 1,000 = INR 83,000
    gain_entry.refresh_from_db()
    reversal = JournalEntry.objects.get(reversal_of=gain_entry)
    assert (gain_entry.status, reversal.date, reversal.series) == (
        JournalStatus.REVERSED,
        DAY_3,
        "FX",
    )
    assert _lines(reversal.pk) == [
        ("receivable", D("0"), D("1000.0000"), books.ka.pk, D("0")),
        ("exchange_difference", D("1000.0000"), D("0"), None, D("0")),
    ]
    allocation.refresh_from_db()
    assert (allocation.reversed_on, allocation.exchange_entry_id) == (DAY_3, gain_entry.pk)
    assert not allocation.is_live()
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_open) == (DocumentStatus.POSTED, D("1000.00"))
    assert _balance("exchange_difference") == D("0")
    assert _open_base("receivable") == {books.ka.pk: D("83000.00")}
    # and on every date the party's ledger balance equals its open items
    for day in (FY_DAY, DAY_2, DAY_3 - dt.timedelta(days=1), DAY_3):
        _ledger_equals_open_items(day)
    # as of the day before the cancellation the receipt still settled the invoice
    assert _open_base("receivable", as_of=DAY_3 - dt.timedelta(days=1)) == {}


def test_an_advance_applied_later_realises_on_the_day_it_is_applied(books, export):
    # given an advance of USD 500 at 84.00 (INR 42,000), then an invoice of USD 500 at 83.40
    advance = _money(books, "receipt", books.ka, "500", "84", day=FY_DAY)
    invoice = export("500", "83.4", day=DAY_2)
    assert _open_base("receivable") == {books.ka.pk: D("-42000.00") + D("41700.00")}

    # when the advance is applied on day 3
    payment_allocate(
        user=books.user, payment=advance, allocations=[(invoice, D("500"))], date=DAY_3
    )

    # then 42,000 - 41,700 = 300 is a gain dated day 3
    allocation = Allocation.objects.get(payment=advance)
    assert (allocation.exchange_gain, allocation.exchange_entry.date) == (D("300.00"), DAY_3)
    for day in (FY_DAY, DAY_2, DAY_3):
        _ledger_equals_open_items(day)


def test_a_credit_note_at_another_rate_and_its_cancellation(books, export, raise_document):
    # given USD 1,000 at 83.00 and a credit note of USD 100 at 84.00 (INR 8,400)
    invoice = export("1000", "83")
    note = raise_document(
        "credit_note",
        books.ka,
        [line(books.rate("GST0"), qty="1", price="100")],
        currency="USD",
        exchange_rate=D("84"),
        place_of_supply="96",
        day=DAY_2,
    )

    # when the note is applied to the invoice
    note_apply(user=books.user, note=note, allocations=[(invoice, D("100"))], date=DAY_2)

    # then 100 x 83.00 = 8,300 is cleared and the note credited 8,400: Dr customer 100
    allocation = Allocation.objects.get(note=note)
    assert (allocation.amount_base, allocation.source_amount_base, allocation.exchange_gain) == (
        D("8300.00"),
        D("8400.00"),
        D("100.00"),
    )
    entry = allocation.exchange_entry
    assert (entry.source_type, entry.source_id) == ("invoicing.credit_note", note.pk)
    assert source_url(entry.source_type, entry.source_id) == f"/finance/notes/{note.pk}"
    assert _open_base("receivable") == {books.ka.pk: D("74700.00")}  # USD 900 x 83.00
    _ledger_equals_open_items(DAY_2)

    # when the note is cancelled, its application and its exchange difference are reversed
    document_cancel(user=books.user, document=note, date=DAY_3)
    entry.refresh_from_db()
    assert entry.status == JournalStatus.REVERSED
    assert _balance("exchange_difference") == D("0")
    assert _open_base("receivable") == {books.ka.pk: D("83000.00")}
    for day in (FY_DAY, DAY_2, DAY_3):
        _ledger_equals_open_items(day)


def test_the_same_rate_posts_no_exchange_entry(books, export):
    # given USD 1,000 at 83.00 paid at 83.00
    invoice = export("1000", "83")
    receipt = _money(books, "receipt", books.ka, "1000", "83", [(invoice, D("1000"))])

    # then nothing is realised
    allocation = Allocation.objects.get(payment=receipt)
    assert (allocation.exchange_gain, allocation.exchange_entry) == (D("0"), None)
    assert not JournalEntry.objects.filter(series="FX").exists()


def test_a_cancellation_dated_before_a_later_allocation_reverses_it_on_its_own_day(books, export):
    # given an advance of USD 500 at 84.00 on day 1, applied on day 3 to an invoice at 83.00
    advance = _money(books, "receipt", books.ka, "500", "84", day=FY_DAY)
    invoice = export("500", "83", day=FY_DAY)
    payment_allocate(
        user=books.user, payment=advance, allocations=[(invoice, D("500"))], date=DAY_3
    )

    # when the advance is cancelled with a date of day 2 (before the allocation)
    payment_cancel(user=books.user, payment=advance, date=DAY_2)

    # then the allocation and its gain are reversed on day 3, the day they were made
    allocation = Allocation.objects.get(payment=advance)
    assert allocation.reversed_on == DAY_3
    assert JournalEntry.objects.get(reversal_of=allocation.exchange_entry).date == DAY_3
    for day in (FY_DAY, DAY_2, DAY_3):
        _ledger_equals_open_items(day)


def test_allocations_from_before_exchange_differences_are_valued_at_the_document_rate(
    books, export
):
    # given a receipt of USD 400 at 83.00 against USD 1,000 at 83.00, recorded before the base
    # amounts existed (null: settled at one rate)
    invoice = export("1000", "83")
    receipt = _money(books, "receipt", books.ka, "400", "83", [(invoice, D("400"))])
    Allocation.objects.filter(payment=receipt).update(amount_base=None, source_amount_base=None)

    # then open items value it at 400 x 83.00 on both sides
    assert _open_base("receivable") == {books.ka.pk: D("49800.00")}
    _ledger_equals_open_items(DAY_2)

    # and paying the rest at 84.00 clears the remaining 600 x 83.00 = 49,800: a gain of 600
    rest = _money(books, "receipt", books.ka, "600", "84", [(invoice, D("600"))])
    assert Allocation.objects.get(payment=rest).exchange_gain == D("600.00")
    assert _balance("receivable", partner_id=books.ka.pk) == D("0")


def test_a_party_statement_shows_the_exchange_difference_and_its_reversal(books, export):
    # given USD 1,000 at 83.00 paid at 84.00, then the receipt cancelled on day 3
    invoice = export("1000", "83")
    receipt = _money(books, "receipt", books.ka, "1000", "84", [(invoice, D("1000"))])
    payment_cancel(user=books.user, payment=receipt, date=DAY_3)

    # then the statement has the gain (a debit) after the receipt on day 2, and its reversal
    # after the receipt's on day 3
    result = reports.statement(partner=books.ka, side="receivable", date_from=FY_DAY, date_to=DAY_3)
    rows = [(x.date, x.kind, x.debit, x.credit, x.balance) for x in result["lines"]]
    assert rows == [
        (FY_DAY, "invoice", D("83000.00"), D("0"), D("83000.00")),
        (DAY_2, "receipt", D("0"), D("84000.00"), D("-1000.00")),
        (DAY_2, "exchange_difference", D("1000.00"), D("0"), D("0.00")),
        (DAY_3, "receipt", D("84000.00"), D("0"), D("84000.00")),
        (DAY_3, "exchange_difference", D("0"), D("1000.00"), D("83000.00")),
    ]
    assert result["closing_balance"] == _balance("receivable", partner_id=books.ka.pk)
    assert Payment.objects.get(pk=receipt.pk).status == "cancelled"
    assert Document.objects.get(pk=invoice.pk).status == DocumentStatus.POSTED


def test_a_note_is_refused_in_another_currency_than_its_original(books, export, raise_document):
    from tenant_apps.core.exceptions import ApplicationError

    # given USD 1,000 at 83.00
    invoice = export("1000", "83")

    # when a rupee credit note names it as its original
    with pytest.raises(ApplicationError) as refused:
        raise_document(
            "credit_note", books.ka, [line(books.rate("GST0"), price="100")], original=invoice
        )

    # then it is refused on the currency, and nothing is written
    assert refused.value.fields == {"currency": ["Use USD."]}
    assert not Document.objects.filter(kind="credit_note").exists()


def _credited(books, usd, rate, rupees, allocations=()):
    """A receipt of `usd` for which the bank credited `rupees` (the FIRC), at `rate`."""
    return payment_create(
        user=books.user,
        kind="receipt",
        data={
            "partner": books.ka,
            "date": DAY_2,
            "account": books.bank,
            "amount": D(usd),
            "currency": "USD",
            "exchange_rate": D(rate),
            "amount_base": D(rupees),
            "allocations": list(allocations),
        },
    )


def test_usd_1000_credited_as_83420_37_rupees_realises_the_gain_to_the_paisa(books, export):
    # given an invoice of USD 1,000 at 83.00 = INR 83,000
    invoice = export("1000", "83")
    # when the bank credits INR 83,420.37 for it (rate 83.42037) and it settles the invoice
    receipt = _credited(books, "1000", "83.42037", "83420.37", [(invoice, D("1000"))])
    # then the bank has exactly what it credited and the gain is 420.37
    assert (receipt.amount_base, receipt.settled_base) == (D("83420.37"), D("83420.37"))
    assert _lines(receipt.journal_entry_id) == [
        ("bank", D("83420.3700"), D("0"), None, D("1000.0000")),
        ("receivable", D("0"), D("83420.3700"), books.ka.pk, D("-1000.0000")),
    ]
    allocation = Allocation.objects.get(payment=receipt)
    assert allocation.exchange_gain == D("420.37")
    assert _balance("receivable", partner_id=books.ka.pk) == D("0")
    _ledger_equals_open_items(dt.date(2027, 3, 31))


def test_rupees_the_rate_cannot_reproduce_are_kept_as_the_bank_credited_them(books, export):
    # given an invoice of USD 25,000 at 83.00 = INR 20,75,000
    invoice = export("25000", "83")
    # when the bank credits INR 20,85,509.37: the rate to 6 places is 83.420375, and
    # 25,000 x 83.420375 = 20,85,509.375 would round to 20,85,509.38
    receipt = _credited(books, "25000", "83.420375", "2085509.37", [(invoice, D("25000"))])
    # then the bank line is the bank's figure, not a paisa more; the gain takes it
    assert receipt.amount_base == D("2085509.37")
    assert _balance("bank") == D("2085509.3700")
    assert Allocation.objects.get(payment=receipt).exchange_gain == D("10509.37")
    assert _balance("receivable", partner_id=books.ka.pk) == D("0")
    # and cancelling reverses exactly that
    payment_cancel(user=books.user, payment=receipt, date=DAY_3)
    assert _balance("bank") == D("0")
    _ledger_equals_open_items(dt.date(2027, 3, 31))


def test_rupees_that_are_not_the_amount_at_the_rate_are_refused_and_nothing_written(books):
    cases = [
        # 1,000 x 83.42 = 83,420.00: 83,420.37 is not that rate's
        ("USD", "1000", "83.42", "83420.37"),
        ("USD", "1000", "83.42037", "-1"),
        ("USD", "1000", "83.42037", "83420.371"),
        # a rupee payment's base amount is its amount
        ("INR", "1000", "1", "1000.01"),
    ]
    for currency, amount, rate, rupees in cases:
        with pytest.raises(ApplicationError) as refused:
            payment_create(
                user=books.user,
                kind="receipt",
                data={
                    "partner": books.ka,
                    "date": DAY_2,
                    "account": books.bank,
                    "amount": D(amount),
                    "currency": currency,
                    "exchange_rate": D(rate),
                    "amount_base": D(rupees),
                },
            )
        assert "amount_base" in refused.value.fields, (currency, rupees)
    assert not Payment.objects.exists()
    assert (
        not JournalEntry.objects.exists()
        or not JournalEntry.objects.filter(series="RECEIPT").exists()
    )
