"""Recurring invoices (ADR 0064): an invoice raised again on a schedule — an annual
maintenance contract billed each month or quarter. Each occurrence copies the template into a
draft dated that day (`documents.duplicate_in_transaction`) and posts it when the schedule
says so. The daily sweep (Celery beat, or `manage.py recurring_run`) raises what fell due,
catching up missed days; a run is unique per schedule and date in the database."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db import transaction

from tenant_apps.audit.services import audit_record
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.invoicing.models import (
    FREQUENCY_MONTHS,
    Document,
    DocumentKind,
    DocumentStatus,
    Frequency,
    RecurringInvoice,
    RecurringRun,
)
from tenant_apps.invoicing.services.documents import (
    duplicate_in_transaction,
    post_in_transaction,
)

CATCH_UP_LIMIT = 24  # occurrences raised for one schedule in one sweep, at most


def occurrence(start: dt.date, frequency: str, n: int) -> dt.date:
    """The nth occurrence (from 0) of a schedule starting on `start`: n periods later, on the
    start's day of the month, or that month's last day when it is shorter."""
    months = start.month - 1 + n * FREQUENCY_MONTHS[Frequency(frequency)]
    year, month = start.year + months // 12, months % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _next(schedule: RecurringInvoice) -> dt.date | None:
    day = occurrence(schedule.start_date, schedule.frequency, schedule.occurrences)
    return None if schedule.end_date is not None and day > schedule.end_date else day


def _check_template(template: Document) -> None:
    if template.kind != DocumentKind.INVOICE or template.is_opening:
        raise ApplicationError(
            "Only a customer invoice repeats (not an opening balance, bill or note).",
            code="not_repeatable",
            fields={"template": ["Choose a customer invoice."]},
        )
    if template.status == DocumentStatus.CANCELLED:
        raise ApplicationError(
            f"{template.number} is cancelled.",
            code="not_repeatable",
            fields={"template": ["A cancelled invoice does not repeat."]},
        )


def recurring_create(
    *,
    user: Any,
    template: Document,
    frequency: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    auto_post: bool = False,
    auto_email: bool = False,
) -> RecurringInvoice:
    _check_template(template)
    _check_email(auto_post=auto_post, auto_email=auto_email)
    if end_date is not None and end_date < start_date:
        raise ApplicationError(
            "The schedule ends before it starts.",
            code="invalid",
            fields={"end_date": ["On or after the first date."]},
        )
    with transaction.atomic(durable=True):
        schedule = RecurringInvoice(
            template=template,
            frequency=frequency,
            start_date=start_date,
            end_date=end_date,
            auto_post=auto_post,
            auto_email=auto_email,
            created_by=user,
            updated_by=user,
        )
        schedule.next_date = _next(schedule)
        schedule.save()
        audit_record(
            action="invoicing.recurring.created",
            actor=user,
            target_type="invoicing.recurring",
            target_id=schedule.pk,
            data={"template": template.number, "frequency": frequency},
        )
    return schedule


def recurring_update(
    *, user: Any, schedule: RecurringInvoice, data: dict[str, Any]
) -> RecurringInvoice:
    """Pause or resume, post automatically or not, end on a date (or never)."""
    with transaction.atomic(durable=True):
        schedule = RecurringInvoice.objects.select_for_update().get(pk=schedule.pk)
        for key in ("is_active", "auto_post", "auto_email", "end_date"):
            if key in data:
                setattr(schedule, key, data[key])
        if "auto_post" in data and not data["auto_post"] and "auto_email" not in data:
            schedule.auto_email = False  # drafts are not e-mailed
        _check_email(auto_post=schedule.auto_post, auto_email=schedule.auto_email)
        if schedule.end_date is not None and schedule.end_date < schedule.start_date:
            raise ApplicationError(
                "The schedule ends before it starts.",
                code="invalid",
                fields={"end_date": ["On or after the first date."]},
            )
        schedule.next_date = _next(schedule)
        schedule.updated_by = user
        changed = [
            "is_active",
            "auto_post",
            "auto_email",
            "end_date",
            "next_date",
            "updated_by",
            "updated_at",
        ]
        schedule.save(update_fields=changed)
    return schedule


def _check_email(*, auto_post: bool, auto_email: bool) -> None:
    if auto_email and not auto_post:
        message = "Only posted invoices are e-mailed: post each one to e-mail it."
        raise ApplicationError(message, code="invalid", fields={"auto_email": [message]})


def _run_one(schedule_id: int, on: dt.date) -> list[Document]:
    """Raise what one schedule has due by `on`; the invoices raised. A schedule another sweep
    holds is skipped (it raises them)."""
    raised: list[Document] = []
    with transaction.atomic(durable=True):
        schedule = (
            RecurringInvoice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("template", "created_by")
            .filter(pk=schedule_id, is_active=True)
            .first()
        )
        if schedule is None:
            return []
        user = schedule.created_by
        while (
            schedule.next_date is not None
            and schedule.next_date <= on
            and len(raised) < CATCH_UP_LIMIT
        ):
            day = schedule.next_date
            draft = duplicate_in_transaction(user=user, document=schedule.template, date=day)
            RecurringRun.objects.create(
                schedule=schedule, date=day, document=draft, created_by=user, updated_by=user
            )
            schedule.last_error = ""
            if schedule.auto_post:
                try:
                    with transaction.atomic():  # a refused posting leaves the draft
                        post_in_transaction(user=user, document=draft)
                except ApplicationError as exc:
                    schedule.last_error = f"{day.isoformat()}: left as a draft: {exc.detail}"[:500]
            schedule.occurrences += 1
            schedule.next_date = _next(schedule)
            raised.append(draft)
        schedule.save(update_fields=["occurrences", "next_date", "last_error", "updated_at"])
    return raised


def _email(schedule_id: int, document: Document) -> bool:
    """E-mail a posted occurrence to its customer as the invoice page would (its PDF, the
    company's letter), after it committed. A customer with no address, or a refusal, is noted
    on the schedule; the invoice stays posted."""
    from tenant_apps.invoicing.models import InvoiceSettings
    from tenant_apps.invoicing.services.mailing import document_email_draft, document_email_send

    document = Document.objects.select_related("partner", "created_by").get(pk=document.pk)
    if document.status == DocumentStatus.DRAFT:
        return False  # its posting was refused: last_error says so
    user = document.created_by
    try:
        draft = document_email_draft(
            document=document,
            user=user,
            settings=InvoiceSettings.objects.filter(singleton=True).first(),
            on=document.date,
        )
        document_email_send(
            document=document,
            user=user,
            to=draft["to"],
            cc=draft["cc"],
            subject=draft["subject"],
            message=draft["message"],
        )
    except ApplicationError as exc:
        RecurringInvoice.objects.filter(pk=schedule_id).update(
            last_error=f"{document.date.isoformat()}: {document.number} posted, not e-mailed: "
            f"{exc.detail}"[:500]
        )
        return False
    return True


def recurring_run(*, on: dt.date) -> dict[str, int]:
    """The daily sweep in the current tenant: every active schedule due by `on`, each in its
    own transaction (one schedule's bad data does not stop the others); the posted occurrences
    of a schedule that says so e-mailed once they committed. Counts raised, failed and
    e-mailed."""
    due = list(
        RecurringInvoice.objects.filter(is_active=True, next_date__lte=on).values_list(
            "pk", "auto_email"
        )
    )
    raised = failed = emailed = 0
    for schedule_id, auto_email in due:
        try:
            documents = _run_one(schedule_id, on)
            raised += len(documents)
            if auto_email:
                emailed += sum(_email(schedule_id, d) for d in documents)
        except ApplicationError as exc:  # the draft itself refused (a rate no longer in force)
            failed += 1
            RecurringInvoice.objects.filter(pk=schedule_id).update(
                last_error=f"{on.isoformat()}: not raised: {exc.detail}"[:500]
            )
    return {"raised": raised, "failed": failed, "emailed": emailed}
