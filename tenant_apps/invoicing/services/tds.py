"""TDS deposit challans (what we deducted from vendors) and Form 16A certificates (what customers
deducted from us), ADR 0048.

A challan (ITNS 281) deposits the TDS payable of one section: the deductions it carries leave
TDS payable, interest and late fee (if any) go to the expense ledgers the user chose, and the
bank or cash account pays the whole:

    Dr TDS payable 3,000 (one line per vendor) · Dr interest 45 · Cr bank 3,045

A deduction is deposited at most once: `PaymentDeduction.challan` is one column, set here
under row locks taken in one order — the payments (id order), then their deductions (id order)
— the order `payment_cancel` takes too, so a payment cannot be cancelled while its deduction
goes into a challan. Cancelling a challan reverses its entry and releases its deductions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.fields import round_money
from tenant_apps.core.selectors import base_currency
from tenant_apps.core.services import sequence_next
from tenant_apps.invoicing import ledger
from tenant_apps.invoicing.ledger import Posting
from tenant_apps.invoicing.models import (
    TDS_ROLES,
    Allocation,
    ChallanStatus,
    Payment,
    PaymentDeduction,
    PaymentKind,
    PaymentStatus,
    TdsChallan,
)
from tenant_apps.invoicing.services.payments import AMOUNT_LIMIT, CASH_ROLES

ZERO = Decimal("0")
CHALLAN_SERIES = ("chl", "CHL")
MAX_CHALLAN_DEDUCTIONS = 500
MAX_CERTIFICATE_DEDUCTIONS = 200
BSR_RE = re.compile(r"^[0-9]{7}$")
SERIAL_RE = re.compile(r"^[0-9]{5}$")


def _refuse(detail: str, fields: dict[str, list[str]], code: str = "invalid") -> ApplicationError:
    return ApplicationError(detail, code=code, fields=fields)


def deposit_due_date(day: dt.date) -> dt.date:
    """When TDS deducted on `day` is due to the government: the 7th of the next month, and
    30 April for what was deducted in March."""
    if day.month == 3:
        return dt.date(day.year, 4, 30)
    if day.month == 12:
        return dt.date(day.year + 1, 1, 7)
    return dt.date(day.year, day.month + 1, 7)


INTEREST_RATE = Decimal("0.015")  # section 201(1A)(ii): 1.5% a month or part of a month


def tds_interest_months(deduction_date: dt.date, deposit_date: dt.date) -> int:
    """Months of interest on TDS deducted on `deduction_date` and deposited on `deposit_date`:
    0 when deposited by the due date; otherwise every calendar month from the month of
    deduction to the month of deposit, both counted whole (TRACES' reading, ADR 0054):
    deducted 15 April, deposited 8 May -> April and May = 2."""
    if deposit_date <= deposit_due_date(deduction_date):
        return 0
    return months_touched(deduction_date, deposit_date)


def months_touched(start: dt.date, end: dt.date) -> int:
    """Calendar months from `start`'s to `end`'s, both counted whole ("a month or part of a
    month" as TRACES reads it): 10 April to 15 May is 2."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def tds_deduction_interest(
    amount: Decimal, deduction_date: dt.date, deposit_date: dt.date
) -> Decimal:
    """Interest on one deduction, to the paisa: amount x 1.5% x months."""
    months = tds_interest_months(deduction_date, deposit_date)
    return round_money(amount * INTEREST_RATE * months)


def tds_interest(deductions: Sequence[tuple[dt.date, Decimal]], deposit_date: dt.date) -> Decimal:
    """Interest under section 201(1A) on the deductions (date of deduction, TDS amount) deposited
    on `deposit_date`: each deduction's interest (to the paisa) summed, the total rounded to the
    nearest rupee, half up (challans are paid in whole rupees; ADR 0054)."""
    total = sum(
        (tds_deduction_interest(amount, day, deposit_date) for day, amount in deductions), ZERO
    )
    return total.quantize(Decimal(1), rounding=ROUND_HALF_UP)


LATE_DEDUCTION_RATE = Decimal("0.01")  # section 201(1A)(i): 1% a month or part of a month


def tds_deductible_date(payment_date: dt.date, bill_dates: Sequence[dt.date]) -> dt.date:
    """When the TDS of a vendor payment became deductible (194C, 194J, 194H, 194I, 194Q...: at
    the credit of the sum to the payee's account or its payment, whichever is earlier; ADR
    0057): the earliest of the payment's date and the dates of the bills it settled (a bill
    posted credits the vendor's account on its date)."""
    return min([payment_date, *bill_dates])


def tds_late_deduction_months(deductible_date: dt.date, deduction_date: dt.date) -> int:
    """Months of interest under section 201(1A)(i) on TDS deductible on `deductible_date` and
    deducted on `deduction_date`: 0 when deducted that day; otherwise every calendar month from
    the one it was deductible in to the one it was deducted in, both counted whole (the reading
    of ADR 0054): bill of 10 April, paid less TDS on 15 May -> April and May = 2."""
    if deduction_date <= deductible_date:
        return 0
    return months_touched(deductible_date, deduction_date)


def tds_late_deduction_interest(
    amount: Decimal, deductible_date: dt.date, deduction_date: dt.date
) -> Decimal:
    """Interest for late deduction on one deduction, to the paisa: amount x 1% x months."""
    months = tds_late_deduction_months(deductible_date, deduction_date)
    return round_money(amount * LATE_DEDUCTION_RATE * months)


def tds_base_default(
    *, settled: Decimal, rate: Decimal, allocations: Iterable[tuple[Any, Decimal]]
) -> Decimal:
    """What a payment's TDS is deducted on when the user does not say (ADR 0060): the value of
    what it settles without GST (CBDT circular 23/2017: where the bill shows GST separately, TDS
    is on the amount excluding it), in the base currency.

    `settled` is what the payment settles in its currency (money + deductions) at `rate`;
    `allocations` are (document, amount in the document's currency) pairs — a document needs
    `pk`, `taxable_total`, `total` and `exchange_rate`, so historical models do too. Each
    document counts for the amount allocated to it x taxable value / total, at the document's
    rate, rounded to the paisa once (half up); what is not allocated (an advance) counts at face
    value at the payment's rate. A document without a taxable value (nothing to prorate) counts
    at face value too."""
    pieces: dict[Any, tuple[Any, Decimal]] = {}
    for document, amount in allocations:
        kept, total = pieces.get(document.pk, (document, ZERO))
        pieces[document.pk] = (kept, total + amount)
    base = allocated = ZERO
    for document, amount in pieces.values():
        allocated += amount
        value = amount * document.exchange_rate
        if document.total > 0 and document.taxable_total > 0:
            value = value * document.taxable_total / document.total
        base += round_money(value)
    # allocations above the settled amount are refused later (over_allocation): no advance then
    base += round_money(max(settled - allocated, ZERO) * rate)
    return base if base > 0 else round_money(settled * rate)


def tds_base_backfill(*, batch_size: int = 500) -> int:
    """Give every TDS deduction without a base (TDS receivable or payable account, `tds_base`
    null: written before migration 0018, or by code from before it during a rollout) the
    default of `tds_base_default` from what its payment settled: the live allocations of a
    posted payment, all of a cancelled one's (they were reversed with it). In the current
    tenant, batches by id, each batch its own transaction. Returns how many rows it set."""
    rows = PaymentDeduction.objects.filter(
        tds_base__isnull=True, account__role__in=TDS_ROLES
    ).select_related("payment")
    done, last = 0, 0
    while True:
        batch = list(rows.filter(pk__gt=last).order_by("pk")[:batch_size])
        if not batch:
            return done
        last = batch[-1].pk
        settled_by: dict[int, list[tuple[Any, Decimal]]] = {}
        for a in (
            Allocation.objects.filter(payment_id__in={d.payment_id for d in batch})
            .filter(Q(reversed_on__isnull=True) | Q(payment__status=PaymentStatus.CANCELLED))
            .select_related("document")
            .order_by("pk")
        ):
            settled_by.setdefault(a.payment_id or 0, []).append((a.document, a.amount))
        for d in batch:
            p = d.payment
            d.tds_base = tds_base_default(
                settled=p.amount + p.deductions_total,
                rate=p.exchange_rate,
                allocations=settled_by.get(p.pk, []),
            )
        with transaction.atomic():
            # a row given its base meanwhile (by a concurrent run) keeps it
            for d in batch:
                done += PaymentDeduction.objects.filter(pk=d.pk, tds_base__isnull=True).update(
                    tds_base=d.tds_base
                )


def expense_ledger_check(account: Any, field: str, errors: dict[str, list[str]]) -> None:
    """Why `account` cannot take an interest or fee (TDS challans, GST payments), into
    `errors[field]`."""
    if account is None:
        errors[field] = ["Choose the expense ledger it is posted to."]
    elif account.is_group:
        errors[field] = [f"{account} is a group; choose a ledger."]
    elif not account.is_active:
        errors[field] = [f"{account} is inactive."]
    elif account.type != "expense":
        errors[field] = [f"{account} is not an expense ledger."]


def _lock_deductions(ids: Sequence[int]) -> dict[int, PaymentDeduction]:
    """Lock the deductions' payments (id order), then the deductions (id order)."""
    payment_ids = sorted(
        set(PaymentDeduction.objects.filter(pk__in=ids).values_list("payment_id", flat=True))
    )
    list(Payment.objects.select_for_update().filter(pk__in=payment_ids).order_by("pk"))
    return {
        d.pk: d
        for d in PaymentDeduction.objects.select_for_update(of=("self",))
        .select_related("payment", "payment__partner", "account")
        .filter(pk__in=ids)
        .order_by("pk")
    }


def tds_challan_create(*, user: Any, data: dict[str, Any]) -> TdsChallan:
    """Deposit the TDS of `data["deductions"]` (ids of vendor-side deductions of one section,
    not yet deposited) through a challan: number, entry, link. Refusals are 400s naming the
    field; nothing is written."""
    with transaction.atomic(durable=True):
        errors: dict[str, list[str]] = {}
        section = data["section"]
        bsr = str(data.get("bsr_code") or "")
        serial = str(data.get("serial_number") or "")
        if not BSR_RE.match(bsr):
            errors["bsr_code"] = ["The BSR code has exactly 7 digits."]
        if not SERIAL_RE.match(serial):
            errors["serial_number"] = ["The challan serial number has exactly 5 digits."]
        account = data["account"]
        if getattr(account, "role", None) not in CASH_ROLES or not account.is_active:
            errors["account"] = ["Pay from an active bank or cash account."]
        amounts: dict[str, Decimal] = {}
        for name in ("interest", "late_fee"):
            amount = data.get(name) or ZERO
            if amount < 0:
                errors[name] = ["Cannot be negative."]
            elif amount != round_money(amount):
                errors[name] = ["At most two decimal places."]
            elif amount > 0:
                expense_ledger_check(data.get(f"{name}_account"), f"{name}_account", errors)
            amounts[name] = amount
        ids = list(data.get("deductions") or [])
        if not ids:
            errors["deductions"] = ["Choose the deductions this challan deposits."]
        elif len(set(ids)) != len(ids):
            errors["deductions"] = ["A deduction appears twice."]
        elif len(ids) > MAX_CHALLAN_DEDUCTIONS:
            errors["deductions"] = [f"At most {MAX_CHALLAN_DEDUCTIONS} deductions."]
        if errors:
            raise _refuse(
                "Check the challan: " + " ".join(m for ms in errors.values() for m in ms), errors
            )

        locked = _lock_deductions(ids)
        date: dt.date = data["date"]
        for index, pk in enumerate(ids):
            d = locked.get(pk)
            where = f"deductions.{index}"
            if d is None:
                errors[where] = [f"Deduction {pk} does not exist."]
            elif d.payment.kind != PaymentKind.PAYMENT or d.account.role != "tds_payable":
                errors[where] = [f"{d.payment.number}: not TDS we deducted from a vendor."]
            elif d.payment.status != PaymentStatus.POSTED:
                errors[where] = [f"{d.payment.number} is cancelled."]
            elif d.tds_section != section:
                errors[where] = [
                    f"{d.payment.number} is TDS under {d.tds_section or 'no section'}, "
                    f"not {section}."
                ]
            elif d.challan_id is not None:
                errors[where] = [f"{d.payment.number}: already deposited."]
            elif d.payment.date > date:
                errors[where] = [f"{d.payment.number} is dated after the deposit."]
        if errors:
            code = (
                "already_deposited"
                if any("already deposited" in m for ms in errors.values() for m in ms)
                else "invalid_deduction"
            )
            raise _refuse(
                "Check the deductions: " + " ".join(m for ms in errors.values() for m in ms),
                errors,
                code=code,
            )
        deductions = [locked[pk] for pk in ids]
        tds_amount = sum((d.amount_base for d in deductions), ZERO)
        if tds_amount <= 0:
            raise _refuse("Nothing to deposit.", {"deductions": ["The TDS is zero."]})
        if tds_amount + amounts["interest"] + amounts["late_fee"] >= AMOUNT_LIMIT:
            raise _refuse("Too large for the ledger.", {"interest": ["Too large."]})
        challan = TdsChallan(
            date=date,
            section=section,
            bsr_code=bsr,
            serial_number=serial,
            account=account,
            tds_amount=tds_amount,
            interest=amounts["interest"],
            interest_account=data.get("interest_account") if amounts["interest"] else None,
            late_fee=amounts["late_fee"],
            late_fee_account=data.get("late_fee_account") if amounts["late_fee"] else None,
            notes=data.get("notes", ""),
            created_by=user,
            updated_by=user,
        )
        challan.number = sequence_next(
            series=CHALLAN_SERIES[0], on_date=date, prefix=CHALLAN_SERIES[1]
        )
        challan.save()
        challan.journal_entry = ledger.entry_post(
            date=date,
            narration=f"TDS challan {challan.number} - {section} BSR {bsr} serial {serial}",
            postings=_postings(challan=challan, deductions=deductions),
            source_type="invoicing.tds_challan",
            source_id=challan.pk,
            series="CHALLAN",
            currency=base_currency(),
            exchange_rate=Decimal(1),
            user=user,
        )
        challan.save(update_fields=["journal_entry"])
        PaymentDeduction.objects.filter(pk__in=ids, challan__isnull=True).update(
            challan=challan, updated_at=timezone.now(), updated_by=user
        )
        return challan


def _postings(*, challan: TdsChallan, deductions: Sequence[PaymentDeduction]) -> list[Posting]:
    """Dr TDS payable per vendor (with the vendor on the line, so TDS payable nets to zero per
    deductee), Dr interest and late fee, Cr the bank or cash account with the whole."""
    by_partner: dict[int, tuple[Any, str, Decimal]] = {}
    for d in deductions:
        account, name, amount = by_partner.get(
            d.payment.partner_id, (d.account, d.payment.partner.name, ZERO)
        )
        by_partner[d.payment.partner_id] = (account, name, amount + d.amount_base)
    lines = [
        Posting(
            account,
            debit=amount,
            partner_id=partner_id,
            description=f"{challan.number} TDS {challan.section} - {name}",
        )
        for partner_id, (account, name, amount) in sorted(by_partner.items())
    ]
    if challan.interest:
        lines.append(
            Posting(
                challan.interest_account,
                debit=challan.interest,
                description=f"{challan.number} interest on late deposit",
            )
        )
    if challan.late_fee:
        lines.append(
            Posting(
                challan.late_fee_account,
                debit=challan.late_fee,
                description=f"{challan.number} late fee",
            )
        )
    lines.append(
        Posting(
            challan.account,
            credit=challan.total,
            description=f"{challan.number} TDS deposit BSR {challan.bsr_code}",
        )
    )
    return lines


def tds_challan_cancel(
    *, user: Any, challan: TdsChallan, date: dt.date | None = None, reason: str = ""
) -> TdsChallan:
    """Reverse the challan's entry on `date` (default today) and release its deductions: they
    are pending again and can go into another challan."""
    with transaction.atomic(durable=True):
        challan = TdsChallan.objects.select_for_update().get(pk=challan.pk)
        if challan.status != ChallanStatus.POSTED:
            raise ApplicationError(f"{challan} is already cancelled.", code="not_open")
        date = date or timezone.localdate()
        if date < challan.date:
            raise _refuse("Cancel on or after the deposit date.", {"date": ["Too early."]})
        ledger.entry_reverse(
            entry=challan.journal_entry, date=date, user=user, reason=reason or "Cancelled"
        )
        PaymentDeduction.objects.filter(challan=challan).update(
            challan=None, updated_at=timezone.now(), updated_by=user
        )
        challan.status = ChallanStatus.CANCELLED
        challan.cancelled_at = timezone.now()
        challan.cancel_date = date
        challan.cancel_reason = reason[:200]
        challan.updated_by = user
        challan.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancel_date",
                "cancel_reason",
                "updated_by",
                "updated_at",
            ]
        )
        return challan


