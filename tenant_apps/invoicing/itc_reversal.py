"""Input credit on bills unpaid 180 days after their date, reversed and reclaimed (CGST Act
s.16(2) second proviso, CGST Rule 37; ADR 0074).

A recipient who has not paid a supplier the value of a supply and its tax within 180 days of
the invoice's date reverses the credit taken on it, in proportion to what is unpaid, in the
return of the month after the one in which the 180 days ran out; once paid, the credit is taken
again. A month's run settles each bill's reversed credit at what it should be at the month's
end:

    should_be = eligible input tax x min(1, open / value)      (per head, to the paisa)

for a bill whose 180 days ran out before the month began (nothing otherwise). `open` is the
bill's open amount in the base currency at the month's end, as the open items have it (payments,
TDS and debit notes allocated to it count as paid); `value` and the eligible input tax are the
bill's less its debit notes posted by then. What the posted runs reversed already is subtracted:
a positive difference is reversed now, a negative one reclaimed. A bill paid, cut by a debit
note or cancelled after its credit was reversed is thereby reclaimed by the next run.

Reverse-charge bills (the company paid the tax itself) and balances brought forward (their
credit was taken in the old books) are outside the rule.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, Sum

from tenant_apps.core.fields import round_money
from tenant_apps.invoicing.gst_payment import HEADS, month_end
from tenant_apps.invoicing.models import (
    Document,
    DocumentKind,
    DocumentStatus,
    ItcReversalLine,
    ItcReversalStatus,
)
from tenant_apps.invoicing.reports import _allocated_until
from tenant_apps.invoicing.selectors import allocation_base

DAYS = 180  # s.16(2) second proviso
ZERO = Decimal("0.00")
SHARE_PLACES = Decimal("0.000001")
Amounts = dict[str, Decimal]
MONEY = DecimalField(max_digits=20, decimal_places=4)


def expiry(bill_date: dt.date) -> dt.date:
    """The last day of the 180 days from the bill's date (the date itself is day 0)."""
    return bill_date + dt.timedelta(days=DAYS)


def cutoff(month: dt.date) -> dt.date:
    """Bills dated before this day had their 180 days run out before `month` began."""
    return month - dt.timedelta(days=DAYS)


@dataclass
class ReversalRow:
    document_id: int
    number: str
    reference: str
    partner_id: int
    party_name: str
    date: dt.date
    expiry: dt.date
    value: Decimal  # the bill's value in the base currency, less its debit notes
    open: Decimal  # open at the month's end, base currency
    share: Decimal  # min(1, open / value), six places
    eligible: Amounts  # the input tax taken on it, less its debit notes'
    should_be: Amounts  # reversed credit it should carry at the month's end
    before: Amounts  # reversed credit the posted runs left on it
    change: Amounts  # should_be - before: + reversed now, - reclaimed now

    @property
    def total(self) -> Decimal:
        return sum(self.change.values(), ZERO)

    @property
    def kind(self) -> str:
        return "reversal" if self.total > 0 else "reclaim"


def _eligible_tax(ids: set[int], end: dt.date) -> tuple[dict[int, Amounts], dict[int, Decimal]]:
    """Per bill: the input tax it took (the lines' tax less its blocked lines', at its rate,
    rounded per head as its entry posted it) less its debit notes' posted by `end` and not
    cancelled by then; and its value less theirs."""
    tax: dict[int, Amounts] = defaultdict(lambda: dict.fromkeys(HEADS, ZERO))
    value: dict[int, Decimal] = defaultdict(lambda: ZERO)
    blocked = {
        h: Sum(F(f"lines__{h}"), filter=Q(lines__itc_eligible=False), default=ZERO) for h in HEADS
    }
    live = Q(cancel_date__isnull=True) | Q(cancel_date__gt=end)
    documents = (
        Document.objects.filter(
            Q(pk__in=ids)
            | Q(
                original_id__in=ids,
                kind=DocumentKind.DEBIT_NOTE,
                date__lte=end,
            )
            & ~Q(status=DocumentStatus.DRAFT)
            & live
        )
        .order_by()
        .values("pk", "original_id", "exchange_rate", "total_base", *(f"{h}_total" for h in HEADS))
        .annotate(**{f"blocked_{h}": expr for h, expr in blocked.items()})
    )
    for d in documents:
        bill = d["original_id"] if d["pk"] not in ids else d["pk"]
        sign = 1 if d["pk"] in ids else -1
        value[bill] += sign * d["total_base"]
        for h in HEADS:
            amount = round_money((d[f"{h}_total"] - d[f"blocked_{h}"]) * d["exchange_rate"])
            tax[bill][h] += sign * amount
    return tax, value


