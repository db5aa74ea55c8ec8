"""Writes of the banking app (ADR 0053): importing a statement, matching its lines to journal
lines of the bank account, posting the entries the books lack (bank charges, interest)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import IntegrityError, transaction

from tenant_apps.banking.models import BankMatch, BankStatement, BankStatementLine
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.imports import cell_date, cell_plain, sheet_rows
from tenant_apps.finance.models import (
    PROFIT_AND_LOSS_TYPES,
    Account,
    AccountRole,
    CostCentre,
    JournalEntry,
    JournalLine,
    JournalStatus,
)
from tenant_apps.finance.services import LineSpec, cost_centre_problem, journal_entry_post_lines

MAX_ROWS = 5000
CENT = Decimal("0.01")
# header aliases -> field
COLUMNS = {
    "date": "date",
    "value date": "date",
    "description": "description",
    "narration": "description",
    "particulars": "description",
    "reference": "reference",
    "ref": "reference",
    "cheque no": "reference",
    "debit": "debit",
    "withdrawal": "debit",
    "withdrawals": "debit",
    "credit": "credit",
    "deposit": "credit",
    "deposits": "credit",
    "amount": "amount",
    "balance": "balance",
}
TEMPLATE_HEADER = ["Date", "Description", "Reference", "Debit", "Credit", "Balance"]


def _invalid(detail: str, field: str, problem: str, code: str = "invalid") -> ApplicationError:
    return ApplicationError(detail, code=code, fields={field: [problem]})


def bank_account_check(account: Account) -> None:
    if account.role != AccountRole.BANK or account.is_group:
        raise _invalid("Statements are of the bank account.", "account", "Not the bank account.")


# --- reading the file ---------------------------------------------------------------------


def _csv_rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _invalid(
            "The file is not UTF-8 text.", "file", "Upload a CSV or .xlsx file.", "invalid_file"
        ) from exc
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    _header_check(header)
    out: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(out) >= MAX_ROWS:
            raise ApplicationError(f"At most {MAX_ROWS} rows per import.", code="too_many_rows")
        out.append((number, {h: v.strip() for h, v in zip(header, values, strict=False) if h}))
    if not out:
        raise _invalid("The file has no rows.", "file", "No rows.", "import_empty")
    return out


def _header_check(header: Sequence[str]) -> None:
    unknown = [h for h in header if h and h not in COLUMNS]
    fields = {COLUMNS[h] for h in header if h in COLUMNS}
    problems = []
    if unknown:
        problems.append(f"Unknown columns: {', '.join(unknown)}.")
    if "date" not in fields:
        problems.append("Missing column: Date.")
    if "amount" not in fields and not {"debit", "credit"} & fields:
        problems.append("Missing columns: Debit and Credit, or Amount.")
    if problems:
        raise ApplicationError(
            "The first row must name the columns (as in the template).",
            code="invalid_header",
            fields={"file": problems},
        )


def _file_rows(file: IO[bytes], name: str) -> list[tuple[int, dict[str, Any]]]:
    if name.lower().endswith(".csv"):
        return _csv_rows(file.read())
    rows = sheet_rows(
        file, columns=COLUMNS, required=["date"], max_rows=MAX_ROWS, layout="template"
    )
    header = sorted({h for _n, values in rows for h in values})
    _header_check(header)
    return [(n, {h: cell_plain(v) for h, v in values.items()}) for n, values in rows]


def _date(value: Any) -> dt.date:
    day = cell_date(value)
    if day is None:
        raise ValueError("Not a date (dd/mm/yyyy or yyyy-mm-dd).")
    return day


def _money(value: Any) -> Decimal | None:
    text = str(value).replace(",", "").strip()
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError("Not a number.") from exc
    if not amount.is_finite() or amount != amount.quantize(CENT):
        raise ValueError("Not an amount (two decimals at most).")
    return amount


def statement_lines_parse(file: IO[bytes], name: str) -> list[dict[str, Any]]:
    """The statement lines of an uploaded CSV or .xlsx; 400 listing every bad row."""
    rows = _file_rows(file, name)
    errors: dict[str, list[str]] = {}
    lines: list[dict[str, Any]] = []
    for number, raw in rows:
        values = {COLUMNS[h]: v for h, v in raw.items() if h in COLUMNS}
        problems: dict[str, str] = {}
        line: dict[str, Any] = {
            "description": str(values.get("description", ""))[:500],
            "reference": str(values.get("reference", ""))[:100],
        }
        try:
            line["date"] = _date(values.get("date", ""))
        except ValueError as exc:
            problems["date"] = str(exc)
        amounts: dict[str, Decimal | None] = {}
        for key in ("debit", "credit", "amount", "balance"):
            try:
                amounts[key] = _money(values.get(key, ""))
            except ValueError as exc:
                problems[key] = str(exc)
        if not problems:
            debit, credit, signed = amounts["debit"], amounts["credit"], amounts["amount"]
            if signed is not None and (debit or credit):
                problems["amount"] = "Give Amount, or Debit/Credit, not both."
            elif signed is None:
                if (debit or 0) < 0 or (credit or 0) < 0:
                    problems["debit"] = "Debit and Credit are positive."
                elif bool(debit) == bool(credit):
                    problems["debit"] = "One of Debit or Credit, not both, not neither."
                else:
                    signed = (credit or Decimal(0)) - (debit or Decimal(0))
            if not problems and not signed:
                problems["amount"] = "The amount is zero."
            line["amount"] = signed
            line["balance"] = amounts["balance"]
        for key, problem in problems.items():
            errors[f"rows.{number}.{key}"] = [problem]
        lines.append(line)
    if errors:
        raise ApplicationError(
            f"{len({k.split('.')[1] for k in errors})} row(s) have problems; nothing was imported.",
            code="import_invalid",
            fields=errors,
        )
    return lines


def statement_import(
    *,
    user: Any,
    account: Account,
    file: IO[bytes],
    file_name: str,
    opening_balance: Decimal | None = None,
    closing_balance: Decimal | None = None,
) -> BankStatement:
    """Import a statement: all or nothing. Opening defaults to the first line's balance less its
    amount (when the file gives balances); closing to the last line's balance, else opening +
    sum(lines). The closing must equal opening + sum(lines) (`unbalanced`), and each given
    running balance the one before plus the line (`balance_mismatch`)."""
    bank_account_check(account)
    lines = statement_lines_parse(file, file_name)
    total = sum((line["amount"] for line in lines), Decimal(0))
    if opening_balance is None:
        first = lines[0]
        opening_balance = (
            first["balance"] - first["amount"] if first["balance"] is not None else Decimal(0)
        )
    running = opening_balance
    errors: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        running += line["amount"]
        if line["balance"] is not None and line["balance"] != running:
            errors[f"lines.{index + 1}.balance"] = [
                f"The balance should be {running} (the one before plus this line)."
            ]
    if errors:
        raise ApplicationError(
            "The running balances do not follow the lines.", code="balance_mismatch", fields=errors
        )
    if closing_balance is None:
        last = lines[-1]["balance"]
        closing_balance = last if last is not None else opening_balance + total
    if closing_balance != opening_balance + total:
        raise _invalid(
            f"The closing balance {closing_balance} is not the opening {opening_balance} plus "
            f"the lines {total}.",
            "closing_balance",
            f"Should be {opening_balance + total}.",
            "unbalanced",
        )
    dates = [line["date"] for line in lines]
    with transaction.atomic():
        statement = BankStatement.objects.create(
            account=account,
            date_from=min(dates),
            date_to=max(dates),
            opening_balance=opening_balance,
            closing_balance=closing_balance,
            file_name=file_name[:200],
            created_by=user,
            updated_by=user,
        )
        BankStatementLine.objects.bulk_create(
            BankStatementLine(statement=statement, line_no=n, **line)
            for n, line in enumerate(lines, start=1)
        )
    return statement


def statement_delete(*, statement: BankStatement) -> None:
    """Delete a statement and its matches (the journal lines become unmatched again)."""
    with transaction.atomic():
        BankMatch.objects.filter(statement_line__statement=statement).delete()
        statement.delete()


# --- matching -----------------------------------------------------------------------------


def matchable_lines(account: Account) -> Any:
    """Journal lines of the account that may clear the bank: of posted entries that are neither
    reversed nor reversals (the pair nets to nothing and never went through the bank)."""
    return JournalLine.objects.filter(
        account=account,
        entry__status=JournalStatus.POSTED,
        entry__reversal_of__isnull=True,
    )


def line_match(*, user: Any, line: BankStatementLine, journal_line_ids: Sequence[int]) -> None:
    """Match a statement line to journal lines of its bank account whose (debit - credit) add
    up to its amount. 400: `already_matched` (this statement line), `invalid_lines` (another
    account, not posted, reversed), `amount_mismatch`, `journal_line_matched` (also on a race
    lost to another user: the UNIQUE on the journal line decides)."""
    ids = sorted(set(journal_line_ids))
    if not ids:
        raise _invalid("Choose the journal lines.", "journal_lines", "Required.")
    with transaction.atomic():
        # one matcher per statement line at a time
        locked = BankStatementLine.objects.select_for_update().select_related("statement")
        line = locked.get(pk=line.pk)
        if BankMatch.objects.filter(statement_line=line).exists():
            raise _invalid(
                "The statement line is already matched.",
                "line",
                "Unmatch it first.",
                "already_matched",
            )
        account = line.statement.account
        # the entries stay posted until this commits: a reversal under way is waited for (and
        # then its lines are no longer matchable); one that starts later waits for this and its
        # guard then sees the match (ADR 0055)
        list(
            JournalEntry.objects.select_for_update(no_key=True, of=("self",))
            .filter(lines__id__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        found = list(matchable_lines(account).filter(pk__in=ids))
        if len(found) != len(ids):
            bad = sorted(set(ids) - {j.pk for j in found})
            raise _invalid(
                "Only posted journal lines of the statement's bank account can be matched.",
                "journal_lines",
                f"Not matchable: {', '.join(map(str, bad))}.",
                "invalid_lines",
            )
        total = sum((j.debit - j.credit for j in found), Decimal(0))
        if total != line.amount:
            raise _invalid(
                f"The journal lines add up to {total}, the statement line is {line.amount}.",
                "journal_lines",
                "The amounts differ.",
                "amount_mismatch",
            )
        taken = BankMatch.objects.filter(journal_line_id__in=ids).exists()
        if taken:
            raise _already_taken()
        try:
            with transaction.atomic():
                BankMatch.objects.bulk_create(
                    BankMatch(statement_line=line, journal_line=j, created_by=user) for j in found
                )
        except IntegrityError as exc:
            raise _already_taken() from exc


def _already_taken() -> ApplicationError:
    return _invalid(
        "A journal line is already matched to another statement line.",
        "journal_lines",
        "Already matched.",
        "journal_line_matched",
    )


def line_unmatch(*, line: BankStatementLine) -> int:
    """Undo a statement line's match; the number of journal lines released."""
    deleted, _ = BankMatch.objects.filter(statement_line=line).delete()
    return deleted