def _certificate_targets(ids: Sequence[int]) -> list[PaymentDeduction]:
    """Lock and check customer-side TDS deductions (TDS receivable, live receipts) of one
    customer."""
    errors: dict[str, list[str]] = {}
    if not ids:
        raise _refuse("Choose the deductions.", {"deductions": ["Choose at least one."]})
    if len(set(ids)) != len(ids):
        raise _refuse("A deduction appears twice.", {"deductions": ["A deduction appears twice."]})
    if len(ids) > MAX_CERTIFICATE_DEDUCTIONS:
        raise _refuse(
            "Too many deductions.", {"deductions": [f"At most {MAX_CERTIFICATE_DEDUCTIONS}."]}
        )
    locked = _lock_deductions(ids)
    partners = set()
    for index, pk in enumerate(ids):
        d = locked.get(pk)
        where = f"deductions.{index}"
        if d is None:
            errors[where] = [f"Deduction {pk} does not exist."]
        elif d.account.role != "tds_receivable" or not d.tds_section:
            errors[where] = [f"{d.payment.number}: not TDS a customer deducted."]
        elif d.payment.status != PaymentStatus.POSTED:
            errors[where] = [f"{d.payment.number} is cancelled."]
        else:
            partners.add(d.payment.partner_id)
    if not errors and len(partners) > 1:
        errors["deductions"] = ["One certificate is issued by one customer: choose theirs only."]
    if errors:
        raise _refuse(
            "Check the deductions: " + " ".join(m for ms in errors.values() for m in ms),
            errors,
            code="invalid_deduction",
        )
    return [locked[pk] for pk in ids]


