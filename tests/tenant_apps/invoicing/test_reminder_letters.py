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


# The manual E-mail dialog on an overdue invoice (ADR 0058, 2026-11-28) ---------------------
def _draft(client: Any, invoice: Any, on: dt.date) -> dict[str, Any]:
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, 6, tzinfo=dt.UTC), tick=False):
        response = client.get(f"{API}/invoices/{invoice.pk}/email/")
    assert response.status_code == 200, response.json()
    return response.json()["draft"]


def test_the_dialog_on_an_overdue_invoice_starts_from_the_letter_of_the_stage_it_is_at(
    api_client, users, reminding
):
    # given: three stages, stage 2's letter the company's own; an invoice due 1 Oct
    _enable([7, 30, 60])
    settings = InvoiceSettings.objects.get(singleton=True)
    settings.reminder_letters = [
        POLITE,
        {
            "subject": "Our {number}: {days_overdue} days",
            "message": "Dear {party}, pay {amount_due}.",
        },
    ]
    settings.save(update_fields=["reminder_letters"])
    invoice = _invoice(reminding)
    number = invoice.number
    company = CompanySettings.objects.get().legal_name
    client = api_client("alpha", users["owner_alpha"])

    # when / then: on the due date it is not overdue: the ADR 0049 letter
    due = _draft(client, invoice, dt.date(2026, 10, 1))
    assert due["subject"] == f"Invoice {number} from {company}"
    # overdue, the first stage not reached yet (2 days): the first stage's letter
    early = _draft(client, invoice, dt.date(2026, 10, 3))
    assert early["subject"] == f"Payment reminder: invoice {number} was due on 01 Oct 2026"
    assert early["message"].startswith("Dear Pune Fabricators,\n\nWe hope this finds you well.")
    assert early["message"].endswith(f"Regards,\n{company}")
    # 7 days: stage 1
    assert _draft(client, invoice, dt.date(2026, 10, 8))["subject"] == early["subject"]
    # 45 days: stage 2, the saved letter, filled
    second = _draft(client, invoice, dt.date(2026, 11, 15))
    assert (second["subject"], second["message"]) == (
        f"Our {number}: 45 days",
        "Dear Pune Fabricators, pay ₹11,800.00.",
    )
    # 60 days and later: the last stage's default (final) letter
    final = _draft(client, invoice, dt.date(2026, 12, 5))
    assert final["subject"] == f"Final reminder: invoice {number} is 65 days overdue"
    assert "Please treat this as our final reminder" in final["message"]
    # the rest of the draft is as before
    assert (final["to"], final["cc"]) == (["accounts@punefab.example"], [])
    assert final["attachment"] == f"{number.replace('/', '-')}.pdf"
    # nothing was sent by asking
    assert not SentEmail.objects.filter(document=invoice).exists()


def test_a_paid_invoice_past_its_due_date_keeps_the_plain_letter(
    api_client, users, reminding, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from tenant_apps.invoicing.services.payments import payment_create

    invoice = _invoice(reminding)
    payment_create(
        user=reminding.user,
        kind="receipt",
        data={
            "partner": reminding.mh,
            "date": dt.date(2026, 9, 20),
            "account": reminding.bank,
            "amount": Decimal("11800"),
            "allocations": [(invoice, Decimal("11800"))],
        },
    )
    draft = _draft(api_client("alpha", users["owner_alpha"]), invoice, dt.date(2026, 11, 15))
    assert draft["subject"].startswith(f"Invoice {invoice.number} from ")


# Previewing a stage's letter -------------------------------------------------------------------
PREVIEW = f"{API}/settings/reminder-letters/preview/"


def _preview(client: Any, on: dt.date, **body: Any) -> Any:
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, 6, tzinfo=dt.UTC), tick=False):
        return client.post(PREVIEW, body, format="json")


