"""Customer credit limits (ADR 0059).

A customer's `credit_limit` caps what it may owe: posting an invoice that would take its
receivable balance above the limit is refused with `credit_limit_exceeded`, unless a user
holding `invoicing.credit_limit.approve` posts it anyway (recorded in the audit log).
A limit of zero means none is set. What the customer owes is the balance of its lines on the
receivable ledger of posted entries (open invoices less payments, advances and credit notes),
in the base currency; what it owes us as a vendor is not netted off.

Credit control (ADR 0059, 2026-11-28): the company may let the limit stretch by a grace
percentage (`InvoiceSettings.credit_limit_grace_percent`), and may hold a customer with an
invoice open more than N days past its due date (`credit_hold_overdue_days`): posting its next
invoice is refused with `credit_hold_overdue` unless an approver overrides, as for the limit.
A customer marked `credit_hold_exempt` is never held (its limit still applies), and with
`credit_hold_min_amount` set a customer is held only when its invoices that far overdue have
at least that much open (in the base currency, at each invoice's rate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F, QuerySet, Sum

from tenant_apps.audit.services import audit_record
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.fields import round_money
from tenant_apps.finance.models import AccountRole, JournalLine, JournalStatus
from tenant_apps.invoicing.models import OPEN_STATUSES, Document, DocumentKind
from tenant_apps.partners.models import Partner

ZERO = Decimal("0")
OVERRIDE_PERMISSION = "invoicing.credit_limit.approve"
HOLD_LISTED = 5  # the oldest overdue invoices named in a refusal and on the draft's page


@dataclass(frozen=True)
class CreditPosition:
    """A customer's credit before and after an invoice of `adding` (base currency)."""

    limit: Decimal
    owed: Decimal
    adding: Decimal
    grace_percent: Decimal = ZERO

    @property
    def has_limit(self) -> bool:
        return self.limit > 0

    @property
    def effective_limit(self) -> Decimal:
        """The limit stretched by the company's grace percentage, to the paisa."""
        stretched = self.limit * (1 + self.grace_percent / 100)
        return stretched.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def owed_after(self) -> Decimal:
        return self.owed + self.adding

    @property
    def over_by(self) -> Decimal:
        """How far the invoice takes the customer past its limit (zero when within it)."""
        return max(self.owed_after - self.effective_limit, ZERO) if self.has_limit else ZERO


@dataclass(frozen=True)
class OverdueInvoice:
    id: int
    number: str
    due_date: dt.date
    currency: str
    amount_open: Decimal
    days_overdue: int


def _overdue(*, partner_id: int, on: dt.date, days: int) -> QuerySet[Document]:
    """The customer's posted invoices still open more than `days` days past their due date on
    `on` (exactly `days` days overdue is not yet held)."""
    return Document.objects.filter(
        kind=DocumentKind.INVOICE,
        partner_id=partner_id,
        status__in=OPEN_STATUSES,
        due_date__lt=on - dt.timedelta(days=days),
        total__gt=F("amount_settled"),
    )


def overdue_invoices(*, partner_id: int, on: dt.date, days: int) -> list[OverdueInvoice]:
    """The oldest of `_overdue`, at most HOLD_LISTED."""
    rows = (
        _overdue(partner_id=partner_id, on=on, days=days)
        .order_by("due_date", "id")
        .values("id", "number", "due_date", "currency", "total", "amount_settled")[:HOLD_LISTED]
    )
    found = []
    for r in rows:
        due = r["due_date"]
        assert due is not None  # filtered on: a null due date is never overdue
        found.append(
            OverdueInvoice(
                id=r["id"],
                number=r["number"],
                due_date=due,
                currency=r["currency"],
                amount_open=r["total"] - r["amount_settled"],
                days_overdue=(on - due).days,
            )
        )
    return found


def overdue_open_base(*, partner_id: int, on: dt.date, days: int) -> Decimal:
    """What the customer's invoices open more than `days` days past due on `on` still owe, all
    of them (not only the listed ones), in the base currency at each invoice's rate."""
    owed = (F("total") - F("amount_settled")) * F("exchange_rate")
    total = _overdue(partner_id=partner_id, on=on, days=days).aggregate(open=Sum(owed))["open"]
    return round_money(total or ZERO)


def customer_hold(
    *, partner: Partner, on: dt.date, days: int, min_amount: Decimal = ZERO
) -> list[OverdueInvoice]:
    """The overdue invoices that put the customer on hold on `on` (empty: not held): those
    more than `days` days past due, when what they still owe is at least `min_amount` — none
    for a customer exempt from holds."""
    if partner.credit_hold_exempt:
        return []
    invoices = overdue_invoices(partner_id=partner.pk, on=on, days=days)
    below = (
        invoices
        and min_amount > 0
        and overdue_open_base(partner_id=partner.pk, on=on, days=days) < min_amount
    )
    return [] if below else invoices


