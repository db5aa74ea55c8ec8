"""Payment deductions (ADR 0045): the party keeps back part of what it owes (TDS under 194C /
194J / 194Q, a discount, bank charges) and the payment settles the money plus the deductions.
Worked examples with the numbers written out: the ledger lines, the documents' status, open
items, the party statement, the trial balance; cancelling; rounding in another currency; bad
input over HTTP as 400s that write nothing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal as D
from typing import Any

import pytest
from django.forms.models import model_to_dict

from tenant_apps.finance.models import Account, JournalEntry, JournalLine
from tenant_apps.finance.selectors import account_by_role, trial_balance
from tenant_apps.invoicing import reports
from tenant_apps.invoicing.models import (
    Allocation,
    Document,
    DocumentStatus,
    Payment,
    PaymentDeduction,
    PaymentStatus,
)
from tenant_apps.invoicing.services.payments import payment_allocate, payment_cancel, payment_create
from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import FY_DAY, _books, line, make_raiser

API = "/api/v1/invoicing"
DAY_2 = FY_DAY + dt.timedelta(days=20)
DAY_3 = FY_DAY + dt.timedelta(days=40)
YEAR_END = dt.date(2027, 3, 31)


def _lakh_invoice(books, raise_document, partner=None):
    """A posted invoice of exactly INR 1,00,000: taxable 84,745.76 + 9% CGST 7,627.12 + 9% SGST
    7,627.12, no round-off."""
    invoice = raise_document(
        "invoice", partner or books.mh, [line(books.rate("GST18"), price="84745.76")]
    )
    assert (invoice.total, invoice.round_off) == (D("100000.00"), D("0"))
    return invoice


def _deduct(role: str, amount: str, text: str = "TDS 194C", section: str = "") -> dict[str, Any]:
    """A deduction to the account of `role`; a TDS account's section is `section`, else 194C."""
    if role in ("tds_receivable", "tds_payable"):
        section = section or "194C"
    return {
        "account": account_by_role(role),
        "amount": D(amount),
        "description": text,
        "tds_section": section,
    }


def _pay(books, kind, partner, amount, deductions=(), allocations=(), **extra):
    return payment_create(
        user=books.user,
        kind=kind,
        data={
            "partner": partner,
            "date": extra.pop("day", DAY_2),
            "account": extra.pop("account", books.bank),
            "amount": D(amount),
            "deductions": list(deductions),
            "allocations": list(allocations),
            **extra,
        },
    )


def _lines(entry_id):
    """(account code, debit, credit, partner id, foreign amount) in line order."""
    return [
        (x.account.code, x.debit, x.credit, x.partner_id, x.amount_currency)
        for x in JournalLine.objects.filter(entry_id=entry_id)
        .select_related("account")
        .order_by("line_no")
    ]


def _tb(code: str, *, to_date=YEAR_END) -> tuple[D, D]:
    """(closing debit, closing credit) of one account in the trial balance."""
    rows = {r.code: r for r in trial_balance(to_date=to_date).rows}
    row = rows.get(code)
    if row is None:
        return D("0"), D("0")
    return row.values["closing_debit"], row.values["closing_credit"]


def _ledger_equals_open_items(as_of=YEAR_END):
    for side in ("receivable", "payable"):
        ledger: dict[int, D] = defaultdict(D)
        for partner_id, debit, credit in JournalLine.objects.filter(
            account=account_by_role(side), date__lte=as_of
        ).values_list("partner_id", "debit", "credit"):
            ledger[partner_id] += (debit - credit) if side == "receivable" else (credit - debit)
        items: dict[int, D] = defaultdict(D)
        for item in reports.open_items(side=side, as_of=as_of):
            items[item.partner_id] += item.open_base
        assert {k: v for k, v in ledger.items() if v} == {k: v for k, v in items.items() if v}


