"""Period-end exchange revaluation (ADR 0047): open foreign-currency items restated at closing
rates, the unrealised difference posted on the revaluation contra ledgers (1132, 2112) against
5285 Unrealised Exchange Gain/Loss and reversed the next day. Worked examples with the numbers
written out; the refusals write nothing; two concurrent runs post once; the API's matrix."""

from __future__ import annotations

import datetime as dt
import importlib
import threading
from collections import defaultdict
from decimal import Decimal as D
from typing import Any

import pytest
from django.apps import apps as global_apps
from django.db import connections
from django.forms.models import model_to_dict

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.models import Account, JournalEntry, JournalLine, JournalStatus, Period
from tenant_apps.finance.registry import source_url
from tenant_apps.finance.selectors import account_by_role, balance_sheet
from tenant_apps.invoicing import reports
from tenant_apps.invoicing.models import Revaluation, RevaluationLine
from tenant_apps.invoicing.services.payments import payment_create
from tenant_apps.invoicing.services.revaluation import (
    revaluation_cancel,
    revaluation_post,
    revaluation_preview,
)
from tenant_apps.partners.services import partner_create
from tests.conftest import in_schema
from tests.permission_matrix import assert_permission_matrix
from tests.tenant_apps.invoicing.conftest import FY_DAY, _books, line, make_raiser

API = "/api/v1/invoicing"
DAY_2 = FY_DAY + dt.timedelta(days=20)  # 5 Jul 2026: the payments
QUARTER_END = dt.date(2026, 9, 30)  # the revaluation date
NEXT_DAY = dt.date(2026, 10, 1)  # its reversal
RATES = {"USD": D("84.00"), "EUR": D("91.50")}
REVALUATION_ROLES = ("receivable_revaluation", "payable_revaluation", "exchange_unrealised")


def _usd(books: Any, kind: str, partner: Any, amount: str, rate: str, currency: str = "USD"):
    return make_raiser(books)(
        kind,
        partner,
        [line(books.rate("GST0"), qty="1", price=amount)],
        currency=currency,
        exchange_rate=D(rate),
        place_of_supply="96",
    )


def _money(books, kind, partner, amount, rate, allocations=(), *, day=DAY_2):
    return payment_create(
        user=books.user,
        kind=kind,
        data={
            "partner": partner,
            "date": day,
            "account": books.bank,
            "amount": D(amount),
            "currency": "USD",
            "exchange_rate": D(rate),
            "allocations": list(allocations),
        },
    )


def _world(books: Any) -> dict[str, Any]:
    """The worked example's open items (all dated before the quarter end):

    receivable (USD)
      invoice  USD 1,000.00 at 83.00 = 83,000.00              open 1,000 / 83,000
      invoice  USD   600.00 at 82.50 = 49,500.00, paid 250 by a receipt at 83.20
               (clears 250 x 82.50 = 20,625; realised gain 175)  open 350 / 28,875
      receipt  USD   200.00 at 83.50 = 16,700.00, unallocated  open -200 / -16,700 (advance)
    payable
      bill     USD   500.00 at 82.00 = 41,000.00              open 500 / 41,000
      bill     EUR   100.00 at 90.00 =  9,000.00              open 100 / 9,000
    """
    gulf = partner_create(
        user=books.user, data={"name": "Gulf Hotel Supplies", "is_customer": True}
    )
    dubai = partner_create(
        user=books.user, data={"name": "Dubai Catering LLC", "is_customer": True}
    )
    invoice = _usd(books, "invoice", gulf, "1000", "83")
    partly = _usd(books, "invoice", dubai, "600", "82.5")
    paid = _money(books, "receipt", dubai, "250", "83.2", [(partly, D("250"))])
    advance = _money(books, "receipt", gulf, "200", "83.5")
    bill = _usd(books, "bill", books.vendor, "500", "82")
    euro_bill = _usd(books, "bill", books.vendor, "100", "90", currency="EUR")
    return {
        "gulf": gulf,
        "dubai": dubai,
        "invoice": invoice,
        "partly": partly,
        "paid": paid,
        "advance": advance,
        "bill": bill,
        "euro_bill": euro_bill,
    }


