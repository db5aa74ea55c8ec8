"""The database keeps the ledger honest whatever code writes it: these tests go around the
services (ORM bulk_create, raw SQL) and COMMIT, because the balance check runs at commit."""

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from tenant_apps.finance.models import (
    Account,
    AccountPeriodBalance,
    JournalEntry,
    JournalLine,
    JournalStatus,
    Period,
    PeriodStatus,
)
from tenant_apps.finance.selectors import account_by_role
from tenant_apps.finance.services import LineSpec, journal_entry_post_lines
from tests.conftest import in_schema
from tests.tenant_apps.finance.conftest import FY_DAY


def _sqlstate(exc: BaseException) -> str | None:
    return getattr(exc.__cause__, "sqlstate", None)


def _posted_entry(**extra) -> JournalEntry:
    """A posted entry header written straight through the ORM (no service)."""
    period = Period.objects.get(start_date__lte=FY_DAY, end_date__gte=FY_DAY)
    return JournalEntry.objects.create(
        number=extra.pop("number", "RAW/1"),
        date=FY_DAY,
        period=period,
        status=JournalStatus.POSTED,
        total=extra.pop("total", Decimal("100")),
        **extra,
    )


def _line(entry, line_no, account, debit="0", credit="0") -> JournalLine:
    return JournalLine(
        entry=entry,
        line_no=line_no,
        account=account,
        debit=Decimal(debit),
        credit=Decimal(credit),
        date=entry.date,
        period_id=entry.period_id,
    )


def test_an_unbalanced_posted_entry_written_by_bulk_create_is_refused_at_commit(
    committed_ledger,
):
    with in_schema(committed_ledger):
        cash, sales = account_by_role("cash"), account_by_role("sales")
        # when the transaction writes a posted entry whose lines do not balance
        with pytest.raises(DatabaseError) as caught, transaction.atomic():
            entry = _posted_entry()
            JournalLine.objects.bulk_create(
                [_line(entry, 1, cash, debit="100"), _line(entry, 2, sales, credit="90")]
            )
            # the statement itself went through: the refusal comes at COMMIT
            assert JournalLine.objects.filter(entry=entry).count() == 2
        # then nothing of it was committed
        assert _sqlstate(caught.value) == "LG001"
        assert not JournalEntry.objects.filter(number="RAW/1").exists()
        assert not AccountPeriodBalance.objects.exists()


def test_a_lone_line_added_to_a_posted_entry_by_bulk_create_is_refused_at_commit(
    committed_ledger,
):
    with in_schema(committed_ledger):
        # given a posted, balanced entry
        with transaction.atomic():
            entry = journal_entry_post_lines(
                date=FY_DAY,
                narration="ok",
                lines=[
                    LineSpec(account=account_by_role("cash"), debit=Decimal("5")),
                    LineSpec(account=account_by_role("sales"), credit=Decimal("5")),
                ],
                user=None,
            )
        # when another transaction adds a lone line to it
        with pytest.raises(DatabaseError) as caught, transaction.atomic():
            JournalLine.objects.bulk_create([_line(entry, 3, account_by_role("bank"), debit="1")])
        # then
        assert _sqlstate(caught.value) == "LG001"
        assert JournalLine.objects.filter(entry=entry).count() == 2


def test_an_unbalanced_posted_entry_written_by_raw_sql_is_refused_at_commit(committed_ledger):
    with in_schema(committed_ledger):
        cash, sales = account_by_role("cash"), account_by_role("sales")
        period = Period.objects.get(start_date__lte=FY_DAY, end_date__gte=FY_DAY)
        with (
            pytest.raises(DatabaseError) as caught,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                """INSERT INTO finance_journalentry (number, series, date, period_id,
                       narration, status, currency, exchange_rate, total, source_type,
                       is_closing, created_at, updated_at)
                   VALUES ('RAW/2', 'JV', %s, %s, '', 'posted', 'INR', 1, 100, '', false,
                           now(), now()) RETURNING id""",
                [FY_DAY, period.pk],
            )
            entry_id = cursor.fetchone()[0]
            cursor.execute(
                """INSERT INTO finance_journalline (entry_id, line_no, account_id,
                       description, debit, credit, amount_currency, date, period_id)
                   VALUES (%s, 1, %s, '', 100, 0, 100, %s, %s),
                          (%s, 2, %s, '', 0, 60, -60, %s, %s)""",
                [entry_id, cash.pk, FY_DAY, period.pk, entry_id, sales.pk, FY_DAY, period.pk],
            )
        assert _sqlstate(caught.value) == "LG001"
        assert not JournalEntry.objects.filter(number="RAW/2").exists()


