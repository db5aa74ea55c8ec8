"""A month's GST liability set off against input credit and the rest paid in cash (ADR 0073).

The order of set-off is the law's (IGST Act s.4 read with CGST Act s.49, 49A, 49B and CGST Rule
88A):

- IGST credit goes first to IGST, and what is left of it to CGST and SGST (here first to the head
  whose own credit falls short, so no credit is stranded);
- only then CGST credit, to CGST and then IGST; SGST credit, to SGST and then IGST;
- CGST credit never pays SGST, nor SGST credit CGST; cess credit pays cess alone;
- the tax on reverse charge is paid in cash, never set off (s.49(4) and the ECL rules).

What remains of the liability is paid in cash; what remains of the credit is carried forward.
`set_off` is pure; `gst_payment_preview` reads the ledger balances at the month's end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q

ZERO = Decimal("0.00")
HEADS = ("igst", "cgst", "sgst", "cess")
Amounts = dict[str, Decimal]


@dataclass
class SetOff:
    liability: Amounts  # output tax to settle, per head
    credit: Amounts  # input credit available, per head
    reverse_charge: Amounts  # tax on reverse charge, paid in cash
    used: dict[str, Amounts] = field(default_factory=dict)  # credit head -> liability head
    cash: Amounts = field(default_factory=dict)  # output tax paid in cash
    carried: Amounts = field(default_factory=dict)  # credit left for the next month

    @property
    def credit_used(self) -> Amounts:
        return {h: sum(self.used[h].values(), ZERO) for h in HEADS}

    @property
    def cash_total(self) -> Decimal:
        return sum(self.cash.values(), ZERO) + sum(self.reverse_charge.values(), ZERO)

    def as_json(self) -> dict[str, Any]:
        def text(amounts: Amounts) -> dict[str, str]:
            return {h: str(amounts[h]) for h in HEADS}

        return {
            "liability": text(self.liability),
            "credit": text(self.credit),
            "reverse_charge": text(self.reverse_charge),
            "used": {h: text(self.used[h]) for h in HEADS},
            "cash": text(self.cash),
            "carried": text(self.carried),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SetOff:
        def amounts(values: dict[str, str]) -> Amounts:
            return {h: Decimal(values[h]) for h in HEADS}

        return cls(
            liability=amounts(data["liability"]),
            credit=amounts(data["credit"]),
            reverse_charge=amounts(data["reverse_charge"]),
            used={h: amounts(data["used"][h]) for h in HEADS},
            cash=amounts(data["cash"]),
            carried=amounts(data["carried"]),
        )


def set_off(*, liability: Amounts, credit: Amounts, reverse_charge: Amounts) -> SetOff:
    """The set-off of `credit` against `liability` in the law's order (module docstring).
    Negative figures count as nothing (a month of more credit notes than invoices owes none)."""
    owed = {h: max(liability.get(h, ZERO), ZERO) for h in HEADS}
    left = {h: max(credit.get(h, ZERO), ZERO) for h in HEADS}
    used = {h: dict.fromkeys(HEADS, ZERO) for h in HEADS}

    def use(source: str, target: str, cap: Decimal | None = None) -> None:
        amount = min(left[source], owed[target] if cap is None else min(cap, owed[target]))
        if amount > 0:
            left[source] -= amount
            owed[target] -= amount
            used[source][target] += amount

    use("igst", "igst")
    # what is left of IGST credit: first where CGST/SGST credit falls short, then anywhere
    for head in ("cgst", "sgst"):
        use("igst", head, cap=max(owed[head] - left[head], ZERO))
    for head in ("cgst", "sgst"):
        use("igst", head)
    for head in ("cgst", "sgst"):
        use(head, head)
        use(head, "igst")
    use("cess", "cess")
    return SetOff(
        liability={h: max(liability.get(h, ZERO), ZERO) for h in HEADS},
        credit={h: max(credit.get(h, ZERO), ZERO) for h in HEADS},
        reverse_charge={h: max(reverse_charge.get(h, ZERO), ZERO) for h in HEADS},
        used=used,
        cash=owed,
        carried=left,
    )


INTEREST_RATE = Decimal("18")  # percent a year (CGST Act s.50(1), Notification 13/2017)


def due_date(month: dt.date) -> dt.date:
    """GSTR-3B and its tax are due on the 20th of the next month (monthly filers)."""
    return month_end(month) + dt.timedelta(days=20)


def late_interest(*, cash: Decimal, month: dt.date, paid_on: dt.date) -> tuple[int, Decimal]:
    """(days late, interest) on `cash` (the tax paid in cash: s.50(1) charges it on the net
    tax liability) paid on `paid_on`: 18% a year for each day after the due date, rounded to
    the rupee as the portal's challan is."""
    days = max((paid_on - due_date(month)).days, 0)
    interest = cash * INTEREST_RATE / 100 * days / 365
    return days, interest.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