def tds_certificate_record(
    *, user: Any, deductions: Sequence[int], number: str, date: dt.date
) -> list[PaymentDeduction]:
    """Record the Form 16A a customer issued for TDS it deducted (one or more deductions of that
    customer). Recording again replaces the number and date (a correction)."""
    with transaction.atomic(durable=True):
        number = (number or "").strip()
        errors: dict[str, list[str]] = {}
        if not number:
            errors["certificate_number"] = ["Enter the certificate number."]
        elif len(number) > 20:
            errors["certificate_number"] = ["At most 20 characters."]
        if date is None:
            errors["certificate_date"] = ["Enter the certificate date."]
        if errors:
            raise _refuse("Check the certificate.", errors)
        rows = _certificate_targets(list(deductions))
        PaymentDeduction.objects.filter(pk__in=[d.pk for d in rows]).update(
            certificate_number=number,
            certificate_date=date,
            updated_at=timezone.now(),
            updated_by=user,
        )
        return rows


def tds_certificate_clear(*, user: Any, deductions: Sequence[int]) -> list[PaymentDeduction]:
    """Clear the certificate of customer-side deductions (recorded by mistake): pending again."""
    with transaction.atomic(durable=True):
        rows = _certificate_targets(list(deductions))
        PaymentDeduction.objects.filter(pk__in=[d.pk for d in rows]).update(
            certificate_number="", certificate_date=None, updated_at=timezone.now(), updated_by=user
        )
        return rows
