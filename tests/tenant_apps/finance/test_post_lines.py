"""The posting interface other modules use: journal_entry_post_lines / journal_entry_reverse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from tenant_apps.finance.models import (
    AccountDayBalance,
    AccountPeriodBalance,
    JournalEntry,
    JournalLine,
    JournalStatus,
    Period,
    PeriodStatus,
)
from tenant_apps.finance.selectors import account_balance, account_by_role
from tenant_apps.finance.services import LineSpec, journal_entry_post_lines, journal_entry_reverse
from tests.tenant_apps.finance.conftest import FY_DAY


def _sale(amount: str, *, day: dt.date = FY_DAY, partner_id=None):
    return journal_entry_post_lines(
        date=day,
        narration="Cash sale",
        lines=[
            LineSpec(account=account_by_role("cash"), debit=Decimal(amount), partner_id=partner_id),
            LineSpec(account=account_by_role("sales"), credit=Decimal(amount)),
        ],
        source_type="test.sale",
        source_id=7,
        user=None,
    )


def test_posting_numbers_the_entry_and_updates_the_period_and_day_totals(alpha):
    # when
    first = _sale("1000.50")
    second = _sale("99.50", day=FY_DAY + dt.timedelta(days=1))

    # then
    assert [first.number, second.number] == ["JV/2026-27/00001", "JV/2026-27/00002"]
    stored = JournalEntry.objects.get(pk=first.pk)
    assert (stored.status, stored.total, stored.source_type, stored.source_id) == (
        JournalStatus.POSTED,
        Decimal("1000.50"),
        "test.sale",
        7,
    )
    cash, sales = account_by_role("cash"), account_by_role("sales")
    june = Period.objects.get(start_date=dt.date(2026, 6, 1))
    assert AccountPeriodBalance.objects.get(account=cash, period=june).debit == Decimal("1100.00")
    assert AccountPeriodBalance.objects.get(account=sales, period=june).credit == Decimal("1100")
    assert AccountDayBalance.objects.get(account=cash, date=FY_DAY).debit == Decimal("1000.50")
    assert account_balance(cash, as_of=FY_DAY) == Decimal("1000.50")
    assert account_balance(sales, as_of=FY_DAY + dt.timedelta(days=1)) == Decimal("1100.00")
    assert account_balance(cash, as_of=FY_DAY - dt.timedelta(days=1)) == 0


def test_unbalanced_input_is_refused_before_anything_is_written(alpha):
    before = JournalLine.objects.count()
    with pytest.raises(ValidationError) as caught:
        journal_entry_post_lines(
            date=FY_DAY,
            narration="x",
            lines=[
                LineSpec(account=account_by_role("cash"), debit=Decimal("10")),
                LineSpec(account=account_by_role("sales"), credit=Decimal("9.99")),
            ],
            user=None,
        )
    assert caught.value.code == "unbalanced"
    assert JournalLine.objects.count() == before


def test_a_locked_period_refuses_postings_with_period_locked(alpha):
    Period.objects.filter(start_date=dt.date(2026, 6, 1)).update(status=PeriodStatus.LOCKED)
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        _sale("10")
    assert caught.value.code == "period_locked"


def test_a_date_outside_every_fiscal_year_is_refused_with_no_fiscal_year(alpha):
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        _sale("10", day=dt.date(2031, 1, 1))
    assert caught.value.code == "no_fiscal_year"


def test_a_group_account_is_refused(alpha):
    from tenant_apps.finance.models import Account

    group = Account.objects.get(code="1120")
    with pytest.raises(ValidationError) as caught:
        journal_entry_post_lines(
            date=FY_DAY,
            narration="x",
            lines=[
                LineSpec(account=group, debit=Decimal("10")),
                LineSpec(account=account_by_role("sales"), credit=Decimal("10")),
            ],
            user=None,
        )
    assert caught.value.code == "invalid_line"


def test_reversal_mirrors_the_entry_and_nets_the_totals_to_zero(alpha):
    # given
    entry = _sale("250")
    # when
    reversal = journal_entry_reverse(entry=entry, date=FY_DAY, user=None, reason="typo")
    # then
    assert JournalEntry.objects.get(pk=entry.pk).status == JournalStatus.REVERSED
    assert reversal.reversal_of_id == entry.pk
    assert reversal.number == "JV/2026-27/00002"
    assert [(line.debit, line.credit) for line in reversal.lines.order_by("line_no")] == [
        (Decimal("0"), Decimal("250")),
        (Decimal("250"), Decimal("0")),
    ]
    assert account_balance(account_by_role("cash"), as_of=FY_DAY) == 0
    # and a reversed entry cannot be reversed again
    with pytest.raises(ValidationError) as caught:
        journal_entry_reverse(entry=entry, date=FY_DAY, user=None)
    assert caught.value.code == "invalid_state"


def test_deferred_checks_pass_for_a_balanced_posting(alpha):
    _sale("12.34")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the deferred triggers now
    assert JournalLine.objects.count() == 2