# ---------------------------------------------------------------------------------------------
# Worked examples
# ---------------------------------------------------------------------------------------------
def test_a_customer_paying_98_000_with_2_000_tds_settles_the_whole_1_00_000_invoice(
    books, raise_document
):
    # given an invoice of 1,00,000
    invoice = _lakh_invoice(books, raise_document)

    # when the customer pays 98,000 and deducts 2,000 TDS (194C), allocated to the invoice
    receipt = _pay(
        books,
        "receipt",
        books.mh,
        "98000",
        [_deduct("tds_receivable", "2000", "TDS 194C")],
        [(invoice, D("100000"))],
    )

    # then the invoice is paid in full
    invoice.refresh_from_db()
    receipt.refresh_from_db()
    assert (invoice.status, invoice.amount_open) == (DocumentStatus.PAID, D("0"))
    assert (receipt.amount, receipt.deductions_total, receipt.settled_amount) == (
        D("98000"),
        D("2000"),
        D("100000"),
    )
    assert (receipt.amount_allocated, receipt.amount_unallocated) == (D("100000"), D("0"))
    # one entry, the receipt's number: Dr bank 98,000, Dr TDS receivable 2,000 (the customer
    # deducted it: tagged with the customer), Cr the customer's receivable 1,00,000
    entry = JournalEntry.objects.get(pk=receipt.journal_entry_id)
    assert (entry.series, entry.total, entry.source_type) == (
        "RECEIPT",
        D("100000.0000"),
        "invoicing.receipt",
    )
    assert receipt.number == "RCT/26-27/00001"
    assert _lines(entry.pk) == [
        ("1121", D("98000.0000"), D("0"), None, D("98000.0000")),
        ("1162", D("2000.0000"), D("0"), books.mh.pk, D("2000.0000")),
        ("1131", D("0"), D("100000.0000"), books.mh.pk, D("-100000.0000")),
    ]
    # the deduction is kept with the payment
    [deduction] = receipt.deductions.all()
    assert (deduction.account.code, deduction.amount, deduction.amount_base) == (
        "1162",
        D("2000.0000"),
        D("2000.0000"),
    )
    assert deduction.description == "TDS 194C"
    # the trial balance holds the TDS the customer owes us a certificate for
    assert _tb("1162") == (D("2000.0000"), D("0"))
    # nothing open on the customer, and the ledger agrees
    assert reports.open_items(side="receivable", as_of=YEAR_END) == []
    _ledger_equals_open_items()
    assert reports.aged(side="receivable", as_of=YEAR_END)["rows"] == []


def test_the_party_statement_shows_the_settled_amount_with_the_deductions_named(
    books, raise_document
):
    # given the 1,00,000 invoice paid by 98,000 and 2,000 TDS
    invoice = _lakh_invoice(books, raise_document)
    receipt = _pay(
        books,
        "receipt",
        books.mh,
        "98000",
        [_deduct("tds_receivable", "2000")],
        [(invoice, D("100000"))],
    )

    # when
    statement = reports.statement(
        partner=books.mh, side="receivable", date_from=FY_DAY, date_to=YEAR_END
    )

    # then the receipt's line is what the customer's account moved: 1,00,000
    assert [
        (x.number, x.description, x.debit, x.credit, x.balance) for x in statement["lines"]
    ] == [
        (invoice.number, "Customer invoice", D("100000.00"), D("0"), D("100000.00")),
        (
            receipt.number,
            "Receipt (from a customer): received 98,000.00 + deductions 2,000.00",
            D("0"),
            D("100000.00"),
            D("0.00"),
        ),
    ]
    assert statement["closing_balance"] == D("0")


def test_paying_a_vendor_we_deduct_tds_payable_to_the_government(books, raise_document):
    # given a bill of 11,800 (10,000 + 18% IGST from Gujarat)
    bill = raise_document("bill", books.vendor, [line(books.rate("GST18"), price="10000")])
    assert bill.total == D("11800.00")

    # when we pay 11,600 and deduct 200 TDS (194C, 2% of the 10,000 taxable value)
    payment = _pay(
        books,
        "payment",
        books.vendor,
        "11600",
        [_deduct("tds_payable", "200", "TDS 194C @2%")],
        [(bill, D("11800"))],
    )

    # then the bill is paid; Dr the vendor's payable 11,800, Cr bank 11,600, Cr TDS payable 200
    bill.refresh_from_db()
    assert (bill.status, bill.amount_open) == (DocumentStatus.PAID, D("0"))
    assert payment.number == "PAY/26-27/00001"
    assert _lines(payment.journal_entry_id) == [
        ("2111", D("11800.0000"), D("0"), books.vendor.pk, D("11800.0000")),
        ("1121", D("0"), D("11600.0000"), None, D("-11600.0000")),
        ("2125", D("0"), D("200.0000"), books.vendor.pk, D("-200.0000")),
    ]
    assert _tb("2125") == (D("0"), D("200.0000"))
    assert reports.open_items(side="payable", as_of=YEAR_END) == []
    _ledger_equals_open_items()