def _lines(entry_id: int) -> list[tuple[str, D, D, int | None, str]]:
    return [
        (x.account.role, x.debit, x.credit, x.partner_id, x.description)
        for x in JournalLine.objects.filter(entry_id=entry_id)
        .select_related("account")
        .order_by("line_no")
    ]


def _balance(role: str, *, as_of: dt.date, partner_id: int | None = None) -> D:
    lines = JournalLine.objects.filter(account=account_by_role(role), date__lte=as_of)
    if partner_id is not None:
        lines = lines.filter(partner_id=partner_id)
    return sum((d - c for d, c in lines.values_list("debit", "credit")), D("0"))


def _group(code: str, as_of: dt.date) -> D:
    row = next(r for r in balance_sheet(as_of=as_of).rows if r.code == code)
    return row.values["current"]


def _party_balances_equal_open_items(as_of: dt.date) -> None:
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


def _written() -> tuple[int, int, int, int]:
    return (
        Revaluation.objects.count(),
        RevaluationLine.objects.count(),
        JournalEntry.objects.filter(series="FXR").count(),
        JournalLine.objects.filter(entry__series="FXR").count(),
    )


def test_the_chart_has_the_three_revaluation_ledgers_beside_their_neighbours(books):
    # then (seeded by finance 0012 in every tenant schema)
    rows = {
        a.role: (a.code, a.name, a.type, a.parent.code)
        for a in Account.objects.filter(role__in=REVALUATION_ROLES).select_related("parent")
    }
    assert rows == {
        "receivable_revaluation": ("1132", "Receivables - FX Revaluation", "asset", "1130"),
        "payable_revaluation": ("2112", "Payables - FX Revaluation", "liability", "2110"),
        "exchange_unrealised": ("5285", "Unrealised Exchange Gain/Loss", "expense", "52"),
    }


def test_the_migration_adds_the_ledgers_where_missing_beside_a_code_already_taken(books):
    # given a schema without the three ledgers, whose admin already used code 1132
    migration = importlib.import_module("tenant_apps.finance.migrations.0012_revaluation_accounts")
    Account.objects.filter(role__in=REVALUATION_ROLES).delete()
    Account.objects.create(
        code="1132", name="Bills Discounted", type="asset", parent=Account.objects.get(code="1130")
    )

    # when the migration runs (twice: a schema that already has them is left alone)
    migration.seed(global_apps, None)
    migration.seed(global_apps, None)

    # then
    rows = sorted(
        Account.objects.filter(role__in=REVALUATION_ROLES).values_list(
            "code", "role", "parent__code"
        )
    )
    assert rows == [
        ("1132-1", "receivable_revaluation", "1130"),
        ("2112", "payable_revaluation", "2110"),
        ("5285", "exchange_unrealised", "52"),
    ]


def test_the_preview_restates_each_open_item_at_the_closing_rate(books):
    # given the worked example
    w = _world(books)

    # when previewed at USD 84.00 and EUR 91.50 on 30 Sep 2026
    preview = revaluation_preview(date=QUARTER_END, rates=RATES)

    # then each item: revalued = round(open x rate, 2), difference = revalued - booked
    rows = {
        (x.number, x.currency): (x.open_amount, x.booked_base, x.revalued_base, x.difference)
        for x in preview.lines
    }
    assert rows == {
        (w["invoice"].number, "USD"): (D("1000"), D("83000"), D("84000.00"), D("1000.00")),
        (w["partly"].number, "USD"): (D("350"), D("28875"), D("29400.00"), D("525.00")),
        (w["advance"].number, "USD"): (D("-200"), D("-16700"), D("-16800.00"), D("-100.00")),
        (w["bill"].number, "USD"): (D("500"), D("41000"), D("42000.00"), D("1000.00")),
        (w["euro_bill"].number, "EUR"): (D("100"), D("9000"), D("9150.00"), D("150.00")),
    }
    # receivables worth 1,000 + 525 - 100 = 1,425 more; payables 1,000 (USD) + 150 (EUR) more
    assert preview.sums == {
        ("receivable", "USD"): D("1425.00"),
        ("payable", "USD"): D("1000.00"),
        ("payable", "EUR"): D("150.00"),
    }
    assert [(t["side"], t["currency"], t["difference"]) for t in preview.totals] == [
        ("receivable", "USD", D("1425.00")),
        ("payable", "EUR", D("150.00")),
        ("payable", "USD", D("1000.00")),
    ]
    # and nothing was written
    assert _written() == (0, 0, 0, 0)


