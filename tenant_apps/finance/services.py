"""Writes of the ledger. See docs/adr/0030-ledger-enforcement-in-the-database.md.

Two kinds of service:

- building blocks other modules call inside their own transaction (`journal_entry_post_lines`,
  `journal_entry_reverse`, `fiscal_year_ensure`): they join the caller's transaction (and open
  one when there is none), so an invoice and its journal entry commit or roll back together;
- top-level services the APIs call, each `transaction.atomic(durable=True)`.

The database has the last word: the triggers refuse an unbalanced posted entry at COMMIT, any
change to posted lines, and postings into a period that is not open; `database_refusals()`
turns those refusals into `LedgerValidationError`s with stable codes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import psycopg
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import ProtectedError, Q, Sum
from django.http import HttpRequest
from django.utils import timezone
from django_tenants.utils import quote_schema_name
from psycopg.pq import TransactionStatus

from tenant_apps.audit.services import audit_record
from tenant_apps.core.fields import round_money
from tenant_apps.core.models import CompanySettings
from tenant_apps.core.selectors import base_currency
from tenant_apps.core.services import sequence_next
from tenant_apps.finance.exceptions import LedgerValidationError, database_refusals
from tenant_apps.finance.models import (
    MULTI_ROLES,
    PROFIT_AND_LOSS_TYPES,
    Account,
    AccountPeriodBalance,
    AccountRole,
    AccountType,
    Budget,
    CostCentre,
    FiscalYear,
    FiscalYearStatus,
    JournalEntry,
    JournalLine,
    JournalStatus,
    Period,
    PeriodStatus,
)
from tenant_apps.partners.models import Partner

ZERO = Decimal(0)
AMOUNT_QUANTUM = Decimal("0.0001")
CLOSING_SERIES = "YEC"


@dataclass(frozen=True)
class LineSpec:
    """One line to post. Amounts are in the base currency, one side positive, the other zero
    (`amount_currency`: the signed amount in the entry's currency, debit positive; defaults to
    the base amount when the entry is in the base currency)."""

    account: Account
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    partner_id: int | None = None
    description: str = ""
    amount_currency: Decimal | None = None
    cost_centre: CostCentre | None = None


def _user_id(user: Any) -> int | None:
    return getattr(user, "pk", None) if user is not None else None


def cost_centre_problem(centre: CostCentre) -> str | None:
    """Why a line cannot carry `centre`, or None: lines name active leaves (a group only sums
    its children's)."""
    if centre.is_group or not centre.is_active:
        return f"Cost centre {centre.code} {'is a group' if centre.is_group else 'is inactive'}."
    return None


def _cost_centre_check(centre: CostCentre, where: str) -> None:
    message = cost_centre_problem(centre)
    if message is not None:
        raise LedgerValidationError(message, code="invalid_line", fields={where: [message]})


def _lines_validate(
    lines: Sequence[LineSpec], *, rate: Decimal
) -> tuple[list[dict[str, Any]], Decimal]:
    """Checked lines as the posting function wants them, and their total; zero lines dropped."""
    out: list[dict[str, Any]] = []
    debit_total = credit_total = ZERO
    for index, line in enumerate(lines):
        debit, credit = Decimal(line.debit or 0), Decimal(line.credit or 0)
        where = f"lines.{index}"
        if debit < 0 or credit < 0 or (debit and credit):
            raise LedgerValidationError(
                "A line has a debit or a credit, positive, not both.",
                code="invalid_line",
                fields={where: ["A line has a debit or a credit, positive, not both."]},
            )
        if debit != debit.quantize(AMOUNT_QUANTUM) or credit != credit.quantize(AMOUNT_QUANTUM):
            raise LedgerValidationError(
                "Amounts have at most 4 decimal places.",
                code="invalid_line",
                fields={where: ["Amounts have at most 4 decimal places."]},
            )
        if not debit and not credit:
            continue
        account = line.account
        if account.is_group or not account.is_active:
            message = (
                f"Account {account.code} {'is a group' if account.is_group else 'is inactive'}."
            )
            raise LedgerValidationError(message, code="invalid_line", fields={where: [message]})
        centre = line.cost_centre
        if centre is not None:
            _cost_centre_check(centre, f"{where}.cost_centre")
        foreign = line.amount_currency
        if foreign is None:
            foreign = (debit - credit) if rate == 1 else round_money((debit - credit) / rate)
        out.append(
            {
                "account": account.pk,
                "partner": line.partner_id,
                "description": line.description[:500],
                "debit": str(debit),
                "credit": str(credit),
                "amount_currency": str(foreign),
                "cost_centre": centre.pk if centre is not None else None,
            }
        )
        debit_total += debit
        credit_total += credit
    if len(out) < 2 or debit_total != credit_total:
        raise LedgerValidationError(
            f"The entry does not balance: debits {debit_total}, credits {credit_total}"
            + ("" if len(out) >= 2 else ", fewer than two lines")
            + ".",
            code="unbalanced",
        )
    return out, debit_total


class _PreparedCursor(psycopg.Cursor[Any]):
    """A server-side binding cursor whose statements are prepared on first use (Django's
    connection leaves `prepare_threshold` unset and binds on the client)."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("prepare", True)
        return super().execute(query, params, **kwargs)

    def _send_query_prepared(self, name: bytes, pgq: Any, **kwargs: Any) -> None:
        # psycopg keeps the query it ran only for unprepared statements; Django's query log
        # (`last_executed_query`) reads it
        self._query = pgq
        super()._send_query_prepared(name, pgq, **kwargs)


def _path_name(schema: str) -> str:
    """`schema` as PostgreSQL writes it in `search_path` (quoted only when it must be), so the
    posting function finds the path already set — the common case — and does not set it."""
    return schema if _PLAIN_NAME.fullmatch(schema) else quote_schema_name(schema)


_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _post_statement(params: list[Any]) -> tuple[Any, ...]:
    """Run `finance_entry_post` as ONE prepared statement (docs/adr/0032-posting-path-cost.md,
    docs/adr/0061-posting-function-keeps-the-rules.md).

    django-tenants sends `SET search_path` as its own statement for every cursor, and psycopg
    sends BEGIN and COMMIT as statements of their own. Here the call is schema-qualified and
    the function takes the tenant's path itself, so the posting is one statement, prepared on
    the server once per connection and tenant, through Django's cursor wrapper (query logging,
    error wrapping). With no transaction open it is its own implicit transaction: the entry
    commits with the statement, the deferred checks included, and a refusal leaves nothing
    behind. Inside the caller's transaction the caller commits.
    """
    connection.ensure_connection()
    tenant_connection: Any = connection
    schemas = tenant_connection._get_cursor_search_paths()
    path = ", ".join(_path_name(s) for s in schemas)
    sql = (
        f"SELECT * FROM {quote_schema_name(schemas[0])}.finance_entry_post"
        "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s)"
    )
    raw = connection.connection
    with connection._prepare_cursor(_PreparedCursor(raw)) as cursor:  # type: ignore[attr-defined]
        try:
            cursor.execute(sql, [path, *params])
        except DatabaseError:
            if connection.get_autocommit() and (
                raw.info.transaction_status != TransactionStatus.IDLE
            ):
                raw.execute("ROLLBACK")
            raise
        row: tuple[Any, ...] = cursor.fetchone()
    return row


def _entry_post_sql(
    *,
    date: dt.date,
    narration: str,
    lines: list[dict[str, Any]],
    series: str,
    currency: str,
    exchange_rate: Decimal,
    source_type: str,
    source_id: int | None,
    user_id: int | None,
    reversal_of_id: int | None = None,
    is_closing: bool = False,
) -> JournalEntry:
    entry_id, number, period_id, total, posted_at = _post_statement(
        [
            date,
            narration,
            series,
            currency,
            exchange_rate,
            source_type,
            source_id,
            user_id,
            json.dumps(lines),
            reversal_of_id,
            is_closing,
        ]
    )
    entry = JournalEntry(
        id=entry_id,
        number=number,
        series=series,
        date=date,
        period_id=period_id,
        narration=narration,
        status=JournalStatus.POSTED,
        currency=currency,
        exchange_rate=exchange_rate,
        total=total,
        source_type=source_type,
        source_id=source_id,
        reversal_of_id=reversal_of_id,
        is_closing=is_closing,
        posted_at=posted_at,
        posted_by_id=user_id,
        created_at=posted_at,
        updated_at=posted_at,
        created_by_id=user_id,
        updated_by_id=user_id,
    )
    entry._state.adding = False
    return entry


# ---------------------------------------------------------------------------------------------
# Building blocks: inside the caller's transaction
# ---------------------------------------------------------------------------------------------
def journal_entry_post_lines(
    *,
    date: dt.date,
    narration: str,
    lines: Sequence[LineSpec],
    source_type: str = "",
    source_id: int | None = None,
    series: str = "JV",
    currency: str = "INR",
    exchange_rate: Decimal = Decimal(1),
    user: Any,
) -> JournalEntry:
    """Post a balanced entry in one round trip, inside the caller's transaction; with none open,
    the entry commits on its own in that same round trip. The number comes from
    `DocumentSequence` (series, fiscal year), locked until the transaction ends: gapless.
    Refuses: `unbalanced`, `period_locked`, `no_fiscal_year`, `invalid_line`
    (LedgerValidationError)."""
    if exchange_rate <= 0:
        raise LedgerValidationError("The exchange rate must be positive.", code="invalid")
    payload, _total = _lines_validate(lines, rate=exchange_rate)
    with database_refusals():
        return _entry_post_sql(
            date=date,
            narration=narration[:500],
            lines=payload,
            series=series,
            currency=currency,
            exchange_rate=exchange_rate,
            source_type=source_type,
            source_id=source_id,
            user_id=_user_id(user),
        )


def journal_entry_reverse(
    *, entry: JournalEntry, date: dt.date, user: Any, reason: str = "", closing: bool = False
) -> JournalEntry:
    """Post the mirror image of a posted entry on `date` and mark the entry reversed, inside
    the caller's transaction. Refuses drafts, reversed entries and year-end closing entries
    (`invalid_state`). `closing=True` is the one way to reverse a closing entry (only
    `fiscal_year_reopen` passes it): the reversal is then a closing entry too, so nobody
    reverses it by hand either."""
    with database_refusals(), transaction.atomic(savepoint=False):
        locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != JournalStatus.POSTED:
            raise LedgerValidationError(
                f"Only a posted entry can be reversed; {locked} is {locked.status}.",
                code="invalid_state",
            )
        if locked.is_closing != closing:
            raise LedgerValidationError(
                "A year-end closing entry is not reversed by hand."
                if locked.is_closing
                else f"{locked} is not a year-end closing entry.",
                code="invalid_state",
            )
        payload = [
            {
                "account": line.account_id,
                "partner": line.partner_id,
                "description": line.description,
                "debit": str(line.credit),
                "credit": str(line.debit),
                "amount_currency": str(-line.amount_currency),
                "cost_centre": line.cost_centre_id,
            }
            for line in locked.lines.order_by("line_no")
        ]
        narration = f"Reversal of {locked.number}" + (f": {reason}" if reason else "")
        reversal = _entry_post_sql(
            date=date,
            narration=narration[:500],
            lines=payload,
            series=locked.series,
            currency=locked.currency,
            exchange_rate=locked.exchange_rate,
            source_type=locked.source_type,
            source_id=locked.source_id,
            user_id=_user_id(user),
            reversal_of_id=locked.pk,
            is_closing=closing,
        )
        JournalEntry.objects.filter(pk=locked.pk).update(
            status=JournalStatus.REVERSED, updated_at=timezone.now(), updated_by_id=_user_id(user)
        )
        entry.status = JournalStatus.REVERSED
    return reversal


def fiscal_year_bounds(on: dt.date) -> tuple[dt.date, dt.date]:
    """The fiscal year containing `on`, from the company settings' start month and day."""
    company = CompanySettings.objects.get(singleton=True)
    start = company.fiscal_year_start(on)
    end = _add_months(start, 12) - dt.timedelta(days=1)
    return start, end


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _fiscal_year_make(*, start: dt.date, user: Any) -> FiscalYear:
    end = _add_months(start, 12) - dt.timedelta(days=1)
    company = CompanySettings.objects.get(singleton=True)
    if (start.month, start.day) != (
        company.fiscal_year_start_month,
        company.fiscal_year_start_day,
    ):
        raise LedgerValidationError(
            "A fiscal year starts on the company's fiscal year start "
            f"({company.fiscal_year_start_day:02d}/{company.fiscal_year_start_month:02d}).",
            code="invalid",
            fields={"start_date": ["Not the company's fiscal year start."]},
        )
    # one writer of fiscal years at a time: no two years overlap
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {FiscalYear._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
    if FiscalYear.objects.filter(start_date__lte=end, end_date__gte=start).exists():
        raise LedgerValidationError(
            f"A fiscal year already covers part of {start} to {end}.", code="fiscal_year_exists"
        )
    fiscal_year = FiscalYear.objects.create(
        name=company.fiscal_year_label(start),
        start_date=start,
        end_date=end,
        created_by=user,
        updated_by=user,
    )
    periods = []
    for number in range(1, 13):
        period_start = _add_months(start, number - 1)
        period_end = _add_months(start, number) - dt.timedelta(days=1)
        periods.append(
            Period(
                fiscal_year=fiscal_year,
                number=number,
                name=period_start.strftime("%b %Y")
                if period_start.day == 1
                else f"{fiscal_year.name} P{number:02d}",
                start_date=period_start,
                end_date=period_end,
                created_by=user,
                updated_by=user,
            )
        )
    Period.objects.bulk_create(periods)
    return fiscal_year


def fiscal_year_ensure(*, on: dt.date, user: Any = None) -> FiscalYear:
    """The fiscal year containing `on`, created (open, with twelve monthly periods) when
    missing. Inside the caller's transaction; for set-up code, demos and tests. Posting never
    creates years by itself (ADR 0031)."""
    found = FiscalYear.objects.filter(start_date__lte=on, end_date__gte=on).first()
    if found is not None:
        return found
    with transaction.atomic(savepoint=False):
        start, _end = fiscal_year_bounds(on)
        return _fiscal_year_make(start=start, user=user)


# ---------------------------------------------------------------------------------------------
# Top-level services (the APIs): durable transactions
# ---------------------------------------------------------------------------------------------
def fiscal_year_create(*, user: Any, start_date: dt.date) -> FiscalYear:
    with database_refusals(), transaction.atomic(durable=True):
        return _fiscal_year_make(start=start_date, user=user)


def _period_set_status(*, period_id: int, user: Any, to: str, allowed_from: str) -> Period:
    with transaction.atomic(durable=True):
        period = Period.objects.select_for_update().get(pk=period_id)
        if period.status != allowed_from:
            raise LedgerValidationError(
                f"Period {period.name} is {period.status}.", code="invalid_state"
            )
        period.status = to
        period.updated_by = user
        period.save(update_fields=["status", "updated_by", "updated_at"])
    return period


def period_lock(*, period_id: int, user: Any) -> Period:
    """Lock an open period: postings into it are refused (by the database). Waits for postings
    in flight into it (they share-lock the period row)."""
    return _period_set_status(
        period_id=period_id, user=user, to=PeriodStatus.LOCKED, allowed_from=PeriodStatus.OPEN
    )


def period_unlock(*, period_id: int, user: Any) -> Period:
    return _period_set_status(
        period_id=period_id, user=user, to=PeriodStatus.OPEN, allowed_from=PeriodStatus.LOCKED
    )


def fiscal_year_close(
    *, fiscal_year_id: int, user: Any, request: HttpRequest | None = None
) -> FiscalYear:
    """Year-end close: post the closing entry moving every income and expense balance of the
    year to retained earnings (on the last day of the year), then close every period. The
    audit log records it (a reopening is recorded there too)."""
    with database_refusals(), transaction.atomic(durable=True):
        fiscal_year = FiscalYear.objects.select_for_update().get(pk=fiscal_year_id)
        if fiscal_year.status != FiscalYearStatus.OPEN:
            raise LedgerValidationError(f"{fiscal_year} is already closed.", code="invalid_state")
        if FiscalYear.objects.filter(
            end_date__lt=fiscal_year.start_date, status=FiscalYearStatus.OPEN
        ).exists():
            raise LedgerValidationError(
                "Close the earlier fiscal years first.", code="invalid_state"
            )
        periods = list(Period.objects.select_for_update().filter(fiscal_year=fiscal_year))
        last = max(periods, key=lambda p: p.number)
        if last.status != PeriodStatus.OPEN:
            Period.objects.filter(pk=last.pk).update(status=PeriodStatus.OPEN)
        retained = _account_by_role(AccountRole.RETAINED_EARNINGS)
        totals = (
            AccountPeriodBalance.objects.filter(
                period__fiscal_year=fiscal_year, account__type__in=PROFIT_AND_LOSS_TYPES
            )
            .values("account_id")
            .annotate(debit=Sum("debit"), credit=Sum("credit"))
            .order_by("account_id")
        )
        accounts = {a.pk: a for a in Account.objects.filter(type__in=PROFIT_AND_LOSS_TYPES)}
        lines: list[LineSpec] = []
        profit = ZERO
        entry: JournalEntry | None = None
        for row in totals:
            net = row["debit"] - row["credit"]
            if not net:
                continue
            account = accounts[row["account_id"]]
            lines.append(
                LineSpec(
                    account=account,
                    debit=-net if net < 0 else ZERO,
                    credit=net if net > 0 else ZERO,
                    description=f"Close {fiscal_year.name}",
                )
            )
            profit -= net
        if lines:
            lines.append(
                LineSpec(
                    account=retained,
                    debit=-profit if profit < 0 else ZERO,
                    credit=profit if profit > 0 else ZERO,
                    description=f"Profit of {fiscal_year.name}",
                )
            )
            payload = [
                {
                    "account": line.account.pk,
                    "partner": None,
                    "description": line.description,
                    "debit": str(line.debit),
                    "credit": str(line.credit),
                    "amount_currency": str(line.debit - line.credit),
                }
                for line in lines
                if line.debit or line.credit
            ]
            entry = (
                _entry_post_sql(
                    date=fiscal_year.end_date,
                    narration=f"Year-end closing {fiscal_year.name}",
                    lines=payload,
                    series=CLOSING_SERIES,
                    currency=base_currency(),
                    exchange_rate=Decimal(1),
                    source_type="",
                    source_id=None,
                    user_id=_user_id(user),
                    is_closing=True,
                )
                if len(payload) >= 2
                else None
            )
            fiscal_year.closing_entry = entry
        Period.objects.filter(fiscal_year=fiscal_year).update(
            status=PeriodStatus.CLOSED, updated_at=timezone.now()
        )
        fiscal_year.status = FiscalYearStatus.CLOSED
        fiscal_year.closed_at = timezone.now()
        fiscal_year.updated_by = user
        fiscal_year.save(
            update_fields=["status", "closed_at", "closing_entry", "updated_by", "updated_at"]
        )
        audit_record(
            action="finance.fiscal_year.closed",
            actor=user,
            target_type="finance.fiscal_year",
            target_id=fiscal_year.pk,
            data={
                "fiscal_year": fiscal_year.name,
                "closing_entry": entry.number if entry is not None else None,
                "profit": str(profit),
            },
            request=request,
        )
    return fiscal_year


def fiscal_year_reopen(
    *, fiscal_year_id: int, user: Any, reason: str, request: HttpRequest | None = None
) -> FiscalYear:
    """Undo a year-end close (an auditor's adjustment after closing; ADR 0031). Only the latest
    closed year reopens (`later_year_closed` otherwise). The closing entry stays in the ledger
    and is reversed on the year's last day, inside the year: the last period is opened for that
    reversal and stays open for the adjustments, the other periods come back locked (unlock
    what the adjustment needs), and the year is open again. The audit log records who and why.
    Closing again posts a new closing entry from the year's balances, in which the first
    closing entry and its reversal cancel out."""
    reason = (reason or "").strip()
    if not reason:
        raise LedgerValidationError(
            "Give the reason for reopening the year.",
            code="invalid",
            fields={"reason": ["This field may not be blank."]},
        )
    with database_refusals(), transaction.atomic(durable=True):
        # The year, then every later year in date order: a concurrent close of a later year
        # either committed before (and is seen here) or waits and then sees this year open.
        fiscal_year = FiscalYear.objects.select_for_update().get(pk=fiscal_year_id)
        if fiscal_year.status != FiscalYearStatus.CLOSED:
            raise LedgerValidationError(f"{fiscal_year} is not closed.", code="invalid_state")
        later_closed = [
            year.name
            for year in FiscalYear.objects.select_for_update()
            .filter(start_date__gt=fiscal_year.start_date)
            .order_by("start_date")
            if year.status == FiscalYearStatus.CLOSED
        ]
        if later_closed:
            raise LedgerValidationError(
                f"Only the latest closed fiscal year can be reopened: reopen "
                f"{later_closed[-1]} first.",
                code="later_year_closed",
            )
        periods = list(
            Period.objects.select_for_update().filter(fiscal_year=fiscal_year).order_by("number")
        )
        last = periods[-1]
        now = timezone.now()
        # the reversal is a posting like any other: its period must be open (the triggers check)
        Period.objects.filter(pk=last.pk).update(
            status=PeriodStatus.OPEN, updated_at=now, updated_by_id=_user_id(user)
        )
        closing = reversal = None
        if fiscal_year.closing_entry_id is not None:
            closing = JournalEntry.objects.get(pk=fiscal_year.closing_entry_id)
            reversal = journal_entry_reverse(
                entry=closing, date=fiscal_year.end_date, user=user, reason=reason, closing=True
            )
        Period.objects.filter(fiscal_year=fiscal_year).exclude(pk=last.pk).update(
            status=PeriodStatus.LOCKED, updated_at=now, updated_by_id=_user_id(user)
        )
        fiscal_year.status = FiscalYearStatus.OPEN
        fiscal_year.closing_entry = None
        fiscal_year.closed_at = None
        fiscal_year.updated_by = user
        fiscal_year.save(
            update_fields=["status", "closed_at", "closing_entry", "updated_by", "updated_at"]
        )
        audit_record(
            action="finance.fiscal_year.reopened",
            actor=user,
            target_type="finance.fiscal_year",
            target_id=fiscal_year.pk,
            data={
                "fiscal_year": fiscal_year.name,
                "reason": reason,
                "closing_entry": closing.number if closing is not None else None,
                "reversal": reversal.number if reversal is not None else None,
            },
            request=request,
        )
    return fiscal_year


def _account_by_role(role: str) -> Account:
    from tenant_apps.finance.selectors import account_by_role

    return account_by_role(role)


# Journal entries through the API -------------------------------------------------------------
@dataclass(frozen=True)
class DraftLine:
    """A line as a person enters it: amounts in the entry's currency."""

    account_id: int
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    partner_id: int | None = None
    description: str = ""
    cost_centre_id: int | None = None


def _period_for(date: dt.date) -> Period:
    period = Period.objects.filter(start_date__lte=date, end_date__gte=date).first()
    if period is None:
        raise LedgerValidationError(
            f"No fiscal year covers {date}.",
            code="no_fiscal_year",
            fields={"date": [f"No fiscal year covers {date}."]},
        )
    return period


# Accounts only the invoicing documents and payments post to (with the party on the line).
PARTY_CONTROL_ROLES = frozenset({AccountRole.RECEIVABLE, AccountRole.PAYABLE})


def _draft_lines_build(
    *, entry: JournalEntry, lines: Sequence[DraftLine], base_currency: str
) -> list[JournalLine]:
    """Lines in the base currency: each foreign amount times the rate, rounded; when the
    foreign amounts balance, the rounding difference goes to the largest line of the short
    side so the base amounts balance too."""
    accounts = Account.objects.in_bulk([line.account_id for line in lines])
    # a line's partner must exist (the foreign key would refuse it only at commit, as a 500)
    partner_ids = {line.partner_id for line in lines if line.partner_id is not None}
    partners = (
        set(Partner.objects.filter(pk__in=partner_ids).values_list("pk", flat=True))
        if partner_ids
        else set()
    )
    centres = CostCentre.objects.in_bulk(
        {line.cost_centre_id for line in lines if line.cost_centre_id is not None}
    )
    built: list[JournalLine] = []
    for index, line in enumerate(lines):
        account = accounts.get(line.account_id)
        where = f"lines.{index}.account"
        if account is None:
            raise LedgerValidationError(
                "Unknown account.", code="invalid", fields={where: ["Unknown account."]}
            )
        if line.partner_id is not None and line.partner_id not in partners:
            raise LedgerValidationError(
                "Unknown partner.",
                code="invalid",
                fields={f"lines.{index}.partner": ["Unknown partner."]},
            )
        if account.is_group or not account.is_active:
            message = f"{account.code} is {'a group' if account.is_group else 'inactive'}."
            raise LedgerValidationError(message, code="invalid_line", fields={where: [message]})
        if account.role in PARTY_CONTROL_ROLES:
            # a party's balance is its open items (invoices, bills, notes, payments): a journal
            # line here would be in the ledger but in no statement or aged report
            message = (
                f"{account.code} {account.name} holds customer and vendor balances, which "
                "invoices, bills, notes and payments keep; for a balance brought from another "
                "system raise an opening invoice or bill."
            )
            raise LedgerValidationError(message, code="party_account", fields={where: [message]})
        if line.cost_centre_id is not None:
            centre = centres.get(line.cost_centre_id)
            if centre is None:
                raise LedgerValidationError(
                    "Unknown cost centre.",
                    code="invalid",
                    fields={f"lines.{index}.cost_centre": ["Unknown cost centre."]},
                )
            _cost_centre_check(centre, f"lines.{index}.cost_centre")
        debit, credit = Decimal(line.debit or 0), Decimal(line.credit or 0)
        if debit < 0 or credit < 0 or (debit and credit) or not (debit or credit):
            message = "Enter either a debit or a credit, greater than zero."
            raise LedgerValidationError(
                message, code="invalid_line", fields={f"lines.{index}": [message]}
            )
        rate = entry.exchange_rate
        built.append(
            JournalLine(
                entry=entry,
                line_no=index + 1,
                account=account,
                partner_id=line.partner_id,
                description=line.description[:500],
                debit=round_money(debit * rate, base_currency),
                credit=round_money(credit * rate, base_currency),
                amount_currency=debit - credit,
                date=entry.date,
                period_id=entry.period_id,
                cost_centre_id=line.cost_centre_id,
            )
        )
    foreign_diff = sum((line.amount_currency for line in built), ZERO)
    base_diff = sum((line.debit - line.credit for line in built), ZERO)
    if built and not foreign_diff and base_diff:
        short_side_debit = base_diff < 0
        candidates = [line for line in built if (line.debit > 0) == short_side_debit]
        target = max(candidates, key=lambda line: line.debit + line.credit)
        if short_side_debit:
            target.debit -= base_diff
        else:
            target.credit += base_diff
    return built


def journal_entry_create(
    *,
    user: Any,
    date: dt.date,
    narration: str = "",
    lines: Sequence[DraftLine],
    currency: str | None = None,
    exchange_rate: Decimal = Decimal(1),
    series: str = "JV",
) -> JournalEntry:
    """A draft entry (no number; it does not count until posted). It may not balance yet."""
    with database_refusals(), transaction.atomic(durable=True):
        base = base_currency()
        currency = currency or base
        if currency == base and exchange_rate != 1:
            raise LedgerValidationError(
                "An entry in the base currency has exchange rate 1.",
                code="invalid",
                fields={"exchange_rate": ["Must be 1 for the base currency."]},
            )
        entry = JournalEntry.objects.create(
            date=date,
            period=_period_for(date),
            narration=narration,
            series=series,
            currency=currency,
            exchange_rate=exchange_rate,
            created_by=user,
            updated_by=user,
        )
        built = _draft_lines_build(entry=entry, lines=lines, base_currency=base)
        JournalLine.objects.bulk_create(built)
        entry.total = sum((line.debit for line in built), ZERO)
        entry.save(update_fields=["total"])
    return entry


def _draft_locked(entry_id: int) -> JournalEntry:
    entry = JournalEntry.objects.select_for_update().get(pk=entry_id)
    if entry.status != JournalStatus.DRAFT:
        raise LedgerValidationError(
            f"{entry} is {entry.status}: only drafts change.", code="invalid_state"
        )
    return entry


def journal_entry_update(
    *, entry_id: int, user: Any, data: dict[str, Any], lines: Sequence[DraftLine] | None = None
) -> JournalEntry:
    """Change a draft: its date, narration, currency and rate; `lines` replaces every line."""
    with database_refusals(), transaction.atomic(durable=True):
        entry = _draft_locked(entry_id)
        base = base_currency()
        for field in ("date", "narration", "currency", "exchange_rate"):
            if field in data:
                setattr(entry, field, data[field])
        if entry.currency == base and entry.exchange_rate != 1:
            raise LedgerValidationError(
                "An entry in the base currency has exchange rate 1.",
                code="invalid",
                fields={"exchange_rate": ["Must be 1 for the base currency."]},
            )
        entry.period = _period_for(entry.date)
        if lines is None:
            lines = [
                DraftLine(
                    account_id=line.account_id,
                    debit=max(line.amount_currency, ZERO),
                    credit=max(-line.amount_currency, ZERO),
                    partner_id=line.partner_id,
                    description=line.description,
                    cost_centre_id=line.cost_centre_id,
                )
                for line in entry.lines.order_by("line_no")
            ]
        entry.lines.all().delete()
        built = _draft_lines_build(entry=entry, lines=lines, base_currency=base)
        JournalLine.objects.bulk_create(built)
        entry.total = sum((line.debit for line in built), ZERO)
        entry.updated_by = user
        entry.save()
    return entry


def journal_entry_delete(*, entry_id: int, user: Any) -> None:
    with database_refusals(), transaction.atomic(durable=True):
        entry = _draft_locked(entry_id)
        entry.lines.all().delete()
        entry.delete()


def journal_entry_post(*, entry_id: int, user: Any) -> JournalEntry:
    """Post a draft: check it balances, take its number, and let the triggers count it."""
    with database_refusals(), transaction.atomic(durable=True):
        entry = _draft_locked(entry_id)
        lines = list(entry.lines.all())
        debit = sum((line.debit for line in lines), ZERO)
        credit = sum((line.credit for line in lines), ZERO)
        if len(lines) < 2 or debit != credit:
            raise LedgerValidationError(
                f"The entry does not balance: debits {debit}, credits {credit}.",
                code="unbalanced",
            )
        period = Period.objects.select_related("fiscal_year").get(pk=entry.period_id)
        if period.status != PeriodStatus.OPEN:
            raise LedgerValidationError(
                f"Period {period.name} is {period.status}: it takes no postings.",
                code="period_locked",
            )
        entry.number = sequence_next(series=entry.series, fiscal_year=period.fiscal_year.name)
        entry.total = debit
        entry.status = JournalStatus.POSTED
        entry.posted_at = timezone.now()
        entry.posted_by = user
        entry.updated_by = user
        entry.save(
            update_fields=[
                "number",
                "total",
                "status",
                "posted_at",
                "posted_by",
                "updated_by",
                "updated_at",
            ]
        )
    return entry


def journal_entry_reversal_create(
    *, entry_id: int, date: dt.date, user: Any, reason: str = ""
) -> JournalEntry:
    """The API's reversal: `journal_entry_reverse` in its own durable transaction."""
    with database_refusals(), transaction.atomic(durable=True):
        entry = JournalEntry.objects.get(pk=entry_id)
        return journal_entry_reverse(entry=entry, date=date, user=user, reason=reason)


# Chart of accounts ---------------------------------------------------------------------------
def _account_has_postings(account: Account) -> bool:
    return JournalLine.objects.filter(account=account).exists()


def _parent_group(parent_id: int | None) -> Account | None:
    if parent_id is None:
        return None
    parent = Account.objects.filter(pk=parent_id).first()
    if parent is None or not parent.is_group:
        raise LedgerValidationError(
            "The parent must be a group.",
            code="invalid",
            fields={"parent": ["The parent must be a group."]},
        )
    return parent


def _role_check(role: str, *, exclude_id: int | None = None) -> None:
    if role and role not in AccountRole.values:
        raise LedgerValidationError(
            f"{role!r} is not an account role.", code="invalid", fields={"role": ["Unknown role."]}
        )
    if role in MULTI_ROLES:  # no role, bank, cash, capital WIP: several may hold it (ADR 0055)
        return
    others = Account.objects.filter(role=role)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    if others.exists():
        label = AccountRole(role).label
        raise LedgerValidationError(
            f"Another account already has the role {label}: only bank, cash and capital "
            "work-in-progress ledgers may share a role.",
            code="account_role_taken",
            fields={"role": ["Another account already has this role."]},
        )


def account_create(
    *,
    user: Any,
    code: str,
    name: str,
    parent_id: int | None,
    type: str | None = None,
    is_group: bool = False,
    role: str = "",
    description: str = "",
    cash_flow: str = "",
) -> Account:
    """A group or ledger under a group; it takes the parent's type (a top-level group names
    its own). `cash_flow` blank: the parent's activity in the cash flow statement."""
    with transaction.atomic(durable=True):
        parent = _parent_group(parent_id)
        account_type = parent.type if parent is not None else type
        if account_type not in AccountType.values:
            raise LedgerValidationError(
                "A top-level group needs a type.", code="invalid", fields={"type": ["Required."]}
            )
        if type and parent is not None and type != parent.type:
            raise LedgerValidationError(
                f"Accounts under {parent.code} are of type {parent.type}.",
                code="invalid",
                fields={"type": [f"Must be {parent.type}, the parent's type."]},
            )
        if parent is None and not is_group:
            raise LedgerValidationError(
                "A ledger sits under a group.", code="invalid", fields={"parent": ["Required."]}
            )
        if is_group and role:
            raise LedgerValidationError(
                "Groups have no role.", code="invalid", fields={"role": ["Groups have no role."]}
            )
        _role_check(role)
        if Account.objects.filter(code=code).exists():
            raise LedgerValidationError(
                f"Code {code} is taken.", code="invalid", fields={"code": ["Code is taken."]}
            )
        return Account.objects.create(
            code=code,
            name=name,
            parent=parent,
            type=account_type,
            is_group=is_group,
            role=role,
            description=description,
            cash_flow=cash_flow,
            created_by=user,
            updated_by=user,
        )


def account_update(*, account_id: int, user: Any, data: dict[str, Any]) -> Account:
    """Rename, recode, move, change role or type, activate/deactivate. A ledger with postings
    keeps its type; a move to another type's group is a type change."""
    with transaction.atomic(durable=True):
        account = Account.objects.select_for_update().get(pk=account_id)
        if "code" in data and data["code"] != account.code:
            if Account.objects.filter(code=data["code"]).exclude(pk=account.pk).exists():
                raise LedgerValidationError(
                    f"Code {data['code']} is taken.",
                    code="invalid",
                    fields={"code": ["Code is taken."]},
                )
            account.code = data["code"]
        for field in ("name", "description", "is_active", "cash_flow"):
            if field in data:
                setattr(account, field, data[field])
        new_type = data.get("type", account.type)
        if "parent" in data:
            parent = _parent_group(data["parent"])
            if parent is None and not account.is_group:
                raise LedgerValidationError(
                    "A ledger sits under a group.",
                    code="invalid",
                    fields={"parent": ["Required."]},
                )
            # no cycles: the new parent is not the account or one of its descendants
            ancestor = parent
            while ancestor is not None:
                if ancestor.pk == account.pk:
                    raise LedgerValidationError(
                        "An account cannot move under itself.",
                        code="invalid",
                        fields={"parent": ["An account cannot move under itself."]},
                    )
                ancestor = ancestor.parent
            account.parent = parent
            if parent is not None:
                new_type = parent.type
        if new_type != account.type:
            if account.is_group and account.children.exists():
                raise LedgerValidationError(
                    "A group with accounts under it keeps its type.",
                    code="account_in_use",
                    fields={"type": ["The group has accounts under it."]},
                )
            if _account_has_postings(account):
                raise LedgerValidationError(
                    "A ledger with postings keeps its type.",
                    code="account_in_use",
                    fields={"type": ["The ledger has postings."]},
                )
            if new_type not in AccountType.values:
                raise LedgerValidationError(
                    "Unknown type.", code="invalid", fields={"type": ["Unknown type."]}
                )
            account.type = new_type
        if "role" in data:
            role = data["role"] or ""
            if role and account.is_group:
                raise LedgerValidationError(
                    "Groups have no role.",
                    code="invalid",
                    fields={"role": ["Groups have no role."]},
                )
            _role_check(role, exclude_id=account.pk)
            account.role = role
        account.updated_by = user
        try:
            account.save()
        except IntegrityError as exc:
            raise LedgerValidationError(str(exc), code="invalid") from exc
    return account


def account_delete(*, account_id: int, user: Any) -> None:
    with transaction.atomic(durable=True):
        account = Account.objects.select_for_update().get(pk=account_id)
        if account.children.exists():
            raise LedgerValidationError(
                "A group with accounts under it cannot be deleted.", code="account_in_use"
            )
        if (
            _account_has_postings(account)
            or JournalLine.objects.filter(Q(account=account)).exists()
        ):
            raise LedgerValidationError(
                "An account with postings cannot be deleted; deactivate it.",
                code="account_in_use",
            )
        account.delete()


# Cost centres (ADR 0069) ---------------------------------------------------------------------
def _cost_centre_parent(parent_id: int | None, *, moving: CostCentre | None = None) -> Any:
    """The parent group of a cost centre, or None at the top; never the centre itself or one
    of its descendants (no cycles)."""
    if parent_id is None:
        return None
    parent = CostCentre.objects.filter(pk=parent_id).first()
    if parent is None or not parent.is_group:
        raise LedgerValidationError(
            "The parent must be a cost centre group.",
            code="invalid",
            fields={"parent": ["The parent must be a group."]},
        )
    ancestor: CostCentre | None = parent
    while moving is not None and ancestor is not None:
        if ancestor.pk == moving.pk:
            raise LedgerValidationError(
                "A cost centre cannot move under itself.",
                code="invalid",
                fields={"parent": ["A cost centre cannot move under itself."]},
            )
        ancestor = ancestor.parent
    return parent


def _cost_centre_code_free(code: str, *, exclude_id: int | None = None) -> None:
    taken = CostCentre.objects.filter(code=code)
    if exclude_id is not None:
        taken = taken.exclude(pk=exclude_id)
    if taken.exists():
        raise LedgerValidationError(
            f"Code {code} is taken.", code="invalid", fields={"code": ["Code is taken."]}
        )


def cost_centre_create(
    *, user: Any, code: str, name: str, parent_id: int | None = None, is_group: bool = False
) -> CostCentre:
    """A project, job or department (a leaf, which lines name) or a group of them."""
    with transaction.atomic(durable=True):
        parent = _cost_centre_parent(parent_id)
        _cost_centre_code_free(code)
        return CostCentre.objects.create(
            code=code,
            name=name,
            parent=parent,
            is_group=is_group,
            created_by=user,
            updated_by=user,
        )


def cost_centre_update(*, cost_centre_id: int, user: Any, data: dict[str, Any]) -> CostCentre:
    """Recode, rename, move, (de)activate; a centre turns into a group (or back) only while
    nothing names it: no lines and no children."""
    with transaction.atomic(durable=True):
        centre = CostCentre.objects.select_for_update().get(pk=cost_centre_id)
        if "code" in data and data["code"] != centre.code:
            _cost_centre_code_free(data["code"], exclude_id=centre.pk)
            centre.code = data["code"]
        for field in ("name", "is_active"):
            if field in data:
                setattr(centre, field, data[field])
        if "parent" in data:
            centre.parent = _cost_centre_parent(data["parent"], moving=centre)
        if "is_group" in data and data["is_group"] != centre.is_group:
            if centre.children.exists() or centre.lines.exists():
                raise LedgerValidationError(
                    "A cost centre with postings or cost centres under it stays what it is.",
                    code="cost_centre_in_use",
                    fields={"is_group": ["The cost centre is in use."]},
                )
            centre.is_group = data["is_group"]
        centre.updated_by = user
        centre.save(
            update_fields=[
                "code",
                "name",
                "is_active",
                "parent",
                "is_group",
                "updated_by",
                "updated_at",
            ]
        )
    return centre


def cost_centre_delete(*, cost_centre_id: int, user: Any) -> None:
    """Only a centre nothing names: no children, no journal or document lines (deactivate it
    otherwise)."""
    with transaction.atomic(durable=True):
        centre = CostCentre.objects.select_for_update().get(pk=cost_centre_id)
        try:
            with transaction.atomic():
                centre.delete()
        except ProtectedError as exc:
            raise LedgerValidationError(
                f"Cost centre {centre.code} is in use (postings, document lines or cost centres "
                "under it): deactivate it instead.",
                code="cost_centre_in_use",
            ) from exc


# Budgets (ADR 0070) --------------------------------------------------------------------------
@dataclass(frozen=True)
class BudgetLine:
    account_id: int
    amount: Decimal
    months: tuple[Decimal, ...] = ()  # by month of the year (ADR 0078); () spreads evenly


def budget_set(
    *, user: Any, cost_centre_id: int, fiscal_year_id: int, lines: Sequence[BudgetLine]
) -> list[Budget]:
    """Replace a cost centre's budget for a fiscal year: one amount per income or expense
    account (a ledger or a group), each account once, phased by month (one amount per month
    of the year, adding up to it) or spread evenly. No lines: the budget is removed."""
    from tenant_apps.finance.selectors import year_months

    with transaction.atomic(durable=True):
        centre = CostCentre.objects.select_for_update().get(pk=cost_centre_id)
        year = FiscalYear.objects.get(pk=fiscal_year_id)
        month_count = len(year_months(year.start_date, year.end_date))
        accounts = Account.objects.in_bulk([line.account_id for line in lines])
        errors: dict[str, list[str]] = {}
        seen: set[int] = set()
        for index, line in enumerate(lines):
            account = accounts.get(line.account_id)
            where = f"lines.{index}"
            if account is None:
                errors[f"{where}.account"] = ["Unknown account."]
            elif account.type not in PROFIT_AND_LOSS_TYPES:
                errors[f"{where}.account"] = [
                    f"{account.code} {account.name} is not an income or expense account."
                ]
            elif account.pk in seen:
                errors[f"{where}.account"] = [f"{account.code} is budgeted twice."]
            seen.add(line.account_id)
            if line.amount <= 0 or line.amount != line.amount.quantize(Decimal("0.01")):
                errors[f"{where}.amount"] = ["A positive amount in rupees and paise."]
            elif line.months:
                problem = _budget_months_problem(line, month_count)
                if problem:
                    errors[f"{where}.months"] = [problem]
        if errors:
            raise LedgerValidationError(
                "Some budget lines are not valid.", code="invalid", fields=errors
            )
        Budget.objects.filter(cost_centre=centre, fiscal_year=year).delete()
        return Budget.objects.bulk_create(
            Budget(
                cost_centre=centre,
                fiscal_year=year,
                account_id=line.account_id,
                amount=line.amount,
                months=list(line.months),
                created_by=user,
                updated_by=user,
            )
            for line in lines
        )


def _budget_months_problem(line: BudgetLine, month_count: int) -> str | None:
    if len(line.months) != month_count:
        return f"One amount for each of the year's {month_count} months."
    if any(m < 0 or m != m.quantize(Decimal("0.01")) for m in line.months):
        return "Each month's amount is zero or more, in rupees and paise."
    added = sum(line.months, Decimal(0))
    if added != line.amount:
        return f"The months add up to {added:,.2f}; the year's amount is {line.amount:,.2f}."
    return None
