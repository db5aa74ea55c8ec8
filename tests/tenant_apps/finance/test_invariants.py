"""Properties of the ledger under random operations (hypothesis state machine), and under 16
threads posting at once."""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tenant_apps.core.models import DocumentSequence
from tenant_apps.finance.models import (
    Account,
    AccountDayBalance,
    AccountPeriodBalance,
    JournalEntry,
    JournalLine,
    JournalStatus,
    Period,
    PeriodStatus,
)
from tenant_apps.finance.selectors import trial_balance
from tenant_apps.finance.services import LineSpec, journal_entry_post_lines, journal_entry_reverse
from tests.conftest import in_schema

CODES = ["1110", "1121", "1131", "2111", "4110", "5110", "5210"]
DAYS = [dt.date(2026, 4, 3), dt.date(2026, 4, 30), dt.date(2026, 5, 1), dt.date(2026, 6, 17)]
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


class LedgerMachine(RuleBasedStateMachine):
    """Random post / reverse / lock / unlock; every invariant checked after each step."""

    entries = Bundle("entries")

    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.accounts = {a.code: a for a in Account.objects.filter(code__in=CODES)}
        self.periods = {p.start_date: p for p in Period.objects.all()}
        self.refused = 0

    def teardown(self) -> None:
        transaction.savepoint_rollback(self.savepoint)

    def _period(self, day: dt.date) -> Period:
        return next(p for p in self.periods.values() if p.start_date <= day <= p.end_date)

    @rule(
        target=entries,
        day=st.sampled_from(DAYS),
        splits=st.lists(
            st.tuples(st.sampled_from(CODES), st.sampled_from(CODES), amounts),
            min_size=1,
            max_size=3,
        ),
    )
    def post(self, day, splits):
        lines = []
        for debit_code, credit_code, amount in splits:
            lines.append(LineSpec(account=self.accounts[debit_code], debit=amount))
            lines.append(LineSpec(account=self.accounts[credit_code], credit=amount))
        locked = Period.objects.get(pk=self._period(day).pk).status != PeriodStatus.OPEN
        try:
            with transaction.atomic():
                entry = journal_entry_post_lines(
                    date=day, narration="prop", lines=lines, series="PROP", user=None
                )
        except ValidationError as exc:
            assert locked and exc.code == "period_locked", exc
            self.refused += 1
            return None
        assert not locked
        return entry

    @rule(entry=entries, day=st.sampled_from(DAYS))
    def reverse(self, entry, day):
        if entry is None:
            return
        current = JournalEntry.objects.get(pk=entry.pk)
        was_posted = current.status == JournalStatus.POSTED
        locked = Period.objects.get(pk=self._period(day).pk).status != PeriodStatus.OPEN
        try:
            with transaction.atomic():
                journal_entry_reverse(entry=current, date=day, user=None)
        except ValidationError as exc:
            if was_posted:
                assert locked and exc.code == "period_locked", exc
            else:
                assert exc.code == "invalid_state", exc
            return
        assert was_posted and not locked
        assert JournalEntry.objects.get(pk=entry.pk).status == JournalStatus.REVERSED

    @rule(day=st.sampled_from(DAYS), lock=st.booleans())
    def lock_or_unlock(self, day, lock):
        # the period services are durable; this is their write, inside the test's transaction
        period = self._period(day)
        Period.objects.filter(
            pk=period.pk, status=PeriodStatus.OPEN if lock else PeriodStatus.LOCKED
        ).update(status=PeriodStatus.LOCKED if lock else PeriodStatus.OPEN)

    @invariant()
    def the_deferred_checks_pass(self):
        # fire the commit-time triggers now (the test's transaction never commits)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    @invariant()
    def every_posted_entry_balances_and_debits_equal_credits(self):
        posted = JournalLine.objects.exclude(entry__status=JournalStatus.DRAFT)
        totals = posted.aggregate(d=Sum("debit"), c=Sum("credit"))
        assert totals["d"] == totals["c"]
        per_entry = posted.values("entry_id").annotate(d=Sum("debit"), c=Sum("credit"))
        assert all(row["d"] == row["c"] for row in per_entry)

    @invariant()
    def period_and_day_totals_equal_the_lines(self):
        by_period = defaultdict(lambda: [Decimal(0), Decimal(0)])
        by_day = defaultdict(lambda: [Decimal(0), Decimal(0)])
        for account_id, period_id, day, debit, credit in JournalLine.objects.exclude(
            entry__status=JournalStatus.DRAFT
        ).values_list("account_id", "period_id", "date", "debit", "credit"):
            by_period[(account_id, period_id)][0] += debit
            by_period[(account_id, period_id)][1] += credit
            by_day[(account_id, day)][0] += debit
            by_day[(account_id, day)][1] += credit
        stored_period = {
            (r.account_id, r.period_id): [r.debit, r.credit]
            for r in AccountPeriodBalance.objects.all()
        }
        stored_day = {
            (r.account_id, r.date): [r.debit, r.credit] for r in AccountDayBalance.objects.all()
        }
        assert stored_period == dict(by_period)
        assert stored_day == dict(by_day)

    @invariant()
    def trial_balance_balances(self):
        tb = trial_balance(to_date=dt.date(2026, 6, 30), from_date=dt.date(2026, 4, 15))
        assert tb.totals["debit"] == tb.totals["credit"]
        assert tb.totals["opening_debit"] == tb.totals["opening_credit"]
        assert tb.totals["closing_debit"] == tb.totals["closing_credit"]

    @invariant()
    def numbers_are_gapless(self):
        numbers = sorted(
            int(n.rsplit("/", 1)[1])
            for n in JournalEntry.objects.filter(series="PROP").values_list("number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))


def test_random_post_reverse_lock_keeps_every_invariant(alpha):
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


def test_sixteen_threads_posting_get_gapless_unique_numbers_and_exact_totals(committed_ledger):
    # given 16 threads, each posting 6 entries in its own transactions; every third rolls back
    threads_count, per_thread = 16, 6
    barrier = threading.Barrier(threads_count)
    committed: list[tuple[str, Decimal]] = []
    lock = threading.Lock()
    errors: list[BaseException] = []
    with in_schema(committed_ledger):
        accounts = list(Account.objects.filter(code__in=CODES).order_by("code"))

    def worker(index: int) -> None:
        try:
            with in_schema(committed_ledger):
                barrier.wait()
                for attempt in range(per_thread):
                    amount = Decimal(index * 100 + attempt) + Decimal("0.25")
                    debit = accounts[(index + attempt) % len(accounts)]
                    credit = accounts[(index + attempt + 1) % len(accounts)]
                    try:
                        with transaction.atomic(durable=True):
                            entry = journal_entry_post_lines(
                                date=dt.date(2026, 6, 1 + attempt),
                                narration=f"t{index}",
                                lines=[
                                    LineSpec(account=credit, credit=amount),
                                    LineSpec(account=debit, debit=amount),
                                ],
                                series="CONC",
                                user=None,
                            )
                            if attempt % 3 == 2:
                                raise ValueError("the document failed after posting")
                        with lock:
                            committed.append((entry.number, amount))
                    except ValueError:
                        pass
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(threads_count)]
    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then every committed entry has its own number, together 1..N, and the totals are exact
    assert errors == []
    expected_count = threads_count * (per_thread - per_thread // 3)
    assert len(committed) == expected_count
    values = sorted(int(number.rsplit("/", 1)[1]) for number, _ in committed)
    assert values == list(range(1, expected_count + 1))
    expected_total = sum((amount for _, amount in committed), Decimal(0))
    with in_schema(committed_ledger):
        assert DocumentSequence.objects.get(series="CONC").last_value == expected_count
        assert JournalEntry.objects.filter(series="CONC").count() == expected_count
        totals = AccountPeriodBalance.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
        assert totals == {"d": expected_total, "c": expected_total}
        lines = JournalLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
        assert lines == totals