def test_posting_books_the_differences_on_the_contra_ledgers_and_reverses_them_next_day(books):
    # given the worked example
    w = _world(books)
    debtors_before = _group("1130", QUARTER_END)
    creditors_before = _group("2110", QUARTER_END)
    gulf_before = _balance("receivable", as_of=QUARTER_END, partner_id=w["gulf"].pk)

    # when revalued on 30 Sep 2026
    revaluation = revaluation_post(date=QUARTER_END, rates=RATES, user=books.user)

    # then one FXR entry dated 30 Sep, per side and currency, never on a party account
    entry = JournalEntry.objects.get(pk=revaluation.entry_id)
    assert (entry.number, entry.series, entry.date, entry.total) == (
        "FXR/26-27/00001",
        "FXR",
        QUARTER_END,
        D("2575.0000"),  # 1,425 + 150 + 1,000
    )
    assert entry.narration == (
        "Exchange revaluation of open foreign-currency items on 30 Sep 2026 at EUR 91.5, USD 84"
    )
    usd_r = "Receivables in USD restated at 84: unrealised gain"
    eur_p = "Payables in EUR restated at 91.5: unrealised loss"
    usd_p = "Payables in USD restated at 84: unrealised loss"
    assert _lines(entry.pk) == [
        ("receivable_revaluation", D("1425.0000"), D("0"), None, usd_r),
        ("exchange_unrealised", D("0"), D("1425.0000"), None, usd_r),
        ("exchange_unrealised", D("150.0000"), D("0"), None, eur_p),
        ("payable_revaluation", D("0"), D("150.0000"), None, eur_p),
        ("exchange_unrealised", D("1000.0000"), D("0"), None, usd_p),
        ("payable_revaluation", D("0"), D("1000.0000"), None, usd_p),
    ]
    # and its reversal dated 1 Oct 2026, the mirror image, in the same series
    reversal = JournalEntry.objects.get(pk=revaluation.reversal_entry_id)
    assert (reversal.number, reversal.date, reversal.reversal_of_id) == (
        "FXR/26-27/00002",
        NEXT_DAY,
        entry.pk,
    )
    assert _lines(reversal.pk) == [
        ("receivable_revaluation", D("0"), D("1425.0000"), None, usd_r),
        ("exchange_unrealised", D("1425.0000"), D("0"), None, usd_r),
        ("exchange_unrealised", D("0"), D("150.0000"), None, eur_p),
        ("payable_revaluation", D("150.0000"), D("0"), None, eur_p),
        ("exchange_unrealised", D("0"), D("1000.0000"), None, usd_p),
        ("payable_revaluation", D("1000.0000"), D("0"), None, usd_p),
    ]
    assert entry.status == JournalStatus.REVERSED
    assert (entry.source_type, entry.source_id) == ("invoicing.revaluation", revaluation.pk)
    assert (reversal.source_type, reversal.source_id) == ("invoicing.revaluation", revaluation.pk)
    assert source_url(entry.source_type, entry.source_id) == (
        f"/finance/revaluation?revaluation={revaluation.pk}"
    )
    # the revaluation keeps its lines and totals
    revaluation.refresh_from_db()
    assert (
        revaluation.receivable_difference,
        revaluation.payable_difference,
        revaluation.rates,
        revaluation.reversal_date,
    ) == (D("1425.00"), D("1150.00"), {"EUR": "91.50", "USD": "84.00"}, NEXT_DAY)
    assert sorted(
        (x.side, x.currency, x.open_amount, x.booked_base, x.revalued_base, x.difference)
        for x in revaluation.lines.all()
    ) == sorted(
        [
            ("receivable", "USD", D("1000"), D("83000"), D("84000"), D("1000")),
            ("receivable", "USD", D("350"), D("28875"), D("29400"), D("525")),
            ("receivable", "USD", D("-200"), D("-16700"), D("-16800"), D("-100")),
            ("payable", "USD", D("500"), D("41000"), D("42000"), D("1000")),
            ("payable", "EUR", D("100"), D("9000"), D("9150"), D("150")),
        ]
    )
    advance_line = revaluation.lines.get(payment=w["advance"])
    assert (advance_line.document_id, advance_line.partner_id) == (None, w["gulf"].pk)

    # the balance sheet's Sundry Debtors / Creditors show the closing rate on 30 Sep ...
    assert _group("1130", QUARTER_END) == debtors_before + D("1425")
    assert _group("2110", QUARTER_END) == creditors_before + D("1150")
    # ... 5285 holds the net unrealised gain of 1,425 - 1,150 = 275 (a credit) ...
    assert _balance("exchange_unrealised", as_of=QUARTER_END) == D("-275")
    # ... and on 1 Oct all is back at the booked rates
    assert _group("1130", NEXT_DAY) == debtors_before
    assert _group("2110", NEXT_DAY) == creditors_before
    assert _balance("exchange_unrealised", as_of=NEXT_DAY) == D("0")
    # the parties' own balances never moved: they still equal their open items
    assert _balance("receivable", as_of=QUARTER_END, partner_id=w["gulf"].pk) == gulf_before
    assert gulf_before == D("83000") - D("16700")
    for day in (QUARTER_END, NEXT_DAY):
        _party_balances_equal_open_items(day)