def test_several_deductions_tds_and_a_discount_and_bank_charges(books, raise_document):
    # given the 1,00,000 invoice
    invoice = _lakh_invoice(books, raise_document)
    charges = Account.objects.get(code="5240")  # Bank Charges

    # when the customer pays 97,465 after 2,000 TDS, a 500 discount and 35 bank charges
    receipt = _pay(
        books,
        "receipt",
        books.mh,
        "97465",
        [
            _deduct("tds_receivable", "2000", "TDS 194Q", "194Q"),
            _deduct("discount_allowed", "500", "Early payment discount"),
            {"account": charges, "amount": D("35"), "description": "NEFT charges"},
        ],
        [(invoice, D("100000"))],
    )

    # then one entry: the money and each deduction debited, the customer credited 1,00,000
    assert _lines(receipt.journal_entry_id) == [
        ("1121", D("97465.0000"), D("0"), None, D("97465.0000")),
        ("1162", D("2000.0000"), D("0"), books.mh.pk, D("2000.0000")),
        ("5270", D("500.0000"), D("0"), books.mh.pk, D("500.0000")),
        ("5240", D("35.0000"), D("0"), books.mh.pk, D("35.0000")),
        ("1131", D("0"), D("100000.0000"), books.mh.pk, D("-100000.0000")),
    ]
    invoice.refresh_from_db()
    assert invoice.status == DocumentStatus.PAID
    assert [d.position for d in receipt.deductions.order_by("id")] == [0, 1, 2]
    _ledger_equals_open_items()


def test_an_unallocated_receipt_with_tds_is_an_advance_of_the_settled_amount(books, raise_document):
    # given 49,000 received with 1,000 TDS before any invoice: an advance of 50,000
    receipt = _pay(books, "receipt", books.mh, "49000", [_deduct("tds_receivable", "1000")])
    assert [
        (i.kind, i.total, i.open, i.open_base)
        for i in reports.open_items(side="receivable", as_of=DAY_2)
    ] == [("receipt", D("50000"), D("-50000"), D("-50000.00"))]
    _ledger_equals_open_items(DAY_2)

    # when the 1,00,000 invoice comes and the advance is applied
    invoice = _lakh_invoice(books, raise_document)
    payment_allocate(
        user=books.user, payment=receipt, allocations=[(invoice, D("50000"))], date=DAY_3
    )

    # then half the invoice is settled and the advance is used up
    invoice.refresh_from_db()
    receipt.refresh_from_db()
    assert (invoice.status, invoice.amount_open) == (DocumentStatus.PARTLY_PAID, D("50000"))
    assert receipt.amount_unallocated == D("0")
    # and nothing more can be allocated from it
    with pytest.raises(Exception) as refused:
        payment_allocate(
            user=books.user, payment=receipt, allocations=[(invoice, D("1"))], date=DAY_3
        )
    assert getattr(refused.value, "code", None) == "over_allocation"
    _ledger_equals_open_items()


def test_a_dollar_invoice_paid_net_of_a_deduction_at_another_rate_realises_the_difference(
    books, raise_document
):
    # given an export invoice of USD 1,000 at 83.00 = INR 83,000
    invoice = raise_document(
        "invoice",
        books.ka,
        [line(books.rate("GST0"), price="1000")],
        currency="USD",
        exchange_rate=D("83"),
        place_of_supply="96",
    )
    assert invoice.total_base == D("83000.00")

    # when USD 980 arrives at 84.00 and the customer kept back USD 20 (withholding tax)
    receipt = _pay(
        books,
        "receipt",
        books.ka,
        "980",
        [_deduct("tds_receivable", "20", "Withholding tax", "other")],
        [(invoice, D("1000"))],
        currency="USD",
        exchange_rate=D("84"),
    )

    # then the receipt's entry holds each line at 84: bank 82,320, TDS 1,680, customer 84,000
    assert _lines(receipt.journal_entry_id) == [
        ("1121", D("82320.0000"), D("0"), None, D("980.0000")),
        ("1162", D("1680.0000"), D("0"), books.ka.pk, D("20.0000")),
        ("1131", D("0"), D("84000.0000"), books.ka.pk, D("-1000.0000")),
    ]
    assert (receipt.settled_amount, receipt.settled_base) == (D("1000"), D("84000.00"))
    # and the USD 1,000 settled clears the invoice's 83,000: a realised gain of 1,000
    allocation = Allocation.objects.get(payment=receipt)
    assert (allocation.amount_base, allocation.source_amount_base, allocation.exchange_gain) == (
        D("83000.00"),
        D("84000.00"),
        D("1000.00"),
    )
    assert _lines(allocation.exchange_entry_id) == [
        ("1131", D("1000.0000"), D("0"), books.ka.pk, D("0")),
        ("5280", D("0"), D("1000.0000"), None, D("0")),
    ]
    invoice.refresh_from_db()
    assert invoice.status == DocumentStatus.PAID
    assert _tb("5280") == (D("0"), D("1000.0000"))
    assert _tb("1162") == (D("1680.0000"), D("0"))
    _ledger_equals_open_items()


