"""Period-end revaluation of open foreign-currency items: unrealised exchange differences
(AS 11 / Ind AS 21; ADR 0047).

On a date D (normally a period end) every open foreign-currency item — invoices and bills,
credit and debit notes, unallocated receipts and payments (advances) — is restated at the
closing rate the user enters per currency:

    revalued = round(open amount x closing rate, 2)      difference = revalued - booked

where `booked` is the item's open base amount as `reports.open_items` computes it on D. Per side
and currency the differences post to a contra ledger beside the party accounts (never to the
party control accounts, so a party's balance stays equal to its open items) against
`exchange_unrealised`:

    invoice USD 1,000 booked at 83.00 (83,000), closing rate 84.00 (84,000): +1,000
      Dr 1132 Receivables - FX Revaluation 1,000 / Cr 5285 Unrealised Exchange Gain/Loss 1,000
    bill USD 500 booked at 82.00 (41,000), closing rate 84.00 (42,000): we owe 1,000 more
      Dr 5285 Unrealised Exchange Gain/Loss 1,000 / Cr 2112 Payables - FX Revaluation 1,000

One entry (series FXR) dated D and its reversal dated D + 1, in one transaction: the next
period starts again from the booked rates, so realised differences (ADR 0043) stay right.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.fields import RATE_DECIMAL_PLACES, RATE_MAX_DIGITS, round_money
from tenant_apps.core.selectors import base_currency
from tenant_apps.invoicing import ledger, reports
from tenant_apps.invoicing.ledger import Posting
from tenant_apps.invoicing.models import (
    Document,
    DocumentStatus,
    Payment,
    PaymentKind,
    Revaluation,
    RevaluationLine,
    RevaluationSide,
    RevaluationStatus,
)
from tenant_apps.partners.models import Partner

ZERO = Decimal("0")
REVALUATION_SERIES = "FXR"
SOURCE_TYPE = "invoicing.revaluation"
UNREALISED_ROLE = "exchange_unrealised"
SIDE_ROLE = {
    RevaluationSide.RECEIVABLE: "receivable_revaluation",
    RevaluationSide.PAYABLE: "payable_revaluation",
}
SIDE_WORD = {RevaluationSide.RECEIVABLE: "Receivables", RevaluationSide.PAYABLE: "Payables"}
PAYMENT_KINDS = (PaymentKind.RECEIPT, PaymentKind.PAYMENT)
RATE_QUANTUM = Decimal(1).scaleb(-RATE_DECIMAL_PLACES)
RATE_LIMIT = Decimal(10) ** (RATE_MAX_DIGITS - RATE_DECIMAL_PLACES)


@dataclass(frozen=True)
class PreviewLine:
    side: str
    partner_id: int
    partner_code: str
    partner_name: str
    kind: str  # invoice, bill, credit_note, debit_note, receipt, payment
    item_id: int
    number: str
    item_date: dt.date
    currency: str
    rate: Decimal
    open_amount: Decimal  # signed as open items: + raises the party's balance
    booked_base: Decimal
    revalued_base: Decimal
    difference: Decimal

    @property
    def is_payment(self) -> bool:
        return self.kind in PAYMENT_KINDS


@dataclass
class Preview:
    date: dt.date
    reversal_date: dt.date
    base: str  # the base currency: what the entry posts in
    rates: dict[str, Decimal]
    lines: list[PreviewLine]
    # (side, currency) -> sum of the differences: what the entry posts (when not zero)
    sums: dict[tuple[str, str], Decimal] = field(default_factory=dict)

    def side_total(self, side: str) -> Decimal:
        return sum((v for (s, _), v in self.sums.items() if s == side), ZERO)

    @property
    def totals(self) -> list[dict[str, Any]]:
        """Per side and currency (receivables first): the sums of the lines."""
        out = []
        for (side, currency), difference in sorted(self.sums.items(), key=_side_order):
            lines = [x for x in self.lines if (x.side, x.currency) == (side, currency)]
            out.append(
                {
                    "side": side,
                    "currency": currency,
                    "rate": self.rates[currency],
                    "open_amount": sum((x.open_amount for x in lines), ZERO),
                    "booked_base": sum((x.booked_base for x in lines), ZERO),
                    "revalued_base": sum((x.revalued_base for x in lines), ZERO),
                    "difference": difference,
                }
            )
        return out


def _side_order(item: tuple[tuple[str, str], Decimal]) -> tuple[bool, str]:
    """Receivables first, then payables; by currency code within a side."""
    (side, currency), _ = item
    return (side != RevaluationSide.RECEIVABLE, currency)


def _foreign_items(*, date: dt.date, base: str) -> list[tuple[str, reports.OpenItem]]:
    return [
        (side, item)
        for side in (RevaluationSide.RECEIVABLE, RevaluationSide.PAYABLE)
        for item in reports.open_items(side=side, as_of=date)
        if item.currency != base and item.open
    ]


def revaluation_currencies(*, date: dt.date) -> list[dict[str, Any]]:
    """The foreign currencies with open items on `date`: how many on each side, and the last
    rate a posted document or payment used on or before it (a hint for the closing rate)."""
    base = base_currency()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"receivable": 0, "payable": 0})
    for side, item in _foreign_items(date=date, base=base):
        counts[item.currency][side] += 1
    out = []
    for currency in sorted(counts):
        last: list[tuple[dt.date, int, Decimal]] = []
        document = (
            Document.objects.filter(currency=currency, date__lte=date)
            .exclude(status=DocumentStatus.DRAFT)
            .order_by("-date", "-id")
            .values_list("date", "id", "exchange_rate")
            .first()
        )
        payment = (
            Payment.objects.filter(currency=currency, date__lte=date)
            .order_by("-date", "-id")
            .values_list("date", "id", "exchange_rate")
            .first()
        )
        last = [row for row in (document, payment) if row is not None]
        out.append(
            {
                "currency": currency,
                "receivable_items": counts[currency]["receivable"],
                "payable_items": counts[currency]["payable"],
                "last_rate": max(last)[2] if last else None,
            }
        )
    return out


def _rates_check(*, rates: dict[str, Decimal], needed: set[str], base: str) -> dict[str, Decimal]:
    """The closing rates of the currencies with open items; 400 naming each bad one."""
    for currency, rate in sorted(rates.items()):
        where = f"rates.{currency}"
        if currency == base:
            message = f"{base} is the base currency: it is not revalued."
            raise ApplicationError(message, code="base_currency_rate", fields={where: [message]})
        if rate <= 0 or rate != rate.quantize(RATE_QUANTUM) or rate >= RATE_LIMIT:
            message = (
                f"A closing rate is positive, below {RATE_LIMIT:,} with at most "
                f"{RATE_DECIMAL_PLACES} decimal places."
            )
            raise ApplicationError(message, code="invalid_rate", fields={where: [message]})
    missing = sorted(needed - set(rates))
    if missing:
        raise ApplicationError(
            f"Enter the closing rate for {', '.join(missing)}: there are open items in it.",
            code="rate_missing",
            fields={f"rates.{c}": [f"Enter the closing rate (₹ per {c})."] for c in missing},
        )
    return {c: rates[c] for c in sorted(needed)}


def revaluation_preview(*, date: dt.date, rates: dict[str, Decimal]) -> Preview:
    """What a revaluation on `date` at `rates` would post, item by item; writes nothing.
    400: `base_currency_rate`, `invalid_rate`, `rate_missing`."""
    base = base_currency()
    items = _foreign_items(date=date, base=base)
    used = _rates_check(rates=rates, needed={i.currency for _, i in items}, base=base)
    partners = {
        p.pk: p
        for p in Partner.objects.filter(pk__in={i.partner_id for _, i in items}).only(
            "code", "name"
        )
    }
    lines: list[PreviewLine] = []
    sums: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for side, item in items:
        rate = used[item.currency]
        revalued = round_money(item.open * rate)
        partner = partners[item.partner_id]
        line = PreviewLine(
            side=side,
            partner_id=item.partner_id,
            partner_code=partner.code,
            partner_name=partner.name,
            kind=item.kind,
            item_id=item.id,
            number=item.number,
            item_date=item.date,
            currency=item.currency,
            rate=rate,
            open_amount=item.open,
            booked_base=item.open_base,
            revalued_base=revalued,
            difference=revalued - item.open_base,
        )
        lines.append(line)
        sums[(side, item.currency)] += line.difference
    lines.sort(key=lambda x: (x.side != "receivable", x.currency, x.partner_name, x.item_date))
    return Preview(
        date=date,
        reversal_date=date + dt.timedelta(days=1),
        base=base,
        rates=used,
        lines=lines,
        sums=dict(sums),
    )


def _rate_text(rate: Decimal) -> str:
    return f"{rate.normalize():f}"


def _postings(preview: Preview) -> list[Posting]:
    """Per side and currency: the contra ledger against unrealised exchange gain/loss. A
    receivable worth more (+) is a gain, a payable worth more (+) a loss."""
    postings: list[Posting] = []
    for (side, currency), amount in sorted(preview.sums.items(), key=_side_order):
        if not amount:
            continue
        rate = _rate_text(preview.rates[currency])
        # a receivable worth more (+) is a gain, a payable worth less (-) too; a gain debits the
        # contra ledger (raising receivables, lowering payables)
        gain = amount > 0 if side == RevaluationSide.RECEIVABLE else amount < 0
        text = (
            f"{SIDE_WORD[RevaluationSide(side)]} in {currency} restated at {rate}: "
            f"unrealised {'gain' if gain else 'loss'}"
        )
        contra = Posting(account=SIDE_ROLE[RevaluationSide(side)], description=text)
        unrealised = Posting(account=UNREALISED_ROLE, description=text)
        size = abs(amount)
        if gain:
            postings += [
                Posting(**{**contra.__dict__, "debit": size}),
                Posting(**{**unrealised.__dict__, "credit": size}),
            ]
        else:
            postings += [
                Posting(**{**unrealised.__dict__, "debit": size}),
                Posting(**{**contra.__dict__, "credit": size}),
            ]
    return postings


def revaluation_post(*, date: dt.date, rates: dict[str, Decimal], user: Any) -> Revaluation:
    """Post the revaluation on `date` and its reversal on the next day, with one line per
    item restated. All or nothing: 400 `nothing_to_revalue`, `already_revalued`, the
    preview's rate refusals, and the ledger's `period_locked` / `no_fiscal_year` for either
    day.

    Two runs for the same date: the partial unique index on the posted revaluation's date is
    the gate. The row is inserted before anything is posted; a concurrent run's insert waits
    for the first transaction and then fails, so it rolls back having posted nothing."""
    with transaction.atomic(durable=True):
        preview = revaluation_preview(date=date, rates=rates)
        if not any(preview.sums.values()):
            raise ApplicationError(
                f"Nothing to revalue on {date:%d %b %Y}: no open foreign-currency item differs "
                "from its booked value at these rates.",
                code="nothing_to_revalue",
            )
        already = ApplicationError(
            f"The open items were already revalued on {date:%d %b %Y}.",
            code="already_revalued",
            fields={"date": ["Already revalued on this date."]},
        )
        if Revaluation.objects.filter(date=date, status=RevaluationStatus.POSTED).exists():
            raise already
        try:
            with transaction.atomic():
                revaluation = Revaluation.objects.create(
                    date=date,
                    reversal_date=preview.reversal_date,
                    rates={c: str(r) for c, r in preview.rates.items()},
                    receivable_difference=preview.side_total(RevaluationSide.RECEIVABLE),
                    payable_difference=preview.side_total(RevaluationSide.PAYABLE),
                    created_by=user,
                    updated_by=user,
                )
        except IntegrityError as exc:  # a concurrent run committed first
            raise already from exc
        narration = (
            f"Exchange revaluation of open foreign-currency items on {date:%d %b %Y} at "
            + (", ".join(f"{c} {_rate_text(r)}" for c, r in preview.rates.items()))
        )
        entry = ledger.entry_post(
            date=date,
            narration=narration,
            postings=_postings(preview),
            source_type=SOURCE_TYPE,
            source_id=revaluation.pk,
            series=REVALUATION_SERIES,
            currency=preview.base,
            exchange_rate=Decimal(1),
            user=user,
        )
        reversal = ledger.entry_reverse(
            entry=entry,
            date=preview.reversal_date,
            user=user,
            reason="unrealised exchange differences reversed on the next day",
        )
        RevaluationLine.objects.bulk_create(
            [
                RevaluationLine(
                    revaluation=revaluation,
                    side=x.side,
                    partner_id=x.partner_id,
                    document_id=None if x.is_payment else x.item_id,
                    payment_id=x.item_id if x.is_payment else None,
                    currency=x.currency,
                    rate=x.rate,
                    open_amount=x.open_amount,
                    booked_base=x.booked_base,
                    revalued_base=x.revalued_base,
                    difference=x.difference,
                    created_by=user,
                    updated_by=user,
                )
                for x in preview.lines
            ]
        )
        revaluation.entry = entry
        revaluation.reversal_entry = reversal
        revaluation.save(update_fields=["entry", "reversal_entry", "updated_at"])
    return revaluation


def revaluation_cancel(*, revaluation_id: int, user: Any) -> Revaluation:
    """Cancel a posted revaluation (a wrong closing rate): post the entry's mirror image dated
    its date and reverse its reversal on the next day, so neither day keeps anything of it, and
    free the date for a new run. 400: `invalid_state` (already cancelled), the ledger's
    `period_locked` / `no_fiscal_year` for either day; nothing is written then."""
    with transaction.atomic(durable=True):
        revaluation = (
            Revaluation.objects.select_for_update(of=("self",))
            .select_related("entry", "reversal_entry")
            .get(pk=revaluation_id)
        )
        entry, reversal = revaluation.entry, revaluation.reversal_entry
        if revaluation.status != RevaluationStatus.POSTED or entry is None or reversal is None:
            raise ApplicationError(f"{revaluation} is already cancelled.", code="invalid_state")
        mirror = [
            Posting(
                account=line.account,
                debit=line.credit,
                credit=line.debit,
                description=line.description,
            )
            for line in entry.lines.select_related("account").order_by("line_no")
        ]
        cancel_entry = ledger.entry_post(
            date=revaluation.date,
            narration=f"Cancellation of {entry.number}: {entry.narration}"[:500],
            postings=mirror,
            source_type=SOURCE_TYPE,
            source_id=revaluation.pk,
            series=REVALUATION_SERIES,
            currency=entry.currency,
            exchange_rate=entry.exchange_rate,
            user=user,
        )
        cancel_reversal = ledger.entry_reverse(
            entry=reversal,
            date=revaluation.reversal_date,
            user=user,
            reason=f"revaluation of {revaluation.date:%d %b %Y} cancelled",
        )
        revaluation.status = RevaluationStatus.CANCELLED
        revaluation.cancel_entry = cancel_entry
        revaluation.cancel_reversal_entry = cancel_reversal
        revaluation.cancelled_at = timezone.now()
        revaluation.updated_by = user
        revaluation.save(
            update_fields=[
                "status",
                "cancel_entry",
                "cancel_reversal_entry",
                "cancelled_at",
                "updated_by",
                "updated_at",
            ]
        )
    return revaluation