def test_a_later_settlement_realises_its_difference_from_the_booked_rate(books):
    # given the invoice of USD 1,000 at 83.00 revalued at 84.00 on 30 Sep (and reversed 1 Oct)
    w = _world(books)
    revaluation_post(date=QUARTER_END, rates=RATES, user=books.user)

    # when USD 1,000 arrives on 15 Oct at 84.50
    _money(
        books,
        "receipt",
        w["gulf"],
        "1000",
        "84.5",
        [(w["invoice"], D("1000"))],
        day=dt.date(2026, 10, 15),
    )

    # then the realised gain is 84,500 - 83,000 = 1,500 (not 500: the revaluation was reversed)
    assert _balance("exchange_difference", as_of=dt.date(2026, 10, 31)) == D("-175") - D("1500")
    assert _balance("exchange_unrealised", as_of=dt.date(2026, 10, 31)) == D("0")
    _party_balances_equal_open_items(dt.date(2026, 10, 31))


def test_a_rupee_world_and_a_settled_one_have_nothing_to_revalue(books, raise_document):
    # given a rupee invoice and a dollar invoice paid in full at its own rate
    raise_document("invoice", books.mh, [line(books.rate("GST18"), qty="2")])
    invoice = _usd(books, "invoice", books.ka, "100", "83")
    _money(books, "receipt", books.ka, "100", "83", [(invoice, D("100"))])

    # when / then
    with pytest.raises(ApplicationError) as refused:
        revaluation_post(date=QUARTER_END, rates={}, user=books.user)
    assert refused.value.code == "nothing_to_revalue"
    assert _written() == (0, 0, 0, 0)


def test_a_closing_rate_equal_to_the_booked_one_has_nothing_to_revalue(books):
    # given USD 1,000 at 83.00 only
    _usd(books, "invoice", books.ka, "1000", "83")
    # when / then
    with pytest.raises(ApplicationError) as refused:
        revaluation_post(date=QUARTER_END, rates={"USD": D("83")}, user=books.user)
    assert refused.value.code == "nothing_to_revalue"
    assert _written() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("rates", "code", "field"),
    [
        ({"EUR": D("91.5")}, "rate_missing", "rates.USD"),  # USD has open items
        ({"USD": D("0"), "EUR": D("91.5")}, "invalid_rate", "rates.USD"),
        ({"USD": D("-84"), "EUR": D("91.5")}, "invalid_rate", "rates.USD"),
        ({"USD": D("84.0000001"), "EUR": D("91.5")}, "invalid_rate", "rates.USD"),
        ({"USD": D("84"), "EUR": D("91.5"), "INR": D("1")}, "base_currency_rate", "rates.INR"),
    ],
    ids=["missing", "zero", "negative", "too-precise", "base-currency"],
)
def test_bad_rates_are_refused_and_nothing_is_written(books, rates, code, field):
    # given the worked example
    _world(books)
    # when / then
    with pytest.raises(ApplicationError) as refused:
        revaluation_post(date=QUARTER_END, rates=rates, user=books.user)
    assert refused.value.code == code
    assert list(refused.value.fields) == [field]
    assert _written() == (0, 0, 0, 0)


