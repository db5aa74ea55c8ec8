"""Receipts from customers and payments to vendors through a bank or cash account, allocated to
invoices or bills; what is not allocated is an advance on the party, applied later.

Ledger: a receipt debits the bank/cash account and credits the customer's receivable; a payment
debits the vendor's payable and credits the bank/cash account, at the payment's own rate.
Advances stay on the party's receivable/payable line (a negative open item), so applying them
needs no journal entry (ADR 0041) unless the rates differ: then the realised exchange gain or
loss is posted with the allocation (ADR 0043, `services/exchange.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.models import CompanySettings
from tenant_apps.core.services import sequence_next
from tenant_apps.invoicing import ledger
from tenant_apps.invoicing.ledger import Posting
from tenant_apps.invoicing.models import (
    Allocation,
    Document,
    Payment,
    PaymentKind,
    PaymentStatus,
)
from tenant_apps.invoicing.services.documents import (
    _check_target,
    _lock_documents,
    _settle,
    _unsettle_source,
)
from tenant_apps.partners.models import Partner

ZERO = Decimal("0")
PAYMENT_SERIES = {PaymentKind.RECEIPT: ("rcpt", "RCT"), PaymentKind.PAYMENT: ("pay", "PAY")}
CASH_ROLES = ("bank", "cash")


def _invalid(detail: str, field: str, message: str, code: str = "invalid") -> ApplicationError:
    return ApplicationError(detail, code=code, fields={field: [message]})


def _allocate_locked(
    *,
    payment: Payment,
    allocations: Sequence[tuple[Document, Decimal]],
    date: dt.date,
    user: Any,
) -> None:
    """Allocate a locked payment to documents (locked here, in id order)."""
    if not allocations:
        return
    ids = [doc.pk for doc, _ in allocations]
    if len(set(ids)) != len(ids):
        raise ApplicationError("A document appears twice.", code="duplicate_allocation")
    total = sum((amount for _, amount in allocations), ZERO)
    if total > payment.amount_unallocated:
        raise ApplicationError(
            f"{payment} has {payment.amount_unallocated} unallocated; asked {total}.",
            code="over_allocation",
        )
    locked = {d.pk: d for d in _lock_documents(ids)}
    for index, (target, amount) in enumerate(allocations):
        target = locked[target.pk]
        try:
            _check_target(
                target=target,
                partner_id=payment.partner_id,
                sales=payment.kind == PaymentKind.RECEIPT,
                currency=payment.currency,
            )
            if date < target.date:
                raise ApplicationError(
                    f"{target} is dated after the allocation.", code="invalid_date"
                )
            _settle(target=target, amount=amount, date=date, user=user, payment=payment)
        except ApplicationError as exc:
            exc.fields = {f"allocations.{index}.document": [exc.detail], **exc.fields}
            raise
    # `_settle` added each allocation to the locked payment in memory
    payment.save(update_fields=["amount_allocated", "updated_at"])


def payment_create(*, user: Any, kind: str, data: dict[str, Any]) -> Payment:
    """Record and post a receipt or payment, with optional allocations."""
    with transaction.atomic(durable=True):
        partner: Partner = data["partner"]
        if kind == PaymentKind.RECEIPT and not partner.is_customer:
            raise _invalid("The partner is not a customer.", "partner", "Not a customer.")
        if kind == PaymentKind.PAYMENT and not partner.is_vendor:
            raise _invalid("The partner is not a vendor.", "partner", "Not a vendor.")
        account = data["account"]
        if getattr(account, "role", None) not in CASH_ROLES:
            raise _invalid(
                "Money moves through a bank or cash account.", "account", "Not bank or cash."
            )
        base = CompanySettings.objects.get(singleton=True).base_currency
        currency = data.get("currency") or base
        rate = data.get("exchange_rate") or Decimal(1)
        if currency == base and rate != 1:
            raise _invalid("A base-currency payment has rate 1.", "exchange_rate", "Must be 1.")
        series, prefix = PAYMENT_SERIES[PaymentKind(kind)]
        payment = Payment(
            kind=kind,
            partner=partner,
            date=data["date"],
            mode=data.get("mode") or "bank_transfer",
            reference=data.get("reference", ""),
            amount=data["amount"],
            currency=currency,
            exchange_rate=rate,
            account=account,
            notes=data.get("notes", ""),
            created_by=user,
            updated_by=user,
        )
        payment.number = sequence_next(series=series, on_date=payment.date, prefix=prefix)
        payment.save()
        base_amount = payment.amount_base
        party = "receivable" if kind == PaymentKind.RECEIPT else "payable"
        money = Posting(account=account, description=f"{payment.number} {partner.name}")
        owed = Posting(account=party, partner_id=partner.pk, description=f"{payment.number}")
        if kind == PaymentKind.RECEIPT:
            postings = [
                Posting(**{**money.__dict__, "debit": base_amount}),
                Posting(**{**owed.__dict__, "credit": base_amount}),
            ]
        else:
            postings = [
                Posting(**{**owed.__dict__, "debit": base_amount}),
                Posting(**{**money.__dict__, "credit": base_amount}),
            ]
        payment.journal_entry = ledger.entry_post(
            date=payment.date,
            narration=f"{payment.get_kind_display()} {payment.number} - {partner.name}",
            postings=postings,
            source_type=f"invoicing.{kind}",
            source_id=payment.pk,
            series="RECEIPT" if kind == PaymentKind.RECEIPT else "PAYMENT",
            currency=currency,
            exchange_rate=rate,
            user=user,
        )
        payment.save(update_fields=["journal_entry"])
        _allocate_locked(
            payment=payment,
            allocations=data.get("allocations", []),
            date=payment.date,
            user=user,
        )
        return payment


def payment_allocate(
    *,
    user: Any,
    payment: Payment,
    allocations: Sequence[tuple[Document, Decimal]],
    date: dt.date | None = None,
) -> Payment:
    """Apply a payment's unallocated amount (an advance) to documents."""
    with transaction.atomic(durable=True):
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != PaymentStatus.POSTED:
            raise ApplicationError(f"{payment} is cancelled.", code="not_open")
        date = max(date or timezone.localdate(), payment.date)
        _allocate_locked(payment=payment, allocations=allocations, date=date, user=user)
        return payment


def payment_cancel(
    *, user: Any, payment: Payment, date: dt.date | None = None, reason: str = ""
) -> Payment:
    """Reverse the payment's entry and undo its allocations (documents reopen)."""
    with transaction.atomic(durable=True):
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != PaymentStatus.POSTED:
            raise ApplicationError(f"{payment} is already cancelled.", code="not_open")
        date = date or timezone.localdate()
        if date < payment.date:
            raise _invalid("Cancel on or after the payment date.", "date", "Too early.")
        allocations = list(
            Allocation.objects.live()
            .filter(payment=payment)
            .select_related("exchange_entry")
            .order_by("document_id")
        )
        _lock_documents(a.document_id for a in allocations)
        _unsettle_source(
            allocations=allocations, date=date, user=user, reason=reason or "Cancelled"
        )
        ledger.entry_reverse(
            entry=payment.journal_entry, date=date, user=user, reason=reason or "Cancelled"
        )
        payment.amount_allocated = ZERO
        payment.status = PaymentStatus.CANCELLED
        payment.cancelled_at = timezone.now()
        payment.cancel_date = date
        payment.updated_by = user
        payment.save(
            update_fields=[
                "amount_allocated",
                "status",
                "cancelled_at",
                "cancel_date",
                "updated_by",
                "updated_at",
            ]
        )
        return payment