def test_the_preview_fills_the_unsaved_letter_for_the_most_overdue_invoice(
    api_client, users, reminding
):
    # given: three open invoices, two overdue on 15 Nov (the older one is the sample), one not
    older = _invoice(reminding, reminding.ka, due=dt.date(2026, 9, 20))
    _invoice(reminding, due=dt.date(2026, 10, 1))
    _invoice(reminding, due=dt.date(2026, 12, 1))
    saved = InvoiceSettings.objects.values_list("reminder_letters", "updated_at").get()
    company = CompanySettings.objects.get().legal_name

    # when: a letter being edited, not saved, is previewed
    response = _preview(
        api_client("alpha", users["owner_alpha"]),
        dt.date(2026, 11, 15),
        days=30,
        subject="{company}: {number}\n is {days_overdue} days late",
        message=(
            "Dear {party},\n{number} of {invoice_date} for {total}, due {due_date}: "
            "{amount_due} open. {not a placeholder"
        ),
    )

    # then: filled for that invoice as the sweep would, one-line subject; nothing saved
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "subject": f"{company}: {older.number} is 56 days late",
        "message": (
            f"Dear Bengaluru Kitchens,\n{older.number} of 01 Sep 2026 for ₹11,800.00, due "
            "20 Sep 2026: ₹11,800.00 open. {not a placeholder"
        ),
        "sample": {"number": older.number, "party": "Bengaluru Kitchens"},
    }
    assert InvoiceSettings.objects.values_list("reminder_letters", "updated_at").get() == saved


def test_with_no_overdue_invoice_the_preview_uses_a_made_up_sample(api_client, users, reminding):
    # given: an invoice not yet due
    _invoice(reminding, due=dt.date(2026, 12, 1))
    company = CompanySettings.objects.get().legal_name

    # when
    response = _preview(
        api_client("alpha", users["owner_alpha"]),
        dt.date(2026, 11, 15),
        days=7,
        subject="{number} {days_overdue}",
        message="{party} {invoice_date} {due_date} {total} {amount_due} {company}",
    )

    # then: made-up figures, as late as the stage; `sample` is null
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "subject": "INV/SAMPLE/00001 7",
        "message": (
            f"Sample Customer Pvt Ltd 09 Oct 2026 08 Nov 2026 ₹1,18,000.00 ₹1,00,000.00 {company}"
        ),
        "sample": None,
    }


def test_a_member_who_may_not_see_invoices_previews_with_the_made_up_sample(
    api_client, users, reminding, tenant_alpha
):
    from tests.permission_matrix import member_with_permissions

    _invoice(reminding)  # overdue on 15 Nov
    viewer = member_with_permissions(tenant=tenant_alpha, permissions=["invoicing.setting.view"])
    response = _preview(
        api_client("alpha", viewer), dt.date(2026, 11, 15), days=7, subject="{number}", message="x"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["subject"], response.json()["sample"]) == ("INV/SAMPLE/00001", None)


def test_an_unknown_placeholder_in_the_preview_is_the_400_of_saving_on_its_field(
    api_client, users, reminding
):
    client = api_client("alpha", users["owner_alpha"])
    response = _preview(
        client, dt.date(2026, 11, 15), days=7, subject="{number} {amount}", message="{party.x}"
    )
    assert response.status_code == 400, response.json()
    body = response.json()
    known = "{party}, {number}, {invoice_date}, {due_date}, {total}, {amount_due}, "
    known += "{days_overdue}, {company}"
    assert body["fields"] == {
        "subject": [f"Unknown placeholder {{amount}}: use {known}."],
        "message": [f"Unknown placeholder {{party.x}}: use {known}."],
    }
    # the same messages as saving the letter
    saving = client.patch(
        f"{API}/settings/",
        {"reminder_letters": [{"subject": "{number} {amount}", "message": "{party.x}"}] * 2},
        format="json",
    )
    assert saving.status_code == 400
    assert saving.json()["fields"]["reminder_letters.0.subject"] == body["fields"]["subject"]
    # a missing stage or blank message is a 400 too
    blank = _preview(client, dt.date(2026, 11, 15), subject="x", message=" ")
    assert blank.status_code == 400 and set(blank.json()["fields"]) == {"days", "message"}