def test_each_line_is_rounded_to_paise_and_the_party_line_takes_their_sum(books, raise_document):
    # given an invoice of USD 1,000 at 82.3333 (INR 82,333.30)
    invoice = raise_document(
        "invoice",
        books.ka,
        [line(books.rate("GST0"), price="1000")],
        currency="USD",
        exchange_rate=D("82.3333"),
        place_of_supply="96",
    )

    # when USD 990.01 arrives at 82.3333 with deductions of USD 6.66 and 3.33
    receipt = _pay(
        books,
        "receipt",
        books.ka,
        "990.01",
        [_deduct("tds_receivable", "6.66"), _deduct("discount_allowed", "3.33", "Discount")],
        [(invoice, D("1000"))],
        currency="USD",
        exchange_rate=D("82.3333"),
    )

    # then 990.01 x 82.3333 = 81,510.79, 6.66 x = 548.34, 3.33 x = 274.17 (each rounded); the
    # customer's line is their sum, 82,333.30 (1,000 x 82.3333 would be 82,333.30 too here)
    assert _lines(receipt.journal_entry_id) == [
        ("1121", D("81510.79"), D("0"), None, D("990.0100")),
        ("1162", D("548.34"), D("0"), books.ka.pk, D("6.6600")),
        ("5270", D("274.17"), D("0"), books.ka.pk, D("3.3300")),
        ("1131", D("0"), D("82333.30"), books.ka.pk, D("-1000.0000")),
    ]
    # at one rate the settlement is exact: no exchange difference, nothing open in rupees
    allocation = Allocation.objects.get(payment=receipt)
    assert (allocation.source_amount_base, allocation.exchange_gain) == (D("82333.30"), D("0"))
    assert reports.open_items(side="receivable", as_of=YEAR_END) == []
    _ledger_equals_open_items()


def test_where_paise_differ_the_party_line_still_balances_and_the_difference_is_realised(
    books, raise_document
):
    # given an invoice of USD 3 at 83.3333 (INR 250.00)
    invoice = raise_document(
        "invoice",
        books.ka,
        [line(books.rate("GST0"), price="3")],
        currency="USD",
        exchange_rate=D("83.3333"),
        place_of_supply="96",
    )
    assert invoice.total_base == D("250.00")

    # when USD 1 arrives with two deductions of USD 1 at the same rate
    receipt = _pay(
        books,
        "receipt",
        books.ka,
        "1",
        [_deduct("tds_receivable", "1"), _deduct("discount_allowed", "1", "Discount")],
        [(invoice, D("3"))],
        currency="USD",
        exchange_rate=D("83.3333"),
    )

    # then each line is 83.33; the customer's line is their sum, 249.99 (not round(3 x rate))
    lines = _lines(receipt.journal_entry_id)
    assert [(code, debit, credit) for code, debit, credit, *_ in lines] == [
        ("1121", D("83.33"), D("0")),
        ("1162", D("83.33"), D("0")),
        ("5270", D("83.33"), D("0")),
        ("1131", D("0"), D("249.99")),
    ]
    assert receipt.settled_base == D("249.99")
    # and the paisa between the invoice's 250.00 and the receipt's 249.99 is realised
    allocation = Allocation.objects.get(payment=receipt)
    assert (allocation.amount_base, allocation.source_amount_base, allocation.exchange_gain) == (
        D("250.00"),
        D("249.99"),
        D("-0.01"),
    )
    assert reports.open_items(side="receivable", as_of=YEAR_END) == []
    _ledger_equals_open_items()


