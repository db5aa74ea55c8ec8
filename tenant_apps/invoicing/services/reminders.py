"""Payment reminders on a schedule (ADR 0052): the company names the days after the due date at
which an overdue invoice is reminded; a daily sweep e-mails the reminder letter of ADR 0049
(`document_email_draft` on that day, the PDF attached, through the same `pdf_email_send`), once per
invoice and stage.

Each run sends only the highest stage an invoice has reached, and only if that stage was not
sent before: an invoice 40 days overdue with nothing sent gets the 30-day reminder, not the
7-day one as well. The unique (document, stage_days) of `InvoiceReminder`, written in the
transaction that writes the `SentEmail`, is what makes a stage go once when two sweeps overlap:
the loser's insert fails, its transaction rolls back, and its mail (queued on commit) never
leaves.

Each stage has its own letter (ADR 0058): a subject and message with {placeholders}, stored by
stage position in `InvoiceSettings.reminder_letters` (a polite first note, firmer later ones by
default). Placeholders are substituted by name only — never `str.format`, which would let a
template reach into attributes — and a name we do not know is refused when the letter is saved,
and left as typed if one ever reaches the sweep. Customers whose `send_reminders` is off are left
out of the sweep; a person can still e-mail them from the invoice.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import IntegrityError
from django.db.models import F, Prefetch

from tenant_apps.invoicing import pdf
from tenant_apps.invoicing.models import (
    OPEN_STATUSES,
    Document,
    DocumentKind,
    InvoiceReminder,
    InvoiceSettings,
    SentEmail,
)
from tenant_apps.invoicing.services import mailing
from tenant_apps.partners.models import PartnerContact

logger = logging.getLogger(__name__)

# {name} -> what it stands for (shown by the settings card)
PLACEHOLDERS = {
    "party": "the customer's name",
    "number": "the invoice number",
    "invoice_date": "the invoice date",
    "due_date": "the due date",
    "total": "the invoice total",
    "amount_due": "what is still outstanding",
    "days_overdue": "days past the due date",
    "company": "your company's name",
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
SUBJECT_MAX = 200  # SentEmail.subject

POLITE = {
    "subject": "Payment reminder: invoice {number} was due on {due_date}",
    "message": (
        "Dear {party},\n\n"
        "We hope this finds you well. This is a gentle reminder that our invoice {number} "
        "dated {invoice_date} for {total} fell due on {due_date}; {amount_due} is still "
        "outstanding.\n\n"
        "We request you to kindly arrange the payment at the earliest. If you have already "
        "paid, please share the payment details so that we may update our records. A copy of "
        "the invoice is attached for your reference.\n\n"
        "Regards,\n{company}"
    ),
}
FIRM = {
    "subject": "Second reminder: {amount_due} overdue on invoice {number}",
    "message": (
        "Dear {party},\n\n"
        "Further to our earlier reminder, our invoice {number} dated {invoice_date} is still "
        "unpaid. It fell due on {due_date} and is now {days_overdue} days overdue; "
        "{amount_due} is outstanding.\n\n"
        "We request you to release the payment within the next seven days. If there is any "
        "query on the invoice, please let us know immediately so that it can be resolved. A "
        "copy of the invoice is attached.\n\n"
        "Regards,\n{company}"
    ),
}
FINAL = {
    "subject": "Final reminder: invoice {number} is {days_overdue} days overdue",
    "message": (
        "Dear {party},\n\n"
        "In spite of our previous reminders, our invoice {number} dated {invoice_date} for "
        "{total}, due on {due_date}, remains unpaid: {amount_due} is outstanding, "
        "{days_overdue} days past the due date.\n\n"
        "Please treat this as our final reminder and clear the dues immediately. If we do not "
        "receive the payment or hear from you, we shall be constrained to hold further "
        "supplies on your account. A copy of the invoice is attached.\n\n"
        "Regards,\n{company}"
    ),
}


def reminder_letter_default(*, position: int, count: int) -> dict[str, str]:
    """The default letter of the stage at `position` (0-based) of `count` stages: polite
    first, final last (from three stages on), firm in between."""
    if position == 0:
        return dict(POLITE)
    if count >= 3 and position == count - 1:
        return dict(FINAL)
    return dict(FIRM)


def reminder_letters(settings: InvoiceSettings) -> list[dict[str, str]]:
    """Each stage's letter, in the order of `reminder_days`: the saved one, or its position's
    default."""
    saved = settings.reminder_letters if isinstance(settings.reminder_letters, list) else []
    count = len(settings.reminder_days)
    letters: list[dict[str, str]] = []
    for position in range(count):
        letter = saved[position] if position < len(saved) else None
        if not (
            isinstance(letter, Mapping)
            and isinstance(letter.get("subject"), str)
            and isinstance(letter.get("message"), str)
        ):
            letter = reminder_letter_default(position=position, count=count)
        letters.append({"subject": letter["subject"], "message": letter["message"]})
    return letters


def reminder_text_errors(text: str) -> list[str]:
    """Why a letter's subject or message cannot be saved: each unknown {placeholder} once."""
    unknown = [name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS]
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    return [f"Unknown placeholder {{{name}}}: use {known}." for name in dict.fromkeys(unknown)]