def test_posted_lines_cannot_be_updated_or_deleted(committed_ledger):
    with in_schema(committed_ledger):
        with transaction.atomic():
            entry = journal_entry_post_lines(
                date=FY_DAY,
                narration="ok",
                lines=[
                    LineSpec(account=account_by_role("cash"), debit=Decimal("5")),
                    LineSpec(account=account_by_role("sales"), credit=Decimal("5")),
                ],
                user=None,
            )
        line = JournalLine.objects.filter(entry=entry).first()
        for attempt in (
            lambda: JournalLine.objects.filter(pk=line.pk).update(debit=Decimal("6")),
            lambda: JournalLine.objects.filter(pk=line.pk).delete(),
            lambda: connection.cursor().execute(
                "UPDATE finance_journalline SET account_id = %s WHERE id = %s",
                [account_by_role("bank").pk, line.pk],
            ),
            lambda: JournalEntry.objects.filter(pk=entry.pk).update(date=FY_DAY.replace(day=1)),
            lambda: JournalEntry.objects.filter(pk=entry.pk).update(status="draft"),
            lambda: connection.cursor().execute(
                "DELETE FROM finance_journalentry WHERE id = %s", [entry.pk]
            ),
        ):
            with pytest.raises(DatabaseError) as caught, transaction.atomic():
                attempt()
            assert _sqlstate(caught.value) == "LG004"
        assert [(x.debit, x.credit) for x in JournalLine.objects.filter(entry=entry)] == [
            (Decimal("5.0000"), Decimal("0.0000")),
            (Decimal("0.0000"), Decimal("5.0000")),
        ]


def test_a_locked_period_refuses_raw_sql_postings(committed_ledger):
    with in_schema(committed_ledger):
        cash, sales = account_by_role("cash"), account_by_role("sales")
        period = Period.objects.get(start_date__lte=FY_DAY, end_date__gte=FY_DAY)
        Period.objects.filter(pk=period.pk).update(status=PeriodStatus.LOCKED)
        # a posted header into the locked period
        with pytest.raises(DatabaseError) as caught, transaction.atomic():
            _posted_entry(number="RAW/3")
        assert _sqlstate(caught.value) == "LG002"
        # a draft there is fine, but posting it (raw UPDATE) is refused
        with transaction.atomic():
            draft = JournalEntry.objects.create(date=FY_DAY, period=period, total=Decimal("3"))
            JournalLine.objects.bulk_create(
                [_line(draft, 1, cash, debit="3"), _line(draft, 2, sales, credit="3")]
            )
        with pytest.raises(DatabaseError) as caught, transaction.atomic():
            JournalEntry.objects.filter(pk=draft.pk).update(status="posted", number="RAW/4")
        assert _sqlstate(caught.value) == "LG002"
        assert not AccountPeriodBalance.objects.exists()


def test_the_balance_check_reads_the_schema_written_to_even_after_a_schema_switch(
    committed_ledger, world
):
    # given an unbalanced posted entry written in alpha, and the connection switched to beta
    # before COMMIT (hordak's trigger would read beta's tables, find nothing, and pass)
    with in_schema(committed_ledger):
        cash, sales = account_by_role("cash"), account_by_role("sales")
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        connection.set_schema(committed_ledger)
        entry = _posted_entry(number="RAW/5")
        JournalLine.objects.bulk_create(
            [_line(entry, 1, cash, debit="100"), _line(entry, 2, sales, credit="1")]
        )
        connection.set_schema(world.beta_schema)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            assert cursor.fetchone()[0] == world.beta_schema
    # then alpha's rule refused it
    assert _sqlstate(caught.value) == "LG001"
    assert f"in {committed_ledger}" in str(caught.value)
    with in_schema(committed_ledger):
        assert not JournalEntry.objects.filter(number="RAW/5").exists()


def test_a_line_whose_date_is_not_its_entrys_is_refused(committed_ledger):
    with in_schema(committed_ledger):
        cash, sales = account_by_role("cash"), account_by_role("sales")
        with pytest.raises(DatabaseError) as caught, transaction.atomic():
            entry = _posted_entry(number="RAW/6")
            lines = [_line(entry, 1, cash, debit="100"), _line(entry, 2, sales, credit="100")]
            lines[1].date = dt.date(2026, 6, 1)
            JournalLine.objects.bulk_create(lines)
        assert _sqlstate(caught.value) == "LG005"


