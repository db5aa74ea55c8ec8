"""Reopening a closed fiscal year: the closing entry is reversed inside the year (both stay in
the ledger), the year takes an auditor's adjustment, and closing it again moves the new profit
to retained earnings; numbers stay gapless. Refusals: a year that is not closed, a year with a
closed year after it, no reason.

Worked example (fiscal year 2025-26, April-March):
    2025-07-01  cash 1,000 / sales           income   1,000
    2025-08-01  purchase 400 / cash          expense    400  -> profit 600
    close       YEC/25-26/00001 (2026-03-31): sales Dr 1,000, purchase Cr 400, retained Cr 600
    reopen      YEC/25-26/00002 (2026-03-31): its mirror image; retained back to 0
    2026-03-31  purchase 150 / payable       the auditor's freight bill -> profit 450
    close       YEC/25-26/00003 (2026-03-31): sales Dr 1,000, purchase Cr 550, retained Cr 450
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from shared_apps.accounts.models import User
from tenant_apps.audit.models import AuditEvent
from tenant_apps.finance.models import (
    FiscalYear,
    FiscalYearStatus,
    JournalEntry,
    JournalStatus,
    Period,
    PeriodStatus,
)
from tenant_apps.finance.selectors import (
    account_balance,
    account_by_role,
    balance_sheet,
    general_ledger,
    profit_and_loss,
)
from tenant_apps.finance.services import (
    LineSpec,
    fiscal_year_close,
    fiscal_year_ensure,
    fiscal_year_reopen,
    journal_entry_post_lines,
    journal_entry_reversal_create,
)
from tests.conftest import in_schema

YEAR_START, YEAR_END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


def _post(day, debit_role, credit_role, amount):
    with transaction.atomic():
        return journal_entry_post_lines(
            date=day,
            narration=f"{debit_role}/{credit_role}",
            lines=[
                LineSpec(account=account_by_role(debit_role), debit=Decimal(amount)),
                LineSpec(account=account_by_role(credit_role), credit=Decimal(amount)),
            ],
            user=None,
        )


def _balance(role: str) -> Decimal:
    return account_balance(account_by_role(role), as_of=YEAR_END)


def _year_with_profit_of_600() -> FiscalYear:
    with transaction.atomic():
        year = fiscal_year_ensure(on=dt.date(2025, 6, 1))
    _post(dt.date(2025, 7, 1), "cash", "sales", "1000")
    _post(dt.date(2025, 8, 1), "purchase", "cash", "400")
    return year


def _statuses(year: FiscalYear) -> list[str]:
    return list(
        Period.objects.filter(fiscal_year=year).order_by("number").values_list("status", flat=True)
    )


def test_close_reopen_adjust_and_close_again(committed_ledger, world):
    user = User.objects.get(pk=world.owner_alpha_id)
    with in_schema(committed_ledger):
        # given the year closed with a profit of 600
        year = _year_with_profit_of_600()
        fiscal_year_close(fiscal_year_id=year.pk, user=user)
        first = JournalEntry.objects.get(pk=FiscalYear.objects.get(pk=year.pk).closing_entry_id)
        assert first.number == "YEC/25-26/00001"
        assert _balance("retained_earnings") == Decimal("600")

        # when it is reopened for the auditor
        reopened = fiscal_year_reopen(
            fiscal_year_id=year.pk, user=user, reason="  Auditor: freight bill of March missed "
        )

        # then the year is open, its closing entry reversed on the last day by a closing entry
        year.refresh_from_db()
        assert reopened.status == year.status == FiscalYearStatus.OPEN
        assert (year.closing_entry_id, year.closed_at) == (None, None)
        first.refresh_from_db()
        assert first.status == JournalStatus.REVERSED
        reversal = JournalEntry.objects.get(reversal_of=first)
        assert reversal.number == "YEC/25-26/00002"
        assert (reversal.date, reversal.is_closing, reversal.status) == (
            YEAR_END,
            True,
            JournalStatus.POSTED,
        )
        assert reversal.narration == (
            "Reversal of YEC/25-26/00001: Auditor: freight bill of March missed"
        )
        assert reversal.posted_by_id == user.pk
        assert reversal.total == first.total == Decimal("1000")
        # the year's profit is back in the P&L, retained earnings as before the close
        assert _balance("retained_earnings") == 0
        assert _balance("sales") == Decimal("1000")
        pnl = profit_and_loss(from_date=YEAR_START, to_date=YEAR_END).totals["current"]
        assert pnl["net_profit"] == Decimal("600")
        # the last month takes the adjustment; the others are locked, to unlock one by one
        assert _statuses(year) == [PeriodStatus.LOCKED] * 11 + [PeriodStatus.OPEN]
        # who and why, in the audit log
        event = AuditEvent.objects.get(action="finance.fiscal_year.reopened")
        assert (event.actor_id, event.actor_email, event.target_type, event.target_id) == (
            user.pk,
            user.email,
            "finance.fiscal_year",
            str(year.pk),
        )
        assert event.data == {
            "fiscal_year": "2025-26",
            "reason": "Auditor: freight bill of March missed",
            "closing_entry": "YEC/25-26/00001",
            "reversal": "YEC/25-26/00002",
        }
        # and the reversal of a closing entry is not reversed by hand either
        with pytest.raises(ValidationError) as caught:
            journal_entry_reversal_create(entry_id=reversal.pk, date=YEAR_END, user=user)
        assert caught.value.code == "invalid_state"

        # when the auditor's adjustment is posted and the year closed again
        adjustment = _post(YEAR_END, "purchase", "payable", "150")
        assert adjustment.number == "JV/25-26/00003"
        assert profit_and_loss(from_date=YEAR_START, to_date=YEAR_END).totals["current"][
            "net_profit"
        ] == Decimal("450")
        fiscal_year_close(fiscal_year_id=year.pk, user=user)

        # then the new closing entry moves the new profit
        year.refresh_from_db()
        assert year.status == FiscalYearStatus.CLOSED
        assert _statuses(year) == [PeriodStatus.CLOSED] * 12
        second = JournalEntry.objects.get(pk=year.closing_entry_id)
        assert second.number == "YEC/25-26/00003"
        assert (second.date, second.is_closing, second.total) == (YEAR_END, True, Decimal("1000"))
        assert sorted(
            (line.account.role, line.debit, line.credit) for line in second.lines.all()
        ) == [
            ("purchase", Decimal("0"), Decimal("550")),
            ("retained_earnings", Decimal("0"), Decimal("450")),
            ("sales", Decimal("1000"), Decimal("0")),
        ]
        assert _balance("retained_earnings") == Decimal("450")
        assert _balance("sales") == _balance("purchase") == 0
        sheet = balance_sheet(as_of=YEAR_END).totals["current"]
        assert sheet["current_profit"] == 0
        assert sheet["assets"] == sheet["liabilities_and_equity"] == Decimal("600")
        # numbers are gapless in both series
        assert list(
            JournalEntry.objects.filter(period__fiscal_year=year)
            .order_by("number")
            .values_list("number", flat=True)
        ) == [
            "JV/25-26/00001",
            "JV/25-26/00002",
            "JV/25-26/00003",
            "YEC/25-26/00001",
            "YEC/25-26/00002",
            "YEC/25-26/00003",
        ]
        # and retained earnings' ledger shows the first closing, its reversal and the second
        ledger = general_ledger(
            account=account_by_role("retained_earnings"), from_date=YEAR_START, to_date=YEAR_END
        )
        assert [
            (x["entry_number"], x["debit"], x["credit"], x["balance"]) for x in ledger.lines
        ] == [
            ("YEC/25-26/00001", Decimal("0"), Decimal("600"), Decimal("-600")),
            ("YEC/25-26/00002", Decimal("600"), Decimal("0"), Decimal("0")),
            ("YEC/25-26/00003", Decimal("0"), Decimal("450"), Decimal("-450")),
        ]
        assert list(
            AuditEvent.objects.filter(target_type="finance.fiscal_year", target_id=str(year.pk))
            .order_by("id")
            .values_list("action", "data__closing_entry")
        ) == [
            ("finance.fiscal_year.closed", "YEC/25-26/00001"),
            ("finance.fiscal_year.reopened", "YEC/25-26/00001"),
            ("finance.fiscal_year.closed", "YEC/25-26/00003"),
        ]


def _snapshot(year_ids):
    return (
        list(
            FiscalYear.objects.filter(pk__in=year_ids)
            .order_by("pk")
            .values_list("status", "closing_entry_id")
        ),
        list(Period.objects.order_by("pk").values_list("status", flat=True)),
        list(JournalEntry.objects.order_by("pk").values_list("pk", "status")),
        AuditEvent.objects.filter(action="finance.fiscal_year.reopened").count(),
    )


def test_only_the_latest_closed_year_reopens(committed_ledger):
    with in_schema(committed_ledger):
        # given 2025-26 and 2026-27 both closed
        earlier = _year_with_profit_of_600()
        later = FiscalYear.objects.get(name="2026-27")
        _post(dt.date(2026, 6, 1), "cash", "sales", "70")
        fiscal_year_close(fiscal_year_id=earlier.pk, user=None)
        fiscal_year_close(fiscal_year_id=later.pk, user=None)
        before = _snapshot([earlier.pk, later.pk])
        # when the earlier one is reopened first: refused, nothing changed
        with pytest.raises(ValidationError) as caught:
            fiscal_year_reopen(fiscal_year_id=earlier.pk, user=None, reason="Audit")
        assert caught.value.code == "later_year_closed"
        assert "reopen 2026-27 first" in caught.value.message
        assert _snapshot([earlier.pk, later.pk]) == before
        # when the later one is reopened, then the earlier one
        fiscal_year_reopen(fiscal_year_id=later.pk, user=None, reason="Audit of 2026-27")
        fiscal_year_reopen(fiscal_year_id=earlier.pk, user=None, reason="Audit of 2025-26")
        # then both are open, each closing entry reversed in its own year
        assert set(
            FiscalYear.objects.filter(pk__in=[earlier.pk, later.pk]).values_list(
                "status", flat=True
            )
        ) == {FiscalYearStatus.OPEN}
        assert sorted(
            JournalEntry.objects.filter(series="YEC").values_list("number", "date", "status")
        ) == [
            ("YEC/25-26/00001", YEAR_END, JournalStatus.REVERSED),
            ("YEC/25-26/00002", YEAR_END, JournalStatus.POSTED),
            ("YEC/26-27/00001", dt.date(2027, 3, 31), JournalStatus.REVERSED),
            ("YEC/26-27/00002", dt.date(2027, 3, 31), JournalStatus.POSTED),
        ]
        assert _balance("retained_earnings") == 0
        # and the later year cannot be closed before the earlier one again
        with pytest.raises(ValidationError) as caught:
            fiscal_year_close(fiscal_year_id=later.pk, user=None)
        assert caught.value.code == "invalid_state"


def test_an_open_year_and_a_blank_reason_are_refused(committed_ledger):
    with in_schema(committed_ledger):
        year = _year_with_profit_of_600()
        before = _snapshot([year.pk])
        # an open year is not reopened
        with pytest.raises(ValidationError) as caught:
            fiscal_year_reopen(fiscal_year_id=year.pk, user=None, reason="Audit")
        assert caught.value.code == "invalid_state"
        assert _snapshot([year.pk]) == before
        # a closed year needs a reason
        fiscal_year_close(fiscal_year_id=year.pk, user=None)
        closed = _snapshot([year.pk])
        with pytest.raises(ValidationError) as caught:
            fiscal_year_reopen(fiscal_year_id=year.pk, user=None, reason="   ")
        assert (caught.value.code, caught.value.fields) == (
            "invalid",
            {"reason": ["This field may not be blank."]},
        )
        assert _snapshot([year.pk]) == closed


def test_a_year_closed_without_income_or_expense_reopens_without_a_reversal(committed_ledger):
    with in_schema(committed_ledger):
        # given a year with balance-sheet movements only: its close posted no entry
        with transaction.atomic():
            year = fiscal_year_ensure(on=dt.date(2025, 6, 1))
        _post(dt.date(2025, 7, 1), "bank", "cash", "10")
        fiscal_year_close(fiscal_year_id=year.pk, user=None)
        assert FiscalYear.objects.get(pk=year.pk).closing_entry_id is None
        # when
        fiscal_year_reopen(fiscal_year_id=year.pk, user=None, reason="Audit")
        # then
        assert FiscalYear.objects.get(pk=year.pk).status == FiscalYearStatus.OPEN
        assert not JournalEntry.objects.filter(series="YEC").exists()
        event = AuditEvent.objects.get(action="finance.fiscal_year.reopened")
        assert (event.data["closing_entry"], event.data["reversal"]) == (None, None)


def test_a_closing_entry_is_still_not_reversed_by_hand(committed_ledger):
    with in_schema(committed_ledger):
        year = _year_with_profit_of_600()
        fiscal_year_close(fiscal_year_id=year.pk, user=None)
        closing_id = FiscalYear.objects.get(pk=year.pk).closing_entry_id
        Period.objects.filter(fiscal_year=year, number=12).update(status=PeriodStatus.OPEN)
        with pytest.raises(ValidationError) as caught:
            journal_entry_reversal_create(entry_id=closing_id, date=YEAR_END, user=None)
        assert caught.value.code == "invalid_state"
        assert JournalEntry.objects.get(pk=closing_id).status == JournalStatus.POSTED


def _run_until_it_waits(target) -> tuple[threading.Thread, list[BaseException]]:
    """Start `target` in a thread (its own connection) and return once it waits for a row
    lock the caller holds."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return thread, errors
        time.sleep(0.02)
    raise AssertionError("the thread never waited for the lock")


