"""Post and cancel a month's GST set-off and payment (ADR 0073).

Months are settled in order: each month's figures are the ledger balances at its end, so a
month settled after a later one would pay the later one's tax again. One posted payment per
month (a partial unique index keeps it so); an advisory lock serialises the check.
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
from tenant_apps.invoicing.gst_payment import HEADS, SetOff, gst_payment_preview, month_end
from tenant_apps.invoicing.ledger import Posting
from tenant_apps.invoicing.models import GstPayment, GstPaymentStatus
from tenant_apps.invoicing.services.payments import CASH_ROLES
from tenant_apps.invoicing.services.tds import expense_ledger_check

NAMES = {"igst": "IGST", "cgst": "CGST", "sgst": "SGST", "cess": "cess"}
ZERO = Decimal("0")


def _refuse(detail: str, field: str, message: str, code: str = "invalid") -> ApplicationError:
    return ApplicationError(detail, code=code, fields={field: [message]})


def _lock() -> None:
    schema_lock("gst_pay")


def _postings(payment: GstPayment, figures: SetOff) -> list[Posting]:
    """Dr output tax (all of it: by credit and by cash), Cr input tax (the credit used), Dr the
    reverse-charge tax, Cr the bank or cash account with what is paid in cash."""
    label = f"GST {payment.month:%b %Y}"
    used = figures.credit_used
    lines = [
        Posting(
            f"{prefix}{h}",
            debit=amounts[h] if debit else ZERO,
            credit=ZERO if debit else amounts[h],
            description=f"{label} {text.format(NAMES[h])}",
        )
        for prefix, amounts, debit, text in (
            ("tax_output_", figures.liability, True, "output {} settled"),
            ("tax_input_", used, False, "{} credit set off"),
            ("tax_rcm_", figures.reverse_charge, True, "{} on reverse charge paid"),
        )
        for h in HEADS
    ]
    lines += [
        Posting(account, debit=amount, description=f"{label} {text}")
        for account, amount, text in (
            (payment.interest_account, payment.interest, "interest on late payment"),
            (payment.late_fee_account, payment.late_fee, "late fee (CGST and SGST)"),
        )
        if amount
    ]
    reference = f" {payment.reference}" if payment.reference else ""
    lines.append(
        Posting(
            payment.account,
            credit=figures.cash_total + payment.interest + payment.late_fee,
            description=f"{label} paid in cash{reference}",
        )
    )
    return lines


def gst_payment_create(*, user: Any, data: dict[str, Any]) -> GstPayment:
    """Set off `data["month"]`'s GST (its first day) and pay the rest from `data["account"]` on
    `data["date"]` (after the month): one posted entry. Refusals are 400s naming
    the field; nothing is written."""
    month: dt.date = data["month"].replace(day=1)
    date: dt.date = data["date"]
    account = data["account"]
    with transaction.atomic(durable=True):
        _lock()
        # after the month: its entry must not fall inside the balances it settles
        if date <= month_end(month):
            raise _refuse(
                f"Pay {month:%B %Y}'s GST after the month, from "
                f"{month_end(month) + dt.timedelta(days=1):%d-%m-%Y}.",
                "date",
                "Within the month.",
            )
        if getattr(account, "role", None) not in CASH_ROLES or not account.is_active:
            raise _refuse(
                "Pay from an active bank or cash account.", "account", "Not bank or cash."
            )
        # interest (s.50) and late fee (s.47), each to the expense ledger chosen for it
        charges = {f: data.get(f) or Decimal(0) for f in ("interest", "late_fee")}
        errors: dict[str, list[str]] = {}
        for field, amount in charges.items():
            if amount < 0 or amount != amount.quantize(Decimal("0.01")):
                errors[field] = ["Not negative, at most two decimal places."]
            elif amount > 0:
                expense_ledger_check(data.get(f"{field}_account"), f"{field}_account", errors)
        if errors:
            raise ApplicationError(
                "Check the interest and late fee: "
                + " ".join(m for ms in errors.values() for m in ms),
                code="invalid",
                fields=errors,
            )
        later = (
            GstPayment.objects.filter(status=GstPaymentStatus.POSTED, month__gte=month)
            .order_by("-month")
            .first()
        )
        if later is not None:
            raise _refuse(
                f"{later.month:%B %Y} is settled already: months are settled in order."
                if later.month > month
                else f"{month:%B %Y} is settled already.",
                "month",
                "Settled already.",
                code="already_settled",
            )
        figures = gst_payment_preview(month)
        if not figures.cash_total and not sum(figures.credit_used.values(), Decimal(0)):
            raise _refuse(
                f"{month:%B %Y} has no GST to set off or pay.", "month", "Nothing to pay."
            )
        payment = GstPayment.objects.create(
            month=month,
            date=date,
            account=account,
            reference=data.get("reference", ""),
            figures=figures.as_json(),
            cash_total=figures.cash_total,
            interest=charges["interest"],
            interest_account=data.get("interest_account") if charges["interest"] else None,
            late_fee=charges["late_fee"],
            late_fee_account=data.get("late_fee_account") if charges["late_fee"] else None,
            created_by=user,
            updated_by=user,
        )
        payment.journal_entry = ledger.entry_post(
            date=date,
            narration=f"GST of {month:%B %Y} set off and paid",
            postings=_postings(payment, figures),
            source_type="invoicing.gst_payment",
            source_id=payment.pk,
            series="GSTPAY",
            currency=base_currency(),
            exchange_rate=Decimal(1),
            user=user,
        )
        payment.save(update_fields=["journal_entry"])
        return payment


def gst_payment_cancel(
    *, user: Any, payment: GstPayment, date: dt.date | None = None, reason: str = ""
) -> GstPayment:
    """Reverse the payment's entry on `date` (default today): the month's tax is owed again.
    The latest month is cancelled first (a later month's figures assumed this one)."""
    with transaction.atomic(durable=True):
        _lock()
        payment = GstPayment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != GstPaymentStatus.POSTED:
            raise ApplicationError(f"{payment} is already cancelled.", code="not_open")
        if GstPayment.objects.filter(
            status=GstPaymentStatus.POSTED, month__gt=payment.month
        ).exists():
            raise ApplicationError(
                f"A later month is settled: cancel it before {payment.month:%B %Y}.",
                code="later_settled",
            )
        date = date or timezone.localdate()
        if date < payment.date:
            raise _refuse("Cancel on or after the payment date.", "date", "Too early.")
        ledger.entry_reverse(
            entry=payment.journal_entry, date=date, user=user, reason=reason or "Cancelled"
        )
        payment.status = GstPaymentStatus.CANCELLED
        payment.cancelled_at = timezone.now()
        payment.cancel_date = date
        payment.updated_by = user
        payment.save(
            update_fields=["status", "cancelled_at", "cancel_date", "updated_by", "updated_at"]
        )
        return payment
