"""Receipts from customers and payments to vendors through a bank or cash account, allocated to
invoices or bills; what is not allocated is an advance on the party, applied later.

Ledger: a receipt debits the bank/cash account and credits the customer's receivable; a payment
debits the vendor's payable and credits the bank/cash account, at the payment's own rate.
Advances stay on the party's receivable/payable line (a negative open item), so applying them
needs no journal entry (ADR 0041) unless the rates differ: then the realised exchange gain or
loss is posted with the allocation (ADR 0043, `services/exchange.py`).

Deductions (ADR 0045): the party may keep back part of what it owes (TDS, a discount, bank
charges). The payment then settles the money plus the deductions, and its one entry posts
each deduction to its own account:

    receipt:  Dr bank 98,000 · Dr TDS receivable 2,000 · Cr receivable (customer) 1,00,000
    payment:  Dr payable (vendor) 1,00,000 · Cr bank 98,000 · Cr TDS payable 2,000

Each line is rounded to paise at the payment's rate; the party's line is their sum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.fields import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, round_money
from tenant_apps.core.selectors import base_currency
from tenant_apps.core.services import sequence_next
from tenant_apps.invoicing import ledger
from tenant_apps.invoicing.ledger import Posting
from tenant_apps.invoicing.models import (
    TDS_ROLES,
    Allocation,
    Document,
    Payment,
    PaymentDeduction,
    PaymentKind,
    PaymentStatus,
)
from tenant_apps.invoicing.selectors import PARTY_CONTROL_ROLES
from tenant_apps.invoicing.services.documents import (
    _check_target,
    _lock_documents,
    _settle,
    _unsettle_source,
)
from tenant_apps.partners.models import Partner

ZERO = Decimal("0")
RATE_HALF_UNIT = Decimal("0.0000005")  # half the last place of a rate (6 places)
HALF_PAISA = Decimal("0.005")
PAYMENT_SERIES = {PaymentKind.RECEIPT: ("rcpt", "RCT"), PaymentKind.PAYMENT: ("pay", "PAY")}
CASH_ROLES = ("bank", "cash")
MAX_DEDUCTIONS = 20
# Amounts are NUMERIC(20, 4): what a payment settles, in its currency and in the base one,
# stays below this (a larger one would overflow the ledger's columns: a 400, not a 500)
AMOUNT_LIMIT = Decimal(10) ** (AMOUNT_MAX_DIGITS - AMOUNT_DECIMAL_PLACES)


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


def _deductions_check(
    *, rows: Sequence[dict[str, Any]], account: Any, currency: str
) -> dict[str, list[str]]:
    """Field errors of the deductions (`deductions.<i>.<field>`); empty when they are fine."""
    errors: dict[str, list[str]] = {}
    if len(rows) > MAX_DEDUCTIONS:
        errors["deductions"] = [f"At most {MAX_DEDUCTIONS} deductions."]
    for index, row in enumerate(rows):
        where = f"deductions.{index}"
        target = row["account"]
        if target.is_group:
            errors[f"{where}.account"] = [f"{target} is a group; choose a ledger."]
        elif not target.is_active:
            errors[f"{where}.account"] = [f"{target} is inactive."]
        elif target.pk == account.pk:
            errors[f"{where}.account"] = ["The money's own account cannot take a deduction."]
        elif target.role in PARTY_CONTROL_ROLES:
            errors[f"{where}.account"] = [
                f"{target} is the party control account; choose TDS, discount or charges."
            ]
        centre = row.get("cost_centre")
        if centre is not None:
            problem = (
                f"{target} is not an income or expense ledger: only those carry a cost centre."
                if target.type not in ("income", "expense")
                else ledger.cost_centre_problem(centre)
            )
            if problem:
                errors[f"{where}.cost_centre"] = [problem]
        section = row.get("tds_section") or ""
        if target.role in TDS_ROLES and not section:
            errors[f"{where}.tds_section"] = [f"Choose the TDS section of {target.name}."]
        elif target.role not in TDS_ROLES and section:
            errors[f"{where}.tds_section"] = ["Only a TDS receivable or payable account has one."]
        tds_base = row.get("tds_base")
        if tds_base is not None:
            if target.role not in TDS_ROLES:
                errors[f"{where}.tds_base"] = ["Only TDS is deducted on a base."]
            elif tds_base <= 0:
                errors[f"{where}.tds_base"] = ["Must be more than zero."]
            elif tds_base != round_money(tds_base):
                errors[f"{where}.tds_base"] = ["At most two decimal places (rupees and paise)."]
            elif tds_base >= AMOUNT_LIMIT:
                errors[f"{where}.tds_base"] = ["Too large."]
        amount: Decimal = row["amount"]
        if amount <= 0:
            errors[f"{where}.amount"] = ["Must be more than zero."]
        elif amount != round_money(amount, currency):
            errors[f"{where}.amount"] = [f"Too many decimal places for {currency}."]
    return errors


def _postings(
    *, payment: Payment, deductions: Sequence[PaymentDeduction], party: str
) -> list[Posting]:
    """The payment's journal lines in the base currency. Each line is the money's or the
    deduction's amount at the payment's rate, rounded to paise; the party's line is their sum,
    so the entry balances exactly. Foreign amounts are given, not derived, so each line holds
    its own amount in the payment's currency."""
    receipt = payment.kind == PaymentKind.RECEIPT
    name = payment.partner.name

    def line(account: Any, base: Decimal, foreign: Decimal, text: str, **extra: Any) -> Posting:
        # a receipt debits the money and the deductions; a vendor payment credits them
        if receipt:
            return Posting(account, debit=base, amount_currency=foreign, description=text, **extra)
        return Posting(account, credit=base, amount_currency=-foreign, description=text, **extra)

    money = line(payment.account, payment.amount_base, payment.amount, f"{payment.number} {name}")
    kept = [
        line(
            d.account,
            d.amount_base,
            d.amount,
            f"{payment.number} {d.description or 'Deduction'} - {name}",
            partner_id=payment.partner_id,
            cost_centre=d.cost_centre,
        )
        for d in deductions
    ]
    settled, foreign = payment.settled_base, payment.settled_amount
    owed = Posting(
        account=party,
        partner_id=payment.partner_id,
        description=f"{payment.number}",
        debit=ZERO if receipt else settled,
        credit=settled if receipt else ZERO,
        amount_currency=-foreign if receipt else foreign,
    )
    return [money, *kept, owed] if receipt else [owed, money, *kept]


