"""TDS challans and Form 16A certificates (ADR 0048): depositing the TDS we deducted from
vendors (Dr TDS payable, Dr interest, Cr bank), a deduction deposited at most once (also under
concurrency), cancelling, the payment-cancel guard, certificates on customers' deductions, the
register's status, the API's refusals (nothing written), permissions and query counts."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import connections
from django.forms.models import model_to_dict

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.models import Account, JournalEntry, JournalLine
from tenant_apps.finance.selectors import account_by_role
from tenant_apps.invoicing import report_tables, reports
from tenant_apps.invoicing.models import Payment, PaymentDeduction, TdsChallan
from tenant_apps.invoicing.services.payments import payment_cancel, payment_create
from tenant_apps.invoicing.services.tds import (
    deposit_due_date,
    tds_certificate_clear,
    tds_certificate_record,
    tds_challan_cancel,
    tds_challan_create,
    tds_interest,
    tds_interest_months,
)
from tenant_apps.partners.services import partner_create
from tests.conftest import in_schema
from tests.permission_matrix import assert_permission_matrix
from tests.tenant_apps.invoicing.conftest import _books

API = "/api/v1/invoicing"
FY = {"date_from": dt.date(2026, 4, 1), "date_to": dt.date(2027, 3, 31)}
DEPOSIT_DAY = dt.date(2026, 7, 10)


def _pay(books, kind, partner, day, amount, role, tds, section):
    return payment_create(
        user=books.user,
        kind=kind,
        data={
            "partner": partner,
            "date": day,
            "account": books.bank,
            "amount": D(amount),
            "deductions": [
                {"account": account_by_role(role), "amount": D(tds), "tds_section": section}
            ],
        },
    )


def _vendor_tds(books) -> dict[str, Any]:
    """Two vendor payments with 194C TDS of 1,000 and 2,000, one with 194J TDS of 500, and a
    customer receipt with 194C TDS of 700 (the other side)."""
    p1 = _pay(
        books, "payment", books.vendor, dt.date(2026, 6, 5), "49000", "tds_payable", "1000", "194C"
    )
    p2 = _pay(
        books, "payment", books.vendor, dt.date(2026, 6, 20), "98000", "tds_payable", "2000", "194C"
    )
    p3 = _pay(
        books, "payment", books.vendor, dt.date(2026, 6, 25), "9500", "tds_payable", "500", "194J"
    )
    r1 = _pay(
        books, "receipt", books.mh, dt.date(2026, 6, 22), "34300", "tds_receivable", "700", "194C"
    )
    return {
        "p1": p1,
        "p2": p2,
        "p3": p3,
        "r1": r1,
        "d1": p1.deductions.get(),
        "d2": p2.deductions.get(),
        "d3": p3.deductions.get(),
        "dr": r1.deductions.get(),
        "interest": Account.objects.get(code="5230"),
    }


def _challan(books, ids, **extra) -> TdsChallan:
    return tds_challan_create(
        user=books.user,
        data={
            "section": "194C",
            "date": DEPOSIT_DAY,
            "bsr_code": "0510308",
            "serial_number": "00042",
            "account": books.bank,
            "deductions": ids,
            **extra,
        },
    )


def _lines(entry_id: int) -> list[tuple[str, D, D, int | None]]:
    return [
        (x.account.code, x.debit, x.credit, x.partner_id)
        for x in JournalLine.objects.filter(entry_id=entry_id)
        .select_related("account")
        .order_by("line_no")
    ]


def test_a_challan_deposits_194c_with_interest_in_one_entry(books):
    # given
    t = _vendor_tds(books)

    # when the 194C TDS of both payments is deposited on 10 July, with 45 of interest
    challan = _challan(
        books,
        [t["d1"].pk, t["d2"].pk],
        interest=D("45"),
        interest_account=t["interest"],
    )

    # then one entry: Dr TDS payable 3,000 (the vendor on the line), Dr interest 45, Cr bank 3,045
    challan.refresh_from_db()
    assert challan.number.startswith("CHL")
    assert (challan.status, challan.tds_amount, challan.interest, challan.total) == (
        "posted",
        D("3000.0000"),
        D("45.0000"),
        D("3045.0000"),
    )
    assert _lines(challan.journal_entry_id) == [
        ("2125", D("3000.0000"), D("0.0000"), books.vendor.pk),
        ("5230", D("45.0000"), D("0.0000"), None),
        (books.bank.code, D("0.0000"), D("3045.0000"), None),
    ]
    entry = JournalEntry.objects.get(pk=challan.journal_entry_id)
    assert (entry.source_type, entry.source_id, entry.date) == (
        "invoicing.tds_challan",
        challan.pk,
        DEPOSIT_DAY,
    )
    # the deductions are deposited; the 194J one and the customer's are not
    assert sorted(
        PaymentDeduction.objects.filter(challan=challan).values_list("pk", flat=True)
    ) == sorted([t["d1"].pk, t["d2"].pk])
    assert PaymentDeduction.objects.get(pk=t["d3"].pk).challan_id is None

    # and the register shows them with the challan, the 194J one pending
    r = reports.tds_register(side="payable", **FY)
    assert [
        (x["payment_number"], x["section"], x["status"], x["challan"] and x["challan"]["number"])
        for x in r["rows"]
    ] == [
        (t["p1"].number, "194C", "deposited", challan.number),
        (t["p2"].number, "194C", "deposited", challan.number),
        (t["p3"].number, "194J", "pending", None),
    ]
    assert r["rows"][0]["challan"] == {
        "id": challan.pk,
        "number": challan.number,
        "date": DEPOSIT_DAY,
        "bsr_code": "0510308",
        "serial_number": "00042",
    }
    assert r["pending_total"] == D("500.0000")
    pending = reports.tds_register(side="payable", status="pending", **FY)
    assert [x["payment_number"] for x in pending["rows"]] == [t["p3"].number]
    assert pending["total"] == D("500.0000")
    deposited = reports.tds_register(side="payable", status="deposited", **FY)
    assert [x["payment_number"] for x in deposited["rows"]] == [t["p1"].number, t["p2"].number]
    # the export carries the challan beside each deduction, "pending" otherwise
    table = report_tables.tds_register_report(r).tables[0]
    assert [c.label for c in table.columns][-3:] == ["Challan", "Deposited", "BSR"]
    assert [row[-3:] for row in table.rows] == [
        [challan.number, DEPOSIT_DAY, "0510308"],
        [challan.number, DEPOSIT_DAY, "0510308"],
        ["pending", None, ""],
    ]


def test_a_deduction_goes_into_one_challan_only(books):
    # given
    t = _vendor_tds(books)
    first = _challan(books, [t["d1"].pk])
    before = (TdsChallan.objects.count(), JournalEntry.objects.count())

    # when / then
    with pytest.raises(ApplicationError) as exc:
        _challan(books, [t["d2"].pk, t["d1"].pk], serial_number="00043")
    assert exc.value.code == "already_deposited"
    assert "deductions.1" in exc.value.fields
    assert (TdsChallan.objects.count(), JournalEntry.objects.count()) == before
    assert PaymentDeduction.objects.get(pk=t["d2"].pk).challan_id is None
    assert PaymentDeduction.objects.get(pk=t["d1"].pk).challan_id == first.pk


def test_cancelling_a_challan_reverses_it_and_the_deductions_are_pending_again(books):
    # given
    t = _vendor_tds(books)
    challan = _challan(
        books, [t["d1"].pk, t["d2"].pk], interest=D("45"), interest_account=t["interest"]
    )

    # when
    tds_challan_cancel(user=books.user, challan=challan, date=dt.date(2026, 7, 12), reason="typo")

    # then
    challan.refresh_from_db()
    assert (challan.status, challan.cancel_date, challan.cancel_reason) == (
        "cancelled",
        dt.date(2026, 7, 12),
        "typo",
    )
    entry = JournalEntry.objects.get(pk=challan.journal_entry_id)
    reversal = JournalEntry.objects.get(reversal_of=entry)
    assert entry.status == "reversed"
    assert reversal.date == dt.date(2026, 7, 12)
    assert _lines(reversal.pk) == [
        ("2125", D("0.0000"), D("3000.0000"), books.vendor.pk),
        ("5230", D("0.0000"), D("45.0000"), None),
        (books.bank.code, D("3045.0000"), D("0.0000"), None),
    ]
    assert not PaymentDeduction.objects.filter(challan__isnull=False).exists()
    r = reports.tds_register(side="payable", status="pending", **FY)
    assert len(r["rows"]) == 3
    # and they can be deposited again
    again = _challan(books, [t["d1"].pk, t["d2"].pk], serial_number="00044")
    assert again.tds_amount == D("3000.0000")
    with pytest.raises(ApplicationError) as exc:
        tds_challan_cancel(user=books.user, challan=challan)
    assert exc.value.code == "not_open"


def test_a_payment_whose_tds_is_deposited_cannot_be_cancelled(books):
    # given
    t = _vendor_tds(books)
    challan = _challan(books, [t["d1"].pk])
    entries = JournalEntry.objects.count()

    # when / then
    with pytest.raises(ApplicationError) as exc:
        payment_cancel(user=books.user, payment=t["p1"], date=dt.date(2026, 7, 15))
    assert exc.value.code == "deposited_in_challan"
    assert challan.number in exc.value.detail
    assert Payment.objects.get(pk=t["p1"].pk).status == "posted"
    assert JournalEntry.objects.count() == entries

    # once the challan is cancelled, the payment can be
    tds_challan_cancel(user=books.user, challan=challan, date=dt.date(2026, 7, 15))
    payment_cancel(user=books.user, payment=t["p1"], date=dt.date(2026, 7, 15))
    assert Payment.objects.get(pk=t["p1"].pk).status == "cancelled"


def test_the_deposit_is_due_on_the_seventh_and_march_on_30_april():
    assert deposit_due_date(dt.date(2026, 6, 5)) == dt.date(2026, 7, 7)
    assert deposit_due_date(dt.date(2026, 12, 31)) == dt.date(2027, 1, 7)
    assert deposit_due_date(dt.date(2027, 3, 15)) == dt.date(2027, 4, 30)


def test_interest_on_a_deposit_by_the_due_date_is_nil():
    # given TDS deducted on 15 April; when deposited on the 7th of May (due) or earlier
    for deposit in (dt.date(2026, 4, 15), dt.date(2026, 4, 30), dt.date(2026, 5, 7)):
        # then no interest
        assert tds_interest_months(dt.date(2026, 4, 15), deposit) == 0
        assert tds_interest([(dt.date(2026, 4, 15), D("3612"))], deposit) == D("0")


def test_a_deposit_late_by_a_day_pays_every_calendar_month_from_the_deduction():
    # given TDS of 3,612 deducted on 15 April, deposited on 8 May (a day late)
    # then April and May count: 2 months x 1.5% = 108.36, 108 to the rupee
    assert tds_interest_months(dt.date(2026, 4, 15), dt.date(2026, 5, 8)) == 2
    assert tds_interest([(dt.date(2026, 4, 15), D("3612"))], dt.date(2026, 5, 8)) == D("108")
    # deducted on the last day of a month, deposited on the 8th of the next: still 2
    assert tds_interest_months(dt.date(2026, 6, 30), dt.date(2026, 7, 8)) == 2
    # deducted on the 1st, deposited on the 1st three months on: Jan..Apr = 4, over a year end
    assert tds_interest_months(dt.date(2026, 12, 1), dt.date(2027, 3, 1)) == 4
    # half a rupee rounds up: 1,650 x 1.5% x 2 = 49.50 -> 50 (and 1 April, paid 30 April: nil)
    assert tds_interest([(dt.date(2026, 4, 1), D("1650"))], dt.date(2026, 5, 8)) == D("50")
    assert tds_interest([(dt.date(2026, 4, 1), D("1650.50"))], dt.date(2026, 4, 30)) == D("0")


def test_march_tds_is_due_on_30_april_and_then_counts_march():
    # given TDS of 10,000 deducted on 20 March 2027
    march = dt.date(2027, 3, 20)
    # on 30 April: nil; on 1 May: March, April, May = 3 months = 450
    assert tds_interest([(march, D("10000"))], dt.date(2027, 4, 30)) == D("0")
    assert tds_interest_months(march, dt.date(2027, 5, 1)) == 3
    assert tds_interest([(march, D("10000"))], dt.date(2027, 5, 1)) == D("450")


def test_interest_on_several_deductions_is_each_ones_summed_then_rounded():
    # given three deductions deposited on 10 July 2026 (June's were due on 7 July)
    rows = [
        (dt.date(2026, 5, 31), D("1001")),  # May..Jul = 3 -> 45.045 -> 45.05
        (dt.date(2026, 6, 5), D("1001")),  # Jun..Jul = 2 -> 30.03
        (dt.date(2026, 7, 2), D("5000")),  # due 7 August: on time -> 0
    ]
    # then 45.05 + 30.03 + 0 = 75.08 -> 75
    assert tds_interest(rows, dt.date(2026, 7, 10)) == D("75")
    assert tds_interest([], dt.date(2026, 7, 10)) == D("0")


def test_certificates_are_recorded_on_a_customers_deductions_and_cleared(books):
    # given the customer's 194C deduction and another receipt of theirs
    t = _vendor_tds(books)
    r2 = _pay(
        books, "receipt", books.mh, dt.date(2026, 8, 2), "9900", "tds_receivable", "100", "194C"
    )
    d2 = r2.deductions.get()

    # when their Form 16A for the quarter covers both
    tds_certificate_record(
        user=books.user,
        deductions=[t["dr"].pk, d2.pk],
        number="ABCDE12345F",
        date=dt.date(2026, 11, 15),
    )

    # then the register shows it; the filter finds them
    r = reports.tds_register(side="receivable", **FY)
    assert [(x["payment_number"], x["status"], x["certificate_number"]) for x in r["rows"]] == [
        (t["r1"].number, "received", "ABCDE12345F"),
        (r2.number, "received", "ABCDE12345F"),
    ]
    assert r["rows"][0]["certificate_date"] == dt.date(2026, 11, 15)
    assert len(reports.tds_register(side="receivable", status="received", **FY)["rows"]) == 2
    assert reports.tds_register(side="receivable", status="pending", **FY)["rows"] == []
    table = report_tables.tds_register_report(r).tables[0]
    assert table.rows[0][-2:] == ["ABCDE12345F", dt.date(2026, 11, 15)]

    # when one is cleared
    tds_certificate_clear(user=books.user, deductions=[d2.pk])

    # then it is pending again
    r = reports.tds_register(side="receivable", **FY)
    assert [(x["status"], x["certificate_number"]) for x in r["rows"]] == [
        ("received", "ABCDE12345F"),
        ("pending", ""),
    ]
    assert r["pending_total"] == D("100.0000")
    assert report_tables.tds_register_report(r).tables[0].rows[1][-2:] == ["pending", None]


def test_a_certificate_refuses_vendor_deductions_and_two_customers(books):
    # given
    t = _vendor_tds(books)
    other = _pay(
        books, "receipt", books.ka, dt.date(2026, 8, 2), "9900", "tds_receivable", "100", "194J"
    )
    before = list(
        PaymentDeduction.objects.order_by("pk").values_list("certificate_number", flat=True)
    )

    # when / then
    for ids in ([t["d1"].pk], [t["dr"].pk, other.deductions.get().pk]):
        with pytest.raises(ApplicationError) as exc:
            tds_certificate_record(
                user=books.user, deductions=ids, number="X1", date=dt.date(2026, 9, 1)
            )
        assert exc.value.code == "invalid_deduction"
    after = list(
        PaymentDeduction.objects.order_by("pk").values_list("certificate_number", flat=True)
    )
    assert after == before


# ---------------------------------------------------------------------------------------------
# Concurrency: two threads, real transactions, the same deduction
# ---------------------------------------------------------------------------------------------
def test_two_challans_racing_for_one_deduction_exactly_one_wins(world, committed_books):
    books = committed_books
    with in_schema(world.alpha_schema):
        t = _vendor_tds(books)
        ids = [t["d1"].pk, t["d2"].pk]
    barrier = threading.Barrier(2)
    won: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(serial: str) -> None:
        try:
            with in_schema(world.alpha_schema):
                barrier.wait()
                try:
                    challan = _challan(books, ids, serial_number=serial)
                    with lock:
                        won.append(challan.number)
                except ApplicationError as exc:
                    with lock:
                        refused.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(s,)) for s in ("00001", "00002")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(won) == 1
    assert refused == ["already_deposited"]
    with in_schema(world.alpha_schema):
        assert TdsChallan.objects.count() == 1
        challan = TdsChallan.objects.get()
        assert challan.number == won[0]
        assert set(
            PaymentDeduction.objects.filter(challan=challan).values_list("pk", flat=True)
        ) == set(ids)
        assert JournalEntry.objects.filter(source_type="invoicing.tds_challan").count() == 1


def test_a_challan_and_the_payments_cancel_racing_never_both_succeed(world, committed_books):
    # given a vendor payment whose 194C TDS is pending (committed: threads see it)
    books = committed_books
    with in_schema(world.alpha_schema):
        t = _vendor_tds(books)
        payment, deduction = t["p1"], t["d1"]
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}
    errors: list[BaseException] = []

    def deposit() -> None:
        try:
            with in_schema(world.alpha_schema):
                barrier.wait()
                try:
                    _challan(books, [deduction.pk])
                    outcomes["challan"] = "posted"
                except ApplicationError as exc:
                    outcomes["challan"] = exc.code
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    def cancel() -> None:
        try:
            with in_schema(world.alpha_schema):
                barrier.wait()
                try:
                    payment_cancel(user=books.user, payment=payment, date=DEPOSIT_DAY)
                    outcomes["cancel"] = "cancelled"
                except ApplicationError as exc:
                    outcomes["cancel"] = exc.code
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    # when
    threads = [threading.Thread(target=deposit), threading.Thread(target=cancel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly one of them went through, and the books agree with it
    assert errors == []
    assert outcomes in (
        {"challan": "posted", "cancel": "deposited_in_challan"},
        {"challan": "invalid_deduction", "cancel": "cancelled"},
    ), outcomes
    with in_schema(world.alpha_schema):
        status = Payment.objects.get(pk=payment.pk).status
        linked = PaymentDeduction.objects.get(pk=deduction.pk).challan_id
        assert (status == "cancelled") == (linked is None)
        assert TdsChallan.objects.count() == (0 if linked is None else 1)


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------
def _state(tenant: Any) -> Any:
    with in_schema(tenant.schema_name):
        return (
            [model_to_dict(c) for c in TdsChallan.objects.order_by("pk")],
            [model_to_dict(d) for d in PaymentDeduction.objects.order_by("pk")],
            list(Payment.objects.order_by("pk").values_list("pk", "status")),
            JournalEntry.objects.count(),
        )


@pytest.fixture
def tds(tenant_alpha, users) -> dict[str, Any]:
    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        t = _vendor_tds(books)
        posted = _challan(books, [t["d2"].pk])
        spare = _challan(books, [t["d3"].pk], section="194J", serial_number="00050")
        return {
            "books": books,
            **t,
            "bank": books.bank.pk,
            "posted": posted.pk,
            "spare": spare.pk,
            "fixed_assets": Account.objects.get(code="1220"),
        }


def _body(t: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "section": "194C",
        "date": "2026-07-10",
        "bsr_code": "0510308",
        "serial_number": "00042",
        "account": t["bank"],
        "deductions": [t["d1"].pk],
        **extra,
    }


def _refusals(t: dict[str, Any]) -> list[tuple[str, dict[str, Any], str, str]]:
    return [
        ("bsr", _body(t, bsr_code="051030"), "invalid", "bsr_code"),
        ("bsr letters", _body(t, bsr_code="05103A8"), "invalid", "bsr_code"),
        ("serial", _body(t, serial_number="0042"), "invalid", "serial_number"),
        ("section", _body(t, section="194J"), "invalid_deduction", "deductions.0"),
        ("customer", _body(t, deductions=[t["dr"].pk]), "invalid_deduction", "deductions.0"),
        ("deposited", _body(t, deductions=[t["d2"].pk]), "already_deposited", "deductions.0"),
        ("empty", _body(t, deductions=[]), "invalid", "deductions"),
        ("interest", _body(t, interest="45.00"), "invalid", "interest_account"),
        (
            "not expense",
            _body(t, interest="45.00", interest_account=t["fixed_assets"].pk),
            "invalid",
            "interest_account",
        ),
        (
            "fee not expense",
            _body(t, late_fee="200.00", late_fee_account=t["fixed_assets"].pk),
            "invalid",
            "late_fee_account",
        ),
        ("negative", _body(t, interest="-1.00"), "invalid", "interest"),
        (
            "too large",
            _body(t, interest="9999999999999999.00", interest_account=t["interest"].pk),
            "invalid",
            "interest",
        ),
        ("before", _body(t, date="2026-06-01"), "invalid_deduction", "deductions.0"),
    ]


def test_bad_challans_are_400s_in_the_error_shape_and_write_nothing(
    api_client, users, tenant_alpha, tds
):
    client = api_client("alpha", users["owner_alpha"])
    for name, body, code, field in _refusals(tds):
        before = _state(tenant_alpha)
        response = client.post(f"{API}/tds/challans/", body, format="json")
        assert response.status_code == 400, (name, response.content)
        payload = response.json()
        assert set(payload) == {"detail", "code", "fields"}, name
        assert payload["code"] == code, (name, payload)
        assert field in payload["fields"], (name, payload)
        assert _state(tenant_alpha) == before, name


def test_a_cancelled_payments_deduction_is_refused(api_client, users, tenant_alpha, tds):
    # given the 194C payment p1 cancelled (its TDS is not deposited)
    with in_schema(tenant_alpha.schema_name):
        payment_cancel(user=tds["books"].user, payment=tds["p1"], date=dt.date(2026, 7, 1))
    before = _state(tenant_alpha)
    client = api_client("alpha", users["owner_alpha"])

    # when
    response = client.post(f"{API}/tds/challans/", _body(tds), format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_deduction"
    assert "is cancelled" in response.json()["fields"]["deductions.0"][0]
    assert _state(tenant_alpha) == before
    pending = client.get(f"{API}/tds/pending/?section=194C").json()
    assert pending == []


def test_the_pending_deductions_carry_the_interest_for_a_deposit_date(api_client, users, tds):
    client = api_client("alpha", users["owner_alpha"])
    # given the 194C deduction of 1,000 made on 5 June 2026 (due 7 July)
    # when deposited on 7 July: nil; on 10 July: June and July, 30.00
    on_time = client.get(f"{API}/tds/pending/?section=194C&date=2026-07-07").json()
    assert [(p["interest_months"], p["interest"]) for p in on_time] == [(0, "0.00")]
    late = client.get(f"{API}/tds/pending/?section=194C&date=2026-07-10").json()
    assert [(p["id"], p["interest_months"], p["interest"]) for p in late] == [
        (tds["d1"].pk, 2, "30.00")
    ]
    # without a date: today's (the fixture's deduction is long overdue by now)
    assert client.get(f"{API}/tds/pending/?section=194C").json()[0]["interest_months"] >= 2
    # a bad date is a 400 in the error shape
    response = client.get(f"{API}/tds/pending/?section=194C&date=2026-13-01")
    assert response.status_code == 400
    payload = response.json()
    assert set(payload) == {"detail", "code", "fields"}
    assert "date" in payload["fields"]


def test_a_challan_over_http_post_detail_cancel(api_client, users, tenant_alpha, tds):
    client = api_client("alpha", users["owner_alpha"])
    # the picker lists the pending 194C deduction with its due date
    pending = client.get(f"{API}/tds/pending/?section=194C").json()
    assert [(p["id"], p["payment_number"], p["amount"], p["due_date"]) for p in pending] == [
        (tds["d1"].pk, tds["p1"].number, "1000.0000", "2026-07-07")
    ]
    accounts = client.get(f"{API}/tds/challans/accounts/").json()
    assert accounts["paid_from"][0]["id"] == tds["bank"]  # the bank first, then cash
    assert "5230" in [a["code"] for a in accounts["expense"]]
    assert "1220" not in [a["code"] for a in accounts["expense"]]

    response = client.post(
        f"{API}/tds/challans/",
        _body(tds, interest="45.00", interest_account=tds["interest"].pk),
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["tds_amount"], body["interest"], body["total"], body["status"]) == (
        "1000.0000",
        "45.0000",
        "1045.0000",
        "posted",
    )
    assert body["interest_account"]["code"] == "5230"
    assert body["journal_entry"] and body["journal_entry_number"]
    assert [d["id"] for d in body["deductions"]] == [tds["d1"].pk]
    assert client.get(f"{API}/tds/pending/?section=194C").json() == []

    cancelled = client.post(
        f"{API}/tds/challans/{body['id']}/cancel/", {"date": "2026-07-11"}, format="json"
    )
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["deductions"]) == ("cancelled", [])
    assert [p["id"] for p in client.get(f"{API}/tds/pending/?section=194C").json()] == [
        tds["d1"].pk
    ]
    # a cancelled payment's guard answers 400 deposited_in_challan over HTTP too
    refused = client.post(
        f"{API}/payments/{tds['p2'].pk}/cancel/", {"date": "2026-07-20"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "deposited_in_challan"


def test_the_register_filters_by_status_over_http(api_client, users, tds):
    client = api_client("alpha", users["owner_alpha"])
    period = "date_from=2026-04-01&date_to=2027-03-31"
    deposited = client.get(f"{API}/reports/tds/?side=payable&status=deposited&{period}").json()
    assert [r["payment_number"] for r in deposited["rows"]] == [tds["p2"].number, tds["p3"].number]
    assert deposited["rows"][0]["challan"]["bsr_code"] == "0510308"
    bad = client.get(f"{API}/reports/tds/?side=payable&status=received&{period}")
    assert bad.status_code == 400
    assert "status" in bad.json()["fields"]
    workbook = client.get(f"{API}/reports/tds/?side=payable&status=pending&{period}&format=xlsx")
    assert workbook.status_code == 200


def test_a_certificate_over_http(api_client, users, tenant_alpha, tds):
    client = api_client("alpha", users["owner_alpha"])
    before = _state(tenant_alpha)
    for body in (
        {"deductions": [tds["dr"].pk], "certificate_number": "", "certificate_date": "2026-11-01"},
        {
            "deductions": [tds["d1"].pk],
            "certificate_number": "F16A",
            "certificate_date": "2026-11-01",
        },
        {"deductions": [], "certificate_number": "F16A", "certificate_date": "2026-11-01"},
        {
            "deductions": [tds["dr"].pk],
            "certificate_number": "X" * 21,
            "certificate_date": "2026-11-01",
        },
    ):
        response = client.post(f"{API}/tds/certificates/", body, format="json")
        assert response.status_code == 400, body
        assert set(response.json()) == {"detail", "code", "fields"}
        assert _state(tenant_alpha) == before
    ok = client.post(
        f"{API}/tds/certificates/",
        {
            "deductions": [tds["dr"].pk],
            "certificate_number": "F16A-7",
            "certificate_date": "2026-11-01",
        },
        format="json",
    )
    assert ok.status_code == 200
    assert ok.json() == [
        {
            "id": tds["dr"].pk,
            "payment_number": tds["r1"].number,
            "tds_section": "194C",
            "certificate_number": "F16A-7",
            "certificate_date": "2026-11-01",
        }
    ]
    register = client.get(
        f"{API}/reports/tds/?side=receivable&date_from=2026-04-01&date_to=2027-03-31"
    ).json()
    assert (register["rows"][0]["status"], register["rows"][0]["certificate_number"]) == (
        "received",
        "F16A-7",
    )
    cleared = client.post(
        f"{API}/tds/certificates/clear/", {"deductions": [tds["dr"].pk]}, format="json"
    )
    assert cleared.json()[0]["certificate_number"] == ""


def _cases() -> list[tuple[str, str, str, Any, int]]:
    return [
        ("get", "/tds/challans/", "invoicing.tds_challan.view", None, 200),
        ("post", "/tds/challans/", "invoicing.tds_challan.create", "CHALLAN", 201),
        ("get", "/tds/challans/accounts/", "invoicing.tds_challan.view", None, 200),
        ("get", "/tds/challans/export/", "invoicing.tds_challan.export", None, 200),
        ("get", "/tds/challans/{posted}/", "invoicing.tds_challan.view", None, 200),
        (
            "post",
            "/tds/challans/{spare}/cancel/",
            "invoicing.tds_challan.delete",
            {"date": "2026-07-20"},
            200,
        ),
        ("get", "/tds/pending/?section=194C", "invoicing.tds_challan.view", None, 200),
        ("post", "/tds/certificates/", "invoicing.tds_certificate.change", "CERTIFICATE", 200),
        ("post", "/tds/certificates/clear/", "invoicing.tds_certificate.change", "CLEAR", 200),
    ]


@pytest.mark.parametrize(
    ("method", "path", "permission", "body", "expected"), _cases(), ids=lambda v: str(v)[:40]
)
def test_every_tds_endpoint_is_in_the_permission_matrix(
    tenant_alpha, tds, method, path, permission, body, expected
):
    if body == "CHALLAN":
        body = _body(tds)
    elif body == "CERTIFICATE":
        body = {
            "deductions": [tds["dr"].pk],
            "certificate_number": "F16A-1",
            "certificate_date": "2026-11-01",
        }
    elif body == "CLEAR":
        body = {"deductions": [tds["dr"].pk]}
    response = assert_permission_matrix(
        method=method,
        path=API + path.format(**tds),
        tenant=tenant_alpha,
        permission=permission,
        body=body,
        expect_ok=expected,
        snapshot=lambda: _state(tenant_alpha),
    )
    if "export" in path:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# Request overhead (domain, session, user, session touch, member access) + count + page
# (bank account joined): the same whatever the page holds.
CHALLAN_LIST_QUERIES = 12
# Request overhead + the deductions (payment and partner joined) + the bills their payments
# settled (late deduction, ADR 0057): no count, no pagination.
PENDING_QUERIES = 12


def test_the_tds_lists_run_a_fixed_number_of_queries(
    api_client, users, tenant_alpha, tds, django_assert_num_queries
):
    client = api_client("alpha", users["owner_alpha"])
    assert client.get(f"{API}/tds/challans/").status_code == 200
    with django_assert_num_queries(CHALLAN_LIST_QUERIES):
        assert client.get(f"{API}/tds/challans/").json()["count"] == 2
    with django_assert_num_queries(PENDING_QUERIES):
        assert len(client.get(f"{API}/tds/pending/").json()) == 1
    with in_schema(tenant_alpha.schema_name):
        books = tds["books"]
        vendor2 = partner_create(user=books.user, data={"name": "Nashik Tools", "is_vendor": True})
        for k in range(5):
            p = _pay(
                books,
                "payment",
                vendor2,
                dt.date(2026, 6, 10 + k),
                "990",
                "tds_payable",
                "10",
                "194C",
            )
            if k < 3:
                _challan(books, [p.deductions.get().pk], serial_number=f"0010{k}")
    with django_assert_num_queries(CHALLAN_LIST_QUERIES):
        assert client.get(f"{API}/tds/challans/").json()["count"] == 5
    with django_assert_num_queries(PENDING_QUERIES):
        assert len(client.get(f"{API}/tds/pending/").json()) == 3


def test_the_challan_export_is_the_filtered_list(api_client, users, tds):
    import io

    from openpyxl import load_workbook

    # when
    response = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/tds/challans/export/?section=194J"
    )

    # then
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:6] == [
        "Number",
        "Status",
        "Date of deposit",
        "Section",
        "BSR code",
        "Challan serial",
    ]
    body = [r for r in rows[1:] if r[0]]
    assert len(body) == 1
    assert (body[0][3], body[0][4], body[0][5]) == ("194J", "0510308", "00050")
    assert body[0][header.index("TDS")] == 500