def test_cancelling_the_receipt_reverses_the_money_the_deduction_and_the_settlement(
    books, raise_document
):
    # given the 1,00,000 invoice paid by 98,000 and 2,000 TDS
    invoice = _lakh_invoice(books, raise_document)
    receipt = _pay(
        books,
        "receipt",
        books.mh,
        "98000",
        [_deduct("tds_receivable", "2000")],
        [(invoice, D("100000"))],
    )

    # when the receipt is cancelled (the cheque bounced)
    payment_cancel(user=books.user, payment=receipt, date=DAY_3, reason="Cheque returned")

    # then its entry is reversed line by line, the invoice is open again, TDS back to nil
    receipt.refresh_from_db()
    invoice.refresh_from_db()
    assert (receipt.status, receipt.amount_allocated) == (PaymentStatus.CANCELLED, D("0"))
    assert (invoice.status, invoice.amount_open) == (DocumentStatus.POSTED, D("100000"))
    reversal = JournalEntry.objects.get(reversal_of_id=receipt.journal_entry_id)
    assert (reversal.date, reversal.series) == (DAY_3, "RECEIPT")
    assert _lines(reversal.pk) == [
        ("1121", D("0"), D("98000.0000"), None, D("-98000.0000")),
        ("1162", D("0"), D("2000.0000"), books.mh.pk, D("-2000.0000")),
        ("1131", D("100000.0000"), D("0"), books.mh.pk, D("100000.0000")),
    ]
    assert _tb("1162") == (D("0"), D("0"))
    # the deduction stays recorded with the cancelled receipt (history)
    assert receipt.deductions.count() == 1
    # open items: the invoice is open again; before the cancel date the receipt settled it
    assert [
        (i.number, i.open_base) for i in reports.open_items(side="receivable", as_of=DAY_3)
    ] == [(invoice.number, D("100000.00"))]
    assert reports.open_items(side="receivable", as_of=DAY_2) == []
    for as_of in (DAY_2, DAY_3, YEAR_END):
        _ledger_equals_open_items(as_of)


def test_a_refused_deduction_writes_nothing(books, raise_document):
    # given
    invoice = _lakh_invoice(books, raise_document)
    payments, entries = Payment.objects.count(), JournalEntry.objects.count()

    # when the deduction names the party's own receivable control account
    with pytest.raises(Exception) as refused:
        _pay(
            books,
            "receipt",
            books.mh,
            "98000",
            [_deduct("receivable", "2000")],
            [(invoice, D("100000"))],
        )

    # then
    assert getattr(refused.value, "code", None) == "invalid_deduction"
    assert refused.value.fields == {  # type: ignore[attr-defined]
        "deductions.0.account": [
            "1131 Trade Receivables is the party control account; choose TDS, discount or charges."
        ]
    }
    assert (Payment.objects.count(), JournalEntry.objects.count()) == (payments, entries)
    assert PaymentDeduction.objects.count() == 0
    invoice.refresh_from_db()
    assert invoice.status == DocumentStatus.POSTED


# ---------------------------------------------------------------------------------------------
# Over HTTP
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def http(tenant_alpha, users, api_client) -> dict[str, Any]:
    """Alpha's books with the 1,00,000 invoice posted; a logged-in owner's client."""
    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        invoice = _lakh_invoice(books, make_raiser(books))
        ids = {
            "mh": books.mh.pk,
            "bank": books.bank.pk,
            "invoice": invoice.pk,
            **{
                role: account_by_role(role).pk
                for role in ("tds_receivable", "tds_payable", "receivable", "discount_allowed")
            },
            "group": Account.objects.get(code="1160").pk,  # Loans and Advances (a group)
            "inactive": Account.objects.create(
                code="1169", name="Old TDS account", type="asset", is_active=False
            ).pk,
        }
    return {"client": api_client("alpha", users["owner_alpha"]), **ids}


def _body(t: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "kind": "receipt",
        "partner": t["mh"],
        "date": "2026-06-20",
        "account": t["bank"],
        "amount": "98000.00",
        "reference": "UTR 123",
        "deductions": [
            {
                "account": t["tds_receivable"],
                "amount": "2000.00",
                "description": "TDS 194C",
                "tds_section": "194C",
            }
        ],
        "allocations": [{"document": t["invoice"], "amount": "100000.00"}],
        **changes,
    }


def _written(tenant: Any) -> Any:
    with in_schema(tenant.schema_name):
        return (
            [model_to_dict(p) for p in Payment.objects.order_by("pk")],
            list(PaymentDeduction.objects.values_list("pk", "amount", "tds_base")),
            list(Allocation.objects.values_list("pk", "amount")),
            JournalEntry.objects.count(),
            list(Document.objects.values_list("pk", "status", "amount_settled")),
        )