def _base_amount_given(
    data: dict[str, Any], *, currency: str, base: str, rate: Decimal
) -> Decimal | None:
    """The rupees the bank credited (debited) for a foreign amount, when given (ADR 0054). The
    rate has 6 places, so amount x rate cannot always reproduce them to the paisa: the given
    figure is kept for the money's line, provided the rate is that figure over the amount to
    the rate's precision (|amount x rate - rupees| at most half a unit of the rate's last
    place per unit of amount, plus half a paisa)."""
    given = data.get("amount_base")
    if given is None:
        return None
    amount = data["amount"]
    if currency == base:
        if given != amount:
            raise _invalid(
                "A base-currency payment's base amount is its amount.",
                "amount_base",
                "Must equal the amount.",
            )
        return None
    if given <= 0 or given != round_money(given):
        raise _invalid(
            "The rupees credited or debited are more than zero, to the paisa.",
            "amount_base",
            "Must be positive, at most two decimal places.",
        )
    slack = amount * RATE_HALF_UNIT + HALF_PAISA
    if abs(amount * rate - given) > slack:
        raise _invalid(
            f"{given} is not {amount} {currency} at {rate}: the rate is the rupees over the "
            "foreign amount.",
            "amount_base",
            f"Does not match the rate: {amount} x {rate} = {round_money(amount * rate)}.",
        )
    return given