# Late fee for a GSTR-3B filed after its due date (CGST Act s.47, and the same again under the
# SGST Act; Notification 19/2021-CT): rupees a day under CGST and SGST each, capped per return by
# the aggregate turnover of the year before (up to ₹1.5 crore, up to ₹5 crore, more).
FEE_PER_DAY = Decimal("25")
FEE_CAPS = ((Decimal("15000000"), Decimal("1000")), (Decimal("50000000"), Decimal("2500")))
FEE_CAP_ABOVE = Decimal("5000")


def late_fee(*, days: int, turnover: Decimal) -> Decimal:
    """The late fee of a return (with tax to pay) filed `days` after its due date, CGST and SGST
    together: ₹25 + ₹25 a day, each capped at ₹1,000 / ₹2,500 / ₹5,000 by the year-before
    turnover's band."""
    if days <= 0:
        return Decimal(0)
    cap = next((cap for limit, cap in FEE_CAPS if turnover <= limit), FEE_CAP_ABOVE)
    return 2 * min(FEE_PER_DAY * days, cap)


def turnover_before(month: dt.date) -> Decimal:
    """The taxable value of the outward supplies (invoices less credit notes, balances brought
    forward aside) of the GST year (April-March) before the one of `month`, base currency."""
    from django.db.models import F, Sum

    from tenant_apps.invoicing.models import Document, DocumentKind, DocumentStatus

    year = month.year - (1 if month.month < 4 else 0)  # the April the month's year began
    documents = Document.objects.filter(
        date__gte=dt.date(year - 1, 4, 1), date__lt=dt.date(year, 4, 1), is_opening=False
    ).exclude(status=DocumentStatus.DRAFT)
    value = F("taxable_total") * F("exchange_rate")
    sums = documents.aggregate(
        sales=Sum(value, filter=Q(kind=DocumentKind.INVOICE), default=Decimal(0)),
        notes=Sum(value, filter=Q(kind=DocumentKind.CREDIT_NOTE), default=Decimal(0)),
    )
    return sums["sales"] - sums["notes"]


def month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def gst_payment_preview(month: dt.date) -> SetOff:
    """The set-off of `month` (its first day): the output, input and reverse-charge ledgers'
    balances at the month's end, less what an earlier month's payment dated after that day
    settled (its entry is not in those balances yet)."""
    from tenant_apps.finance.selectors import role_balance
    from tenant_apps.invoicing.models import GstPayment, GstPaymentStatus

    end = month_end(month)

    def balances(prefix: str) -> Amounts:
        return {h: role_balance(f"{prefix}{h}", as_of=end) for h in HEADS}

    liability, credit, reverse_charge = (
        balances("tax_output_"),
        balances("tax_input_"),
        balances("tax_rcm_"),
    )
    for earlier in GstPayment.objects.filter(
        status=GstPaymentStatus.POSTED, month__lt=month, date__gt=end
    ):
        done = SetOff.from_json(earlier.figures)
        for h in HEADS:
            liability[h] -= done.liability[h]
            credit[h] -= done.credit_used[h]
            reverse_charge[h] -= done.reverse_charge[h]
    return set_off(liability=liability, credit=credit, reverse_charge=reverse_charge)