def test_a_locked_next_day_refuses_the_whole_revaluation(books):
    # given the worked example and October locked
    _world(books)
    Period.objects.filter(start_date=NEXT_DAY).update(status="locked")
    # when / then: the reversal cannot be posted, so neither is the entry
    with pytest.raises(ApplicationError) as refused:
        revaluation_post(date=QUARTER_END, rates=RATES, user=books.user)
    assert refused.value.code == "period_locked"
    assert _written() == (0, 0, 0, 0)


def test_a_next_day_without_a_fiscal_year_refuses_the_whole_revaluation(books):
    # given the worked example; 2027-28 is not opened
    _world(books)
    # when revalued on 31 Mar 2027 (the reversal would fall on 1 Apr 2027)
    with pytest.raises(ApplicationError) as refused:
        revaluation_post(date=dt.date(2027, 3, 31), rates=RATES, user=books.user)
    # then
    assert refused.value.code == "no_fiscal_year"
    assert _written() == (0, 0, 0, 0)


def test_the_same_date_is_revalued_once(books):
    # given a revaluation on 30 Sep
    _world(books)
    revaluation_post(date=QUARTER_END, rates=RATES, user=books.user)
    before = _written()
    # when / then
    with pytest.raises(ApplicationError) as refused:
        revaluation_post(date=QUARTER_END, rates=RATES, user=books.user)
    assert (refused.value.code, refused.value.fields) == (
        "already_revalued",
        {"date": ["Already revalued on this date."]},
    )
    assert _written() == before


def test_cancelling_mirrors_the_entry_reverses_the_reversal_and_frees_the_date(books):
    # given the worked example revalued on 30 Sep at a wrong rate
    _world(books)
    wrong = revaluation_post(date=QUARTER_END, rates=RATES, user=books.user)

    # when it is cancelled
    revaluation_cancel(revaluation_id=wrong.pk, user=books.user)

    # then the entry's mirror is dated 30 Sep, the reversal's reversal 1 Oct
    wrong.refresh_from_db()
    assert wrong.status == "cancelled"
    mirror = JournalEntry.objects.get(pk=wrong.cancel_entry_id)
    undone = JournalEntry.objects.get(pk=wrong.cancel_reversal_entry_id)
    assert (mirror.number, mirror.date, undone.number, undone.date, undone.reversal_of_id) == (
        "FXR/26-27/00003",
        QUARTER_END,
        "FXR/26-27/00004",
        NEXT_DAY,
        wrong.reversal_entry_id,
    )
    assert _lines(mirror.pk) == [(r, c, d, p, t) for r, d, c, p, t in _lines(wrong.entry_id)]
    assert mirror.narration.startswith("Cancellation of FXR/26-27/00001: Exchange revaluation")
    # neither day keeps anything of it
    for day in (QUARTER_END, NEXT_DAY):
        for role in REVALUATION_ROLES:
            assert _balance(role, as_of=day) == D("0"), (role, day)
    # the date is free for the right rate
    right = revaluation_post(
        date=QUARTER_END, rates={"USD": D("83.90"), "EUR": D("91.50")}, user=books.user
    )
    # (83,900 - 83,000) + (29,365 - 28,875) + (-16,780 + 16,700) = 900 + 490 - 80
    assert (right.status, right.receivable_difference) == ("posted", D("1310.00"))
    # and a cancelled revaluation is not cancelled twice
    before = _written()
    with pytest.raises(ApplicationError) as refused:
        revaluation_cancel(revaluation_id=wrong.pk, user=books.user)
    assert refused.value.code == "invalid_state"
    assert _written() == before


