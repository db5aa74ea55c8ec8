"""The ledger's refusals: a validation error with a stable code, rendered as a 400 in the one
error shape (it is an `ApplicationError`) and catchable as Django's `ValidationError`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError

from tenant_apps.core.exceptions import ApplicationError

# SQLSTATEs raised by the ledger's triggers and functions (migrations/0002_ledger_enforcement)
SQLSTATE_CODES = {
    "LG001": "unbalanced",
    "LG002": "period_locked",
    "LG003": "no_fiscal_year",
    "LG004": "posted_immutable",
    "LG005": "invalid_line",
    # banking's trigger (banking 0002, ADR 0055): an entry whose bank line is matched to a
    # bank statement line is not reversed until the match is undone
    "LG006": "entry_bank_matched",
}


class LedgerValidationError(ApplicationError, DjangoValidationError):  # type: ignore[misc]
    """Codes: unbalanced, period_locked, no_fiscal_year, posted_immutable, invalid_line,
    invalid_state, entry_bank_matched, account_role_missing, account_in_use, invalid (and others
    per service)."""

    def __init__(
        self, detail: str, *, code: str = "invalid", fields: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(detail, code=code, fields=fields)
        self.message = detail
        self.error_list = [self]


ValidationError = LedgerValidationError


def ledger_error_from(exc: BaseException) -> LedgerValidationError | None:
    """The ledger error a database exception carries (None when it is not one of ours)."""
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    sqlstate = getattr(cause, "sqlstate", None)
    code = SQLSTATE_CODES.get(sqlstate or "")
    if code is None:
        return None
    diag = getattr(cause, "diag", None)
    detail = getattr(diag, "message_primary", None) or str(cause)
    return LedgerValidationError(detail, code=code)


@contextmanager
def database_refusals() -> Iterator[None]:
    """Turn the ledger triggers' refusals into `LedgerValidationError`s."""
    try:
        yield
    except DatabaseError as exc:
        error = ledger_error_from(exc)
        if error is None:
            raise
        raise error from exc