def payment_create(*, user: Any, kind: str, data: dict[str, Any]) -> Payment:
    """Record and post a receipt or payment, with optional deductions (TDS, discount, charges
    kept back by the party) and allocations (up to the settled amount: money + deductions)."""
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
        if data["amount"] <= 0:
            raise _invalid(
                "The amount received or paid is more than zero.", "amount", "Must be positive."
            )
        base = base_currency()
        currency = data.get("currency") or base
        rate = data.get("exchange_rate") or Decimal(1)
        if currency == base and rate != 1:
            raise _invalid("A base-currency payment has rate 1.", "exchange_rate", "Must be 1.")
        given = _base_amount_given(data, currency=currency, base=base, rate=rate)
        rows: Sequence[dict[str, Any]] = data.get("deductions") or []
        errors = _deductions_check(rows=rows, account=account, currency=currency)
        if errors:
            raise ApplicationError(
                "Check the deductions: " + " ".join(m for ms in errors.values() for m in ms),
                code="invalid_deduction",
                fields=errors,
            )
        settled = data["amount"] + sum((row["amount"] for row in rows), ZERO)
        if settled >= AMOUNT_LIMIT or settled * rate >= AMOUNT_LIMIT:
            raise _invalid(
                "The amount with its deductions is too large for the ledger.",
                "amount",
                "Too large.",
            )
        # TDS is deducted on the value without GST (ADR 0060): what the user says, else the
        # taxable share of what this payment settles
        from tenant_apps.invoicing.services.tds import tds_base_default

        default_base = tds_base_default(
            settled=settled, rate=rate, allocations=data.get("allocations") or []
        )
        series, prefix = PAYMENT_SERIES[PaymentKind(kind)]
        deductions = [
            PaymentDeduction(
                position=position,
                account=row["account"],
                amount=row["amount"],
                amount_base=round_money(row["amount"] * rate),
                description=row.get("description", ""),
                cost_centre=row.get("cost_centre"),
                tds_section=row.get("tds_section") or "",
                tds_base=(row.get("tds_base") or default_base)
                if row["account"].role in TDS_ROLES
                else None,
                created_by=user,
                updated_by=user,
            )
            for position, row in enumerate(rows)
        ]
        payment = Payment(
            kind=kind,
            partner=partner,
            date=data["date"],
            mode=data.get("mode") or "bank_transfer",
            reference=data.get("reference", ""),
            amount=data["amount"],
            currency=currency,
            exchange_rate=rate,
            base_amount_given=given,
            account=account,
            deductions_total=sum((d.amount for d in deductions), ZERO),
            deductions_base=sum((d.amount_base for d in deductions), ZERO),
            notes=data.get("notes", ""),
            created_by=user,
            updated_by=user,
        )
        payment.number = sequence_next(series=series, on_date=payment.date, prefix=prefix)
        payment.save()
        for d in deductions:
            d.payment = payment
        PaymentDeduction.objects.bulk_create(deductions)
        party = "receivable" if kind == PaymentKind.RECEIPT else "payable"
        payment.journal_entry = ledger.entry_post(
            date=payment.date,
            narration=f"{payment.get_kind_display()} {payment.number} - {partner.name}",
            postings=_postings(payment=payment, deductions=deductions, party=party),
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
        # TDS of this payment deposited with the government (ADR 0048): the challan goes first.
        # The payment row's lock keeps a challan from taking its deductions meanwhile.
        deposited = sorted(
            PaymentDeduction.objects.filter(payment=payment, challan__isnull=False)
            .values_list("challan__number", flat=True)
            .distinct()
        )
        if deposited:
            raise ApplicationError(
                f"{payment}'s TDS is deposited in challan {', '.join(deposited)}: "
                "cancel the challan first.",
                code="deposited_in_challan",
            )
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
