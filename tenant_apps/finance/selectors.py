"""Reads of the ledger. Balances come from the per-period and per-day totals the triggers keep
(never a scan of the journal): whole periods from `AccountPeriodBalance`, the days of a partly
covered period from `AccountDayBalance`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet, Sum

from tenant_apps.core.fields import round_money
from tenant_apps.finance.exceptions import LedgerValidationError
from tenant_apps.finance.models import (
    DEBIT_NORMAL_TYPES,
    Account,
    AccountDayBalance,
    AccountPeriodBalance,
    AccountRole,
    AccountType,
    Budget,
    CashFlowActivity,
    CostCentre,
    FiscalYear,
    JournalEntry,
    JournalLine,
    JournalStatus,
    Period,
)

ZERO = Decimal(0)
FAR_PAST = dt.date(1900, 1, 1)


# ---------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------
def account_by_role(role: str) -> Account:
    """The active ledger holding `role`; `account_role_missing` when none does. For bank and
    cash, which several ledgers may hold, the one with the lowest code (ADR 0055)."""
    account = (
        Account.objects.filter(role=role, is_active=True, is_group=False).order_by("code").first()
    )
    if account is None:
        label = dict(AccountRole.choices).get(role, role)
        raise LedgerValidationError(
            f"No active ledger has the role {role!r} ({label}): assign it in the chart of "
            "accounts.",
            code="account_role_missing",
        )
    return account


def ledgers_of_role(role: str) -> list[Account]:
    """Every active ledger holding `role`, by code: bank and cash may be several (ADR 0055);
    `account_role_missing` when none does."""
    ledgers = list(
        Account.objects.filter(role=role, is_active=True, is_group=False).order_by("code")
    )
    if not ledgers:
        account_by_role(role)  # raises the clear error
    return ledgers


def role_balance(role: str, *, as_of: dt.date) -> Decimal:
    """The balance of all active ledgers holding `role` as of a date, on their normal side:
    all bank accounts together, all cash boxes together."""
    ledgers = ledgers_of_role(role)
    balances = balances_between(None, as_of)
    debit = sum((balances.get(a.pk, (ZERO, ZERO))[0] for a in ledgers), ZERO)
    credit = sum((balances.get(a.pk, (ZERO, ZERO))[1] for a in ledgers), ZERO)
    return signed_balance(ledgers[0].type, debit, credit)


def accounts_by_role(*roles: str) -> dict[str, Account]:
    """Several roles in one query; `account_role_missing` names the first missing one."""
    found = {
        a.role: a for a in Account.objects.filter(role__in=roles, is_active=True, is_group=False)
    }
    for role in roles:
        if role not in found:
            account_by_role(role)  # raises the clear error
    return found


def account_list() -> QuerySet[Account]:
    return Account.objects.all().order_by("code")


def account_get(*, account_id: int) -> Account:
    return Account.objects.get(pk=account_id)


def account_has_postings(*, account_ids: Iterable[int]) -> set[int]:
    return set(
        JournalLine.objects.filter(account_id__in=list(account_ids))
        .values_list("account_id", flat=True)
        .distinct()
    )


# ---------------------------------------------------------------------------------------------
# Balances from the totals
# ---------------------------------------------------------------------------------------------
def _periods_overlapping(start: dt.date, end: dt.date) -> list[tuple[int, dt.date, dt.date]]:
    return list(
        Period.objects.filter(start_date__lte=end, end_date__gte=start)
        .order_by("start_date")
        .values_list("id", "start_date", "end_date")
    )


def _totals_sql(start: dt.date, end: dt.date) -> tuple[str, list[Any]]:
    """SQL (account_id, debit, credit) of the postings dated start..end, from the totals."""
    full: list[int] = []
    ranges: list[tuple[dt.date, dt.date]] = []
    for period_id, p_start, p_end in _periods_overlapping(start, end):
        if p_start >= start and p_end <= end:
            full.append(period_id)
        else:
            ranges.append((max(p_start, start), min(p_end, end)))
    apb = AccountPeriodBalance._meta.db_table
    adb = AccountDayBalance._meta.db_table
    parts = [f"SELECT account_id, debit, credit FROM {apb} WHERE period_id = ANY(%s)"]
    params: list[Any] = [full]
    for r_start, r_end in ranges:
        parts.append(f"SELECT account_id, debit, credit FROM {adb} WHERE date >= %s AND date <= %s")
        params += [r_start, r_end]
    return " UNION ALL ".join(parts), params


def balances_between(start: dt.date | None, end: dt.date) -> dict[int, tuple[Decimal, Decimal]]:
    """{account_id: (debits, credits)} of postings dated start..end (start None: since ever)."""
    sql, params = _totals_sql(start or FAR_PAST, end)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT account_id, sum(debit), sum(credit) FROM ({sql}) t GROUP BY account_id",
            params,
        )
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


def signed_balance(account_type: str, debit: Decimal, credit: Decimal) -> Decimal:
    """The balance on the account's normal side (assets, expenses: debit minus credit)."""
    return debit - credit if account_type in DEBIT_NORMAL_TYPES else credit - debit


