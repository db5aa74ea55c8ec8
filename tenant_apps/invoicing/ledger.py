"""The invoicing app's one door into the ledger (tenant_apps.finance).

Documents and payments post through `journal_entry_post_lines` inside their own transaction;
cancellations reverse through `journal_entry_reverse`. Finance refusals (unbalanced, locked
period, no fiscal year) come back as `ApplicationError` with finance's code, so the API answers
400 in the one error shape and the whole document transaction rolls back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError

from tenant_apps.core.exceptions import ApplicationError

ZERO = Decimal("0")


@dataclass(frozen=True)
class Posting:
    """One journal line, by account role (or an account object) and side, in base currency."""

    account: Any  # a role name (str) or a finance Account
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    partner_id: int | None = None
    description: str = ""
    amount_currency: Decimal | None = None  # in the entry's currency; None: derived by finance
    cost_centre: Any = None  # a finance CostCentre (ADR 0069)


def account_get(role: str) -> Any:
    from tenant_apps.finance.selectors import account_by_role

    try:
        return account_by_role(role)
    except ObjectDoesNotExist as exc:
        raise ApplicationError(
            f"The chart of accounts has no account with the role {role!r}.",
            code="account_role_missing",
        ) from exc


def _refusal(exc: DjangoValidationError) -> ApplicationError:
    if isinstance(exc, ApplicationError):  # finance's LedgerValidationError is both
        return exc
    code = getattr(exc, "code", None) or "ledger_refused"
    if not isinstance(code, str):
        code = "ledger_refused"
    return ApplicationError(" ".join(exc.messages), code=code)


# Roles a document line may post its taxable value to (ADR 0069); the rest are control ledgers
# other documents keep (bank, parties, taxes, advances, opening balances, exchange, equity).
LINE_ROLES = frozenset(
    {
        "",
        "sales",
        "sales_export",
        "sales_return",
        "purchase",
        "purchase_return",
        "stock",
        "work_in_progress",
        "capital_wip",
        "cogs",
        "discount_allowed",
        "discount_received",
    }
)


def line_account_problem(account: Any, *, sales: bool) -> str | None:
    """Why a document line cannot post its taxable value to `account`, or None: an active
    ledger (not a group), income on a sale, expense or asset (a capital purchase) on a
    purchase, never a control ledger."""
    from tenant_apps.finance.models import AccountType

    name = f"{account.code} {account.name}"
    if account.is_group or not account.is_active:
        return f"{name} is {'a group' if account.is_group else 'inactive'}."
    if account.role not in LINE_ROLES:
        return f"{name} is a control ledger ({account.get_role_display()}) other documents keep."
    allowed = (AccountType.INCOME,) if sales else (AccountType.EXPENSE, AccountType.ASSET)
    if account.type not in allowed:
        return (
            f"{name} is {account.get_type_display().lower()}: a sale posts to an income ledger."
            if sales
            else f"{name} is {account.get_type_display().lower()}: a purchase posts to an "
            "expense or asset ledger."
        )
    return None


def cost_centre_problem(centre: Any) -> str | None:
    """Why a line cannot carry `centre`, or None (an active leaf): the ledger's own rule."""
    from tenant_apps.finance.services import cost_centre_problem

    return cost_centre_problem(centre)


def entry_post(
    *,
    date: dt.date,
    narration: str,
    postings: Sequence[Posting],
    source_type: str,
    source_id: int,
    series: str,
    currency: str,
    exchange_rate: Decimal,
    user: Any,
) -> Any:
    from tenant_apps.finance.services import LineSpec, journal_entry_post_lines

    lines = [
        LineSpec(
            account=account_get(p.account) if isinstance(p.account, str) else p.account,
            debit=p.debit,
            credit=p.credit,
            partner_id=p.partner_id,
            description=p.description,
            amount_currency=p.amount_currency,
            cost_centre=p.cost_centre,
        )
        for p in postings
        if p.debit or p.credit
    ]
    try:
        return journal_entry_post_lines(
            date=date,
            narration=narration,
            lines=lines,
            source_type=source_type,
            source_id=source_id,
            series=series,
            currency=currency,
            exchange_rate=exchange_rate,
            user=user,
        )
    except DjangoValidationError as exc:
        raise _refusal(exc) from exc


def entry_reverse(*, entry: Any, date: dt.date, user: Any, reason: str) -> Any:
    from tenant_apps.finance.services import journal_entry_reverse

    try:
        return journal_entry_reverse(entry=entry, date=date, user=user, reason=reason)
    except DjangoValidationError as exc:
        raise _refusal(exc) from exc


def balance_of(role: str, *, as_of: dt.date) -> Decimal:
    """The balance of every active ledger holding `role` (all bank accounts, all cash boxes:
    ADR 0055); `account_role_missing` when none does."""
    from tenant_apps.finance.selectors import role_balance

    return role_balance(role, as_of=as_of)
