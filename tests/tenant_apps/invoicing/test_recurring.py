"""Recurring invoices (ADR 0064): the schedule's dates, the sweep raising (and posting) what
fell due and catching up, a posting refused leaving its draft, the end of a schedule, two
sweeps at once raising each occurrence once, and the API."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal as D

import pytest
from django.db import connections

from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import FY_DAY, line


@pytest.mark.parametrize(
    ("start", "frequency", "n", "expected"),
    [
        (dt.date(2027, 1, 31), "monthly", 1, dt.date(2027, 2, 28)),  # a short month: its last day
        (dt.date(2027, 1, 31), "monthly", 2, dt.date(2027, 3, 31)),  # and back to the 31st
        (dt.date(2026, 11, 30), "quarterly", 1, dt.date(2027, 2, 28)),
        (dt.date(2026, 6, 15), "half_yearly", 1, dt.date(2026, 12, 15)),
        (dt.date(2028, 2, 29), "yearly", 1, dt.date(2029, 2, 28)),
        (dt.date(2026, 12, 10), "monthly", 13, dt.date(2028, 1, 10)),
    ],
)
def test_the_nth_occurrence_keeps_the_start_day_or_the_months_last(start, frequency, n, expected):
    from tenant_apps.invoicing.services.recurring import occurrence

    assert occurrence(start, frequency, n) == expected


def _schedule(books, template, **data):  # type: ignore[no-untyped-def]
    from tenant_apps.invoicing.services.recurring import recurring_create

    return recurring_create(
        user=books.user,
        template=template,
        **{"frequency": "monthly", "start_date": FY_DAY, **data},  # type: ignore[arg-type]
    )


def test_the_sweep_raises_and_posts_what_fell_due_catching_up_and_not_twice(books, raise_document):
    from tenant_apps.invoicing.models import RecurringRun
    from tenant_apps.invoicing.services.recurring import recurring_run

    template = raise_document("invoice", books.mh, [line(books.rate("GST18"), price="5000")])
    schedule = _schedule(books, template, auto_post=True)
    assert schedule.next_date == FY_DAY

    # missed days: Jun 15, Jul 15 and Aug 15 are due by Aug 20
    assert recurring_run(on=dt.date(2026, 8, 20)) == {"raised": 3, "failed": 0, "emailed": 0}
    assert recurring_run(on=dt.date(2026, 8, 20)) == {"raised": 0, "failed": 0, "emailed": 0}

    runs = list(RecurringRun.objects.filter(schedule=schedule).order_by("date"))
    assert [r.date for r in runs] == [
        dt.date(2026, 6, 15),
        dt.date(2026, 7, 15),
        dt.date(2026, 8, 15),
    ]
    assert [(r.document.status, r.document.total, r.document.partner_id) for r in runs] == [
        ("posted", D("5900.00"), books.mh.pk)
    ] * 3
    assert all(r.document.number.startswith("INV/26-27/") for r in runs)
    schedule.refresh_from_db()
    assert (schedule.next_date, schedule.occurrences, schedule.last_error) == (
        dt.date(2026, 9, 15),
        3,
        "",
    )


def test_a_refused_posting_leaves_the_draft_and_says_why(books, raise_document):
    from tenant_apps.invoicing.services.recurring import recurring_run

    books.mh.credit_limit = D("6000")
    books.mh.save(update_fields=["credit_limit"])
    template = raise_document("invoice", books.mh, [line(books.rate("GST18"), price="4000")])
    schedule = _schedule(books, template, auto_post=True)

    # 4,720 owed; the next 4,720 would take it past 6,000
    assert recurring_run(on=FY_DAY) == {"raised": 1, "failed": 0, "emailed": 0}

    schedule.refresh_from_db()
    (run,) = schedule.runs.all()
    assert run.document.status == "draft"
    assert schedule.last_error.startswith("2026-06-15: left as a draft:")
    assert "credit limit" in schedule.last_error


def test_a_schedule_without_auto_post_raises_drafts_and_ends_on_its_end_date(books, raise_document):
    from tenant_apps.invoicing.services.recurring import recurring_run

    template = raise_document("invoice", books.mh, [line(books.rate("GST18"))])
    schedule = _schedule(books, template, frequency="quarterly", end_date=dt.date(2026, 12, 31))

    assert recurring_run(on=dt.date(2027, 6, 30)) == {
        "raised": 3,
        "failed": 0,
        "emailed": 0,
    }  # Jun, Sep, Dec

    schedule.refresh_from_db()
    assert schedule.next_date is None
    assert [r.document.status for r in schedule.runs.all()] == ["draft"] * 3


def test_a_bill_a_cancelled_invoice_and_an_end_before_the_start_are_refused(books, raise_document):
    from tenant_apps.core.exceptions import ApplicationError
    from tenant_apps.invoicing.services.documents import document_cancel

    bill = raise_document("bill", books.vendor, [line(books.rate("GST18"))])
    cancelled = document_cancel(
        user=books.user,
        document=raise_document("invoice", books.mh, [line(books.rate("GST18"))]),
    ).original
    invoice = raise_document("invoice", books.mh, [line(books.rate("GST18"))])
    for template, extra, field in (
        (bill, {}, "template"),
        (cancelled, {}, "template"),
        (invoice, {"end_date": FY_DAY - dt.timedelta(days=1)}, "end_date"),
    ):
        with pytest.raises(ApplicationError) as refused:
            _schedule(books, template, **extra)
        assert field in refused.value.fields


def test_two_sweeps_at_once_raise_each_occurrence_once(world, committed_books):
    from tenant_apps.invoicing.models import Document, RecurringRun
    from tenant_apps.invoicing.services.documents import document_create, document_post
    from tenant_apps.invoicing.services.recurring import recurring_run

    books = committed_books
    with in_schema(world.alpha_schema):
        schedules = []
        for k in range(6):
            template = document_post(
                user=books.user,
                document=document_create(
                    user=books.user,
                    kind="invoice",
                    data={
                        "partner": books.mh,
                        "date": FY_DAY,
                        "lines": [line(books.rate("GST18"), qty=str(k + 1))],
                    },
                ),
            )
            schedules.append(_schedule(books, template, auto_post=True))
    barrier = threading.Barrier(4)
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            with in_schema(world.alpha_schema):
                barrier.wait()
                results.append(recurring_run(on=dt.date(2026, 7, 20)))
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    assert sum(r["raised"] for r in results) == 12  # 6 schedules x (Jun 15, Jul 15)
    with in_schema(world.alpha_schema):
        assert RecurringRun.objects.count() == 12
        numbers = list(
            Document.objects.filter(recurring__isnull=False).values_list("number", flat=True)
        )
    assert len(set(numbers)) == 12 and all(numbers)


def test_the_api_creates_reads_and_pauses_a_schedule(api_client, users, tenant_alpha, db):
    from tests.tenant_apps.invoicing.conftest import _books, make_raiser

    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        invoice = make_raiser(books)("invoice", books.mh, [line(books.rate("GST18"))])
    client = api_client("alpha", users["owner_alpha"])
    body = {"template": invoice.pk, "frequency": "quarterly", "start_date": "2026-07-15"}

    created = client.post("/api/v1/invoicing/recurring/", body, format="json")
    bad = client.post(
        "/api/v1/invoicing/recurring/", {**body, "frequency": "weekly"}, format="json"
    )

    assert created.status_code == 201, created.content
    schedule = created.json()
    assert (schedule["next_date"], schedule["template_number"], schedule["runs"]) == (
        "2026-07-15",
        invoice.number,
        [],
    )
    assert bad.status_code == 400 and list(bad.json()["fields"]) == ["frequency"]
    paused = client.patch(
        f"/api/v1/invoicing/recurring/{schedule['id']}/", {"is_active": False}, format="json"
    )
    assert paused.status_code == 200 and paused.json()["is_active"] is False
    listed = client.get("/api/v1/invoicing/recurring/").json()["results"]
    assert [s["id"] for s in listed] == [schedule["id"]]


def test_posted_occurrences_are_e_mailed_when_the_schedule_says_so(
    books, raise_document, mailoutbox, django_capture_on_commit_callbacks
):
    """Each posted occurrence goes to the customer with its PDF; a customer with no address
    leaves the invoice posted and says why on the schedule; a schedule of drafts cannot
    e-mail (a draft has no number)."""
    from tenant_apps.core.exceptions import ApplicationError
    from tenant_apps.invoicing.models import RecurringInvoice, SentEmail
    from tenant_apps.invoicing.services.recurring import recurring_run, recurring_update

    books.mh.email = "accounts@punefab.example"
    books.mh.save(update_fields=["email"])
    rate = books.rate("GST18")
    emailed = _schedule(
        books, raise_document("invoice", books.mh, [line(rate)]), auto_post=True, auto_email=True
    )
    silent = _schedule(
        books, raise_document("invoice", books.ka, [line(rate)]), auto_post=True, auto_email=True
    )
    with pytest.raises(ApplicationError) as refused:
        _schedule(books, raise_document("invoice", books.mh, [line(rate)]), auto_email=True)
    assert list(refused.value.fields) == ["auto_email"]

    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves at commit
        counts = recurring_run(on=dt.date(2026, 7, 20))

    assert counts == {"raised": 4, "failed": 0, "emailed": 2}
    assert [m.to for m in mailoutbox] == [["accounts@punefab.example"]] * 2
    assert all(m.attachments[0][0].endswith(".pdf") for m in mailoutbox)
    numbers = [r.document.number for r in emailed.runs.order_by("date")]
    assert [m.subject.split(" from ")[0] for m in mailoutbox] == [f"Invoice {n}" for n in numbers]
    sent = SentEmail.objects.filter(document__recurring__schedule=emailed)
    assert sorted(sent.values_list("document__number", flat=True)) == sorted(numbers)
    silent.refresh_from_db()
    assert "posted, not e-mailed" in silent.last_error
    assert all(r.document.status == "posted" for r in silent.runs.all())
    # turning posting off turns e-mailing off with it
    recurring_update(user=books.user, schedule=emailed, data={"auto_post": False})
    assert RecurringInvoice.objects.get(pk=emailed.pk).auto_email is False