def account_balance(account: Account, *, as_of: dt.date) -> Decimal:
    """Balance of a ledger (or a group: its ledgers) on its normal side as of a date: positive
    is a debit balance for assets and expenses, a credit balance for the others."""
    ids = _descendant_ledger_ids(account) if account.is_group else [account.pk]
    balances = balances_between(None, as_of)
    debit = sum((balances.get(i, (ZERO, ZERO))[0] for i in ids), ZERO)
    credit = sum((balances.get(i, (ZERO, ZERO))[1] for i in ids), ZERO)
    return signed_balance(account.type, debit, credit)


def _descendant_ledger_ids(group: Account) -> list[int]:
    accounts = list(Account.objects.values_list("id", "parent_id", "is_group"))
    children: dict[int | None, list[tuple[int, bool]]] = {}
    for pk, parent_id, is_group in accounts:
        children.setdefault(parent_id, []).append((pk, is_group))
    out: list[int] = []
    stack = [group.pk]
    while stack:
        for pk, is_group in children.get(stack.pop(), []):
            if is_group:
                stack.append(pk)
            else:
                out.append(pk)
    return out


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------
@dataclass
class ReportRow:
    account_id: int
    code: str
    name: str
    type: str
    is_group: bool
    parent_id: int | None
    depth: int
    values: dict[str, Decimal] = field(default_factory=dict)


def _tree_rows(
    columns: dict[str, dict[int, Decimal]], *, types: Iterable[str] | None = None
) -> list[ReportRow]:
    """Every account in tree order with `columns` summed up the groups; rows whose columns
    are all zero are dropped."""
    accounts = list(
        Account.objects.order_by("code").values_list(
            "id", "code", "name", "type", "is_group", "parent_id"
        )
    )
    wanted = set(types) if types is not None else None
    children: dict[int | None, list[tuple[Any, ...]]] = {}
    for row in accounts:
        children.setdefault(row[5], []).append(row)
    out: list[ReportRow] = []

    def walk(parent: int | None, depth: int) -> dict[str, Decimal]:
        sums = dict.fromkeys(columns, ZERO)
        for pk, code, name, type_, is_group, parent_id in children.get(parent, []):
            if wanted is not None and type_ not in wanted:
                continue
            row = ReportRow(pk, code, name, type_, is_group, parent_id, depth)
            out.append(row)
            if is_group:
                values = walk(pk, depth + 1)
            else:
                values = {col: data.get(pk, ZERO) for col, data in columns.items()}
            row.values = values
            for col in sums:
                sums[col] += values[col]
        return sums

    walk(None, 0)
    return [row for row in out if any(row.values.values())]


@dataclass
class TrialBalance:
    from_date: dt.date
    to_date: dt.date
    rows: list[ReportRow]
    totals: dict[str, Decimal]


TB_COLUMNS = (
    "opening_debit",
    "opening_credit",
    "debit",
    "credit",
    "closing_debit",
    "closing_credit",
)


