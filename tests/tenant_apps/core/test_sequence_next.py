"""Legal numbers: formatted per series and fiscal year, gapless and unique under concurrency."""

import datetime as dt
import threading

import pytest
from django.db import connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenant_apps.core.models import DocumentSequence
from tenant_apps.core.services import sequence_next
from tests.conftest import in_schema


def test_numbers_are_formatted_per_series_and_fiscal_year(world, db):
    with in_schema(world.alpha_schema), transaction.atomic():
        # when
        first = sequence_next(series="inv", prefix="INV", on_date=dt.date(2026, 11, 27))
        second = sequence_next(series="inv", on_date=dt.date(2027, 3, 31))
        next_year = sequence_next(series="inv", on_date=dt.date(2027, 4, 1))
        other_series = sequence_next(series="po", on_date=dt.date(2026, 11, 27))

    # then a new fiscal year restarts at 1 and keeps the series' prefix
    assert [first, second, next_year, other_series] == [
        "INV/26-27/00001",
        "INV/26-27/00002",
        "INV/27-28/00001",
        "PO/26-27/00001",
    ]


def test_a_rolled_back_document_returns_its_number(world, db):
    with in_schema(world.alpha_schema):
        with transaction.atomic():
            assert sequence_next(series="bill", on_date=dt.date(2026, 6, 1)) == "BILL/26-27/00001"
        # when the document's transaction fails after taking a number
        with pytest.raises(RuntimeError), transaction.atomic():
            sequence_next(series="bill", on_date=dt.date(2026, 6, 1))
            raise RuntimeError("posting failed")
        # then the next document gets that same number: no gap
        with transaction.atomic():
            assert sequence_next(series="bill", on_date=dt.date(2026, 6, 1)) == "BILL/26-27/00002"


def test_sequence_next_refuses_to_run_outside_a_transaction(world, committed_db):
    with in_schema(world.alpha_schema), pytest.raises(RuntimeError, match="inside the document"):
        sequence_next(series="inv")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(outcomes=st.lists(st.booleans(), min_size=1, max_size=30))
def test_numbering_stays_gapless_whatever_commits_or_rolls_back(world, db, outcomes):
    # given a series, and documents that either commit (True) or roll back (False)
    series = "prop"
    issued: list[str] = []
    with in_schema(world.alpha_schema):
        DocumentSequence.objects.filter(series=series).delete()
        for commits in outcomes:
            try:
                with transaction.atomic():
                    number = sequence_next(series=series, on_date=dt.date(2026, 5, 5))
                    if not commits:
                        raise ValueError
                    issued.append(number)
            except ValueError:
                pass
    # then the committed numbers are exactly 1..k in order
    assert issued == [f"PROP/26-27/{n:05d}" for n in range(1, len(issued) + 1)]


def test_eight_concurrent_threads_get_one_to_n_without_gaps_or_duplicates(world, committed_db):
    # given 8 threads, each taking 25 numbers in separate transactions, some rolling back
    threads_count, per_thread = 8, 25
    barrier = threading.Barrier(threads_count)
    taken: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            with in_schema(world.alpha_schema):
                barrier.wait()
                for attempt in range(per_thread):
                    try:
                        with transaction.atomic():
                            number = sequence_next(series="conc", on_date=dt.date(2026, 7, 1))
                            if (index + attempt) % 5 == 0:
                                raise ValueError("document failed after taking a number")
                        with lock:
                            taken.append(number)
                    except ValueError:
                        pass
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    try:
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(threads_count)]
        # when
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        # then every committed document has a distinct number and together they are 1..N
        assert errors == []
        values = sorted(int(number.rsplit("/", 1)[1]) for number in taken)
        committed = sum(
            1 for i in range(threads_count) for a in range(per_thread) if (i + a) % 5 != 0
        )
        assert len(taken) == committed
        assert values == list(range(1, committed + 1))
        with in_schema(world.alpha_schema):
            assert DocumentSequence.objects.get(series="conc").last_value == committed
    finally:
        with in_schema(world.alpha_schema):
            DocumentSequence.objects.filter(series="conc").delete()
