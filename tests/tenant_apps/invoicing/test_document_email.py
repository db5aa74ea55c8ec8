"""E-mailing a posted invoice or note with its PDF (ADR 0049): the dialog's defaults from the
party, the message that leaves on commit, refusals that write and send nothing, the history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from email.utils import parseaddr
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from tenant_apps.core.models import CompanySettings
from tenant_apps.invoicing.models import InvoiceSettings, SentEmail
from tenant_apps.partners.models import PartnerContact
from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import _books, line, make_raiser

API = "/api/v1/invoicing"


@pytest.fixture
def sent(tenant_alpha, users) -> dict[str, Any]:
    """Alpha with a posted invoice of 10 x 1,000 at 18 % to a customer with an address and
    two contacts (one primary, one repeating the party's address), a draft invoice, a posted
    credit note and a bill."""
    with in_schema(tenant_alpha.schema_name):
        company = CompanySettings.objects.get(singleton=True)
        company.legal_name = "Annapurna Kitchen Equipment Pvt Ltd"
        company.save(update_fields=["legal_name"])
        InvoiceSettings.objects.update_or_create(
            singleton=True, defaults={"email": "accounts@annapurna.example"}
        )
        books = _books(users["owner_alpha"])
        books.mh.email = "accounts@punefab.example"
        books.mh.save(update_fields=["email"])
        PartnerContact.objects.create(partner=books.mh, name="Asha", email="asha@punefab.example")
        PartnerContact.objects.create(
            partner=books.mh, name="Ravi", email="ravi@punefab.example", is_primary=True
        )
        PartnerContact.objects.create(
            partner=books.mh, name="Desk", email="ACCOUNTS@punefab.example"
        )
        PartnerContact.objects.create(partner=books.mh, name="No mail")
        make = make_raiser(books)
        rate = books.rate("GST18")
        invoice = make("invoice", books.mh, [line(rate, qty="10", price="1000")])
        return {
            "books": books,
            "invoice": invoice,
            "draft": make("invoice", books.mh, [line(rate)], post=False),
            "note": make("credit_note", books.mh, [line(rate)], original=invoice),
            "bill": make("bill", books.vendor, [line(rate)]),
        }


def _emails(tenant: Any) -> list[tuple[Any, ...]]:
    with in_schema(tenant.schema_name):
        return list(SentEmail.objects.values_list("document_id", "to", "subject"))


def test_the_dialog_starts_with_the_partys_addresses_and_a_message_naming_the_invoice(
    api_client, users, sent
):
    # when: before the invoice falls due
    with time_machine.travel(dt.datetime(2026, 6, 20, 12, tzinfo=dt.UTC), tick=False):
        response = api_client("alpha", users["owner_alpha"]).get(
            f"{API}/invoices/{sent['invoice'].pk}/email/"
        )

    # then: the party's address, then its contacts' (primary first), each once, none blank
    assert response.status_code == 200
    draft = response.json()["draft"]
    assert draft["to"] == [
        "accounts@punefab.example",
        "ravi@punefab.example",
        "asha@punefab.example",
    ]
    assert draft["cc"] == []
    assert draft["subject"] == ("Invoice INV/26-27/00001 from Annapurna Kitchen Equipment Pvt Ltd")
    assert draft["attachment"] == "INV-26-27-00001.pdf"
    signature = [users["owner_alpha"].full_name] if users["owner_alpha"].full_name else []
    assert draft["message"] == "\n".join(
        [
            "Dear Pune Fabricators,",
            "",
            "Please find attached our invoice INV/26-27/00001 dated 15 Jun 2026 for ₹11,800.00.",
            "It is due on 15 Jul 2026.",
            "",
            "Regards,",
            *signature,
            "Annapurna Kitchen Equipment Pvt Ltd",
        ]
    )
    assert response.json()["sent"] == []


def test_an_overdue_invoice_starts_from_its_stages_reminder_letter_with_what_is_outstanding(
    api_client, users, sent, tenant_alpha
):
    # given: 5,000 of the 11,800 received; the credit note of 118 applied at posting
    from tenant_apps.invoicing.services.payments import payment_create

    books = sent["books"]
    with in_schema(tenant_alpha.schema_name):
        payment_create(
            user=books.user,
            kind="receipt",
            data={
                "partner": books.mh,
                "date": dt.date(2026, 7, 1),
                "account": books.bank,
                "amount": Decimal("5000"),
                "allocations": [(sent["invoice"], Decimal("5000"))],
            },
        )

    # when: a fortnight after the due date (15 Jul)
    with time_machine.travel(dt.datetime(2026, 7, 29, 12, tzinfo=dt.UTC), tick=False):
        draft = (
            api_client("alpha", users["owner_alpha"])
            .get(f"{API}/invoices/{sent['invoice'].pk}/email/")
            .json()["draft"]
        )

    # then: the first stage's (7 days) letter, filled for it (ADR 0058)
    assert draft["subject"] == "Payment reminder: invoice INV/26-27/00001 was due on 15 Jul 2026"
    assert (
        "our invoice INV/26-27/00001 dated 15 Jun 2026 for ₹11,800.00 fell due on "
        "15 Jul 2026; ₹6,682.00 is still outstanding."
    ) in draft["message"]
    assert draft["message"].startswith("Dear Pune Fabricators,\n")
    assert draft["message"].endswith("Regards,\nAnnapurna Kitchen Equipment Pvt Ltd")
    assert draft["attachment"] == "INV-26-27-00001.pdf"


def test_sending_mails_the_pdf_from_the_company_with_replies_to_its_accounts_address(
    api_client, users, sent, tenant_alpha, django_capture_on_commit_callbacks
):
    # given
    body = {
        "to": ["ravi@punefab.example", " asha@punefab.example "],
        "cc": ["Ravi@punefab.example", "owner@annapurna.example"],
        "subject": "Invoice INV/26-27/00001\nfor the tanks",
        "message": "Dear Ravi,\n\nThe invoice for the tanks is attached.\n",
    }

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client("alpha", users["owner_alpha"]).post(
            f"{API}/invoices/{sent['invoice'].pk}/email/", body, format="json"
        )

    # then: one message, the PDF attached, the copy to a recipient dropped
    assert response.status_code == 201, response.json()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ravi@punefab.example", "asha@punefab.example"]
    assert message.cc == ["owner@annapurna.example"]
    assert message.subject == "Invoice INV/26-27/00001 for the tanks"
    assert message.body == body["message"]
    assert parseaddr(message.from_email) == (
        "Annapurna Kitchen Equipment Pvt Ltd",
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
    )
    assert message.reply_to == ["accounts@annapurna.example"]
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("INV-26-27-00001.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    # and the history says so
    assert response.json()["to"] == ["ravi@punefab.example", "asha@punefab.example"]
    assert response.json()["sent_by"] != ""
    assert _emails(tenant_alpha) == [
        (
            sent["invoice"].pk,
            ["ravi@punefab.example", "asha@punefab.example"],
            "Invoice INV/26-27/00001 for the tanks",
        )
    ]
    listed = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/invoices/{sent['invoice'].pk}/email/"
    )
    assert [e["subject"] for e in listed.json()["sent"]] == [
        "Invoice INV/26-27/00001 for the tanks"
    ]


def test_a_credit_note_is_sent_under_notes(
    api_client, users, sent, django_capture_on_commit_callbacks
):
    # when
    client = api_client("alpha", users["owner_alpha"])
    draft = client.get(f"{API}/notes/{sent['note'].pk}/email/").json()["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}/notes/{sent['note'].pk}/email/",
            {"to": draft["to"][:1], "subject": draft["subject"], "message": draft["message"]},
            format="json",
        )

    # then
    assert response.status_code == 201
    assert draft["subject"] == (
        "Credit note CN/26-27/00001 from Annapurna Kitchen Equipment Pvt Ltd"
    )
    assert mail.outbox[0].attachments[0][0] == "CN-26-27-00001.pdf"


@pytest.mark.parametrize(
    ("target", "body", "status", "code", "field"),
    [
        ("draft", {}, 400, "invalid_state", None),
        (
            "invoice",
            {"to": ["ravi@punefab.example", "not-an-address"]},
            400,
            "invalid_email",
            "to.1",
        ),
        ("invoice", {"cc": ["ravi@"]}, 400, "invalid_email", "cc.0"),
        ("invoice", {"to": []}, 400, "min_length", "to"),
        ("invoice", {"to": [f"p{i}@x.example" for i in range(11)]}, 400, "max_length", "to"),
        (
            "invoice",
            {"cc": [f"c{i}@x.example" for i in range(9)]},
            400,
            "invalid",
            "to",
        ),
        ("invoice", {"subject": " \n "}, 400, "blank", "subject"),
        ("invoice", {"subject": "x" * 201}, 400, "max_length", "subject"),
        ("invoice", {"message": "x" * 5001}, 400, "max_length", "message"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_bad_requests_are_400s_that_write_and_send_nothing(
    api_client,
    users,
    sent,
    tenant_alpha,
    django_capture_on_commit_callbacks,
    target,
    body,
    status,
    code,
    field,
):
    # given
    payload = {
        "to": ["ravi@punefab.example", "asha@punefab.example"],
        "subject": "Invoice",
        "message": "Attached.",
        **body,
    }

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client("alpha", users["owner_alpha"]).post(
            f"{API}/invoices/{sent[target].pk}/email/", payload, format="json"
        )

    # then
    assert response.status_code == status
    assert response.json()["code"] == code
    if field is not None:
        assert field in response.json()["fields"]
    assert mail.outbox == []
    assert _emails(tenant_alpha) == []


def test_bills_are_not_sent_and_a_document_is_only_reached_under_its_own_family(
    api_client, users, sent, tenant_alpha
):
    client = api_client("alpha", users["owner_alpha"])
    payload = {"to": ["a@b.example"], "subject": "x", "message": "y"}

    assert client.get(f"{API}/bills/{sent['bill'].pk}/email/").status_code == 404
    assert client.post(f"{API}/notes/{sent['bill'].pk}/email/", payload).status_code == 404
    assert client.post(f"{API}/invoices/{sent['note'].pk}/email/", payload).status_code == 404
    assert client.get(f"{API}/invoices/{sent['bill'].pk}/email/").status_code == 404
    assert mail.outbox == []
    assert _emails(tenant_alpha) == []


DIALOG_QUERIES = 18  # with the invoice settings (next_reminder, ADR 0052)


def test_the_dialog_reads_in_a_fixed_number_of_queries(
    api_client, users, sent, tenant_alpha, django_assert_num_queries
):
    from tenant_apps.invoicing.services.mailing import document_email_send

    def send(n: int) -> None:
        with in_schema(tenant_alpha.schema_name):
            document_email_send(
                document=sent["invoice"],
                user=users["owner_alpha"],
                to=[f"p{n}@x.example"],
                cc=[],
                subject=f"Mail {n}",
                message="Attached.",
            )

    client = api_client("alpha", users["owner_alpha"])
    path = f"{API}/invoices/{sent['invoice'].pk}/email/"
    send(0)
    assert client.get(path).status_code == 200  # warm the session and tenant caches
    with django_assert_num_queries(DIALOG_QUERIES):
        assert len(client.get(path).json()["sent"]) == 1

    # when: two more sent
    send(1)
    send(2)

    # then: the same queries; newest first, each with its sender
    with django_assert_num_queries(DIALOG_QUERIES):
        response = client.get(path)
    assert [e["subject"] for e in response.json()["sent"]] == ["Mail 2", "Mail 1", "Mail 0"]
    assert all(e["sent_by"] for e in response.json()["sent"])


# ---------------------------------------------------------------------------------------------
# Statements
# ---------------------------------------------------------------------------------------------
STATEMENT = f"{API}/reports/statement/email/?partner={{}}&date_from=2026-04-01&date_to=2026-06-30"


def test_the_statement_dialog_states_the_balance_due_and_asks_for_confirmation(
    api_client, users, sent
):
    # when: Pune Fabricators owes the invoice (11,800) less the credit note (118)
    response = api_client("alpha", users["owner_alpha"]).get(STATEMENT.format(sent["books"].mh.pk))

    # then
    assert response.status_code == 200
    draft = response.json()["draft"]
    assert draft["to"] == [
        "accounts@punefab.example",
        "ravi@punefab.example",
        "asha@punefab.example",
    ]
    assert draft["subject"] == (
        "Statement of account 01 Apr 2026 to 30 Jun 2026 from Annapurna Kitchen Equipment Pvt Ltd"
    )
    assert draft["attachment"] == "statement-BP00001-2026-06-30.pdf"
    assert (
        "Please find attached your statement of account with us from 01 Apr 2026 to "
        "30 Jun 2026. The balance due to us as on 30 Jun 2026 is ₹11,682.00.\n"
        "Kindly confirm the balance, or let us know of any difference.\n"
    ) in draft["message"]


def test_a_vendor_statement_says_what_we_owe(api_client, users, sent):
    response = api_client("alpha", users["owner_alpha"]).get(
        STATEMENT.format(sent["books"].vendor.pk)
    )

    assert response.status_code == 200
    assert (
        "The balance due to you as on 30 Jun 2026 is ₹118.00."
        in (response.json()["draft"]["message"])
    )
    assert response.json()["draft"]["to"] == []


def test_sending_a_statement_mails_its_pdf_and_lists_it_with_the_partys_mails(
    api_client, users, sent, tenant_alpha, django_capture_on_commit_callbacks
):
    # given: the invoice was e-mailed before
    client = api_client("alpha", users["owner_alpha"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{API}/invoices/{sent['invoice'].pk}/email/",
            {"to": ["ravi@punefab.example"], "subject": "Invoice", "message": "Attached."},
            format="json",
        )

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            STATEMENT.format(sent["books"].mh.pk),
            {
                "to": ["accounts@punefab.example"],
                "subject": "Statement",
                "message": "Please confirm.",
            },
            format="json",
        )

    # then
    assert response.status_code == 201, response.json()
    assert response.json()["statement_side"] == "receivable"
    assert (response.json()["statement_from"], response.json()["statement_to"]) == (
        "2026-04-01",
        "2026-06-30",
    )
    [_, statement_mail] = mail.outbox
    assert statement_mail.to == ["accounts@punefab.example"]
    [(name, content, mimetype)] = statement_mail.attachments
    assert (name, mimetype) == ("statement-BP00001-2026-06-30.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    listed = client.get(STATEMENT.format(sent["books"].mh.pk)).json()["sent"]
    assert [(e["subject"], e["document_number"]) for e in listed] == [
        ("Statement", None),
        ("Invoice", "INV/26-27/00001"),
    ]
    with in_schema(tenant_alpha.schema_name):
        assert SentEmail.objects.count() == 2


def test_a_statement_with_a_bad_address_or_period_is_a_400_that_sends_nothing(
    api_client, users, sent, tenant_alpha, django_capture_on_commit_callbacks
):
    client = api_client("alpha", users["owner_alpha"])
    body = {"to": ["accounts@punefab"], "subject": "Statement", "message": "Hi"}
    backwards = (
        f"{API}/reports/statement/email/?partner={sent['books'].mh.pk}"
        "&date_from=2026-07-01&date_to=2026-06-30"
    )

    with django_capture_on_commit_callbacks(execute=True):
        bad_address = client.post(STATEMENT.format(sent["books"].mh.pk), body, format="json")
        bad_period = client.post(backwards, {**body, "to": ["a@b.example"]}, format="json")
        no_partner = client.post(STATEMENT.format(999999), body, format="json")

    assert (bad_address.status_code, bad_address.json()["code"]) == (400, "invalid_email")
    assert "to.0" in bad_address.json()["fields"]
    assert bad_period.status_code == 400
    assert "date_from" in bad_period.json()["fields"]
    assert no_partner.status_code == 400
    assert mail.outbox == []
    assert _emails(tenant_alpha) == []