def test_cancelling_into_a_locked_period_is_refused_and_writes_nothing(books):
    # given a revaluation on 30 Sep, then October locked
    _world(books)
    revaluation = revaluation_post(date=QUARTER_END, rates=RATES, user=books.user)
    Period.objects.filter(start_date=NEXT_DAY).update(status="locked")
    before = _written()
    # when / then
    with pytest.raises(ApplicationError) as refused:
        revaluation_cancel(revaluation_id=revaluation.pk, user=books.user)
    assert refused.value.code == "period_locked"
    assert _written() == before
    revaluation.refresh_from_db()
    assert (revaluation.status, revaluation.cancel_entry_id) == ("posted", None)


def test_two_concurrent_runs_for_one_date_post_once(world, committed_books):
    books = committed_books
    with in_schema(world.alpha_schema):
        _world(books)
    barrier = threading.Barrier(2)
    done: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            with in_schema(world.alpha_schema):
                barrier.wait()
                try:
                    revaluation = revaluation_post(date=QUARTER_END, rates=RATES, user=books.user)
                    with lock:
                        done.append(revaluation.pk)
                except ApplicationError as exc:
                    with lock:
                        refused.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    # when
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly one posted, the other refused; two FXR entries in all, numbered gaplessly
    assert errors == []
    assert (len(done), refused) == (1, ["already_revalued"])
    with in_schema(world.alpha_schema):
        assert _written() == (1, 5, 2, 12)
        assert sorted(
            JournalEntry.objects.filter(series="FXR").values_list("number", flat=True)
        ) == [
            "FXR/26-27/00001",
            "FXR/26-27/00002",
        ]


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def dollars(tenant_alpha, users) -> dict[str, Any]:
    """Alpha's books with the worked example and one posted revaluation on 31 Aug 2026."""
    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        w = _world(books)
        posted = revaluation_post(date=dt.date(2026, 8, 31), rates=RATES, user=books.user)
        return {"books": books, "revaluation": posted.pk, **{k: v.pk for k, v in w.items()}}


def _state(tenant: Any) -> Any:
    with in_schema(tenant.schema_name):
        return (
            [model_to_dict(r) for r in Revaluation.objects.order_by("pk")],
            RevaluationLine.objects.count(),
            JournalEntry.objects.count(),
        )


BODY = {"date": "2026-09-30", "rates": {"USD": "84.00", "EUR": "91.50"}}


@pytest.mark.parametrize(
    ("method", "path", "permission", "body", "expected"),
    [
        ("get", "/revaluations/", "invoicing.revaluation.view", None, 200),
        (
            "get",
            "/revaluations/currencies/?date=2026-09-30",
            "invoicing.revaluation.view",
            None,
            200,
        ),
        ("post", "/revaluations/preview/", "invoicing.revaluation.view", BODY, 200),
        ("get", "/revaluations/{revaluation}/", "invoicing.revaluation.view", None, 200),
        ("post", "/revaluations/", "invoicing.revaluation.approve", BODY, 201),
        ("post", "/revaluations/{revaluation}/cancel/", "invoicing.revaluation.approve", None, 200),
    ],
    ids=lambda v: str(v)[:40],
)
def test_every_revaluation_endpoint_is_in_the_permission_matrix(
    tenant_alpha, dollars, method, path, permission, body, expected
):
    assert_permission_matrix(
        method=method,
        path=API + path.format(**dollars),
        tenant=tenant_alpha,
        permission=permission,
        body=body,
        expect_ok=expected,
        snapshot=lambda: _state(tenant_alpha),
    )


