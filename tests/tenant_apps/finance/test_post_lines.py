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
from tests.conftest import in_schema
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
    assert [first.number, second.number] == ["JV/26-27/00001", "JV/26-27/00002"]
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
    assert reversal.number == "JV/26-27/00002"
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


def test_a_number_longer_than_the_padding_grows_instead_of_being_cut(alpha):
    # given: the JV series of 2026-27 at its last 5-digit number
    from tenant_apps.core.models import DocumentSequence

    _sale("1")
    DocumentSequence.objects.filter(series="JV", fiscal_year="2026-27").update(last_value=99999)
    # when
    entry = _sale("2")
    # then: 100000, as sequence_next numbers (lpad alone would cut it to 10000)
    assert entry.number == "JV/26-27/100000"


def test_inside_a_transaction_a_posting_is_one_statement(alpha):
    from django.test.utils import CaptureQueriesContext

    cash, sales = account_by_role("cash"), account_by_role("sales")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        journal_entry_post_lines(
            date=FY_DAY,
            narration="one trip",
            lines=[LineSpec(account=cash, debit=Decimal(5)), LineSpec(account=sales, credit=5)],
            user=None,
        )
    assert len(queries) == 1
    assert queries[0]["sql"].startswith(f'SELECT * FROM "{alpha}".finance_entry_post(')


def _committed_lines(schema: str) -> int:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
    ) as other:
        row = other.execute(f'SELECT count(*) FROM "{schema}".finance_journalline').fetchone()
    assert row is not None
    return int(row[0])


def test_outside_a_transaction_the_entry_commits_in_its_own_single_round_trip(
    committed_ledger,
):
    with in_schema(committed_ledger):
        from django.test.utils import CaptureQueriesContext

        assert connection.get_autocommit()
        cash, sales = account_by_role("cash"), account_by_role("sales")
        with CaptureQueriesContext(connection) as queries:
            entry = journal_entry_post_lines(
                date=FY_DAY,
                narration="Cash sale",
                lines=[LineSpec(account=cash, debit=42), LineSpec(account=sales, credit=42)],
                user=None,
            )
        # one statement, its own transaction: SELECT * FROM "<schema>".finance_entry_post(...)
        assert len(queries) == 1
        assert queries[0]["sql"].startswith(
            f'SELECT * FROM "{committed_ledger}".finance_entry_post('
        )
        # committed: another connection sees the lines and the totals
        assert _committed_lines(committed_ledger) == 2
        assert entry.number == "JV/26-27/00001"
        assert connection.get_autocommit() and not connection.in_atomic_block
        assert account_balance(account_by_role("cash"), as_of=FY_DAY) == Decimal("42")


def test_outside_a_transaction_a_refusal_leaves_nothing_and_the_connection_usable(
    committed_ledger,
):
    with in_schema(committed_ledger):
        # given: June is locked
        Period.objects.filter(start_date=dt.date(2026, 6, 1)).update(status=PeriodStatus.LOCKED)
        # when
        with pytest.raises(ValidationError) as caught:
            _sale("10")
        # then: refused, nothing written, the connection out of the failed block and still usable
        assert caught.value.code == "period_locked"
        assert connection.connection.info.transaction_status == 0  # IDLE
        assert _committed_lines(committed_ledger) == 0
        assert JournalEntry.objects.count() == 0
        # and the number was not spent: the next posting in an open period takes 00001
        entry = _sale("10", day=dt.date(2026, 7, 1))
        assert entry.number == "JV/26-27/00001"


def test_a_posting_lands_in_the_current_tenant_whatever_path_the_session_had(
    world, committed_ledger
):
    with in_schema(committed_ledger):
        # given: the session's search_path was last set for beta
        with in_schema(world.beta_schema):
            assert JournalEntry.objects.count() == 0
        # when: back in alpha (no statement yet), the very next statement is a posting
        entry = _sale("7")
        # then: it is alpha's
        assert _committed_lines(committed_ledger) == 2
        assert JournalEntry.objects.filter(pk=entry.pk).exists()
    with in_schema(world.beta_schema):
        assert JournalEntry.objects.count() == 0


def test_the_posting_statement_is_prepared_once_per_connection(alpha):
    # when: three postings on one connection
    for amount in ("1", "2", "3"):
        _sale(amount)
    # then: the server holds one prepared posting statement, run three times
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), max(generic_plans + custom_plans) FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            [f'SELECT * FROM "{alpha}".finance_entry_post(%'],
        )
        assert cursor.fetchone() == (1, 3)
