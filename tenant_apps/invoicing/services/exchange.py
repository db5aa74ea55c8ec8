"""Realised exchange differences on foreign-currency settlement (ADR 0043).

An allocation of a foreign amount clears the document at the DOCUMENT's rate and uses the
payment (or note) at ITS rate. The two base-currency values differ when the rates differ; the
difference is a realised exchange gain or loss, posted in the allocation's transaction as one
journal entry (series `FX`): the party's receivable/payable line (with `partner_id`, so the
party's base-currency balance keeps equal to its open items) against the `exchange_difference`
account.

    invoice USD 1,000 at 83.00 = INR 83,000; receipt USD 1,000 at 84.00 = INR 84,000
    -> Dr receivable (customer) 1,000 / Cr exchange gain/loss 1,000   (a gain)

Each side's base value is `round(amount x rate, 2)` per allocation, except the piece that
settles the rest of a document, payment or note: it takes exactly what is left of that item's
base amount, so a settled item is zero in the base currency too (rounding paise end up in the
exchange difference, as in Tally and ERPNext).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from tenant_apps.core.fields import round_money
from tenant_apps.invoicing import ledger
from tenant_apps.invoicing.ledger import Posting
from tenant_apps.invoicing.models import Allocation, Document, Payment
from tenant_apps.invoicing.selectors import allocation_base

ZERO = Decimal("0")
EXCHANGE_SERIES = "FX"
EXCHANGE_ROLE = "exchange_difference"


@dataclass(frozen=True)
class Valuation:
    """An allocation in the base currency: what it clears of the document, what it uses of
    the payment or note, and the realised gain (+) or loss (-) between the two."""

    amount_base: Decimal
    source_amount_base: Decimal
    gain: Decimal


def base_share(
    *, amount: Decimal, open_before: Decimal, base_total: Decimal, base_used: Decimal, rate: Decimal
) -> Decimal:
    """The base value of `amount` taken from an item with `open_before` open: at its rate,
    rounded to paise; the piece that settles the item takes what is left of its base total."""
    if amount == open_before:
        return base_total - base_used
    return round_money(amount * rate)


def _base_used(field: str, **match: Any) -> Decimal:
    used = Allocation.objects.live().filter(**match).aggregate(s=Sum(allocation_base(field)))["s"]
    return used or ZERO


def allocation_value(
    *, target: Document, amount: Decimal, payment: Payment | None, note: Document | None
) -> Valuation:
    """Value an allocation of `amount` before it is written (the items are locked and their
    open amounts not yet reduced)."""
    amount_base = base_share(
        amount=amount,
        open_before=target.amount_open,
        base_total=target.total_base,
        base_used=_base_used("amount_base", document=target),
        rate=target.exchange_rate,
    )
    if payment is not None:
        source_base = base_share(
            amount=amount,
            # a payment settles its money and its deductions (ADR 0045), all at its rate
            open_before=payment.amount_unallocated,
            base_total=payment.settled_base,
            base_used=_base_used("source_amount_base", payment=payment),
            rate=payment.exchange_rate,
        )
    else:
        assert note is not None
        source_base = base_share(
            amount=amount,
            open_before=note.amount_open,
            base_total=note.total_base,
            base_used=_base_used("source_amount_base", note=note),
            rate=note.exchange_rate,
        )
    # Receivable side: the receipt (credit note) credited `source_base` to the customer, the
    # invoice is cleared by `amount_base`; more money in than booked is a gain. Payable side:
    # paying more than the bill was booked at is a loss.
    difference = source_base - amount_base
    gain = difference if target.is_sales() else -difference
    return Valuation(amount_base=amount_base, source_amount_base=source_base, gain=gain)


def _rate(rate: Decimal) -> str:
    return f"{rate.normalize():f}"


def exchange_entry_post(
    *,
    target: Document,
    source: Payment | Document,
    amount: Decimal,
    gain: Decimal,
    date: dt.date,
    user: Any,
) -> Any:
    """Post the realised gain (Dr party, Cr exchange difference) or loss (the reverse). The
    lines carry no foreign amount: the difference exists only in the base currency."""
    party_role = "receivable" if target.is_sales() else "payable"
    word = "gain" if gain > 0 else "loss"
    narration = (
        f"Exchange {word} on {target.number}: {target.currency} {amount:,.2f} booked at "
        f"{_rate(target.exchange_rate)}, settled by {source.number} at "
        f"{_rate(source.exchange_rate)}"
    )
    size = abs(gain)
    party = Posting(
        account=party_role,
        partner_id=target.partner_id,
        description=f"{source.number} on {target.number} {target.party_name}",
        amount_currency=ZERO,
    )
    difference = Posting(
        account=EXCHANGE_ROLE,
        description=f"Exchange {word} {source.number} on {target.number}",
        amount_currency=ZERO,
    )
    if gain > 0:
        postings = [
            Posting(**{**party.__dict__, "debit": size}),
            Posting(**{**difference.__dict__, "credit": size}),
        ]
    else:
        postings = [
            Posting(**{**difference.__dict__, "debit": size}),
            Posting(**{**party.__dict__, "credit": size}),
        ]
    return ledger.entry_post(
        date=date,
        narration=narration,
        postings=postings,
        # the payment's or note's own source type: the ledger drills down to its page
        source_type=f"invoicing.{source.kind}",
        source_id=source.pk,
        series=EXCHANGE_SERIES,
        currency=target.currency,
        exchange_rate=source.exchange_rate,
        user=user,
    )
