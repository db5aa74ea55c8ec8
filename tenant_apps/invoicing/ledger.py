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
