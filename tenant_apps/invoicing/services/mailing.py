"""E-mail a posted invoice or note, a receipt or payment advice (ADR 0051), or a party's
statement, with its PDF attached (ADR 0049).

The mail leaves on commit (`transaction.on_commit`), so a refused request sends nothing; the
`SentEmail` row written in the same transaction is the sending history. From:
the platform's address under the company's name; Reply-To: the company's invoicing e-mail (or
the sender's own address) so the customer's answer reaches a person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.exports.numbers import format_indian
from tenant_apps.core.selectors import company_settings_get
from tenant_apps.invoicing import pdf
from tenant_apps.invoicing.models import (
    OPEN_STATUSES,
    Document,
    DocumentKind,
    DocumentStatus,
    InvoiceSettings,
    Payment,
    PaymentKind,
    PaymentStatus,
    SentEmail,
)
from tenant_apps.partners.models import Partner

SENDABLE_KINDS = (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE, DocumentKind.DEBIT_NOTE)
MAX_RECIPIENTS = 10
KIND_WORD = {
    DocumentKind.INVOICE: "Invoice",
    DocumentKind.CREDIT_NOTE: "Credit note",
    DocumentKind.DEBIT_NOTE: "Debit note",
}


def company_name() -> str:
    company = company_settings_get()
    return company.legal_name or company.name or "Our company"


def attachment_name(numbered: Document | Payment) -> str:
    """INV/26-27/00001 -> INV-26-27-00001.pdf (a document or a payment)."""
    return f"{numbered.number.replace('/', '-')}.pdf"


def party_addresses(partner: Partner) -> list[str]:
    """The party's own e-mail, then its contacts' (primary first), each once."""
    found: list[str] = []
    for address in [partner.email, *(c.email for c in partner.contacts.all())]:
        if address and address.lower() not in (a.lower() for a in found):
            found.append(address)
    return found[:MAX_RECIPIENTS]


def money(document: Document | Payment, amount: Decimal) -> str:
    symbol = "₹" if document.currency == "INR" else f"{document.currency} "
    return f"{symbol}{format_indian(amount)}"


def _letter(
    *,
    partner: Partner,
    dear: str,
    body: list[str],
    user: Any,
    company: str,
    subject: str,
    attachment: str,
) -> dict[str, Any]:
    """A dialog's defaults: the party's addresses, the subject, and the message — "Dear …",
    the body, signed by the sender and the company."""
    sender = getattr(user, "full_name", "") or ""
    lines = [f"Dear {dear},", "", *body, "", "Regards,", *([sender] if sender else [])]
    return {
        "to": party_addresses(partner),
        "cc": [],
        "subject": subject,
        "message": "\n".join([*lines, company]),
        "attachment": attachment,
    }


def is_overdue(document: Document, on: dt.date) -> bool:
    """An open customer invoice past its due date."""
    return (
        document.kind == DocumentKind.INVOICE
        and document.status in OPEN_STATUSES
        and document.due_date is not None
        and document.due_date < on
        and document.amount_open > 0
    )


def document_email_draft(
    *,
    document: Document,
    user: Any,
    settings: InvoiceSettings | None,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """What the e-mail dialog starts with: the party's addresses (its own, then its contacts',
    the primary contact first), a subject and a message naming the document, its amount and
    due date, signed by the sender. An invoice overdue `on` (default today) starts from the
    payment-reminder letter of the stage it is at instead (ADR 0058), as the company wrote it
    (`settings`: the company's invoice settings, None when it has none)."""
    # imported here: reminders builds on this module (money, company_name, pdf_email_send)
    from tenant_apps.invoicing.services.reminders import reminder_email_letter

    partner = document.partner
    company = company_name()
    on = on or timezone.localdate()
    if is_overdue(document, on):
        letter = reminder_email_letter(document=document, on=on, settings=settings, company=company)
        return {
            "to": party_addresses(partner),
            "cc": [],
            "subject": letter["subject"],
            "message": letter["message"],
            "attachment": attachment_name(document),
        }
    word = KIND_WORD.get(DocumentKind(document.kind), "Document")
    subject = f"{word} {document.number} from {company}"
    body = [
        f"Please find attached our {word.lower()} {document.number} dated "
        f"{document.date:%d %b %Y} for {money(document, document.total)}."
    ]
    if document.kind == DocumentKind.INVOICE and document.due_date:
        body.append(f"It is due on {document.due_date:%d %b %Y}.")
    return _letter(
        partner=partner,
        dear=document.party_name or partner.name,
        body=body,
        user=user,
        company=company,
        subject=subject,
        attachment=attachment_name(document),
    )


def _addresses(values: list[str], field: str) -> list[str]:
    cleaned: list[str] = []
    for i, raw in enumerate(values):
        address = raw.strip()
        try:
            validate_email(address)
        except DjangoValidationError:
            message = f"“{raw}” is not an e-mail address."
            raise ApplicationError(
                message, code="invalid_email", fields={f"{field}.{i}": [message]}
            ) from None
        if address.lower() not in (a.lower() for a in cleaned):
            cleaned.append(address)
    return cleaned


def _recipients(to: list[str], cc: list[str]) -> tuple[list[str], list[str]]:
    recipients = _addresses(to, "to")
    copies = [a for a in _addresses(cc, "cc") if a.lower() not in (r.lower() for r in recipients)]
    if not recipients:
        raise ApplicationError(
            "Give at least one recipient.", code="invalid", fields={"to": ["Required."]}
        )
    if len(recipients) + len(copies) > MAX_RECIPIENTS:
        text = f"At most {MAX_RECIPIENTS} recipients in all."
        raise ApplicationError(text, code="invalid", fields={"to": [text]})
    return recipients, copies


def _subject(subject: str) -> str:
    line = " ".join(subject.split())  # a header: no line breaks
    if not line:
        raise ApplicationError("Give a subject.", code="invalid", fields={"subject": ["Required."]})
    return line


def pdf_email_send(
    *,
    user: Any,
    to: list[str],
    cc: list[str],
    subject: str,
    message: str,
    attachment: tuple[str, Callable[[], bytes]],
    record: dict[str, Any],
    then: Callable[[SentEmail], object] | None = None,
) -> SentEmail:
    """Check the addresses and subject, render the PDF (`attachment`: its name and renderer),
    write the history row and hand the message to the mail backend when it commits. `then`
    runs in the same transaction after the row is written (a reminder's record): if it raises,
    nothing is written and nothing is sent."""
    to, cc = _recipients(to, cc)
    subject = _subject(subject)
    name, render = attachment
    content = render()
    invoice_settings = InvoiceSettings.objects.filter(singleton=True).first()
    reply_to = (invoice_settings.email if invoice_settings else "") or getattr(user, "email", "")
    platform_address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    with transaction.atomic(durable=True):
        sent = SentEmail.objects.create(
            **record,
            to=to,
            cc=cc,
            subject=subject,
            message=message,
            attachment=name,
            created_by=user,
            updated_by=user,
        )
        if then is not None:
            then(sent)
        mail = EmailMessage(
            subject=subject,
            body=message,
            from_email=formataddr((company_name(), platform_address)),
            to=to,
            cc=cc,
            reply_to=[reply_to] if reply_to else None,
        )
        mail.attach(name, content, "application/pdf")
        transaction.on_commit(lambda: mail.send(fail_silently=False))
    return sent


def document_email_send(
    *,
    document: Document,
    user: Any,
    to: list[str],
    cc: list[str],
    subject: str,
    message: str,
) -> SentEmail:
    """Send a posted (or paid, or cancelled) invoice or note with its PDF. Refuses drafts
    (`invalid_state`: a draft has no legal number), bills (`invalid_kind`), no recipient or
    more than ten (`invalid`), a bad address (`invalid_email`)."""
    if document.kind not in SENDABLE_KINDS:
        raise ApplicationError("Vendor bills are not sent by e-mail.", code="invalid_kind")
    if document.status == DocumentStatus.DRAFT:
        raise ApplicationError(
            "Post the document before sending it: a draft has no number yet.",
            code="invalid_state",
        )
    return pdf_email_send(
        user=user,
        to=to,
        cc=cc,
        subject=subject,
        message=message,
        attachment=(attachment_name(document), lambda: pdf.document_pdf(document)),
        record={"partner_id": document.partner_id, "document": document},
    )


# ---------------------------------------------------------------------------------------------
# Receipts and payments (ADR 0051)
# ---------------------------------------------------------------------------------------------
def payment_email_draft(*, payment: Payment, user: Any) -> dict[str, Any]:
    """The dialog's defaults for a receipt ("Payment receipt … from <company>") or a payment
    ("Payment advice …"): the party's addresses and a message naming the amount, the date and
    the documents it settled (or that it is held as an advance)."""
    company = company_name()
    partner = payment.partner
    receipt = payment.kind == PaymentKind.RECEIPT
    word = "Payment receipt" if receipt else "Payment advice"
    settled = [a.document.number for a in payment.allocations.all() if a.reversed_on is None]
    amount = money(payment, payment.amount)
    dated = f"{payment.date:%d %b %Y}"
    if receipt:
        body = [f"We thank you for your payment of {amount} received on {dated}."]
    else:
        body = [f"We have paid you {amount} on {dated}."]
    if settled:
        body.append(f"It settles {', '.join(settled)}.")
    if payment.amount_unallocated > 0 and payment.status == PaymentStatus.POSTED:
        against = "our future invoices" if receipt else "your future bills"
        body.append(
            f"{money(payment, payment.amount_unallocated)} is held as an advance against {against}."
        )
    body.append(f"Please find attached our {word.lower()} {payment.number}.")
    return _letter(
        partner=partner,
        dear=partner.legal_name or partner.name,
        body=body,
        user=user,
        company=company,
        subject=f"{word} {payment.number} from {company}",
        attachment=attachment_name(payment),
    )


def payment_email_send(
    *, payment: Payment, user: Any, to: list[str], cc: list[str], subject: str, message: str
) -> SentEmail:
    """Send a receipt (receipt voucher or payment receipt) or a payment advice with its PDF; a
    cancelled one goes marked CANCELLED. Refuses no recipient or more than ten (`invalid`), a
    bad address (`invalid_email`). Payments have no drafts: each is posted when recorded."""
    return pdf_email_send(
        user=user,
        to=to,
        cc=cc,
        subject=subject,
        message=message,
        attachment=(attachment_name(payment), lambda: pdf.payment_pdf(payment)),
        record={"partner_id": payment.partner_id, "payment": payment},
    )


# ---------------------------------------------------------------------------------------------
# Statements
# ---------------------------------------------------------------------------------------------
def statement_attachment_name(partner: Partner, date_to: dt.date) -> str:
    return f"statement-{partner.code}-{date_to.isoformat()}.pdf"


def statement_email_draft(
    *, statement: dict[str, Any], partner: Partner, user: Any
) -> dict[str, Any]:
    """The statement dialog's defaults: the party's addresses, a subject naming the period and
    a message giving the closing balance and asking the party to confirm it."""
    company = company_name()
    closing = statement["closing_balance"]
    date_from, date_to = statement["date_from"], statement["date_to"]
    owed = format_indian(abs(closing))
    if closing == 0:
        balance = f"The account is settled as on {date_to:%d %b %Y}."
    elif (closing > 0) == (statement["side"] == "receivable"):
        balance = f"The balance due to us as on {date_to:%d %b %Y} is ₹{owed}."
    else:
        balance = f"The balance due to you as on {date_to:%d %b %Y} is ₹{owed}."
    return _letter(
        partner=partner,
        dear=partner.legal_name or partner.name,
        body=[
            "Please find attached your statement of account with us from "
            f"{date_from:%d %b %Y} to {date_to:%d %b %Y}. {balance}",
            "Kindly confirm the balance, or let us know of any difference.",
        ],
        user=user,
        company=company,
        subject=f"Statement of account {date_from:%d %b %Y} to {date_to:%d %b %Y} from {company}",
        attachment=statement_attachment_name(partner, date_to),
    )


def statement_email_send(
    *,
    statement: dict[str, Any],
    render: Callable[[], bytes],
    partner: Partner,
    user: Any,
    to: list[str],
    cc: list[str],
    subject: str,
    message: str,
) -> SentEmail:
    """Send a party's statement (`reports.statement`; `render` makes its PDF)."""
    return pdf_email_send(
        user=user,
        to=to,
        cc=cc,
        subject=subject,
        message=message,
        attachment=(statement_attachment_name(partner, statement["date_to"]), render),
        record={
            "partner": partner,
            "statement_side": statement["side"],
            "statement_from": statement["date_from"],
            "statement_to": statement["date_to"],
        },
    )