def trial_balance(*, to_date: dt.date, from_date: dt.date | None = None) -> TrialBalance:
    """Opening (before `from_date`), movements (from..to) and closing balances per account,
    from the totals. `from_date` defaults to the start of the fiscal year of `to_date`."""
    if from_date is None:
        year = FiscalYear.objects.filter(start_date__lte=to_date, end_date__gte=to_date).first()
        from_date = year.start_date if year is not None else to_date.replace(day=1)
    if from_date > to_date:
        raise LedgerValidationError(
            "The start date is after the end date.",
            code="invalid",
            fields={"from_date": ["After the end date."]},
        )
    opening = balances_between(None, from_date - dt.timedelta(days=1))
    movement = balances_between(from_date, to_date)
    columns: dict[str, dict[int, Decimal]] = {c: {} for c in TB_COLUMNS}
    for account_id in set(opening) | set(movement):
        o_debit, o_credit = opening.get(account_id, (ZERO, ZERO))
        m_debit, m_credit = movement.get(account_id, (ZERO, ZERO))
        o_net = o_debit - o_credit
        c_net = o_net + m_debit - m_credit
        columns["opening_debit"][account_id] = max(o_net, ZERO)
        columns["opening_credit"][account_id] = max(-o_net, ZERO)
        columns["debit"][account_id] = m_debit
        columns["credit"][account_id] = m_credit
        columns["closing_debit"][account_id] = max(c_net, ZERO)
        columns["closing_credit"][account_id] = max(-c_net, ZERO)
    rows = _tree_rows(columns)
    totals = {c: sum(columns[c].values(), ZERO) for c in TB_COLUMNS}
    return TrialBalance(from_date=from_date, to_date=to_date, rows=rows, totals=totals)


@dataclass
class Statement:
    """P&L or balance sheet: rows with one value per column label, and sections' totals."""

    columns: list[dict[str, Any]]
    rows: list[ReportRow]
    totals: dict[str, dict[str, Decimal]]


def _closing_postings_between(start: dt.date, end: dt.date) -> dict[int, tuple[Decimal, Decimal]]:
    """{account_id: (debits, credits)} of year-end closing entries (and their reversals, when a
    year was reopened) dated start..end: a handful of lines, read from the journal."""
    closing = JournalEntry.objects.filter(  # the partial index finance_entry_closing_idx
        is_closing=True, date__gte=start, date__lte=end
    ).exclude(status=JournalStatus.DRAFT)
    rows = (
        JournalLine.objects.filter(entry__in=closing)
        .values("account_id")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
    )
    return {row["account_id"]: (row["debit"], row["credit"]) for row in rows}


def _profit_and_loss_balances(start: dt.date, end: dt.date) -> dict[int, tuple[Decimal, Decimal]]:
    """{account_id: (debits, credits)} of start..end without the year-end closing entries."""
    data = balances_between(start, end)
    for pk, (d, c) in _closing_postings_between(start, end).items():
        total_d, total_c = data.get(pk, (ZERO, ZERO))
        data[pk] = (total_d - d, total_c - c)
    return data


def cost_centre_list() -> QuerySet[CostCentre]:
    return CostCentre.objects.order_by("code")