def test_the_api_previews_posts_and_shows_a_revaluation(api_client, users, tenant_alpha, dollars):
    client = api_client("alpha", users["owner_alpha"])
    # the currencies to rate on 30 Sep, with the last rate used (the EUR bill's 90)
    currencies = client.get(f"{API}/revaluations/currencies/?date=2026-09-30").json()
    assert currencies == [
        {"currency": "EUR", "receivable_items": 0, "payable_items": 1, "last_rate": "90.000000"},
        {"currency": "USD", "receivable_items": 3, "payable_items": 1, "last_rate": "83.500000"},
    ]
    # the preview: money as strings, signed like the open items
    preview = client.post(f"{API}/revaluations/preview/", BODY, format="json")
    assert preview.status_code == 200, preview.json()
    data = preview.json()
    assert (data["receivable_difference"], data["payable_difference"]) == ("1425.0000", "1150.0000")
    advance = next(x for x in data["lines"] if x["kind"] == "receipt")
    assert advance == {
        "side": "receivable",
        "partner": {
            "id": dollars["gulf"],
            "code": advance["partner"]["code"],
            "name": "Gulf Hotel Supplies",
        },
        "kind": "receipt",
        "item_id": dollars["advance"],
        "number": advance["number"],
        "currency": "USD",
        "rate": "84.000000",
        "open_amount": "-200.0000",
        "booked_base": "-16700.0000",
        "revalued_base": "-16800.0000",
        "difference": "-100.0000",
    }
    # posting it
    posted = client.post(f"{API}/revaluations/", BODY, format="json")
    assert posted.status_code == 201, posted.json()
    body = posted.json()
    assert (body["date"], body["reversal_date"], body["status"]) == (
        "2026-09-30",
        "2026-10-01",
        "posted",
    )
    assert body["entry"]["number"] == "FXR/26-27/00003"
    assert body["reversal_entry"] == {
        "id": body["reversal_entry"]["id"],
        "number": "FXR/26-27/00004",
        "date": "2026-10-01",
    }
    assert len(body["lines"]) == 5
    detail = client.get(f"{API}/revaluations/{body['id']}/").json()
    assert detail == body


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"date": "2026-09-30", "rates": {"EUR": "91.5"}}, "rate_missing", "rates.USD"),
        (
            {"date": "2026-09-30", "rates": {"USD": "-1", "EUR": "91.5"}},
            "invalid_rate",
            "rates.USD",
        ),
        (
            {"date": "2026-09-30", "rates": {"USD": "84", "EUR": "91.5", "INR": "1"}},
            "base_currency_rate",
            "rates.INR",
        ),
        ({"date": "2026-09-30", "rates": {"usd": "84"}}, "invalid", "rates"),
        ({"date": "2026-08-31", "rates": {"USD": "84", "EUR": "91.5"}}, "already_revalued", "date"),
        ({"rates": {"USD": "84"}}, "required", "date"),
    ],
    ids=["missing", "negative", "base", "lowercase", "again", "no-date"],
)
def test_bad_input_is_a_400_in_the_error_shape_and_writes_nothing(
    api_client, users, tenant_alpha, dollars, body, code, field
):
    client = api_client("alpha", users["owner_alpha"])
    before = _state(tenant_alpha)
    response = client.post(f"{API}/revaluations/", body, format="json")
    assert response.status_code == 400
    error = response.json()
    assert (error["code"], list(error["fields"])) == (code, [field])
    assert _state(tenant_alpha) == before


# Request overhead (as the invoice list: ten) + count + page (both
# entries and the user joined): the same whatever the page holds.
LIST_QUERIES = 12


def test_the_list_runs_a_fixed_number_of_queries(
    api_client, users, tenant_alpha, dollars, django_assert_num_queries
):
    client = api_client("alpha", users["owner_alpha"])
    assert client.get(f"{API}/revaluations/").status_code == 200
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(f"{API}/revaluations/").json()["count"] == 1
    with in_schema(tenant_alpha.schema_name):
        books = dollars["books"]
        for day in (dt.date(2026, 7, 31), dt.date(2026, 9, 30), dt.date(2026, 10, 31)):
            revaluation_post(date=day, rates=RATES, user=books.user)
    with django_assert_num_queries(LIST_QUERIES):
        rows = client.get(f"{API}/revaluations/").json()["results"]
    assert [r["date"] for r in rows] == ["2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31"]
    assert all(r["entry"]["number"].startswith("FXR/") for r in rows)
