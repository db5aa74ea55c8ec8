"""Customer credit limits (ADR 0059).

A customer's `credit_limit` caps what it may owe: posting an invoice that would take its
receivable balance above the limit is refused with `credit_limit_exceeded`, unless a user
holding `invoicing.credit_limit.approve` posts it anyway (recorded in the audit log).
A limit of zero means none is set. What the customer owes is the balance of its lines on the
receivable ledger of posted entries (open invoices less payments, advances and credit notes),
in the base currency; what it owes us as a vendor is not netted off.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum

from tenant_apps.audit.services import audit_record
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.finance.models import AccountRole, JournalLine, JournalStatus
from tenant_apps.partners.models import Partner

ZERO = Decimal("0")
OVERRIDE_PERMISSION = "invoicing.credit_limit.approve"


@dataclass(frozen=True)
class CreditPosition:
    """A customer's credit before and after an invoice of `adding` (base currency)."""

    limit: Decimal
    owed: Decimal
    adding: Decimal

    @property
    def has_limit(self) -> bool:
        return self.limit > 0

    @property
    def owed_after(self) -> Decimal:
        return self.owed + self.adding

    @property
    def over_by(self) -> Decimal:
        """How far the invoice takes the customer past its limit (zero when within it)."""
        return max(self.owed_after - self.limit, ZERO) if self.has_limit else ZERO


def customer_owed(*, partner_id: int) -> Decimal:
    """The customer's receivable balance: debit minus credit of its receivable-ledger lines of
    posted entries (a reversed entry and its reversal net to nothing)."""
    total = JournalLine.objects.filter(
        partner_id=partner_id,
        account__role=AccountRole.RECEIVABLE,
        entry__status__in=(JournalStatus.POSTED, JournalStatus.REVERSED),
    ).aggregate(owed=Sum(F("debit") - F("credit")))["owed"]
    return total or ZERO


def credit_position(*, partner: Partner, adding: Decimal) -> CreditPosition:
    return CreditPosition(
        limit=partner.credit_limit, owed=customer_owed(partner_id=partner.pk), adding=adding
    )


def credit_check(*, document: Any, user: Any, override: bool) -> None:
    """Inside the posting transaction, once the invoice's base total is known: lock the
    customer (two invoices posting for it at once are checked one after the other, each
    seeing the other's committed posting), then refuse the invoice if it takes the customer
    past its limit — or, with `override`, record who let it through."""
    if document.partner.credit_limit <= 0:
        return  # no limit (read with the locked document): no customer lock, no balance query
    partner = (
        Partner.objects.select_for_update().only("credit_limit", "name").get(pk=document.partner_id)
    )
    if partner.credit_limit <= 0:
        return
    position = credit_position(partner=partner, adding=document.total_base)
    if not position.over_by:
        return
    if not override:
        raise ApplicationError(
            f"{partner.name} owes ₹{position.owed:,.2f} against a credit limit of "
            f"₹{position.limit:,.2f}; this invoice of ₹{position.adding:,.2f} would take it to "
            f"₹{position.owed_after:,.2f}, ₹{position.over_by:,.2f} over the limit.",
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
            "owed": f"{position.owed:.2f}",
            "invoice": f"{position.adding:.2f}",
            "over_by": f"{position.over_by:.2f}",
        },
    )