def _children(pairs: Iterable[tuple[int, int | None]]) -> dict[int | None, list[int]]:
    """{parent id: child ids} of a tree given as (id, parent id) pairs."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in pairs:
        children.setdefault(parent_id, []).append(pk)
    return children


def _below(children: dict[int | None, list[int]], root: int) -> list[int]:
    """`root` and every node under it."""
    out, todo = [], [root]
    while todo:
        pk = todo.pop()
        out.append(pk)
        todo.extend(children.get(pk, []))
    return out


def cost_centre_subtree(centre_id: int) -> list[int]:
    """The centre and every centre under it (a group's P&L is its children's)."""
    return _below(_children(CostCentre.objects.values_list("id", "parent_id")), centre_id)


def _cost_centre_lines(start: dt.date, end: dt.date, centre_ids: list[int] | None) -> QuerySet[Any]:
    """Posted lines of start..end that carry a cost centre (`centre_ids`: only those), without
    year-end closing entries: the partial index finance_line_cost_centre_idx (ADR 0069)."""
    lines = JournalLine.objects.filter(
        cost_centre__isnull=False,
        date__gte=start,
        date__lte=end,
        entry__status__in=(JournalStatus.POSTED, JournalStatus.REVERSED),
        entry__is_closing=False,
    )
    if centre_ids is not None:
        lines = lines.filter(cost_centre_id__in=centre_ids)
    return lines


def profit_and_loss(
    *,
    from_date: dt.date,
    to_date: dt.date,
    compare: tuple[dt.date, dt.date] | None = None,
    cost_centre: int | None = None,
) -> Statement:
    """Income and expenses of the range. Year-end closing entries are left out: they move the
    year's result to retained earnings, and a closed year's statement still shows its profit.
    `cost_centre`: only the lines of that cost centre and the ones under it (ADR 0069)."""
    ranges = [("current", from_date, to_date)]
    if compare is not None:
        ranges.append(("previous", compare[0], compare[1]))
    columns: dict[str, dict[int, Decimal]] = {}
    types = {a.pk: a.type for a in Account.objects.only("id", "type")}
    centres = cost_centre_subtree(cost_centre) if cost_centre is not None else None
    for key, start, end in ranges:
        if centres is None:
            data = _profit_and_loss_balances(start, end)
        else:
            data = {
                row["account_id"]: (row["debit"], row["credit"])
                for row in _cost_centre_lines(start, end, centres)
                .values("account_id")
                .annotate(debit=Sum("debit"), credit=Sum("credit"))
            }
        columns[key] = {
            pk: signed_balance(types[pk], d, c)
            for pk, (d, c) in data.items()
            if types.get(pk) in (AccountType.INCOME, AccountType.EXPENSE)
        }
    rows = _tree_rows(columns, types=(AccountType.INCOME, AccountType.EXPENSE))
    totals: dict[str, dict[str, Decimal]] = {}
    for key in columns:
        income = sum((v for pk, v in columns[key].items() if types[pk] == AccountType.INCOME), ZERO)
        expense = sum(
            (v for pk, v in columns[key].items() if types[pk] == AccountType.EXPENSE), ZERO
        )
        totals[key] = {"income": income, "expense": expense, "net_profit": income - expense}
    return Statement(
        columns=[{"key": k, "from_date": s, "to_date": e} for k, s, e in ranges],
        rows=rows,
        totals=totals,
    )


@dataclass
class CostCentreRow:
    id: int | None  # None: the lines that carry no cost centre
    code: str
    name: str
    is_group: bool
    parent_id: int | None
    depth: int
    income: Decimal = ZERO
    expense: Decimal = ZERO

    @property
    def profit(self) -> Decimal:
        return self.income - self.expense


@dataclass
class CostCentreSummary:
    from_date: dt.date
    to_date: dt.date
    rows: list[CostCentreRow]
    unallocated: CostCentreRow
    totals: dict[str, Decimal]


def cost_centre_summary(*, from_date: dt.date, to_date: dt.date) -> CostCentreSummary:
    """Income, expense and profit per cost centre for the range (ADR 0069), its groups summing
    their children, and what no cost centre carries ("Not allocated": the whole P&L, from the
    totals, less what the centres carry). Year-end closing entries are left out, as in the
    P&L. Centres with nothing in the range are left out unless active."""
    if from_date > to_date:
        raise LedgerValidationError(
            "The start date is after the end date.",
            code="invalid",
            fields={"from_date": ["After the end date."]},
        )
    types = {a.pk: a.type for a in Account.objects.only("id", "type")}

    def income_expense(data: Iterable[tuple[int, Decimal, Decimal]]) -> tuple[Decimal, Decimal]:
        income = expense = ZERO
        for account_id, debit, credit in data:
            kind = types.get(account_id)
            if kind == AccountType.INCOME:
                income += credit - debit
            elif kind == AccountType.EXPENSE:
                expense += debit - credit
        return income, expense

    by_centre: dict[int, list[tuple[int, Decimal, Decimal]]] = {}
    for row in (
        _cost_centre_lines(from_date, to_date, None)
        .values("cost_centre_id", "account_id")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
    ):
        by_centre.setdefault(row["cost_centre_id"], []).append(
            (row["account_id"], row["debit"], row["credit"])
        )
    centres = list(
        CostCentre.objects.order_by("code").values_list(
            "id", "code", "name", "is_group", "parent_id", "is_active"
        )
    )
    children: dict[int | None, list[tuple[Any, ...]]] = {}
    for centre in centres:
        children.setdefault(centre[4], []).append(centre)
    rows: list[CostCentreRow] = []
    keep: dict[int, bool] = {}

    def walk(parent: int | None, depth: int) -> tuple[Decimal, Decimal]:
        income_sum = expense_sum = ZERO
        for pk, code, name, is_group, parent_id, is_active in children.get(parent, []):
            row = CostCentreRow(pk, code, name, is_group, parent_id, depth)
            rows.append(row)
            own = income_expense(by_centre.get(pk, []))
            below = walk(pk, depth + 1)
            row.income, row.expense = own[0] + below[0], own[1] + below[1]
            keep[pk] = bool(is_active or row.income or row.expense)
            income_sum += row.income
            expense_sum += row.expense
        return income_sum, expense_sum

    allocated_income, allocated_expense = walk(None, 0)
    whole = _profit_and_loss_balances(from_date, to_date)
    total_income, total_expense = income_expense((pk, d, c) for pk, (d, c) in whole.items())
    unallocated = CostCentreRow(
        None,
        "",
        "Not allocated",
        False,
        None,
        0,
        total_income - allocated_income,
        total_expense - allocated_expense,
    )
    return CostCentreSummary(
        from_date=from_date,
        to_date=to_date,
        rows=[row for row in rows if row.id is not None and keep[row.id]],
        unallocated=unallocated,
        totals={
            "income": total_income,
            "expense": total_expense,
            "profit": total_income - total_expense,
        },
    )


@dataclass
class BudgetRow:
    account_id: int
    code: str
    name: str
    type: str
    is_group: bool
    budget: Decimal
    actual: Decimal
    budget_to_date: Decimal = ZERO  # the months to the report's date (ADR 0078)
    phased: bool = False  # entered by month; else spread evenly

    @property
    def variance(self) -> Decimal:
        """Actual less budget: above zero an income ahead of plan, an expense over it."""
        return self.actual - self.budget

    @property
    def variance_to_date(self) -> Decimal:
        return self.actual - self.budget_to_date


@dataclass
class BudgetReport:
    cost_centre: CostCentre
    fiscal_year: FiscalYear
    from_date: dt.date
    to_date: dt.date
    rows: list[BudgetRow]
    # income/expense/profit: budgeted (the rows) and actual (the whole cost centre)
    totals: dict[str, dict[str, Decimal]]
    not_budgeted: dict[str, Decimal]  # actual income and expense on accounts no row covers


def year_months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The months of a fiscal year, first and last day each (the last may end with the year)."""
    months = []
    first = start
    while first <= end:
        following = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        months.append((first, min(following - dt.timedelta(days=1), end)))
        first = following
    return months