def _post_five() -> JournalEntry:
    return journal_entry_post_lines(
        date=FY_DAY,
        narration="ok",
        lines=[
            LineSpec(account=account_by_role("cash"), debit=Decimal("5")),
            LineSpec(account=account_by_role("sales"), credit=Decimal("5")),
        ],
        user=None,
    )


def test_an_entry_found_balanced_is_checked_again_after_a_line_is_added_in_immediate_mode(
    committed_ledger,
):
    """The balance check runs once per entry (it remembers the entry it found balanced); a
    statement adding a line must make it check again — here with the constraints immediate,
    where the check of the added line runs at the end of its own statement."""
    with in_schema(committed_ledger):
        with pytest.raises(DatabaseError) as caught, transaction.atomic():
            entry = _post_five()
            with connection.cursor() as cursor:
                # checked now, found balanced, remembered; the mode stays immediate
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            try:
                JournalLine.objects.bulk_create(
                    [_line(entry, 3, account_by_role("bank"), debit="1")]
                )
            except DatabaseError as exc:
                refused_by_the_statement = exc
            else:
                refused_by_the_statement = None
            assert refused_by_the_statement is not None  # not left for COMMIT
            raise refused_by_the_statement
        assert _sqlstate(caught.value) == "LG001"
        assert not JournalEntry.objects.exists()


def test_an_entry_checked_early_is_checked_again_at_commit_after_a_line_is_added(
    committed_ledger,
):
    with in_schema(committed_ledger):
        with pytest.raises(DatabaseError) as caught, transaction.atomic():
            entry = _post_five()
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checked now, remembered
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # a balanced pair: the lines balance, the entry's total no longer matches
            JournalLine.objects.bulk_create(
                [
                    _line(entry, 3, account_by_role("bank"), debit="1"),
                    _line(entry, 4, account_by_role("cash"), credit="1"),
                ]
            )
        assert _sqlstate(caught.value) == "LG001"
        assert not JournalEntry.objects.exists()


def test_a_rolled_back_savepoint_neither_hides_nor_invents_a_check(committed_ledger):
    with in_schema(committed_ledger):
        # given a balanced entry whose lines were changed and restored by a savepoint
        with transaction.atomic():
            entry = _post_five()
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            with pytest.raises(DatabaseError), transaction.atomic():
                JournalLine.objects.bulk_create(
                    [_line(entry, 3, account_by_role("bank"), debit="1")]
                )
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # refused in the savepoint
        # then the entry as it stands (two lines, balanced) commits
        assert JournalLine.objects.filter(entry=entry).count() == 2
        assert JournalEntry.objects.get(pk=entry.pk).status == JournalStatus.POSTED


# ---------------------------------------------------------------------------------------------
# The posting function keeps the rules itself; the triggers skip only its own rows (ADR 0061)
# ---------------------------------------------------------------------------------------------
def _post_raw(cursor, lines: list[tuple[int, str, str]], *, day: dt.date = FY_DAY) -> None:
    """`finance_entry_post` called straight from SQL, with no Python check in front of it."""
    payload = [
        {"account": account, "debit": debit, "credit": credit, "amount_currency": "0"}
        for account, debit, credit in lines
    ]
    cursor.execute(
        "SELECT * FROM finance_entry_post(current_setting('search_path'), %s, 'raw', 'JV',"
        " 'INR', 1, '', NULL, NULL, %s::jsonb)",
        [day, json.dumps(payload)],
    )