def test_over_http_the_receipt_with_tds_pays_the_invoice_and_shows_its_deductions(http):
    client = http["client"]

    # when
    created = client.post(f"{API}/payments/", _body(http), format="json")

    # then
    assert created.status_code == 201, created.json()
    payment = created.json()
    assert {
        k: payment[k]
        for k in (
            "amount",
            "deductions_total",
            "settled_amount",
            "amount_allocated",
            "amount_unallocated",
            "amount_base",
            "deductions_base",
            "settled_base",
        )
    } == {
        "amount": "98000.0000",
        "deductions_total": "2000.0000",
        "settled_amount": "100000.0000",
        "amount_allocated": "100000.0000",
        "amount_unallocated": "0.0000",
        "amount_base": "98000.0000",
        "deductions_base": "2000.0000",
        "settled_base": "100000.0000",
    }
    assert payment["deductions"] == [
        {
            "id": payment["deductions"][0]["id"],
            "account": {
                "id": http["tds_receivable"],
                "code": "1162",
                "name": "TDS Receivable",
                "role": "tds_receivable",
                "type": "asset",
            },
            "amount": "2000.0000",
            "amount_base": "2000.0000",
            "description": "TDS 194C",
            "cost_centre": None,
            "cost_centre_name": None,
            "tds_section": "194C",
            # the invoice's taxable value: TDS is not deducted on its GST (ADR 0060)
            "tds_base": "84745.7600",
        }
    ]
    detail = client.get(f"{API}/payments/{payment['id']}/").json()
    assert detail["deductions"] == payment["deductions"]
    [row] = client.get(f"{API}/payments/").json()["results"]
    assert (row["settled_amount"], row["deductions"]) == ("100000.0000", payment["deductions"])
    invoice = client.get(f"{API}/invoices/{http['invoice']}/").json()
    assert (invoice["status"], invoice["amount_open"]) == ("paid", "0.0000")
    # the trial balance over HTTP: TDS receivable 2,000 debit
    tb = client.get("/api/v1/finance/reports/trial-balance/", {"to_date": "2026-07-31"}).json()
    [tds] = [r for r in tb["rows"] if r["code"] == "1162"]
    assert (tds["values"]["closing_debit"], tds["values"]["closing_credit"]) == (
        "2000.0000",
        "0.0000",
    )


def test_the_deduction_accounts_are_every_active_ledger_but_the_party_control_accounts(http):
    # when
    accounts = http["client"].get(f"{API}/payments/deduction-accounts/").json()

    # then
    codes = [a["code"] for a in accounts]
    assert {"1162", "2125", "4220", "5240", "5260", "5270", "1121"} <= set(codes)
    assert not {"1131", "2111", "1160", "1169"} & set(codes)  # control, group, inactive
    assert codes == sorted(codes)
    tds = http["client"].get(f"{API}/payments/deduction-accounts/", {"search": "tds"}).json()
    assert [(a["code"], a["role"]) for a in tds] == [
        ("1162", "tds_receivable"),
        ("2125", "tds_payable"),
    ]


BAD_INPUTS = [
    # (what, the deductions sent, the field errors expected)
    (
        "a group account",
        lambda t: [{"account": t["group"], "amount": "2000.00"}],
        {"deductions.0.account": ["1160 Loans and Advances is a group; choose a ledger."]},
    ),
    (
        "an inactive account",
        lambda t: [{"account": t["inactive"], "amount": "2000.00"}],
        {"deductions.0.account": ["1169 Old TDS account is inactive."]},
    ),
    (
        "the money's own bank account",
        lambda t: [{"account": t["bank"], "amount": "2000.00"}],
        {"deductions.0.account": ["The money's own account cannot take a deduction."]},
    ),
    (
        "the receivable control account",
        lambda t: [
            {"account": t["tds_receivable"], "amount": "1000.00", "tds_section": "194J"},
            {"account": t["receivable"], "amount": "1000.00"},
        ],
        {
            "deductions.1.account": [
                "1131 Trade Receivables is the party control account; "
                "choose TDS, discount or charges."
            ]
        },
    ),
    (
        "paise beyond the currency's",
        lambda t: [{"account": t["tds_receivable"], "amount": "2000.001", "tds_section": "194C"}],
        {"deductions.0.amount": ["Too many decimal places for INR."]},
    ),
    (
        "a TDS account without its section",
        lambda t: [{"account": t["tds_receivable"], "amount": "2000.00", "tds_section": ""}],
        {"deductions.0.tds_section": ["Choose the TDS section of TDS Receivable."]},
    ),
    (
        "a section on a discount",
        lambda t: [
            {"account": t["tds_receivable"], "amount": "1000.00", "tds_section": "194C"},
            {"account": t["discount_allowed"], "amount": "1000.00", "tds_section": "194C"},
        ],
        {"deductions.1.tds_section": ["Only a TDS receivable or payable account has one."]},
    ),
    (
        "a TDS base on a discount",
        lambda t: [
            {"account": t["tds_receivable"], "amount": "1000.00", "tds_section": "194C"},
            {"account": t["discount_allowed"], "amount": "1000.00", "tds_base": "50000.00"},
        ],
        {"deductions.1.tds_base": ["Only TDS is deducted on a base."]},
    ),
    (
        "a zero TDS base",
        lambda t: [
            {
                "account": t["tds_receivable"],
                "amount": "2000.00",
                "tds_section": "194C",
                "tds_base": "0",
            }
        ],
        {"deductions.0.tds_base": ["Must be more than zero."]},
    ),
    (
        "a TDS base below the paisa",
        lambda t: [
            {
                "account": t["tds_receivable"],
                "amount": "2000.00",
                "tds_section": "194C",
                "tds_base": "84745.761",
            }
        ],
        {"deductions.0.tds_base": ["At most two decimal places (rupees and paise)."]},
    ),
]


