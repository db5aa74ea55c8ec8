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
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import partial

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


def _open_invoices() -> Iterable[Document]:
    return (
        Document.objects.filter(
            kind=DocumentKind.INVOICE,
            status__in=OPEN_STATUSES,
            total__gt=F("amount_settled"),  # amount_open > 0
            due_date__isnull=False,
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
    Nothing when the company has reminders off."""
    result = {"sent": 0, "skipped_no_address": 0}
    settings = InvoiceSettings.objects.filter(singleton=True).first()
    if settings is None or not settings.reminders_enabled:
        return result
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
        draft = mailing.document_email_draft(document=document, user=None, on=on)
        if not draft["to"]:
            result["skipped_no_address"] += 1
            continue

        def record(sent: SentEmail, document: Document = document, stage: int = stage) -> None:
            InvoiceReminder.objects.create(
                document=document, stage_days=stage, sent_email=sent, sent_on=on
            )

        try:
            mailing.pdf_email_send(
                user=None,
                to=draft["to"],
                cc=[],
                subject=draft["subject"],
                message=draft["message"],
                attachment=(draft["attachment"], partial(pdf.document_pdf, document)),
                record={"partner_id": document.partner_id, "document": document},
                then=record,
            )
        except IntegrityError:
            # another sweep sent this stage first: ours rolled back, its mail never left
            logger.info("reminder %s of document %s sent by another run", stage, document.pk)
            continue
        result["sent"] += 1
    return result
