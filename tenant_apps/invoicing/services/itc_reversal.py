"""Post and cancel a month's reversal and reclaim of input credit on bills unpaid 180 days
(CGST Rule 37, ADR 0074).

Runs go in month order, one posted per month (a partial unique index keeps it so; an advisory
lock serialises the checks): each run's figures are the change from what the runs before it
left. A month whose GST is paid already (ADR 0073) takes no run and loses none: its set-off
read the input credit at the month's end.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.selectors import base_currency
from tenant_apps.core.services import schema_lock
from tenant_apps.invoicing import ledger
from tenant_apps.invoicing.gst_payment import HEADS, month_end
from tenant_apps.invoicing.itc_reversal import itc_reversal_preview, totals
from tenant_apps.invoicing.ledger import Posting
from tenant_apps.invoicing.models import (
    GstPayment,
    GstPaymentStatus,
    ItcReversal,
    ItcReversalLine,
    ItcReversalStatus,
)

NAMES = {"igst": "IGST", "cgst": "CGST", "sgst": "SGST", "cess": "cess"}
ZERO = Decimal("0")
ROLE = "itc_reversed"


def _refuse(detail: str, code: str) -> ApplicationError:
    return ApplicationError(detail, code=code, fields={"month": [detail]})


def _lock() -> None:
    schema_lock("itc_rev")


def _settled_check(month: dt.date, doing: str) -> None:
    paid = (
        GstPayment.objects.filter(status=GstPaymentStatus.POSTED, month__gte=month)
        .order_by("month")
        .first()
    )
    if paid is not None:
        raise _refuse(
            f"{paid.month:%B %Y}'s GST is paid already: cancel that payment to {doing} "
            f"{month:%B %Y}.",
            "already_settled",
        )


def _postings(
    month: dt.date, reversed_: dict[str, Decimal], reclaimed: dict[str, Decimal]
) -> list[Posting]:
    """Per head, the net change: credit the input tax ledger with what is reversed (debit what
    is reclaimed) against the ledger of credit reversed (Rule 37)."""
    label = f"{month:%b %Y}"
    postings = []
    for h in HEADS:
        net = reversed_[h] - reclaimed[h]
        if not net:
            continue
        text = "reversed (Rule 37)" if net > 0 else "reclaimed on payment (Rule 37)"
        postings += [
            Posting(
                f"tax_input_{h}",
                debit=-net if net < 0 else ZERO,
                credit=net if net > 0 else ZERO,
                description=f"{label} input {NAMES[h]} {text}",
            ),
            Posting(
                ROLE,
                debit=net if net > 0 else ZERO,
                credit=-net if net < 0 else ZERO,
                description=f"{label} input {NAMES[h]} {text}",
            ),
        ]
    return postings


def itc_reversal_create(*, user: Any, month: dt.date) -> ItcReversal:
    """Reverse and reclaim `month`'s input credit (its first day) as `itc_reversal_preview`
    shows it: one entry dated the month's end. Refusals are 400s on `month`; nothing is
    written."""
    month = month.replace(day=1)
    end = month_end(month)
    with transaction.atomic(durable=True):
        _lock()
        if end >= timezone.localdate():
            raise _refuse(f"{month:%B %Y} is not over yet.", "month_not_over")
        later = (
            ItcReversal.objects.filter(status=ItcReversalStatus.POSTED, month__gte=month)
            .order_by("-month")
            .first()
        )
        if later is not None:
            raise _refuse(
                f"{later.month:%B %Y} is done already: months are done in order."
                if later.month > month
                else f"{month:%B %Y} is done already.",
                "already_done",
            )
        _settled_check(month, "reverse credit in")
        rows = itc_reversal_preview(month)
        if not rows:
            raise _refuse(
                f"No bill's input credit is to be reversed or reclaimed in {month:%B %Y}.",
                "nothing_to_reverse",
            )
        reversed_, reclaimed = totals(rows)
        run = ItcReversal.objects.create(
            month=month,
            date=end,
            reversed={h: str(reversed_[h]) for h in HEADS},
            reclaimed={h: str(reclaimed[h]) for h in HEADS},
            created_by=user,
            updated_by=user,
        )
        ItcReversalLine.objects.bulk_create(
            [
                ItcReversalLine(
                    run=run,
                    document_id=row.document_id,
                    expiry=row.expiry,
                    value=row.value,
                    open=row.open,
                    share=row.share,
                    **row.change,
                )
                for row in rows
            ]
        )
        postings = _postings(month, reversed_, reclaimed)
        if postings:  # reversals and reclaims of one head may cancel out exactly
            run.journal_entry = ledger.entry_post(
                date=end,
                narration=f"Input credit on bills unpaid 180 days, {month:%B %Y} (Rule 37)",
                postings=postings,
                source_type="invoicing.itc_reversal",
                source_id=run.pk,
                series="ITCREV",
                currency=base_currency(),
                exchange_rate=Decimal(1),
                user=user,
            )
            run.save(update_fields=["journal_entry"])
        return run


def itc_reversal_cancel(*, user: Any, run: ItcReversal, reason: str = "") -> ItcReversal:
    """Cancel the latest month's run: its entry is reversed on the same day (the month's end),
    so the month's input credit is as if it had not been run."""
    with transaction.atomic(durable=True):
        _lock()
        run = ItcReversal.objects.select_for_update().get(pk=run.pk)
        if run.status != ItcReversalStatus.POSTED:
            raise ApplicationError(f"{run} is already cancelled.", code="not_open")
        if ItcReversal.objects.filter(
            status=ItcReversalStatus.POSTED, month__gt=run.month
        ).exists():
            raise ApplicationError(
                f"A later month is done: cancel it before {run.month:%B %Y}.",
                code="later_done",
            )
        _settled_check(run.month, "cancel the reversal of")
        if run.journal_entry_id is not None:
            ledger.entry_reverse(
                entry=run.journal_entry, date=run.date, user=user, reason=reason or "Cancelled"
            )
        run.status = ItcReversalStatus.CANCELLED
        run.cancelled_at = timezone.now()
        run.updated_by = user
        run.save(update_fields=["status", "cancelled_at", "updated_by", "updated_at"])
        return run