def statement_auto_match(*, user: Any, statement: BankStatement) -> int:
    """Match every unmatched line that has exactly one suggestion, unless that journal line is
    also the only suggestion of another line (then neither: a person decides). The count."""
    from tenant_apps.banking.selectors import statement_suggestions

    suggestions = statement_suggestions(statement)
    only = {lid: s[0].pk for lid, s in suggestions.items() if len(s) == 1}
    claims: dict[int, int] = {}
    for journal_line_id in only.values():
        claims[journal_line_id] = claims.get(journal_line_id, 0) + 1
    count = 0
    lines = BankStatementLine.objects.in_bulk(list(only))
    for line_id, journal_line_id in only.items():
        if claims[journal_line_id] != 1:
            continue
        try:
            line_match(user=user, line=lines[line_id], journal_line_ids=[journal_line_id])
        except ApplicationError:
            continue  # taken meanwhile
        count += 1
    return count


def line_entry_create(
    *,
    user: Any,
    line: BankStatementLine,
    ledger: Account,
    narration: str = "",
    cost_centre: CostCentre | None = None,
) -> Any:
    """Post what the books lack for a statement line (bank charges, interest) and match it, in
    one transaction: money out Dr ledger / Cr bank; money in Dr bank / Cr ledger. An income or
    expense ledger's line may name the job or department it belongs to (ADR 0069)."""
    if ledger.is_group or ledger.role in (AccountRole.BANK,) or not ledger.is_active:
        raise _invalid("Choose an active ledger other than the bank.", "ledger", "Not allowed.")
    if cost_centre is not None:
        if ledger.type not in PROFIT_AND_LOSS_TYPES:
            raise _invalid(
                "Only an income or expense ledger takes a cost centre.",
                "cost_centre",
                f"{ledger.code} {ledger.name} is not an income or expense ledger.",
            )
        if problem := cost_centre_problem(cost_centre):
            raise _invalid(problem, "cost_centre", problem)
    with transaction.atomic():
        line = BankStatementLine.objects.select_related("statement__account").get(pk=line.pk)
        if BankMatch.objects.filter(statement_line=line).exists():
            raise _invalid(
                "The statement line is already matched.",
                "line",
                "Unmatch it first.",
                "already_matched",
            )
        bank = line.statement.account
        amount = abs(line.amount)
        text = (narration or line.description or "Bank statement line")[:500]
        if line.amount > 0:
            specs = [
                LineSpec(account=bank, debit=amount, description=text),
                LineSpec(account=ledger, credit=amount, description=text, cost_centre=cost_centre),
            ]
        else:
            specs = [
                LineSpec(account=ledger, debit=amount, description=text, cost_centre=cost_centre),
                LineSpec(account=bank, credit=amount, description=text),
            ]
        entry = journal_entry_post_lines(
            date=line.date,
            narration=text,
            lines=specs,
            source_type="banking.statement",
            source_id=line.statement_id,
            user=user,
        )
        bank_line = JournalLine.objects.get(entry=entry, account=bank)
        line_match(user=user, line=line, journal_line_ids=[bank_line.pk])
    return entry
