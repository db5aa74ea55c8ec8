"""Sixteen threads posting invoices at once (real commits): gapless unique numbers, exact
totals in the ledger, and refused postings give their number back."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal as D

from django.db import connections
from django.db.models import Sum

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.models import JournalLine
from tenant_apps.invoicing.models import Document, DocumentStatus
from tenant_apps.invoicing.services.documents import document_create, document_post
from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import FY_DAY, line

THREADS, PER_THREAD = 16, 4


def test_sixteen_threads_post_invoices_with_gapless_numbers_and_exact_totals(
    world, committed_books
):
    books = committed_books
    # given 64 committed drafts with different amounts; every 5th dated where no fiscal year is
    drafts: list[list[int]] = []
    expected_total = D("0")
    with in_schema(world.alpha_schema):
        rate = books.rate("GST18")
        for t in range(THREADS):
            ids = []
            for k in range(PER_THREAD):
                n = t * PER_THREAD + k
                refused = n % 5 == 0
                draft = document_create(
                    user=books.user,
                    kind="invoice",
                    data={
                        "partner": books.mh if n % 2 else books.ka,
                        "date": dt.date(2031, 5, 1) if refused else FY_DAY,
                        "lines": [line(rate, qty=str(n + 1), price="99.99")],
                    },
                )
                ids.append(draft.pk)
                if not refused:
                    expected_total += draft.total
            drafts.append(ids)
    barrier = threading.Barrier(THREADS)
    posted: list[str] = []
    refusals: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(ids: list[int]) -> None:
        try:
            with in_schema(world.alpha_schema):
                barrier.wait()
                for pk in ids:
                    try:
                        document = document_post(
                            user=books.user, document=Document.objects.get(pk=pk)
                        )
                        with lock:
                            posted.append(document.number)
                    except ApplicationError as exc:
                        with lock:
                            refusals.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    # when
    threads = [threading.Thread(target=worker, args=(ids,)) for ids in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert errors == []
    refused_count = sum(1 for n in range(THREADS * PER_THREAD) if n % 5 == 0)
    assert refusals == ["no_fiscal_year"] * refused_count
    numbers = sorted(int(n.rsplit("/", 1)[1]) for n in posted)
    assert numbers == list(range(1, THREADS * PER_THREAD - refused_count + 1))
    assert len(set(posted)) == len(posted)
    with in_schema(world.alpha_schema):
        from tenant_apps.finance.selectors import account_by_role

        invoices = Document.objects.filter(status=DocumentStatus.POSTED)
        assert invoices.count() == len(posted)
        assert invoices.aggregate(s=Sum("total"))["s"] == expected_total
        receivable = JournalLine.objects.filter(account=account_by_role("receivable")).aggregate(
            d=Sum("debit"), c=Sum("credit")
        )
        assert (receivable["d"], receivable["c"]) == (expected_total, D("0"))
        every_line = JournalLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
        assert every_line["d"] == every_line["c"]
        assert (
            Document.objects.filter(status=DocumentStatus.DRAFT, number="").count() == refused_count
        )
