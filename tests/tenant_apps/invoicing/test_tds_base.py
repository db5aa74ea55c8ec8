"""What TDS was deducted on (ADR 0060): `PaymentDeduction.tds_base`, the value without GST (CBDT
circular 23/2017). The default from what the payment settles (each bill's taxable share, an
advance at face value), a base the user gives, Form 26Q's amount paid/credited and rate, and
the batched backfill (`manage.py tds_base_backfill`) of rows written before migration 0018."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D
from typing import Any

import pytest

from tenant_apps.finance.selectors import account_by_role
from tenant_apps.invoicing.models import PaymentDeduction
from tenant_apps.invoicing.services.payments import payment_cancel, payment_create
from tenant_apps.invoicing.services.tds import tds_base_backfill
from tenant_apps.invoicing.tds_return import form_26q
from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import _books, line, make_raiser

API = "/api/v1/invoicing"
BILL_DAY = dt.date(2026, 6, 15)
PAY_DAY = dt.date(2026, 6, 20)  # Q1 2026-27


def _bill(books, price: str, rate: str = "GST18"):
    """A posted bill of Surat Steels (Gujarat: IGST) of one line at `price` + GST `rate`."""
    return make_raiser(books)(
        "bill", books.vendor, [line(books.rate(rate), price=price)], day=BILL_DAY
    )


def _tds(amount: str, **extra: Any) -> dict[str, Any]:
    return {
        "account": account_by_role("tds_payable"),
        "amount": D(amount),
        "tds_section": "194C",
        **extra,
    }


def _pay(books, amount: str, deductions, allocations=()):
    return payment_create(
        user=books.user,
        kind="payment",
        data={
            "partner": books.vendor,
            "date": PAY_DAY,
            "account": books.bank,
            "amount": D(amount),
            "deductions": list(deductions),
            "allocations": list(allocations),
        },
    )


# ---------------------------------------------------------------------------------------------
# The default
# ---------------------------------------------------------------------------------------------
def test_a_bill_paid_in_full_has_its_tds_on_the_value_without_gst(books):
    # given a bill of 1,18,000 = 1,00,000 + IGST 18,000
    bill = _bill(books, "100000")
    assert (bill.taxable_total, bill.total) == (D("100000"), D("118000"))

    # when paid in full less 2% TDS under 194C
    payment = _pay(books, "116000", [_tds("2000")], [(bill, D("118000"))])

    # then TDS was deducted on 1,00,000, and 26Q says so: 2%
    assert payment.deductions.get().tds_base == D("100000.00")
    [row] = form_26q(fy="2026-27", quarter="Q1")["deductees"]
    assert (row["amount_paid"], row["tds"], row["rate"]) == (
        D("100000.00"),
        D("2000.00"),
        D("2.0000"),
    )


def test_a_part_payment_counts_its_share_of_the_taxable_value(books):
    # given
    bill = _bill(books, "100000")

    # when half the bill is settled (57,000 + TDS 2,000), and 1,000 of it by another payment
    half = _pay(books, "57000", [_tds("2000")], [(bill, D("59000"))])
    odd = _pay(books, "980", [_tds("20")], [(bill, D("1000"))])

    # then 59,000 x 1,00,000 / 1,18,000 = 50,000; 1,000 x 1,00,000 / 1,18,000 = 847.4576 -> 847.46
    assert half.deductions.get().tds_base == D("50000.00")
    assert odd.deductions.get().tds_base == D("847.46")


def test_an_advance_has_its_tds_on_the_face_value(books):
    # given nothing allocated: no bill to take GST from
    advance = _pay(books, "49000", [_tds("1000")])

    # given a bill of 11,800 (10,000 + IGST 1,800) settled by a payment of 20,000 in all
    bill = _bill(books, "10000")
    part = _pay(books, "19800", [_tds("200")], [(bill, D("11800"))])

    # then the advance at face value; the bill's 10,000 + the 8,200 not allocated
    assert advance.deductions.get().tds_base == D("50000.00")
    assert part.deductions.get().tds_base == D("18200.00")


def test_two_bills_at_different_gst_rates_count_each_at_its_own(books):
    # given a bill at 18% (1,00,000 + 18,000) and one at 12% (30,000 + 3,600)
    at_18 = _bill(books, "100000")
    at_12 = _bill(books, "30000", "GST12")
    assert at_12.total == D("33600")

    # when one payment settles the first in full and 11,200 of the second
    payment = _pay(books, "127000", [_tds("2200")], [(at_18, D("118000")), (at_12, D("11200"))])

    # then 1,00,000 + 11,200 x 30,000 / 33,600 = 1,00,000 + 10,000
    assert payment.deductions.get().tds_base == D("110000.00")


def test_each_bill_is_rounded_to_the_paisa_on_its_own(books):
    # given two bills of 118 (100 + IGST 18)
    first, second = _bill(books, "100"), _bill(books, "100")

    # when 1 of each is settled
    payment = _pay(books, "1", [_tds("1")], [(first, D("1")), (second, D("1"))])

    # then 0.847... -> 0.85 twice = 1.70 (not 1.6949... -> 1.69 on the sum)
    assert payment.deductions.get().tds_base == D("1.70")


def test_a_base_given_is_kept_and_other_deductions_have_none(books):
    # given
    bill = _bill(books, "100000")

    # when the user says the TDS was on 95,000 (say, a part of the bill is goods)
    payment = _pay(
        books,
        "115900",
        [
            _tds("1900", tds_base=D("95000.00")),
            {"account": account_by_role("discount_received"), "amount": D("200")},
        ],
        [(bill, D("118000"))],
    )

    # then
    tds, discount = payment.deductions.order_by("position")
    assert (tds.tds_base, discount.tds_base) == (D("95000.00"), None)
    [row] = form_26q(fy="2026-27", quarter="Q1")["deductees"]
    assert (row["amount_paid"], row["rate"]) == (D("95000.00"), D("2.0000"))


# ---------------------------------------------------------------------------------------------
# Rows from before: the batched backfill and 26Q's fallback
# ---------------------------------------------------------------------------------------------
def _forget(*payments) -> None:
    PaymentDeduction.objects.filter(payment__in=payments).update(tds_base=None)


def test_the_backfill_sets_the_default_on_tds_rows_without_a_base(books):
    # given rows as 0017 left them: a bill paid less TDS, an advance, a cancelled payment and a
    # discount (not TDS)
    bill = _bill(books, "100000")
    paid = _pay(books, "116000", [_tds("2000")], [(bill, D("118000"))])
    advance = _pay(books, "4900", [_tds("100")])
    cancelled = _pay(books, "57000", [_tds("2000")], [(_bill(books, "100000"), D("59000"))])
    payment_cancel(user=books.user, payment=cancelled, date=PAY_DAY)
    discount = _pay(
        books, "1000", [{"account": account_by_role("discount_received"), "amount": D("10")}]
    )
    _forget(paid, advance, cancelled, discount)

    # when
    done = tds_base_backfill(batch_size=2)

    # then the TDS rows have the default (a cancelled payment's from what it had settled)
    assert done == 3
    assert [p.deductions.get().tds_base for p in (paid, advance, cancelled, discount)] == [
        D("100000.00"),
        D("5000.00"),
        D("50000.00"),
        None,
    ]
    # and a second run finds nothing to do
    assert tds_base_backfill() == 0


def test_the_backfill_command_fills_each_companys_rows(books, tenant_alpha):
    from django.core.management import call_command

    # given a deduction written before the column existed
    bill = _bill(books, "10000")
    paid = _pay(books, "11600", [_tds("200")], [(bill, D("11800"))])
    _forget(paid)

    # when the command runs for the company
    out = io.StringIO()
    call_command("tds_base_backfill", schema=tenant_alpha.schema_name, stdout=out)

    # then
    assert out.getvalue() == f"{tenant_alpha.schema_name}: 1 TDS deductions given their base\n"
    with in_schema(tenant_alpha.schema_name):
        assert paid.deductions.get().tds_base == D("10000.00")


def test_form_26q_computes_the_default_for_a_row_without_a_base(books):
    # given a row written by code from before 0018 during a rollout
    bill = _bill(books, "100000")
    paid = _pay(books, "116000", [_tds("2000")], [(bill, D("118000"))])
    _forget(paid)

    # then
    [row] = form_26q(fy="2026-27", quarter="Q1")["deductees"]
    assert (row["amount_paid"], row["rate"]) == (D("100000.00"), D("2.0000"))


# ---------------------------------------------------------------------------------------------
# Over HTTP
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def http(tenant_alpha, users, api_client) -> dict[str, Any]:
    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        bill = _bill(books, "100000")
        ids = {
            "vendor": books.vendor.pk,
            "bank": books.bank.pk,
            "bill": bill.pk,
            "tds_payable": account_by_role("tds_payable").pk,
        }
    return {"client": api_client("alpha", users["owner_alpha"]), **ids}


def _body(t: dict[str, Any], deduction: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "payment",
        "partner": t["vendor"],
        "date": "2026-06-20",
        "account": t["bank"],
        "amount": "116000.00",
        "deductions": [
            {"account": t["tds_payable"], "amount": "2000.00", "tds_section": "194C", **deduction}
        ],
        "allocations": [{"document": t["bill"], "amount": "118000.00"}],
    }


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ({}, "100000.0000"),
        ({"tds_base": None}, "100000.0000"),
        ({"tds_base": "99000.50"}, "99000.5000"),
    ],
    ids=["left out", "null", "given"],
)
def test_over_http_the_payment_shows_what_its_tds_was_deducted_on(http, sent, stored):
    client = http["client"]

    created = client.post(f"{API}/payments/", _body(http, sent), format="json")

    assert created.status_code == 201, created.json()
    [deduction] = created.json()["deductions"]
    assert deduction["tds_base"] == stored
    detail = client.get(f"{API}/payments/{created.json()['id']}/").json()
    assert detail["deductions"][0]["tds_base"] == stored
    form = client.get(f"{API}/tds/returns/26q/?fy=2026-27&quarter=Q1").json()
    assert form["deductees"][0]["amount_paid"] == stored