@pytest.mark.parametrize(
    ("case", "sqlstate"),
    [
        ("unbalanced", "LG001"),
        ("one_line", "LG001"),
        ("group", "LG005"),
        ("inactive", "LG005"),
        ("locked", "LG002"),
    ],
)
def test_the_posting_function_refuses_on_its_own_what_the_triggers_refuse(
    committed_ledger, case, sqlstate
):
    with in_schema(committed_ledger):
        cash, sales = account_by_role("cash"), account_by_role("sales")
        lines = [(cash.pk, "100", "0"), (sales.pk, "0", "100")]
        if case == "unbalanced":
            lines = [(cash.pk, "100", "0"), (sales.pk, "0", "99")]
        elif case == "one_line":
            lines = [(cash.pk, "0", "0")]
        elif case == "group":
            group = Account.objects.filter(is_group=True).first()
            lines = [(group.pk, "100", "0"), (sales.pk, "0", "100")]
        elif case == "inactive":
            Account.objects.filter(pk=sales.pk).update(is_active=False)
        elif case == "locked":
            Period.objects.filter(start_date__lte=FY_DAY, end_date__gte=FY_DAY).update(
                status=PeriodStatus.LOCKED
            )
        try:
            with (
                pytest.raises(DatabaseError) as caught,
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                _post_raw(cursor, lines)
        finally:
            Account.objects.filter(pk=sales.pk).update(is_active=True)
            Period.objects.update(status=PeriodStatus.OPEN)
        assert _sqlstate(caught.value) == sqlstate
        assert not JournalEntry.objects.exists()
        assert not JournalLine.objects.exists()
        assert not AccountPeriodBalance.objects.exists()


def test_after_a_posting_every_other_write_of_the_transaction_is_checked(committed_ledger):
    with in_schema(committed_ledger):
        cash, sales = account_by_role("cash"), account_by_role("sales")
        with pytest.raises(DatabaseError) as caught, transaction.atomic():
            # given: an entry posted by the function, in this transaction
            entry = journal_entry_post_lines(
                date=FY_DAY,
                narration="by the function",
                lines=[LineSpec(account=cash, debit=Decimal(5)), LineSpec(account=sales, credit=5)],
                user=None,
            )
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('finance.posting', true)")
                assert cursor.fetchone()[0] == ""  # the function let go of its flag
            # when: the same transaction adds a lone line to that entry through the ORM
            JournalLine.objects.bulk_create([_line(entry, 3, account_by_role("bank"), debit="1")])
        # then: the balance check ran at commit for it, and nothing was kept
        assert _sqlstate(caught.value) == "LG001"
        assert not JournalEntry.objects.exists()


def test_a_posting_that_failed_inside_a_savepoint_leaves_no_flag_behind(committed_ledger):
    with in_schema(committed_ledger):
        cash, sales = account_by_role("cash"), account_by_role("sales")
        group = Account.objects.filter(is_group=True).first()
        with pytest.raises(DatabaseError) as caught, transaction.atomic():
            # given: a posting refused after the function raised its flag (the account check
            # comes after the lines are written), rolled back to its savepoint
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
                _post_raw(c, [(group.pk, "100", "0"), (sales.pk, "0", "100")])
            # when: the transaction then writes an unbalanced posted entry through the ORM
            entry = _posted_entry()
            JournalLine.objects.bulk_create(
                [_line(entry, 1, cash, debit="100"), _line(entry, 2, sales, credit="90")]
            )
        # then: it is refused at commit like any other
        assert _sqlstate(caught.value) == "LG001"
        assert not JournalEntry.objects.exists()


def test_a_period_is_locked_only_after_the_postings_in_flight_into_it_commit(committed_ledger):
    from django.db import connections

    from tenant_apps.finance.services import period_lock

    with in_schema(committed_ledger):
        cash, sales = account_by_role("cash"), account_by_role("sales")
        june = Period.objects.get(start_date__lte=FY_DAY, end_date__gte=FY_DAY)
    posted, locker_done = threading.Event(), threading.Event()
    order: list[str] = []
    errors: list[BaseException] = []

    def locker() -> None:
        try:
            with in_schema(committed_ledger):
                posted.wait(10)
                period_lock(period_id=june.pk, user=None)
                order.append("locked")
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            locker_done.set()
            connections.close_all()

    thread = threading.Thread(target=locker)
    thread.start()
    with in_schema(committed_ledger):
        # given: a posting into June in flight (its transaction still open)
        with transaction.atomic():
            journal_entry_post_lines(
                date=FY_DAY,
                narration="in flight",
                lines=[LineSpec(account=cash, debit=Decimal(3)), LineSpec(account=sales, credit=3)],
                user=None,
            )
            posted.set()
            # when: another session locks June, it waits for this posting
            assert not locker_done.wait(1.0), errors
            order.append("committed")
        thread.join(10)
        assert errors == []
        # then: locked after the commit, and the next posting into June is refused
        assert order == ["committed", "locked"]
        assert JournalEntry.objects.count() == 1
        with pytest.raises(ValidationError) as caught:
            journal_entry_post_lines(
                date=FY_DAY,
                narration="too late",
                lines=[LineSpec(account=cash, debit=Decimal(3)), LineSpec(account=sales, credit=3)],
                user=None,
            )
        assert caught.value.code == "period_locked"