def test_a_reopen_waiting_for_a_later_years_close_sees_it_closed(committed_ledger):
    with in_schema(committed_ledger):
        earlier = _year_with_profit_of_600()
        fiscal_year_close(fiscal_year_id=earlier.pk, user=None)
        later = FiscalYear.objects.get(name="2026-27")

        def reopen() -> None:
            with in_schema(committed_ledger):
                fiscal_year_reopen(fiscal_year_id=earlier.pk, user=None, reason="Audit")

        # given the later year's close in flight (its row locked, as fiscal_year_close does)
        with transaction.atomic():
            FiscalYear.objects.select_for_update().get(pk=later.pk)
            # when the earlier year is reopened meanwhile
            thread, errors = _run_until_it_waits(reopen)
            FiscalYear.objects.filter(pk=later.pk).update(status=FiscalYearStatus.CLOSED)
        thread.join()
        # then the reopen, once the close committed, refuses
        assert [getattr(e, "code", e) for e in errors] == ["later_year_closed"]
        assert FiscalYear.objects.get(pk=earlier.pk).status == FiscalYearStatus.CLOSED


def test_a_later_years_close_waiting_for_a_reopen_sees_the_earlier_year_open(committed_ledger):
    with in_schema(committed_ledger):
        earlier = _year_with_profit_of_600()
        fiscal_year_close(fiscal_year_id=earlier.pk, user=None)
        later = FiscalYear.objects.get(name="2026-27")

        def close() -> None:
            with in_schema(committed_ledger):
                fiscal_year_close(fiscal_year_id=later.pk, user=None)

        # given a reopen of the earlier year in flight (both rows locked, in date order)
        with transaction.atomic():
            list(
                FiscalYear.objects.select_for_update()
                .filter(pk__in=[earlier.pk, later.pk])
                .order_by("start_date")
            )
            # when the later year is closed meanwhile
            thread, errors = _run_until_it_waits(close)
            FiscalYear.objects.filter(pk=earlier.pk).update(status=FiscalYearStatus.OPEN)
        thread.join()
        # then the close, once the reopen committed, refuses: the earlier year is open
        assert [getattr(e, "code", e) for e in errors] == ["invalid_state"]
        assert FiscalYear.objects.get(pk=later.pk).status == FiscalYearStatus.OPEN