def reminder_text_render(text: str, values: Mapping[str, str]) -> str:
    """`text` with each known {name} replaced by its value; anything else stays as typed."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def reminder_values(*, document: Document, on: dt.date, company: str) -> dict[str, str]:
    assert document.due_date is not None
    return {
        "party": document.party_name or document.partner.name,
        "number": document.number,
        "invoice_date": f"{document.date:%d %b %Y}",
        "due_date": f"{document.due_date:%d %b %Y}",
        "total": mailing.money(document, document.total),
        "amount_due": mailing.money(document, document.amount_open),
        "days_overdue": str((on - document.due_date).days),
        "company": company,
    }


def reminder_letter_render(
    *, letter: Mapping[str, str], document: Document, on: dt.date, company: str | None = None
) -> dict[str, Any]:
    """A stage's letter for this invoice `on` a day: subject (one line, at most 200
    characters) and message. `company`: the company's name when the caller has read it."""
    values = reminder_values(document=document, on=on, company=company or mailing.company_name())
    subject = " ".join(reminder_text_render(letter["subject"], values).split())
    return {
        "subject": subject[:SUBJECT_MAX],
        "message": reminder_text_render(letter["message"], values),
    }


def reminder_stage_reached(*, document: Document, settings: InvoiceSettings, on: dt.date) -> int:
    """The position (0-based) of the stage an overdue invoice is at `on`: the highest stage its
    days overdue have reached, or the first stage while it has not reached one yet (ADR 0058,
    2026-11-28). Whether that stage was sent does not matter: the tone follows how late the
    payment is."""
    assert document.due_date is not None
    overdue = (on - document.due_date).days
    reached = [i for i, days in enumerate(settings.reminder_days) if overdue >= days]
    return max(reached, default=0)


def reminder_email_letter(
    *, document: Document, on: dt.date, settings: InvoiceSettings | None, company: str
) -> dict[str, Any]:
    """What the manual E-mail dialog starts with for an invoice overdue `on`: the letter of the
    stage it is at (`reminder_stage_reached`), filled for it: the company's saved letters, or
    the defaults when it has no settings row. Whether reminders are on for the company or the
    customer does not matter: these are the company's reminder letters either way."""
    settings = settings or InvoiceSettings()
    position = reminder_stage_reached(document=document, settings=settings, on=on)
    letter = reminder_letters(settings)[position]
    return reminder_letter_render(letter=letter, document=document, on=on, company=company)


def reminder_sample_invoice(*, on: dt.date) -> Document | None:
    """The company's most overdue open invoice `on` (the earliest due date), the sample a
    letter is previewed with; None when no invoice is overdue."""
    return (
        Document.objects.filter(
            kind=DocumentKind.INVOICE,
            status__in=OPEN_STATUSES,
            total__gt=F("amount_settled"),
            due_date__lt=on,
        )
        .select_related("partner")
        .order_by("due_date", "id")
        .first()
    )


SAMPLE_PARTY = "Sample Customer Pvt Ltd"
SAMPLE_NUMBER = "INV/SAMPLE/00001"


def reminder_made_up_invoice(*, days: int, on: dt.date) -> Document:
    """An unsaved invoice with made-up figures, `days` overdue `on`, to preview a letter with
    when no invoice is overdue. Never saved."""
    due = on - dt.timedelta(days=days)
    return Document(
        kind=DocumentKind.INVOICE,
        number=SAMPLE_NUMBER,
        party_name=SAMPLE_PARTY,
        date=due - dt.timedelta(days=30),
        due_date=due,
        currency="INR",
        total=Decimal("118000.00"),
        amount_settled=Decimal("18000.00"),
    )


