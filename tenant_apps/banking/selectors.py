"""Reads of the banking app (ADR 0053): statements, suggestions for unmatched lines, and the
bank reconciliation statement."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Sum

from tenant_apps.banking.models import BankMatch, BankStatement, BankStatementLine
from tenant_apps.banking.services import matchable_lines
from tenant_apps.finance.models import Account, JournalLine, JournalStatus

SUGGESTION_DAYS = 7
ZERO = Decimal(0)


def statement_list(account_id: int | None = None) -> QuerySet[BankStatement]:
    qs = BankStatement.objects.select_related("account").annotate(
        line_count=Count("lines", distinct=True),
        matched_count=Count(
            "lines",
            filter=Exists(BankMatch.objects.filter(statement_line=OuterRef("lines"))),
            distinct=True,
        ),
    )
    if account_id:
        qs = qs.filter(account_id=account_id)
    return qs


def statement_lines(statement: BankStatement) -> list[BankStatementLine]:
    matches = BankMatch.objects.select_related("journal_line__entry").order_by("journal_line_id")
    return list(
        statement.lines.prefetch_related(Prefetch("matches", queryset=matches)).order_by("line_no")
    )


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[A-Za-z0-9/-]+", text.upper()) if any(c.isdigit() for c in t)}


def _ref_hit(line: BankStatementLine, journal_line: JournalLine, refs: dict[int, str]) -> bool:
    """The bank's description or reference names the entry's number or the payment's
    reference."""
    bank = _tokens(f"{line.description} {line.reference}")
    books = _tokens(
        f"{journal_line.entry.number} {refs.get(journal_line.entry_id, '')} "
        f"{journal_line.description}"
    )
    return bool(bank & books)


def statement_suggestions(statement: BankStatement) -> dict[int, list[JournalLine]]:
    """For each unmatched line of the statement: unmatched matchable journal lines of the bank
    account with the same amount (debit - credit) within ±7 days; those naming the same
    reference/number first, then by distance in days, then id. Two queries in all."""
    lines = list(statement.lines.filter(matches__isnull=True).order_by("line_no"))
    if not lines:
        return {}
    low = min(line.date for line in lines) - dt.timedelta(days=SUGGESTION_DAYS)
    high = max(line.date for line in lines) + dt.timedelta(days=SUGGESTION_DAYS)
    candidates = list(
        matchable_lines(statement.account)
        .filter(date__gte=low, date__lte=high, bank_match__isnull=True)
        .select_related("entry")
    )
    refs = _payment_references({c.entry_id for c in candidates})
    by_amount: dict[Decimal, list[JournalLine]] = {}
    for candidate in candidates:
        by_amount.setdefault(candidate.debit - candidate.credit, []).append(candidate)
    out: dict[int, list[JournalLine]] = {}
    for line in lines:
        near = [
            c
            for c in by_amount.get(line.amount, [])
            if abs((c.date - line.date).days) <= SUGGESTION_DAYS
        ]
        near.sort(key=lambda c: (not _ref_hit(line, c, refs), abs((c.date - line.date).days), c.pk))
        out[line.pk] = near
    return out


def _payment_references(entry_ids: set[int]) -> dict[int, str]:
    """Payments' own references (cheque/UTR numbers) by journal entry."""
    if not entry_ids:
        return {}
    from tenant_apps.invoicing.models import Payment

    rows = Payment.objects.filter(journal_entry_id__in=entry_ids).values_list(
        "journal_entry_id", "reference", "number"
    )
    return {entry_id: f"{reference} {number}" for entry_id, reference, number in rows}


@dataclass
class Reconciliation:
    account: Account
    date: dt.date
    balance_books: Decimal
    uncleared_payments: list[JournalLine] = field(default_factory=list)
    uncleared_receipts: list[JournalLine] = field(default_factory=list)
    bank_only: list[BankStatementLine] = field(default_factory=list)
    balance_bank_computed: Decimal = ZERO
    balance_bank_statement: Decimal | None = None
    statement_id: int | None = None

    @property
    def uncleared_payments_total(self) -> Decimal:
        return sum((j.credit - j.debit for j in self.uncleared_payments), ZERO)

    @property
    def uncleared_receipts_total(self) -> Decimal:
        return sum((j.debit - j.credit for j in self.uncleared_receipts), ZERO)

    @property
    def bank_only_total(self) -> Decimal:
        return sum((line.amount for line in self.bank_only), ZERO)

    @property
    def difference(self) -> Decimal | None:
        if self.balance_bank_statement is None:
            return None
        return self.balance_bank_statement - self.balance_bank_computed


def reconciliation(account: Account, date: dt.date) -> Reconciliation:
    """The bank reconciliation statement on `date`:

    balance per bank = balance per books
                       + payments not yet debited by the bank (books credited, bank not yet)
                       - receipts not yet credited by the bank
                       + statement lines not in the books (bank charges -, interest +)

    Book lines count up to `date` and are uncleared when no statement line dated on or before
    `date` matched them; statement lines count from the account's statements up to `date`.
    The bank's own balance on `date` is the running balance after its last line on or before
    the date (from the latest statement covering it)."""
    posted = JournalLine.objects.filter(
        account=account,
        date__lte=date,
        entry__status__in=[JournalStatus.POSTED, JournalStatus.REVERSED],
    )
    totals = posted.aggregate(d=Sum("debit"), c=Sum("credit"))
    books = (totals["d"] or ZERO) - (totals["c"] or ZERO)
    cleared = BankMatch.objects.filter(journal_line=OuterRef("pk"), statement_line__date__lte=date)
    uncleared = list(
        matchable_lines(account)
        .filter(date__lte=date)
        .exclude(Exists(cleared))
        .select_related("entry")
        .order_by("date", "id")
    )
    result = Reconciliation(account=account, date=date, balance_books=books)
    result.uncleared_payments = [j for j in uncleared if j.credit > 0]
    result.uncleared_receipts = [j for j in uncleared if j.debit > 0]
    in_books = BankMatch.objects.filter(statement_line=OuterRef("pk"), journal_line__date__lte=date)
    result.bank_only = list(
        BankStatementLine.objects.filter(statement__account=account, date__lte=date)
        .exclude(Exists(in_books))
        .select_related("statement")
        .order_by("date", "statement_id", "line_no")
    )
    result.balance_bank_computed = (
        books
        + result.uncleared_payments_total
        - result.uncleared_receipts_total
        + result.bank_only_total
    )
    last = (
        BankStatementLine.objects.filter(statement__account=account, date__lte=date)
        .select_related("statement")
        .order_by("-statement__date_to", "-statement_id", "-date", "-line_no")
        .first()
    )
    if last is not None:
        statement = last.statement
        moved = (
            BankStatementLine.objects.filter(
                statement=statement, line_no__lte=last.line_no
            ).aggregate(s=Sum("amount"))["s"]
            or ZERO
        )
        result.balance_bank_statement = statement.opening_balance + moved
        result.statement_id = statement.pk
    return result


def statement_match_state(line: BankStatementLine) -> dict[str, Any]:
    matches = list(line.matches.all())
    return {"matched": bool(matches), "journal_lines": [m.journal_line for m in matches]}