@pytest.mark.parametrize(
    ("what", "deductions", "fields"), BAD_INPUTS, ids=[what for what, _, _ in BAD_INPUTS]
)
def test_a_bad_deduction_is_a_400_with_its_field_and_writes_nothing(
    http, tenant_alpha, what, deductions, fields
):
    before = _written(tenant_alpha)

    response = http["client"].post(
        f"{API}/payments/", _body(http, deductions=deductions(http)), format="json"
    )

    assert response.status_code == 400, (what, response.json())
    assert response.json()["code"] == "invalid_deduction"
    assert response.json()["fields"] == fields
    assert set(response.json()) == {"detail", "code", "fields"}
    assert _written(tenant_alpha) == before


@pytest.mark.parametrize(
    ("deductions", "field", "code"),
    [
        ([{"account": "TDS", "amount": "0"}], "deductions.0.amount", "min_value"),
        ([{"account": "TDS", "amount": "-5"}], "deductions.0.amount", "min_value"),
        ([{"account": "TDS"}], "deductions.0.amount", "required"),
        ([{"amount": "2000"}], "deductions.0.account", "required"),
        ([{"account": 999999, "amount": "2000"}], "deductions.0.account", "does_not_exist"),
        ([{"account": "TDS", "amount": "abc"}], "deductions.0.amount", "invalid"),
        (
            [{"account": "TDS", "amount": "1", "tds_section": "194Z"}],
            "deductions.0.tds_section",
            "invalid_choice",
        ),
        ("not a list", "deductions.non_field_errors", "not_a_list"),
        ([{"account": "TDS", "amount": "1"}] * 21, "deductions.non_field_errors", "max_length"),
    ],
    ids=[
        "zero",
        "negative",
        "no amount",
        "no account",
        "unknown",
        "text",
        "section",
        "shape",
        "too many",
    ],
)
def test_malformed_deductions_are_400s_in_the_error_shape(
    http, tenant_alpha, deductions, field, code
):
    before = _written(tenant_alpha)
    if isinstance(deductions, list):
        deductions = [
            {**d, "account": http["tds_receivable"]} if d.get("account") == "TDS" else d
            for d in deductions
        ]

    response = http["client"].post(
        f"{API}/payments/", _body(http, deductions=deductions), format="json"
    )

    assert response.status_code == 400, response.json()
    body = response.json()
    assert (set(body), body["code"]) == ({"detail", "code", "fields"}, code)
    assert field in body["fields"], body
    assert _written(tenant_alpha) == before


@pytest.mark.parametrize(
    "changes",
    [
        # the money and the deductions together overflow the ledger's amount columns
        {"amount": "9999999999999999", "deductions": "BIG", "allocations": []},
        # the base-currency value does
        {
            "amount": "9999999999999999",
            "deductions": [],
            "allocations": [],
            "currency": "USD",
            "exchange_rate": "999999",
        },
    ],
    ids=["deductions", "rate"],
)
def test_an_amount_too_large_for_the_ledger_is_a_400_not_a_500(http, tenant_alpha, changes):
    before = _written(tenant_alpha)
    if changes["deductions"] == "BIG":
        big = {
            "account": http["tds_receivable"],
            "amount": "9999999999999999",
            "tds_section": "194C",
        }
        changes = {**changes, "deductions": [big]}

    response = http["client"].post(f"{API}/payments/", _body(http, **changes), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The amount with its deductions is too large for the ledger.",
        "code": "invalid",
        "fields": {"amount": ["Too large."]},
    }
    assert _written(tenant_alpha) == before


