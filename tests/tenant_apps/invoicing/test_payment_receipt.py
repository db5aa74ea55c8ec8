"""Receipts and payments as PDFs and by e-mail (ADR 0051): the receipt voucher / payment
receipt / payment advice, its figures and words, the allocations and TDS it carries; the e-mail
that leaves on commit with it attached, refusals that write and send nothing, the history; the
database's CHECK that a sent e-mail is about exactly one thing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from tenant_apps.core.models import CompanySettings
from tenant_apps.finance.selectors import account_by_role
from tenant_apps.invoicing import pdf
from tenant_apps.invoicing.models import SentEmail
from tenant_apps.invoicing.selectors import payment_get
from tenant_apps.invoicing.services.payments import payment_cancel, payment_create
from tenant_apps.partners.models import PartnerContact
from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import _books, line, make_raiser

API = "/api/v1/invoicing"
DAY = dt.date(2026, 7, 1)
COMPANY = "Annapurna Kitchen Equipment Pvt Ltd"


@pytest.fixture
def paid(tenant_alpha, users) -> dict[str, Any]:
    """Alpha (legal name set) with two posted invoices to Pune Fabricators (11,800 and 5,900)
    settled in full by one receipt of 17,464 with 236 of TDS u/s 194C kept back; an advance
    receipt of 2,500 allocated to nothing; a bill of 1,180 from Surat Steels paid in full."""
    with in_schema(tenant_alpha.schema_name):
        company = CompanySettings.objects.get(singleton=True)
        company.legal_name = COMPANY
        company.save(update_fields=["legal_name"])
        books = _books(users["owner_alpha"])
        books.mh.email = "accounts@punefab.example"
        books.mh.save(update_fields=["email"])
        PartnerContact.objects.create(
            partner=books.mh, name="Ravi", email="ravi@punefab.example", is_primary=True
        )
        make = make_raiser(books)
        rate = books.rate("GST18")
        first = make("invoice", books.mh, [line(rate, qty="10", price="1000")])
        second = make("invoice", books.mh, [line(rate, qty="5", price="1000")])
        bill = make("bill", books.vendor, [line(rate, qty="10", price="100")])

        def pay(kind: str, partner: Any, amount: str, **data: Any) -> Any:
            return payment_create(
                user=books.user,
                kind=kind,
                data={
                    "partner": partner,
                    "date": DAY,
                    "account": books.bank,
                    "amount": D(amount),
                    **data,
                },
            )

        receipt = pay(
            "receipt",
            books.mh,
            "17464",
            mode="upi",
            reference="UTR998877",
            deductions=[
                {
                    "account": account_by_role("tds_receivable"),
                    "amount": D("236"),
                    "description": "TDS",
                    "tds_section": "194C",
                }
            ],
            allocations=[(first, D("11800")), (second, D("5900"))],
        )
        return {
            "books": books,
            "first": first,
            "second": second,
            "receipt": receipt,
            "advance": pay("receipt", books.mh, "2500"),
            "payment": pay("payment", books.vendor, "1180", allocations=[(bill, D("1180"))]),
            "bill": bill,
        }


def _html(tenant: Any, payment: Any) -> str:
    with in_schema(tenant.schema_name):
        return pdf.payment_html(payment_get(payment_id=payment.pk))


def _emails(tenant: Any) -> list[tuple[Any, ...]]:
    with in_schema(tenant.schema_name):
        return list(SentEmail.objects.values_list("payment_id", "document_id", "to", "subject"))


# ---------------------------------------------------------------------------------------------
# The PDF
# ---------------------------------------------------------------------------------------------
def test_a_receipt_settling_invoices_prints_as_a_payment_receipt_with_what_it_settled(
    api_client, users, paid, tenant_alpha
):
    # when
    response = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/payments/{paid['receipt'].pk}/pdf/"
    )
    html = _html(tenant_alpha, paid["receipt"])

    # then: a PDF named by its number
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="RCT-26-27-00001.pdf"'
    assert response.content.startswith(b"%PDF-")
    # and it holds the title, number, party, account, mode, figures and words
    assert "PAYMENT RECEIPT" in html
    assert "RECEIPT VOUCHER" not in html
    assert "RCT/26-27/00001" in html
    assert COMPANY in html
    assert "Pune Fabricators" in html
    assert paid["books"].mh.gstin in html
    assert paid["books"].bank.name in html
    assert "UPI" in html and "UTR998877" in html
    assert "17,464.00" in html
    assert "Rupees Seventeen Thousand Four Hundred Sixty Four Only" in html
    # each invoice settled, with its date and total; the TDS line with its section
    for invoice in (paid["first"], paid["second"]):
        assert invoice.number in html
        assert f"{invoice.total:,.2f}" in html
    assert "15-06-2026" in html
    assert "TDS u/s 194C" in html and "236.00" in html
    assert "17,700.00" in html  # settled: the money and the TDS
    assert "Authorised signatory" in html
    assert "CANCELLED" not in html


def test_a_receipt_with_an_advance_is_a_receipt_voucher_and_a_vendor_payment_an_advice(
    paid, tenant_alpha
):
    advance = _html(tenant_alpha, paid["advance"])
    advice = _html(tenant_alpha, paid["payment"])

    assert "RECEIPT VOUCHER" in advance
    assert "Receipt voucher no." in advance
    assert "RCT/26-27/00002" in advance
    assert "Rupees Two Thousand Five Hundred Only" in advance
    assert "2,500.00 INR is received as an advance" in advance

    assert "PAYMENT ADVICE" in advice
    assert "PAY/26-27/00001" in advice
    assert "Surat Steels" in advice
    assert paid["bill"].number in advice
    assert "Paid to" in advice


def test_a_cancelled_receipt_is_marked_cancelled_and_keeps_its_title_and_documents(
    api_client, users, paid, tenant_alpha
):
    # given
    with in_schema(tenant_alpha.schema_name):
        payment_cancel(user=paid["books"].user, payment=paid["receipt"], date=DAY)

    # when
    html = _html(tenant_alpha, paid["receipt"])
    response = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/payments/{paid['receipt'].pk}/pdf/"
    )

    # then: still a payment receipt (what it settled is what it had settled), marked cancelled
    assert response.status_code == 200
    assert "CANCELLED on 01-07-2026" in html
    assert "PAYMENT RECEIPT" in html
    assert paid["first"].number in html and "(reversed 01-07-2026)" in html


def test_a_foreign_currency_receipt_gives_its_rate_words_and_realised_exchange_gain(
    paid, tenant_alpha
):
    # given: an export invoice of USD 1,000 booked at 80, received at 83 (gain ₹3,000)
    books = paid["books"]
    with in_schema(tenant_alpha.schema_name):
        export = make_raiser(books)(
            "invoice",
            books.ka,
            [line(books.rate("GST0"), qty="1", price="1000")],
            currency="USD",
            exchange_rate=D("80"),
            place_of_supply="96",
        )
        receipt = payment_create(
            user=books.user,
            kind="receipt",
            data={
                "partner": books.ka,
                "date": DAY,
                "account": books.bank,
                "amount": D("1000"),
                "currency": "USD",
                "exchange_rate": D("83"),
                "allocations": [(export, D("1000"))],
            },
        )

    # when
    html = _html(tenant_alpha, receipt)

    # then
    assert "USD @ 83.0000 = ₹83,000.00" in html
    assert "USD 1,000.00" in html
    assert "US Dollars One Thousand Only" in html
    assert "Exchange gain/loss" in html and "3,000.00" in html
    assert export.number in html
    assert "PAYMENT RECEIPT" in html


def test_an_unknown_payment_has_no_pdf(api_client, users, paid):
    response = api_client("alpha", users["owner_alpha"]).get(f"{API}/payments/999999/pdf/")

    assert response.status_code == 404


# ---------------------------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------------------------
def test_the_dialog_starts_with_the_partys_addresses_and_a_message_naming_what_was_settled(
    api_client, users, paid
):
    response = api_client("alpha", users["owner_alpha"]).get(
        f"{API}/payments/{paid['receipt'].pk}/email/"
    )

    assert response.status_code == 200
    draft = response.json()["draft"]
    assert draft["to"] == ["accounts@punefab.example", "ravi@punefab.example"]
    assert draft["subject"] == f"Payment receipt RCT/26-27/00001 from {COMPANY}"
    assert draft["attachment"] == "RCT-26-27-00001.pdf"
    signature = [users["owner_alpha"].full_name] if users["owner_alpha"].full_name else []
    assert draft["message"] == "\n".join(
        [
            "Dear Pune Fabricators,",
            "",
            "We thank you for your payment of ₹17,464.00 received on 01 Jul 2026.",
            f"It settles {paid['first'].number}, {paid['second'].number}.",
            "Please find attached our payment receipt RCT/26-27/00001.",
            "",
            "Regards,",
            *signature,
            COMPANY,
        ]
    )
    assert response.json()["sent"] == []


def test_a_vendor_payment_is_sent_as_a_payment_advice_and_an_advance_says_so(
    api_client, users, paid
):
    client = api_client("alpha", users["owner_alpha"])

    advice = client.get(f"{API}/payments/{paid['payment'].pk}/email/").json()["draft"]
    advance = client.get(f"{API}/payments/{paid['advance'].pk}/email/").json()["draft"]

    assert advice["subject"] == f"Payment advice PAY/26-27/00001 from {COMPANY}"
    assert "We have paid you ₹1,180.00 on 01 Jul 2026." in advice["message"]
    assert f"It settles {paid['bill'].number}." in advice["message"]
    assert advance["subject"] == f"Payment receipt RCT/26-27/00002 from {COMPANY}"
    assert "₹2,500.00 is held as an advance against our future invoices." in advance["message"]


def test_sending_mails_the_pdf_after_commit_and_lists_it(
    api_client, users, paid, tenant_alpha, django_capture_on_commit_callbacks
):
    # given
    client = api_client("alpha", users["owner_alpha"])
    body = {
        "to": ["ravi@punefab.example"],
        "cc": ["accounts@punefab.example"],
        "subject": "Your payment",
        "message": "Thank you.",
    }

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{API}/payments/{paid['receipt'].pk}/email/", body, format="json")

    # then: one message with the PDF
    assert response.status_code == 201, response.json()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.cc, message.subject) == (
        ["ravi@punefab.example"],
        ["accounts@punefab.example"],
        "Your payment",
    )
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("RCT-26-27-00001.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    # and the history
    assert response.json()["payment"] == paid["receipt"].pk
    assert response.json()["payment_number"] == "RCT/26-27/00001"
    assert _emails(tenant_alpha) == [
        (paid["receipt"].pk, None, ["ravi@punefab.example"], "Your payment")
    ]
    sent = client.get(f"{API}/payments/{paid['receipt'].pk}/email/").json()["sent"]
    assert [(e["subject"], e["attachment"]) for e in sent] == [
        ("Your payment", "RCT-26-27-00001.pdf")
    ]
    # another payment's history is its own
    assert client.get(f"{API}/payments/{paid['advance'].pk}/email/").json()["sent"] == []


def test_a_cancelled_payment_can_still_be_sent(
    api_client, users, paid, tenant_alpha, django_capture_on_commit_callbacks
):
    with in_schema(tenant_alpha.schema_name):
        payment_cancel(user=paid["books"].user, payment=paid["payment"], date=DAY)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client("alpha", users["owner_alpha"]).post(
            f"{API}/payments/{paid['payment'].pk}/email/",
            {"to": ["sales@surat.example"], "subject": "Cancelled", "message": "As discussed."},
            format="json",
        )

    assert response.status_code == 201
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"to": ["ravi@punefab.example", "not-an-address"]}, "invalid_email", "to.1"),
        ({"cc": ["ravi@"]}, "invalid_email", "cc.0"),
        ({"to": []}, "min_length", "to"),
        ({"subject": " \n "}, "blank", "subject"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_bad_requests_are_400s_that_write_and_send_nothing(
    api_client,
    users,
    paid,
    tenant_alpha,
    django_capture_on_commit_callbacks,
    body,
    code,
    field,
):
    payload = {"to": ["ravi@punefab.example"], "subject": "Receipt", "message": "Hi", **body}

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client("alpha", users["owner_alpha"]).post(
            f"{API}/payments/{paid['receipt'].pk}/email/", payload, format="json"
        )

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert field in response.json()["fields"]
    assert mail.outbox == []
    assert _emails(tenant_alpha) == []


DIALOG_QUERIES = 20  # the payment as its PDF prints it, the contacts, the history


def test_the_dialog_reads_in_a_fixed_number_of_queries(
    api_client, users, paid, tenant_alpha, django_assert_num_queries
):
    from tenant_apps.invoicing.services.mailing import payment_email_send

    def send(n: int) -> None:
        with in_schema(tenant_alpha.schema_name):
            payment_email_send(
                payment=payment_get(payment_id=paid["receipt"].pk),
                user=users["owner_alpha"],
                to=[f"p{n}@x.example"],
                cc=[],
                subject=f"Mail {n}",
                message="Attached.",
            )

    client = api_client("alpha", users["owner_alpha"])
    path = f"{API}/payments/{paid['receipt'].pk}/email/"
    send(0)
    assert client.get(path).status_code == 200  # warm the session and tenant caches
    with django_assert_num_queries(DIALOG_QUERIES):
        assert len(client.get(path).json()["sent"]) == 1

    send(1)
    send(2)

    with django_assert_num_queries(DIALOG_QUERIES):
        response = client.get(path)
    assert [e["subject"] for e in response.json()["sent"]] == ["Mail 2", "Mail 1", "Mail 0"]


# ---------------------------------------------------------------------------------------------
# The database's CHECK: a sent e-mail is about one document, one payment or one statement
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "about",
    [
        {"document": "first", "payment": "receipt"},
        {"payment": "receipt", "statement": True},
        {},
    ],
    ids=["document-and-payment", "payment-and-statement", "nothing"],
)
def test_a_sent_email_about_two_things_or_none_is_refused_by_the_database(
    paid, tenant_alpha, about
):
    with in_schema(tenant_alpha.schema_name):
        row: dict[str, Any] = {
            "partner": paid["books"].mh,
            "to": ["a@b.example"],
            "subject": "x",
            "message": "y",
            "attachment": "x.pdf",
        }
        if "document" in about:
            row["document"] = paid[about["document"]]
        if "payment" in about:
            row["payment"] = paid[about["payment"]]
        if about.get("statement"):
            row |= {
                "statement_side": "receivable",
                "statement_from": dt.date(2026, 4, 1),
                "statement_to": dt.date(2026, 6, 30),
            }
        with (
            pytest.raises(IntegrityError, match="invoicing_sent_email_one_subject"),
            transaction.atomic(),
        ):
            SentEmail.objects.create(**row)
        # and a payment alone is fine
        SentEmail.objects.create(
            **{**row, "document": None, "statement_side": "", "statement_from": None}
            | {"statement_to": None, "payment": paid["receipt"]}
        )
        assert SentEmail.objects.filter(payment=paid["receipt"]).count() == 1