def hold_message(*, name: str, days: int, invoices: list[OverdueInvoice]) -> str:
    listed = "; ".join(
        f"{i.number} due {i.due_date.isoformat()}, {i.currency} {i.amount_open:,.2f} open, "
        f"{i.days_overdue} days overdue"
        for i in invoices
    )
    return f"{name} is on credit hold: invoices more than {days} days overdue ({listed})."


def customer_owed(*, partner_id: int) -> Decimal:
    """The customer's receivable balance: debit minus credit of its receivable-ledger lines of
    posted entries (a reversed entry and its reversal net to nothing)."""
    total = JournalLine.objects.filter(
        partner_id=partner_id,
        account__role=AccountRole.RECEIVABLE,
        entry__status__in=(JournalStatus.POSTED, JournalStatus.REVERSED),
    ).aggregate(owed=Sum(F("debit") - F("credit")))["owed"]
    return total or ZERO


def credit_position(
    *, partner: Partner, adding: Decimal, grace_percent: Decimal = ZERO
) -> CreditPosition:
    return CreditPosition(
        limit=partner.credit_limit,
        owed=customer_owed(partner_id=partner.pk),
        adding=adding,
        grace_percent=grace_percent,
    )


def credit_check(
    *,
    document: Any,
    user: Any,
    override: bool,
    hold_days: int | None = None,
    grace_percent: Decimal = ZERO,
    hold_min_amount: Decimal = ZERO,
) -> None:
    """Inside the posting transaction, once the invoice's base total is known: lock the
    customer (two invoices posting for it at once are checked one after the other, each
    seeing the other's committed posting), then refuse the invoice if the customer is on
    credit hold (`customer_hold`: invoices open more than `hold_days` days past their due date
    on this invoice's date, owing at least `hold_min_amount`) or if it takes the customer past
    its limit stretched by `grace_percent` — or, with `override`, record who let it through."""
    if document.partner.credit_limit <= 0 and (
        not hold_days or document.partner.credit_hold_exempt
    ):
        return  # no limit (read with the locked document), no hold: no lock, no query
    partner = (
        Partner.objects.select_for_update()
        .only("credit_limit", "name", "credit_hold_exempt")
        .get(pk=document.partner_id)
    )
    if hold_days:
        _hold_check(
            document=document,
            partner=partner,
            user=user,
            override=override,
            days=hold_days,
            min_amount=hold_min_amount,
        )
    if partner.credit_limit <= 0:
        return
    position = credit_position(
        partner=partner, adding=document.total_base, grace_percent=grace_percent
    )
    if not position.over_by:
        return
    if not override:
        grace = f" (₹{position.effective_limit:,.2f} with the grace)" if grace_percent else ""
        raise ApplicationError(
            f"{partner.name} owes ₹{position.owed:,.2f} against a credit limit of "
            f"₹{position.limit:,.2f}{grace}; this invoice of ₹{position.adding:,.2f} would take "
            f"it to ₹{position.owed_after:,.2f}, ₹{position.over_by:,.2f} over the limit.",
            code="credit_limit_exceeded",
        )
    audit_record(
        action="invoicing.invoice.credit_limit_overridden",
        actor=user,
        target_type="invoicing.document",
        target_id=document.pk,
        data={
            "number": document.number,
            "partner": partner.pk,
            "limit": f"{position.limit:.2f}",
            "effective_limit": f"{position.effective_limit:.2f}",
            "owed": f"{position.owed:.2f}",
            "invoice": f"{position.adding:.2f}",
            "over_by": f"{position.over_by:.2f}",
        },
    )


def _hold_check(
    *, document: Any, partner: Partner, user: Any, override: bool, days: int, min_amount: Decimal
) -> None:
    invoices = customer_hold(partner=partner, on=document.date, days=days, min_amount=min_amount)
    if not invoices:
        return
    if not override:
        raise ApplicationError(
            hold_message(name=partner.name, days=days, invoices=invoices),
            code="credit_hold_overdue",
        )
    audit_record(
        action="invoicing.invoice.credit_hold_overridden",
        actor=user,
        target_type="invoicing.document",
        target_id=document.pk,
        data={
            "number": document.number,
            "partner": partner.pk,
            "days": days,
            "invoices": [
                {
                    "id": i.id,
                    "number": i.number,
                    "due_date": i.due_date.isoformat(),
                    "amount_open": f"{i.amount_open:.2f}",
                    "days_overdue": i.days_overdue,
                }
                for i in invoices
            ],
        },
    )