def reminder_letter_preview(
    *, letter: Mapping[str, str], days: int, on: dt.date, real_sample: bool
) -> dict[str, Any]:
    """A letter (saved or not) as it would go out `on`, filled for the most overdue open
    invoice (when `real_sample`: the caller may see invoices) or else for a made-up invoice
    `days` overdue; `sample` names the real invoice, or is None for the made-up one."""
    document = reminder_sample_invoice(on=on) if real_sample else None
    sample = None
    if document is None:
        document = reminder_made_up_invoice(days=days, on=on)
    else:
        sample = {"number": document.number, "party": document.party_name or document.partner.name}
    return {**reminder_letter_render(letter=letter, document=document, on=on), "sample": sample}


def reminder_stage_due(
    *, due_date: dt.date, on: dt.date, stages: Iterable[int], sent: Iterable[int]
) -> int | None:
    """The stage to send `on`: the highest one reached (`on - due_date >= days`), unless it was
    sent already."""
    overdue = (on - due_date).days
    reached = [days for days in stages if overdue >= days]
    if not reached or max(reached) in set(sent):
        return None
    return max(reached)


def reminder_next_date(
    *, document: Document, settings: InvoiceSettings | None, on: dt.date
) -> dt.date | None:
    """When the next reminder of this invoice goes (`on` itself when one is due and not sent
    yet), or None: reminders off, not an open overdue-able invoice, or every stage sent."""
    if (
        settings is None
        or not settings.reminders_enabled
        or not document.partner.send_reminders
        or document.kind != DocumentKind.INVOICE
        or document.status not in OPEN_STATUSES
        or document.due_date is None
        or document.amount_open <= 0
    ):
        return None
    sent = list(document.reminders.values_list("stage_days", flat=True))
    pending = [days for days in settings.reminder_days if days > max(sent, default=0)]
    if not pending:
        return None
    return max(on, document.due_date + dt.timedelta(days=min(pending)))


def reminders_off_for_party(*, document: Document, settings: InvoiceSettings | None) -> bool:
    """The company sends reminders and this open invoice could get one, but its customer has
    them off: the page says so instead of a next date."""
    return (
        settings is not None
        and settings.reminders_enabled
        and not document.partner.send_reminders
        and document.kind == DocumentKind.INVOICE
        and document.status in OPEN_STATUSES
        and document.due_date is not None
        and document.amount_open > 0
    )


def _open_invoices() -> Iterable[Document]:
    return (
        Document.objects.filter(
            kind=DocumentKind.INVOICE,
            status__in=OPEN_STATUSES,
            total__gt=F("amount_settled"),  # amount_open > 0
            due_date__isnull=False,
            partner__send_reminders=True,
        )
        .select_related("partner")
        .prefetch_related(
            Prefetch(
                "partner__contacts",
                queryset=PartnerContact.objects.order_by("-is_primary", "id"),
            ),
            "reminders",
        )
        .order_by("due_date", "id")
    )


def reminders_send(*, on: dt.date) -> dict[str, int]:
    """Send the current tenant's payment reminders due `on`; `sent` counts the mails,
    `skipped_no_address` the invoices due a reminder whose party has no e-mail address.
    Nothing when the company has reminders off; nothing to a customer with reminders off. Each
    stage's own letter (`reminder_letters`), the invoice's PDF attached."""
    result = {"sent": 0, "skipped_no_address": 0}
    settings = InvoiceSettings.objects.filter(singleton=True).first()
    if settings is None or not settings.reminders_enabled:
        return result
    letters = dict(zip(settings.reminder_days, reminder_letters(settings), strict=True))
    for document in _open_invoices():
        assert document.due_date is not None
        stage = reminder_stage_due(
            due_date=document.due_date,
            on=on,
            stages=settings.reminder_days,
            sent=[r.stage_days for r in document.reminders.all()],
        )
        if stage is None:
            continue
        to = mailing.party_addresses(document.partner)
        if not to:
            result["skipped_no_address"] += 1
            continue
        letter = reminder_letter_render(letter=letters[stage], document=document, on=on)

        def record(sent: SentEmail, document: Document = document, stage: int = stage) -> None:
            InvoiceReminder.objects.create(
                document=document, stage_days=stage, sent_email=sent, sent_on=on
            )

        try:
            mailing.pdf_email_send(
                user=None,
                to=to,
                cc=[],
                subject=letter["subject"],
                message=letter["message"],
                attachment=(
                    mailing.attachment_name(document),
                    partial(pdf.document_pdf, document),
                ),
                record={"partner_id": document.partner_id, "document": document},
                then=record,
            )
        except IntegrityError:
            # another sweep sent this stage first: ours rolled back, its mail never left
            logger.info("reminder %s of document %s sent by another run", stage, document.pk)
            continue
        result["sent"] += 1
    return result