def budget_months(budget: Budget, months: int) -> list[Decimal]:
    """A budget's amount per month: as entered, or spread evenly (to the paisa, the last month
    taking what is left)."""
    if budget.months:
        return list(budget.months)
    each = (budget.amount / months).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [each] * (months - 1) + [budget.amount - each * (months - 1)]


def budget_to_date(
    budget: Budget, months: list[tuple[dt.date, dt.date]], to_date: dt.date
) -> Decimal:
    """The budget of the months (`year_months` of its fiscal year) to `to_date`: whole months,
    and the month it falls in by its days."""
    total = ZERO
    for (first, last), amount in zip(months, budget_months(budget, len(months)), strict=True):
        if last <= to_date:
            total += amount
        elif first <= to_date:
            days = (to_date - first).days + 1
            total += round_money(amount * days / ((last - first).days + 1))
    return total


def budget_list(*, cost_centre: CostCentre, fiscal_year: FiscalYear) -> list[Budget]:
    return list(
        Budget.objects.filter(cost_centre=cost_centre, fiscal_year=fiscal_year)
        .select_related("account")
        .order_by("account__code")
    )


def budget_vs_actual(
    *, cost_centre: CostCentre, fiscal_year: FiscalYear, to_date: dt.date | None = None
) -> BudgetReport:
    """A cost centre's budget for a fiscal year beside what it has earned and spent from the
    year's start to `to_date` (default: the year's end): each budgeted account (a group
    counts the ledgers under it), its actual and the variance; the cost centre includes the
    ones under it (ADR 0070)."""
    start = fiscal_year.start_date
    end = min(to_date or fiscal_year.end_date, fiscal_year.end_date)
    if end < start:
        raise LedgerValidationError(
            "The date is before the fiscal year.",
            code="invalid",
            fields={"to_date": ["Before the fiscal year."]},
        )
    budgets = budget_list(cost_centre=cost_centre, fiscal_year=fiscal_year)
    months = year_months(fiscal_year.start_date, fiscal_year.end_date)
    accounts = list(Account.objects.values_list("id", "parent_id", "type"))
    types = {pk: type_ for pk, _parent, type_ in accounts}
    children = _children((pk, parent_id) for pk, parent_id, _type in accounts)
    actual: dict[int, Decimal] = {}  # signed: income credit - debit, expense debit - credit
    for row in (
        _cost_centre_lines(start, end, cost_centre_subtree(cost_centre.pk))
        .values("account_id")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
    ):
        kind = types.get(row["account_id"])
        if kind in (AccountType.INCOME, AccountType.EXPENSE):
            actual[row["account_id"]] = signed_balance(kind, row["debit"], row["credit"])

    rows: list[BudgetRow] = []
    covered: set[int] = set()
    for budget in budgets:
        under = _below(children, budget.account_id)
        covered.update(under)
        account = budget.account
        rows.append(
            BudgetRow(
                account_id=account.pk,
                code=account.code,
                name=account.name,
                type=account.type,
                is_group=account.is_group,
                budget=budget.amount,
                actual=sum((actual.get(pk, ZERO) for pk in under), ZERO),
                budget_to_date=budget_to_date(budget, months, end),
                phased=bool(budget.months),
            )
        )

    def by_type(values: Iterable[tuple[int, Decimal]], kind: str) -> Decimal:
        return sum((v for pk, v in values if types.get(pk) == kind), ZERO)

    budgeted = [(row.account_id, row.budget) for row in rows]
    so_far = [(row.account_id, row.budget_to_date) for row in rows]
    totals = {
        "budget": {
            "income": by_type(budgeted, AccountType.INCOME),
            "expense": by_type(budgeted, AccountType.EXPENSE),
        },
        "budget_to_date": {
            "income": by_type(so_far, AccountType.INCOME),
            "expense": by_type(so_far, AccountType.EXPENSE),
        },
        "actual": {
            "income": by_type(actual.items(), AccountType.INCOME),
            "expense": by_type(actual.items(), AccountType.EXPENSE),
        },
    }
    for column in totals.values():
        column["profit"] = column["income"] - column["expense"]
    outside = [(pk, v) for pk, v in actual.items() if pk not in covered]
    return BudgetReport(
        cost_centre=cost_centre,
        fiscal_year=fiscal_year,
        from_date=start,
        to_date=end,
        rows=rows,
        totals=totals,
        not_budgeted={
            "income": by_type(outside, AccountType.INCOME),
            "expense": by_type(outside, AccountType.EXPENSE),
        },
    )


