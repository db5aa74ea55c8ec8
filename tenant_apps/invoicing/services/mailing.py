"""E-mail a posted invoice or note to the party with its PDF attached (ADR 0049).

The mail leaves on commit (`transaction.on_commit`), so a refused request sends nothing; the
`DocumentEmail` row written in the same transaction is the document's sending history. From:
the platform's address under the company's name; Reply-To: the company's invoicing e-mail (or
the sender's own address) so the customer's answer reaches a person.
"""

from __future__ import annotations

from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.exports.numbers import format_indian
from tenant_apps.core.selectors import company_settings_get
from tenant_apps.invoicing import pdf
from tenant_apps.invoicing.models import (
    Document,
    DocumentEmail,
    DocumentKind,
    DocumentStatus,
    InvoiceSettings,
)

SENDABLE_KINDS = (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE, DocumentKind.DEBIT_NOTE)
MAX_RECIPIENTS = 10
KIND_WORD = {
    DocumentKind.INVOICE: "Invoice",
    DocumentKind.CREDIT_NOTE: "Credit note",
    DocumentKind.DEBIT_NOTE: "Debit note",
}


def _company_name() -> str:
    company = company_settings_get()
    return company.legal_name or company.name or "Our company"


def _amount(document: Document) -> str:
    symbol = "₹" if document.currency == "INR" else f"{document.currency} "
    return f"{symbol}{format_indian(document.total)}"


def attachment_name(document: Document) -> str:
    return f"{document.number.replace('/', '-')}.pdf"


def document_email_draft(*, document: Document, user: Any) -> dict[str, Any]:
    """What the e-mail dialog starts with: the party's addresses (its own, then its contacts',
    the primary contact first), a subject and a message naming the document, its amount and
    due date, signed by the sender."""
    partner = document.partner
    to: list[str] = []
    for address in [partner.email, *(c.email for c in partner.contacts.all())]:
        if address and address.lower() not in (a.lower() for a in to):
            to.append(address)
    company = _company_name()
    word = KIND_WORD.get(DocumentKind(document.kind), "Document")
    lines = [
        f"Dear {document.party_name or partner.name},",
        "",
        f"Please find attached our {word.lower()} {document.number} "
        f"dated {document.date:%d %b %Y} for {_amount(document)}.",
    ]
    if document.kind == DocumentKind.INVOICE and document.due_date:
        lines.append(f"It is due on {document.due_date:%d %b %Y}.")
    sender = getattr(user, "full_name", "") or ""
    lines += ["", "Regards,", *([sender] if sender else []), company]
    return {
        "to": to[:MAX_RECIPIENTS],
        "cc": [],
        "subject": f"{word} {document.number} from {company}",
        "message": "\n".join(lines),
        "attachment": attachment_name(document),
    }


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


def document_email_send(
    *,
    document: Document,
    user: Any,
    to: list[str],
    cc: list[str],
    subject: str,
    message: str,
) -> DocumentEmail:
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
    recipients = _addresses(to, "to")
    copies = [a for a in _addresses(cc, "cc") if a.lower() not in (r.lower() for r in recipients)]
    if not recipients:
        raise ApplicationError(
            "Give at least one recipient.", code="invalid", fields={"to": ["Required."]}
        )
    if len(recipients) + len(copies) > MAX_RECIPIENTS:
        text = f"At most {MAX_RECIPIENTS} recipients in all."
        raise ApplicationError(text, code="invalid", fields={"to": [text]})
    subject = " ".join(subject.split())  # a header: no line breaks
    if not subject:
        raise ApplicationError("Give a subject.", code="invalid", fields={"subject": ["Required."]})
    content = pdf.document_pdf(document)
    name = attachment_name(document)
    company = _company_name()
    invoice_settings = InvoiceSettings.objects.filter(singleton=True).first()
    reply_to = (invoice_settings.email if invoice_settings else "") or getattr(user, "email", "")
    platform_address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    with transaction.atomic(durable=True):
        record = DocumentEmail.objects.create(
            document=document,
            to=recipients,
            cc=copies,
            subject=subject,
            message=message,
            attachment=name,
            created_by=user,
            updated_by=user,
        )
        mail = EmailMessage(
            subject=subject,
            body=message,
            from_email=formataddr((company, platform_address)),
            to=recipients,
            cc=copies,
            reply_to=[reply_to] if reply_to else None,
        )
        mail.attach(name, content, "application/pdf")
        transaction.on_commit(lambda: mail.send(fail_silently=False))
    return record
