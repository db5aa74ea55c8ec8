"""Payment reminders on a schedule (ADR 0052): the stage an overdue invoice has reached goes
once, by e-mail with the PDF, through the same history as a person's send; settings validated;
one stage once even when two sweeps race; the daily task goes over every active company."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from tenant_apps.core.models import CompanySettings
from tenant_apps.invoicing.models import InvoiceReminder, InvoiceSettings, SentEmail
from tenant_apps.invoicing.services.reminders import reminders_send
from tenant_apps.invoicing.tasks import reminders_sweep
from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import _books, line, make_raiser

API = "/api/v1/invoicing"
DUE = dt.date(2026, 10, 1)
INVOICE_DAY = dt.date(2026, 9, 1)


def _enable(days: list[int] | None = None, *, enabled: bool = True) -> None:
    InvoiceSettings.objects.update_or_create(
        singleton=True,
        defaults={"reminders_enabled": enabled, "reminder_days": days or [7, 30]},
    )


def _invoice(books: Any, partner: Any = None, *, due: dt.date = DUE, post: bool = True) -> Any:
    return make_raiser(books)(
        "invoice",
        partner or books.mh,
        [line(books.rate("GST18"), qty="10", price="1000")],
        day=INVOICE_DAY,
        due_date=due,
        post=post,
    )


@pytest.fixture
def reminding(tenant_alpha, users) -> Any:
    """Alpha with reminders on at 7 and 30 days, a customer with an e-mail address."""
    with in_schema(tenant_alpha.schema_name):
        books = _books(users["owner_alpha"])
        books.mh.email = "accounts@punefab.example"
        books.mh.save(update_fields=["email"])
        _enable()
        yield books


def _sweep(on: dt.date, capture: Any) -> dict[str, int]:
    with capture(execute=True):
        return reminders_send(on=on)


def _stages(document: Any) -> list[tuple[int, dt.date]]:
    return list(document.reminders.order_by("stage_days").values_list("stage_days", "sent_on"))


def test_the_stage_reached_goes_once_on_the_day_after_it_is_reached(
    reminding, django_capture_on_commit_callbacks
):
    # given: an invoice due 1 Oct, stages 7 and 30
    invoice = _invoice(reminding)

    # when / then: 7 Oct is 6 days overdue: nothing
    assert _sweep(dt.date(2026, 10, 7), django_capture_on_commit_callbacks) == {
        "sent": 0,
        "skipped_no_address": 0,
    }
    assert mail.outbox == []
    # 8 Oct: 7 days, the 7-day reminder
    assert _sweep(dt.date(2026, 10, 8), django_capture_on_commit_callbacks)["sent"] == 1
    assert _stages(invoice) == [(7, dt.date(2026, 10, 8))]
    # 8 Oct again: nothing more
    assert _sweep(dt.date(2026, 10, 8), django_capture_on_commit_callbacks)["sent"] == 0
    # 31 Oct: 30 days, the 30-day reminder
    assert _sweep(dt.date(2026, 10, 31), django_capture_on_commit_callbacks)["sent"] == 1
    assert _stages(invoice) == [(7, dt.date(2026, 10, 8)), (30, dt.date(2026, 10, 31))]
    # and later: every stage sent, nothing more
    assert _sweep(dt.date(2026, 12, 31), django_capture_on_commit_callbacks)["sent"] == 0
    assert len(mail.outbox) == 2


def test_an_invoice_40_days_overdue_with_nothing_sent_gets_only_the_30_day_reminder(
    reminding, django_capture_on_commit_callbacks
):
    # given
    invoice = _invoice(reminding)

    # when: 10 Nov, 40 days after the due date
    result = _sweep(dt.date(2026, 11, 10), django_capture_on_commit_callbacks)

    # then
    assert result == {"sent": 1, "skipped_no_address": 0}
    assert _stages(invoice) == [(30, dt.date(2026, 11, 10))]
    assert len(mail.outbox) == 1


def test_the_reminder_is_the_reminder_letter_with_the_pdf_and_is_in_the_history_unsigned(
    reminding, django_capture_on_commit_callbacks
):
    # given
    invoice = _invoice(reminding)

    # when
    _sweep(dt.date(2026, 10, 8), django_capture_on_commit_callbacks)

    # then: the first stage's letter (ADR 0058), the PDF attached
    [message] = mail.outbox
    assert message.to == ["accounts@punefab.example"]
    assert message.subject == f"Payment reminder: invoice {invoice.number} was due on 01 Oct 2026"
    assert "fell due on 01 Oct 2026; ₹11,800.00 is still outstanding." in message.body
    assert message.body.splitlines()[-2:] == ["Regards,", CompanySettings.objects.get().legal_name]
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == (f"{invoice.number.replace('/', '-')}.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    # and the history row says nobody sent it
    [sent] = SentEmail.objects.filter(document=invoice)
    assert (sent.created_by_id, sent.subject) == (None, message.subject)
    assert InvoiceReminder.objects.get(document=invoice).sent_email == sent


def test_paid_cancelled_draft_and_not_yet_due_invoices_are_never_reminded(
    reminding, django_capture_on_commit_callbacks
):
    from tenant_apps.invoicing.services.documents import document_cancel
    from tenant_apps.invoicing.services.payments import payment_create

    # given
    paid = _invoice(reminding)
    payment_create(
        user=reminding.user,
        kind="receipt",
        data={
            "partner": reminding.mh,
            "date": dt.date(2026, 9, 20),
            "account": reminding.bank,
            "amount": paid.total,
            "allocations": [(paid, paid.total)],
        },
    )
    document_cancel(user=reminding.user, document=_invoice(reminding), date=dt.date(2026, 9, 2))
    _invoice(reminding, post=False)
    not_due = _invoice(reminding, due=dt.date(2026, 11, 30))

    # when: 40 days after 1 Oct, 10 days before the last one is due
    result = _sweep(dt.date(2026, 11, 10), django_capture_on_commit_callbacks)

    # then
    assert result == {"sent": 0, "skipped_no_address": 0}
    assert mail.outbox == []
    assert not InvoiceReminder.objects.exists()
    assert not SentEmail.objects.exists()
    assert not_due.due_date == dt.date(2026, 11, 30)


def test_a_company_with_reminders_off_sends_nothing(reminding, django_capture_on_commit_callbacks):
    # given
    _invoice(reminding)
    _enable(enabled=False)

    # when
    result = _sweep(dt.date(2026, 11, 10), django_capture_on_commit_callbacks)

    # then
    assert result == {"sent": 0, "skipped_no_address": 0}
    assert mail.outbox == []
    assert not SentEmail.objects.exists()


def test_a_party_without_an_address_is_skipped_and_counted(
    reminding, django_capture_on_commit_callbacks
):
    # given: one invoice to a party without any e-mail address, one to a party with one
    _invoice(reminding, reminding.ka)
    mailed = _invoice(reminding)

    # when
    result = _sweep(dt.date(2026, 10, 8), django_capture_on_commit_callbacks)

    # then
    assert result == {"sent": 1, "skipped_no_address": 1}
    assert list(InvoiceReminder.objects.values_list("document_id", flat=True)) == [mailed.pk]


def test_the_invoice_email_get_carries_the_next_reminder_and_marks_automatic_sends(
    api_client, users, reminding, django_capture_on_commit_callbacks
):
    # given: the 7-day reminder sent on 8 Oct
    invoice = _invoice(reminding)
    _sweep(dt.date(2026, 10, 8), django_capture_on_commit_callbacks)
    client = api_client("alpha", users["owner_alpha"])
    url = f"{API}/invoices/{invoice.pk}/email/"

    # when: on 10 Oct
    with time_machine.travel(dt.datetime(2026, 10, 10, 6, tzinfo=dt.UTC), tick=False):
        body = client.get(url).json()

    # then: the next one is the 30-day one, on 31 Oct; the send is marked automatic
    assert body["next_reminder"] == "2026-10-31"
    assert [(e["automatic"], e["sent_by"]) for e in body["sent"]] == [(True, "")]

    # when: reminders are turned off
    response = client.patch(f"{API}/settings/", {"reminders_enabled": False}, format="json")
    assert response.status_code == 200
    with time_machine.travel(dt.datetime(2026, 10, 10, 6, tzinfo=dt.UTC), tick=False):
        # then: no next reminder
        assert client.get(url).json()["next_reminder"] is None


def test_reminder_settings_are_saved_sorted_and_read_back(api_client, users, world):
    client = api_client("alpha", users["owner_alpha"])
    # given: the defaults
    assert client.get(f"{API}/settings/").json()["reminders_enabled"] is False
    assert client.get(f"{API}/settings/").json()["reminder_days"] == [7, 30]

    # when
    response = client.patch(
        f"{API}/settings/",
        {"reminders_enabled": True, "reminder_days": [45, 3, 15]},
        format="json",
    )

    # then
    assert response.status_code == 200
    assert response.json()["reminder_days"] == [3, 15, 45]
    with in_schema(world.alpha_schema):
        row = InvoiceSettings.objects.get(singleton=True)
        assert (row.reminders_enabled, row.reminder_days) == (True, [3, 15, 45])


@pytest.mark.parametrize(
    ("days", "fields"),
    [
        ([], {"reminder_days": ["Ensure this field has at least 1 elements."]}),
        ([1, 2, 3, 4, 5, 6], {"reminder_days": ["Ensure this field has no more than 5 elements."]}),
        ([0, 30], {"reminder_days.0": ["Ensure this value is greater than or equal to 1."]}),
        ([7, 366], {"reminder_days.1": ["Ensure this value is less than or equal to 365."]}),
        ([7, 7], {"reminder_days": ["Each stage once: the days must differ."]}),
        (["x"], {"reminder_days.0": ["A valid integer is required."]}),
    ],
)
def test_bad_reminder_stages_are_a_400_and_change_nothing(api_client, users, world, days, fields):
    client = api_client("alpha", users["owner_alpha"])

    # when
    response = client.patch(
        f"{API}/settings/", {"reminders_enabled": True, "reminder_days": days}, format="json"
    )

    # then
    assert response.status_code == 400
    assert response.json()["fields"] == fields
    with in_schema(world.alpha_schema):
        assert not InvoiceSettings.objects.filter(reminders_enabled=True).exists()


def test_the_sweep_goes_over_every_active_company_and_one_failure_does_not_stop_the_others(
    tenant_alpha, tenant_beta, users, django_capture_on_commit_callbacks, caplog
):
    # given: an overdue invoice in each company; the first company in the sweep's order has
    # lost its company settings (a broken tenant)
    first, second = sorted([tenant_alpha, tenant_beta], key=lambda t: t.schema_name)
    owners = {tenant_alpha.pk: users["owner_alpha"], tenant_beta.pk: users["owner_beta"]}
    for tenant in (first, second):
        with in_schema(tenant.schema_name):
            books = _books(owners[tenant.pk])
            books.mh.email = "accounts@punefab.example"
            books.mh.save(update_fields=["email"])
            _enable()
            _invoice(books)
    with in_schema(first.schema_name):
        CompanySettings.objects.all().delete()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        results = reminders_sweep(on=dt.date(2026, 10, 8))

    # then: the broken company failed and was logged, the other sent its reminder
    assert results[first.schema_name] is None
    assert results[second.schema_name] == {"sent": 1, "skipped_no_address": 0}
    assert f"payment reminders failed in {first.schema_name}" in caplog.text
    assert len(mail.outbox) == 1
    with in_schema(second.schema_name):
        assert InvoiceReminder.objects.count() == 1
    with in_schema(first.schema_name):
        assert not InvoiceReminder.objects.exists()


def test_the_management_command_runs_one_schema_on_a_date(
    reminding, tenant_alpha, django_capture_on_commit_callbacks, capsys
):
    # given
    _invoice(reminding)
    connection.set_schema_to_public()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reminders_send", "--date", "2026-10-08", "--schema", tenant_alpha.schema_name)

    # then
    assert capsys.readouterr().out == (
        f"{tenant_alpha.schema_name}: 1 sent, 0 skipped (no e-mail address)\n"
    )
    assert len(mail.outbox) == 1


def _waiting_on_reminders(schema: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass",
            [f'"{schema}".invoicing_invoicereminder'],
        )
        return int(cursor.fetchone()[0])


def test_two_sweeps_at_the_same_time_send_a_stage_once(committed_books, world):
    # given: an overdue invoice, committed; reminders on
    books = committed_books
    schema = world.alpha_schema
    with in_schema(schema):
        books.mh.email = "accounts@punefab.example"
        books.mh.save(update_fields=["email"])
        _enable()
        invoice = _invoice(books)
    results: list[Any] = []
    barrier = threading.Barrier(2)

    def sweep() -> None:
        try:
            with in_schema(schema):
                barrier.wait(timeout=30)
                results.append(reminders_send(on=dt.date(2026, 10, 8)))
        except Exception as exc:  # noqa: BLE001 (the assertion below shows it)
            results.append(exc)
        finally:
            connection.close()

    try:
        # when: both sweeps have read that nothing was sent and wait to record their reminder
        # (the table is locked against inserts until both are waiting), then both go on
        with in_schema(schema), connection.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(
                f'LOCK TABLE "{schema}".invoicing_invoicereminder IN SHARE ROW EXCLUSIVE MODE'
            )
            threads = [threading.Thread(target=sweep) for _ in range(2)]
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 60
            while _waiting_on_reminders(schema) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            both_waited = _waiting_on_reminders(schema) == 2
            cursor.execute("COMMIT")
        for thread in threads:
            thread.join(timeout=60)

        # then: one mail, one history row, one reminder
        assert both_waited
        assert sorted(r["sent"] for r in results) == [0, 1], results
        assert len(mail.outbox) == 1
        with in_schema(schema):
            assert list(InvoiceReminder.objects.values_list("document_id", "stage_days")) == [
                (invoice.pk, 7)
            ]
            assert SentEmail.objects.count() == 1
    finally:
        with in_schema(schema):
            InvoiceSettings.objects.filter(singleton=True).update(
                reminders_enabled=False, reminder_days=[7, 30]
            )


def test_the_beat_runs_the_sweep_daily_at_nine_on_the_company_clock():
    from celery.schedules import crontab
    from django.conf import settings

    from erp_platform.celery import app

    # given / when: the schedule the beat reads
    entry = settings.CELERY_BEAT_SCHEDULE["invoicing-payment-reminders"]

    # then: a registered task, daily at 09:00 in TIME_ZONE (Asia/Kolkata by default)
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(hour=9, minute=0)
    assert app.conf.timezone == settings.TIME_ZONE == "Asia/Kolkata"