def test_allocating_more_than_the_money_and_the_deductions_is_refused(http, tenant_alpha):
    # given 98,000 + 1,000 TDS settle 99,000 at most
    before = _written(tenant_alpha)
    tds = {"account": http["tds_receivable"], "amount": "1000.00", "tds_section": "194C"}
    body = _body(http, deductions=[tds])

    response = http["client"].post(f"{API}/payments/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "over_allocation"
    assert _written(tenant_alpha) == before


def test_a_receipt_without_deductions_is_as_before(http):
    # when 1,00,000 arrives with no deductions (the field left out)
    body = _body(http, amount="100000.00")
    del body["deductions"]
    created = http["client"].post(f"{API}/payments/", body, format="json")

    # then
    assert created.status_code == 201, created.json()
    payment = created.json()
    assert (payment["deductions"], payment["deductions_total"], payment["settled_amount"]) == (
        [],
        "0.0000",
        "100000.0000",
    )


def test_over_http_the_rupees_credited_are_kept_and_a_mismatch_is_a_400(http, tenant_alpha):
    client = http["client"]
    usd = {"currency": "USD", "amount": "25000.00", "deductions": [], "allocations": []}
    # a rate that is not the rupees over the amount: 400 naming amount_base, nothing written
    before = _written(tenant_alpha)
    refused = client.post(
        f"{API}/payments/",
        _body(http, **usd, exchange_rate="83.42", amount_base="2085509.37"),
        format="json",
    )
    assert refused.status_code == 400, refused.json()
    assert set(refused.json()) == {"detail", "code", "fields"}
    assert "amount_base" in refused.json()["fields"]
    assert _written(tenant_alpha) == before
    # the bank's INR 20,85,509.37 for USD 25,000 (rate 83.420375): kept to the paisa
    created = client.post(
        f"{API}/payments/",
        _body(http, **usd, exchange_rate="83.420375", amount_base="2085509.37"),
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["exchange_rate"], created.json()["amount_base"]) == (
        "83.420375",
        "2085509.3700",
    )


def test_a_discount_kept_back_belongs_to_its_job_and_only_income_or_expense_carry_one(
    http, tenant_alpha, users
):
    """A customer pays the lakh less a ₹1,500 discount that belongs to the Hotel Sahyadri job:
    the discount's ledger line carries the job, and the job's profit shows it (ADR 0069). TDS
    receivable (an asset) or a group of jobs cannot carry one: 400s on the row, nothing
    written."""
    from tenant_apps.finance.selectors import cost_centre_summary
    from tenant_apps.finance.services import cost_centre_create

    with in_schema(tenant_alpha.schema_name):
        owner = users["owner_alpha"]
        jobs = cost_centre_create(user=owner, code="JOBS", name="Jobs", is_group=True)
        job = cost_centre_create(user=owner, code="P-SAH", name="Hotel Sahyadri", parent_id=jobs.pk)
    client = http["client"]
    discount = {
        "account": http["discount_allowed"],
        "amount": "1500.00",
        "description": "Cash discount",
        "cost_centre": job.pk,
    }
    before = _written(tenant_alpha)
    for row, field_error in (
        ({**discount, "cost_centre": jobs.pk}, "Cost centre JOBS is a group."),
        (
            {**discount, "account": http["tds_receivable"], "tds_section": "194C"},
            "only those carry a cost centre",
        ),
    ):
        refused = client.post(
            f"{API}/payments/", _body(http, amount="98500.00", deductions=[row]), format="json"
        )
        assert refused.status_code == 400, refused.content
        assert field_error in " ".join(refused.json()["fields"]["deductions.0.cost_centre"])
    assert _written(tenant_alpha) == before

    made = client.post(
        f"{API}/payments/", _body(http, amount="98500.00", deductions=[discount]), format="json"
    )
    assert made.status_code == 201, made.content
    [kept] = made.json()["deductions"]
    assert (kept["cost_centre"], kept["cost_centre_name"]) == (job.pk, "P-SAH Hotel Sahyadri")
    with in_schema(tenant_alpha.schema_name):
        line_ = JournalLine.objects.get(
            entry__source_type="invoicing.receipt", account_id=http["discount_allowed"]
        )
        assert (line_.debit, line_.cost_centre_id) == (D("1500.00"), job.pk)
        summary = cost_centre_summary(from_date=FY_DAY, to_date=YEAR_END)
        assert {r.code: r.expense for r in summary.rows}["P-SAH"] == D("1500.00")
