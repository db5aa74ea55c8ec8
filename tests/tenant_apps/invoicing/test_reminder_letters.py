"""Payment reminders a business tunes (ADR 0058): a customer can be left out of the sweep, and
each stage has its own letter with {placeholders}, saved and validated in the invoicing
settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail

from tenant_apps.core.models import CompanySettings
from tenant_apps.invoicing.models import InvoiceReminder, InvoiceSettings, SentEmail
from tenant_apps.invoicing.services.reminders import (
    FINAL,
    FIRM,
    POLITE,
    reminder_text_render,
    reminders_send,
)
from tests.conftest import in_schema
from tests.tenant_apps.invoicing.test_payment_reminders import _enable, _invoice, reminding

API = "/api/v1/invoicing"
__all__ = ["reminding"]  # the fixture, imported for these tests


def _sweep(on: dt.date, capture: Any) -> dict[str, int]:
    with capture(execute=True):
        return reminders_send(on=on)


# Per-customer opt-out ------------------------------------------------------------------------
def test_the_sweep_skips_a_customer_with_reminders_off_and_still_sends_to_others(
    reminding, django_capture_on_commit_callbacks
):
    # given: two customers with addresses, each with an overdue invoice; one has reminders off
    reminding.ka.email = "accounts@blrkitchens.example"
    reminding.ka.send_reminders = False
    reminding.ka.save(update_fields=["email", "send_reminders"])
    opted_out = _invoice(reminding, reminding.ka)
    reminded = _invoice(reminding)

    # when
    result = _sweep(dt.date(2026, 10, 8), django_capture_on_commit_callbacks)

    # then: only the other customer's invoice is reminded
    assert result == {"sent": 1, "skipped_no_address": 0}
    assert [m.to for m in mail.outbox] == [["accounts@punefab.example"]]
    assert list(InvoiceReminder.objects.values_list("document_id", flat=True)) == [reminded.pk]
    assert not SentEmail.objects.filter(document=opted_out).exists()


def test_the_invoice_page_says_reminders_are_off_for_the_customer_and_a_person_can_still_send(
    api_client, users, reminding, django_capture_on_commit_callbacks
):
    # given: an overdue invoice of a customer with reminders off
    reminding.mh.send_reminders = False
    reminding.mh.save(update_fields=["send_reminders"])
    invoice = _invoice(reminding)
    client = api_client("alpha", users["owner_alpha"])
    url = f"{API}/invoices/{invoice.pk}/email/"

    # when
    with time_machine.travel(dt.datetime(2026, 10, 10, 6, tzinfo=dt.UTC), tick=False):
        body = client.get(url).json()

    # then: no next date; the page is told why
    assert (body["next_reminder"], body["reminders_off_for_party"]) == (None, True)

    # when: a person e-mails the reminder from the invoice
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"to": body["draft"]["to"], "subject": "Reminder", "message": "Please pay."},
            format="json",
        )

    # then: it goes
    assert response.status_code == 201, response.json()
    assert len(mail.outbox) == 1

    # and: with reminders on for the customer, the next date is back and the flag is off
    reminding.mh.send_reminders = True
    reminding.mh.save(update_fields=["send_reminders"])
    with time_machine.travel(dt.datetime(2026, 10, 10, 6, tzinfo=dt.UTC), tick=False):
        body = client.get(url).json()
    assert (body["next_reminder"], body["reminders_off_for_party"]) == ("2026-10-10", False)


# A letter per stage --------------------------------------------------------------------------
def test_each_stage_sends_its_own_default_letter(reminding, django_capture_on_commit_callbacks):
    # given: three stages, the saved letters left to their defaults
    _enable([7, 30, 60])
    invoice = _invoice(reminding)
    company = CompanySettings.objects.get().legal_name

    # when: each stage is reached in turn
    for day in (dt.date(2026, 10, 8), dt.date(2026, 10, 31), dt.date(2026, 11, 30)):
        _sweep(day, django_capture_on_commit_callbacks)

    # then: a polite note, a firmer one, a final one
    first, second, third = mail.outbox
    number = invoice.number
    assert first.subject == f"Payment reminder: invoice {number} was due on 01 Oct 2026"
    assert second.subject == f"Second reminder: ₹11,800.00 overdue on invoice {number}"
    assert third.subject == f"Final reminder: invoice {number} is 60 days overdue"
    assert first.body.startswith("Dear Pune Fabricators,\n\nWe hope this finds you well.")
    assert "is now 30 days overdue; ₹11,800.00 is outstanding." in second.body
    assert "Please treat this as our final reminder" in third.body
    for message in (first, second, third):
        assert message.body.splitlines()[-2:] == ["Regards,", company]
        assert "{" not in message.body + message.subject
        [(_name, content, _mimetype)] = message.attachments
        assert content.startswith(b"%PDF-")


def test_a_stage_uses_the_letter_saved_for_it_with_its_placeholders_filled(
    api_client, users, reminding, django_capture_on_commit_callbacks
):
    # given: the company's own letters, saved through the API
    client = api_client("alpha", users["owner_alpha"])
    letters = [
        {"subject": "Gentle note on {number}", "message": "Dear {party}, {amount_due} was due."},
        {
            "subject": "{company}: {number} {days_overdue} days late",
            "message": (
                "Dear {party},\n{number} of {invoice_date} for {total}, due {due_date}: "
                "{amount_due} open, {days_overdue} days. {not a placeholder"
            ),
        },
    ]
    response = client.patch(
        f"{API}/settings/", {"reminder_days": [7, 30], "reminder_letters": letters}, format="json"
    )
    assert response.status_code == 200, response.json()
    invoice = _invoice(reminding)
    company = CompanySettings.objects.get().legal_name

    # when: the 30-day stage is reached
    _sweep(dt.date(2026, 10, 31), django_capture_on_commit_callbacks)

    # then
    [message] = mail.outbox
    assert message.subject == f"{company}: {invoice.number} 30 days late"
    assert message.body == (
        f"Dear Pune Fabricators,\n{invoice.number} of 01 Sep 2026 for ₹11,800.00, due "
        "01 Oct 2026: ₹11,800.00 open, 30 days. {not a placeholder"
    )
    assert SentEmail.objects.get(document=invoice).message == message.body


def test_letters_are_saved_with_their_days_sorted_together_and_read_back(api_client, users, world):
    client = api_client("alpha", users["owner_alpha"])
    # given: the defaults, one letter per stage
    body = client.get(f"{API}/settings/").json()
    assert body["reminder_letters"] == [POLITE, FIRM]
    assert [p["name"] for p in body["reminder_placeholders"]] == [
        "party",
        "number",
        "invoice_date",
        "due_date",
        "total",
        "amount_due",
        "days_overdue",
        "company",
    ]

    # when: stages given out of order, each with its letter
    response = client.patch(
        f"{API}/settings/",
        {
            "reminder_days": [45, 3, 15],
            "reminder_letters": [
                {"subject": "Last {number}", "message": "c"},
                {"subject": "First {number}", "message": "a"},
                {"subject": "Then {number}", "message": "b"},
            ],
        },
        format="json",
    )

    # then: each letter stays with its days
    assert response.status_code == 200, response.json()
    assert response.json()["reminder_days"] == [3, 15, 45]
    assert [x["subject"] for x in response.json()["reminder_letters"]] == [
        "First {number}",
        "Then {number}",
        "Last {number}",
    ]
    with in_schema(world.alpha_schema):
        row = InvoiceSettings.objects.get(singleton=True)
        assert [x["message"] for x in row.reminder_letters] == ["a", "b", "c"]

    # when: only stage 2's letter changes (days as saved)
    letters = response.json()["reminder_letters"]
    letters[1]["subject"] = "Second notice on {number}"
    response = client.patch(f"{API}/settings/", {"reminder_letters": letters}, format="json")

    # then
    assert response.status_code == 200, response.json()
    assert response.json()["reminder_letters"][1]["subject"] == "Second notice on {number}"


def test_an_existing_company_reads_default_letters_for_however_many_stages_it_has(db, world):
    # given: a settings row from before letters existed (none saved), with three stages
    with in_schema(world.alpha_schema):
        InvoiceSettings.objects.update_or_create(
            singleton=True, defaults={"reminder_days": [7, 30, 60]}
        )
        assert InvoiceSettings.objects.get().reminder_letters == []
        from tenant_apps.invoicing.services.reminders import reminder_letters

        # then: polite, firm, final
        assert reminder_letters(InvoiceSettings.objects.get()) == [POLITE, FIRM, FINAL]


@pytest.mark.parametrize(
    ("letters", "fields"),
    [
        (
            [{"subject": "Due {due}", "message": "ok"}, {"subject": "ok", "message": "ok"}],
            {
                "reminder_letters.0.subject": [
                    "Unknown placeholder {due}: use {party}, {number}, {invoice_date}, "
                    "{due_date}, {total}, {amount_due}, {days_overdue}, {company}."
                ]
            },
        ),
        (
            [
                {"subject": "ok", "message": "ok"},
                {"subject": "ok", "message": "{party.__class__} {0} {party.__class__}"},
            ],
            {
                "reminder_letters.1.message": [
                    "Unknown placeholder {party.__class__}: use {party}, {number}, "
                    "{invoice_date}, {due_date}, {total}, {amount_due}, {days_overdue}, "
                    "{company}.",
                    "Unknown placeholder {0}: use {party}, {number}, {invoice_date}, "
                    "{due_date}, {total}, {amount_due}, {days_overdue}, {company}.",
                ]
            },
        ),
        (
            [{"subject": "ok", "message": "ok"}],
            {"reminder_letters": ["Give one letter for each of the 2 stages."]},
        ),
        (
            [{"subject": "", "message": "ok"}, {"subject": "ok", "message": "   "}],
            {
                "reminder_letters.0.subject": ["This field may not be blank."],
                "reminder_letters.1.message": ["This field may not be blank."],
            },
        ),
        (
            [{"subject": "x" * 201, "message": "ok"}, {"subject": "ok", "message": "ok"}],
            {"reminder_letters.0.subject": ["Ensure this field has no more than 200 characters."]},
        ),
    ],
)
def test_a_bad_letter_is_a_400_on_its_field_and_changes_nothing(
    api_client, users, world, letters, fields
):
    client = api_client("alpha", users["owner_alpha"])

    # when
    response = client.patch(
        f"{API}/settings/",
        {"reminders_enabled": True, "reminder_days": [7, 30], "reminder_letters": letters},
        format="json",
    )

    # then: the one error shape, nothing saved
    assert response.status_code == 400
    body = response.json()
    assert body["fields"] == fields
    assert isinstance(body["detail"], str)
    assert isinstance(body["code"], str)
    with in_schema(world.alpha_schema):
        assert not InvoiceSettings.objects.filter(reminders_enabled=True).exists()


def test_rendering_fills_known_placeholders_only_and_never_reaches_into_attributes():
    values = {"party": "Pune Fabricators", "number": "INV/1"}

    # when / then: unknown names, attribute and index lookups, lone braces stay as typed
    assert reminder_text_render(
        "{party} {number} {party.__class__} {0} {unknown} { } {", values
    ) == ("Pune Fabricators INV/1 {party.__class__} {0} {unknown} { } {")


def test_a_letter_saved_with_an_unknown_placeholder_outside_the_api_still_sends(
    reminding, django_capture_on_commit_callbacks
):
    # given: a letter written straight to the table (an old row, a data fix)
    InvoiceSettings.objects.filter(singleton=True).update(
        reminder_letters=[{"subject": "Due {nope} {number}", "message": "{party} {__x}"}]
    )
    invoice = _invoice(reminding)

    # when
    result = _sweep(dt.date(2026, 10, 8), django_capture_on_commit_callbacks)

    # then: sent, the unknown names left as typed
    assert result["sent"] == 1
    [message] = mail.outbox
    assert (message.subject, message.body) == (
        f"Due {{nope}} {invoice.number}",
        "Pune Fabricators {__x}",
    )