def reversed_before() -> dict[int, Amounts]:
    """Per bill, the credit the posted runs left reversed (non-zero ones only)."""
    rows: Any = (
        ItcReversalLine.objects.filter(run__status=ItcReversalStatus.POSTED)
        .order_by()
        .values("document_id")
        .annotate(**{h: Sum(h) for h in HEADS})
    )
    return {r["document_id"]: {h: r[h] for h in HEADS} for r in rows if any(r[h] for h in HEADS)}


def itc_reversal_preview(month: dt.date) -> list[ReversalRow]:
    """The bills whose reversed credit changes at the end of `month` (its first day), by bill
    date. Four queries."""
    end = month_end(month)
    before = reversed_before()
    open_base = ExpressionWrapper(
        F("total_base")
        - _allocated_until(end, allocation_base("amount_base"), document=OuterRef("pk")),
        output_field=MONEY,
    )
    due = (
        Document.objects.filter(
            kind=DocumentKind.BILL,
            date__lt=cutoff(month),
            is_opening=False,
            reverse_charge=False,
        )
        .exclude(status=DocumentStatus.DRAFT)
        .annotate(open_base=open_base)
        .filter(Q(open_base__gt=0) | Q(pk__in=list(before)))
    )
    # a bill reversed by an earlier run is older than this month's cutoff too (runs go in
    # month order), so every bill with reversed credit is among these
    bills = {d.pk: d for d in due.order_by("date", "id")}
    tax, value = _eligible_tax(set(bills), end)
    rows: list[ReversalRow] = []
    for pk, bill in bills.items():
        worth = value[pk]
        open_ = max(bill.open_base, ZERO)
        fraction = min(open_ / worth, Decimal(1)) if worth > 0 else Decimal(0)
        eligible = {h: max(tax[pk][h], ZERO) for h in HEADS}
        should_be = {h: round_money(eligible[h] * fraction) for h in HEADS}
        was = before.get(pk, dict.fromkeys(HEADS, ZERO))
        change = {h: should_be[h] - was[h] for h in HEADS}
        if not any(change.values()):
            continue
        rows.append(
            ReversalRow(
                document_id=pk,
                number=bill.number,
                reference=bill.reference,
                partner_id=bill.partner_id,
                party_name=bill.party_name,
                date=bill.date,
                expiry=expiry(bill.date),
                value=round_money(worth),
                open=round_money(open_),
                share=fraction.quantize(SHARE_PLACES),
                eligible=eligible,
                should_be=should_be,
                before=was,
                change=change,
            )
        )
    return rows


def totals(rows: list[ReversalRow]) -> tuple[Amounts, Amounts]:
    """(reversed, reclaimed) per head, each positive: a row's head counts on the side its
    change is."""
    reversed_ = dict.fromkeys(HEADS, ZERO)
    reclaimed = dict.fromkeys(HEADS, ZERO)
    for row in rows:
        for h in HEADS:
            if row.change[h] > 0:
                reversed_[h] += row.change[h]
            else:
                reclaimed[h] -= row.change[h]
    return (
        {h: round_money(v) for h, v in reversed_.items()},
        {h: round_money(v) for h, v in reclaimed.items()},
    )


def reported(date_from: dt.date, date_to: dt.date) -> tuple[Amounts, Amounts]:
    """(reversed, reclaimed) per head by the posted runs dated in the period: GSTR-3B 4(B)(2)
    and 4(D)(1)."""
    lines = ItcReversalLine.objects.filter(
        run__status=ItcReversalStatus.POSTED, run__date__gte=date_from, run__date__lte=date_to
    )
    sums = lines.aggregate(
        **{f"up_{h}": Sum(h, filter=Q(**{f"{h}__gt": 0}), default=ZERO) for h in HEADS},
        **{f"down_{h}": Sum(h, filter=Q(**{f"{h}__lt": 0}), default=ZERO) for h in HEADS},
    )
    return (
        {h: round_money(sums[f"up_{h}"]) for h in HEADS},
        {h: round_money(-sums[f"down_{h}"]) for h in HEADS},
    )