def balance_sheet(*, as_of: dt.date, compare_as_of: dt.date | None = None) -> Statement:
    """Assets = liabilities + equity, where equity includes the profit not yet closed to
    retained earnings (shown as 'current profit')."""
    dates = [("current", as_of)]
    if compare_as_of is not None:
        dates.append(("previous", compare_as_of))
    types = {a.pk: a.type for a in Account.objects.only("id", "type")}
    columns: dict[str, dict[int, Decimal]] = {}
    totals: dict[str, dict[str, Decimal]] = {}
    for key, day in dates:
        data = balances_between(None, day)
        columns[key] = {
            pk: signed_balance(types[pk], d, c)
            for pk, (d, c) in data.items()
            if types.get(pk) in (AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY)
        }
        unclosed = sum(
            (
                signed_balance(types[pk], d, c) * (1 if types[pk] == AccountType.INCOME else -1)
                for pk, (d, c) in data.items()
                if types.get(pk) in (AccountType.INCOME, AccountType.EXPENSE)
            ),
            ZERO,
        )
        sums = {
            t: sum((v for pk, v in columns[key].items() if types[pk] == t), ZERO)
            for t in (AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY)
        }
        totals[key] = {
            "assets": sums[AccountType.ASSET],
            "liabilities": sums[AccountType.LIABILITY],
            "equity": sums[AccountType.EQUITY],
            "current_profit": unclosed,
            "liabilities_and_equity": sums[AccountType.LIABILITY]
            + sums[AccountType.EQUITY]
            + unclosed,
        }
    rows = _tree_rows(columns, types=(AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY))
    return Statement(columns=[{"key": k, "as_of": d} for k, d in dates], rows=rows, totals=totals)


# ---------------------------------------------------------------------------------------------
# General ledger: one account's lines with a running balance, keyset-paginated
# ---------------------------------------------------------------------------------------------
@dataclass
class LedgerPage:
    account: Account
    from_date: dt.date
    to_date: dt.date
    opening: Decimal  # debit minus credit before from_date
    page_opening: Decimal  # debit minus credit before the page's first line
    lines: list[dict[str, Any]]
    next_cursor: str | None
    closing: Decimal  # debit minus credit at to_date


# ---------------------------------------------------------------------------------------------
# Cash flow statement (direct method, ADR 0066)
# ---------------------------------------------------------------------------------------------
CASH_ROLES = (AccountRole.BANK, AccountRole.CASH)


@dataclass
class CashFlowRow:
    account_id: int
    code: str
    name: str
    amount: Decimal  # inflow positive


@dataclass
class CashFlowSection:
    key: str
    label: str
    rows: list[CashFlowRow]
    total: Decimal


@dataclass
class CashFlow:
    from_date: dt.date
    to_date: dt.date
    opening_cash: Decimal
    sections: list[CashFlowSection]
    net_change: Decimal
    closing_cash: Decimal


def cash_flow_activities() -> dict[int, str]:
    """{account id: activity} for every account: its own `cash_flow`, else its nearest
    group's, else financing for equity and operating for the rest."""
    accounts = {
        pk: (parent, activity, kind)
        for pk, parent, activity, kind in Account.objects.values_list(
            "id", "parent_id", "cash_flow", "type"
        )
    }
    resolved: dict[int, str] = {}

    def resolve(pk: int) -> str:
        if pk not in resolved:
            parent, activity, kind = accounts[pk]
            if activity:
                resolved[pk] = activity
            elif parent is not None:
                resolved[pk] = resolve(parent)
            else:
                resolved[pk] = (
                    CashFlowActivity.FINANCING
                    if kind == AccountType.EQUITY
                    else CashFlowActivity.OPERATING
                )
        return resolved[pk]

    for pk in accounts:
        resolve(pk)
    return resolved


def cash_flow(*, from_date: dt.date, to_date: dt.date) -> CashFlow:
    """Where the cash (bank and cash ledgers) came from and went, from_date..to_date, by the
    direct method: each posted entry that moves cash gives the movement to its other lines —
    a receipt to the customer's receivable, a machine bought to the fixed asset — grouped by
    their accounts' activity. Transfers between bank and cash ledgers move nothing. Opening
    plus the three activities is the closing cash, which the ledgers' balances confirm."""
    line_table = JournalLine._meta.db_table
    entry_table = JournalEntry._meta.db_table
    account_table = Account._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH cash AS (
                SELECT id FROM {account_table} WHERE role = ANY(%(roles)s)
            ), moved AS (
                SELECT DISTINCT l.entry_id
                FROM {line_table} l
                JOIN {entry_table} e ON e.id = l.entry_id AND e.status <> 'draft'
                WHERE l.account_id IN (SELECT id FROM cash)
                  AND l.date >= %(start)s AND l.date <= %(end)s
            )
            SELECT l.account_id, sum(l.credit - l.debit)
            FROM {line_table} l
            JOIN moved m ON m.entry_id = l.entry_id
            WHERE l.account_id NOT IN (SELECT id FROM cash)
            GROUP BY l.account_id
            """,
            {"roles": list(CASH_ROLES), "start": from_date, "end": to_date},
        )
        movements = {pk: amount for pk, amount in cursor.fetchall() if amount}
    activities = cash_flow_activities()
    names = {
        pk: (code, name)
        for pk, code, name in Account.objects.filter(pk__in=movements).values_list(
            "id", "code", "name"
        )
    }
    sections = []
    for activity in CashFlowActivity:
        rows = [
            CashFlowRow(pk, *names[pk], amount)
            for pk, amount in movements.items()
            if activities[pk] == activity
        ]
        rows.sort(key=lambda r: r.code)
        total = sum((r.amount for r in rows), ZERO)
        sections.append(
            CashFlowSection(activity.value, f"{activity.label} activities", rows, total)
        )
    cash_ids = list(Account.objects.filter(role__in=CASH_ROLES).values_list("id", flat=True))

    def cash_on(day: dt.date) -> Decimal:
        balances = balances_between(None, day)
        return sum((balances[i][0] - balances[i][1] for i in cash_ids if i in balances), ZERO)

    opening = cash_on(from_date - dt.timedelta(days=1))
    net = sum((section.total for section in sections), ZERO)
    return CashFlow(from_date, to_date, opening, sections, net, cash_on(to_date))


def cursor_parse(cursor: str | None) -> tuple[dt.date, int] | None:
    if not cursor:
        return None
    try:
        day, line_id = cursor.split("_", 1)
        return dt.date.fromisoformat(day), int(line_id)
    except ValueError as exc:
        raise LedgerValidationError(
            "Bad cursor.", code="invalid", fields={"cursor": ["Bad cursor."]}
        ) from exc


def general_ledger(
    *,
    account: Account,
    from_date: dt.date,
    to_date: dt.date,
    cursor: str | None = None,
    limit: int = 100,
    cost_centres: list[int] | None = None,
) -> LedgerPage:
    """Posted lines of `account` dated from..to, ordered by (date, id), `limit` per page after
    `cursor`; opening and running balances (debit minus credit) from the totals plus the
    lines of the range before the page. Uses the (account, date, id) index: a month of one
    account reads that month's lines of that account only. `cost_centres`: only the lines
    that carry one of them, the balances too (summed from those lines, ADR 0069)."""
    after = cursor_parse(cursor)
    line_table = JournalLine._meta.db_table
    entry_table = JournalEntry._meta.db_table
    centre_sql, centre_params = "", []
    if cost_centres is not None:
        centre_sql, centre_params = " AND l.cost_centre_id = ANY(%s)", [cost_centres]
    with connection.cursor() as cur:
        if cost_centres is None:
            before = balances_between(None, from_date - dt.timedelta(days=1)).get(account.pk)
            opening = (before[0] - before[1]) if before else ZERO
            in_range = balances_between(from_date, to_date).get(account.pk)
            closing = opening + ((in_range[0] - in_range[1]) if in_range else ZERO)
        else:
            cur.execute(
                f"""SELECT coalesce(sum(l.debit - l.credit) FILTER (WHERE l.date < %s), 0),
                           coalesce(sum(l.debit - l.credit), 0)
                    FROM {line_table} l
                    JOIN {entry_table} e ON e.id = l.entry_id AND e.status <> 'draft'
                    WHERE l.account_id = %s AND l.date <= %s{centre_sql}""",
                [from_date, account.pk, to_date, *centre_params],
            )
            opening, closing = cur.fetchone()
        page_opening = opening
        if after is not None:
            cur.execute(
                f"""SELECT coalesce(sum(l.debit - l.credit), 0) FROM {line_table} l
                    JOIN {entry_table} e ON e.id = l.entry_id AND e.status <> 'draft'
                    WHERE l.account_id = %s AND l.date >= %s AND (l.date, l.id) <= (%s, %s)
                    {centre_sql}""",
                [account.pk, from_date, after[0], after[1], *centre_params],
            )
            page_opening = opening + cur.fetchone()[0]
        cur.execute(
            f"""SELECT l.id, l.date, l.entry_id, e.number, e.narration, e.source_type,
                       e.source_id, l.description, l.partner_id, l.debit, l.credit
                FROM {line_table} l
                JOIN {entry_table} e ON e.id = l.entry_id AND e.status <> 'draft'
                WHERE l.account_id = %s AND l.date >= %s AND l.date <= %s
                  AND (l.date, l.id) > (%s, %s){centre_sql}
                ORDER BY l.date, l.id LIMIT %s""",
            [
                account.pk,
                from_date,
                to_date,
                after[0] if after else FAR_PAST,
                after[1] if after else 0,
                *centre_params,
                limit + 1,
            ],
        )
        fetched = cur.fetchall()
    has_more = len(fetched) > limit
    fetched = fetched[:limit]
    running = page_opening
    lines = []
    for row in fetched:
        running += row[9] - row[10]
        lines.append(
            {
                "id": row[0],
                "date": row[1],
                "entry_id": row[2],
                "entry_number": row[3],
                "narration": row[4],
                "source_type": row[5],
                "source_id": row[6],
                "description": row[7],
                "partner_id": row[8],
                "debit": row[9],
                "credit": row[10],
                "balance": running,
            }
        )
    next_cursor = f"{fetched[-1][1].isoformat()}_{fetched[-1][0]}" if has_more else None
    return LedgerPage(
        account=account,
        from_date=from_date,
        to_date=to_date,
        opening=opening,
        page_opening=page_opening,
        lines=lines,
        next_cursor=next_cursor,
        closing=closing,
    )


# ---------------------------------------------------------------------------------------------
# Journal entries, fiscal years
# ---------------------------------------------------------------------------------------------
def journal_entry_list() -> QuerySet[JournalEntry]:
    return JournalEntry.objects.select_related("period").order_by("-date", "-id")


def journal_entry_get(*, entry_id: int) -> JournalEntry:
    return (
        JournalEntry.objects.select_related("reversal_of", "period")
        .prefetch_related("lines__account", "lines__partner")
        .get(pk=entry_id)
    )


def fiscal_year_list() -> QuerySet[FiscalYear]:
    return FiscalYear.objects.prefetch_related("periods").order_by("-start_date")


def period_get(*, period_id: int) -> Period:
    return Period.objects.get(pk=period_id)
