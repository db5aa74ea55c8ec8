"""Reports agree with each other and with the lines; year-end close moves the profit to
retained earnings and closes the year; the chart of accounts is seeded and editable."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from tenant_apps.finance.models import (
    Account,
    AccountRole,
    FiscalYear,
    FiscalYearStatus,
    JournalEntry,
    PeriodStatus,
)
from tenant_apps.finance.selectors import (
    account_balance,
    account_by_role,
    balance_sheet,
    general_ledger,
    profit_and_loss,
    trial_balance,
)
from tenant_apps.finance.services import (
    LineSpec,
    account_create,
    account_update,
    fiscal_year_close,
    fiscal_year_ensure,
    journal_entry_post_lines,
)
from tests.conftest import in_schema


def _post(day, debit_role, credit_role, amount):
    return journal_entry_post_lines(
        date=day,
        narration=f"{debit_role}/{credit_role}",
        lines=[
            LineSpec(account=account_by_role(debit_role), debit=Decimal(amount)),
            LineSpec(account=account_by_role(credit_role), credit=Decimal(amount)),
        ],
        user=None,
    )


def test_the_template_chart_has_every_role_once_on_an_active_ledger(alpha):
    for role in AccountRole.values:
        account = account_by_role(role)
        assert not account.is_group and account.is_active
    assert Account.objects.filter(is_group=False, parent__isnull=True).count() == 0


def test_trial_balance_columns_split_at_the_start_date_and_sum_up_the_tree(alpha):
    # given sales in April, May and June (June partly before and after the 15th)
    _post(dt.date(2026, 4, 10), "cash", "sales", "1000")
    _post(dt.date(2026, 5, 31), "bank", "sales", "500")
    _post(dt.date(2026, 6, 15), "cash", "sales", "200")
    _post(dt.date(2026, 6, 16), "cash", "sales", "7")
    # when
    tb = trial_balance(from_date=dt.date(2026, 5, 1), to_date=dt.date(2026, 6, 15))
    rows = {row.code: row.values for row in tb.rows}
    # then
    assert rows["1110"]["opening_debit"] == Decimal("1000")
    assert rows["1110"]["debit"] == Decimal("200")
    assert rows["1110"]["closing_debit"] == Decimal("1200")
    assert rows["4110"]["credit"] == Decimal("700")
    assert rows["4110"]["closing_credit"] == Decimal("1700")
    assert rows["11"]["closing_debit"] == Decimal("1700")  # cash + bank
    assert tb.totals["closing_debit"] == tb.totals["closing_credit"] == Decimal("1700")


def test_profit_and_loss_and_balance_sheet_agree(alpha):
    _post(dt.date(2026, 4, 10), "cash", "sales", "1000")
    _post(dt.date(2026, 4, 11), "purchase", "payable", "300")
    _post(dt.date(2026, 5, 2), "payable", "bank", "100")
    pnl = profit_and_loss(
        from_date=dt.date(2026, 4, 1),
        to_date=dt.date(2026, 5, 31),
        compare=(dt.date(2026, 4, 1), dt.date(2026, 4, 30)),
    )
    assert pnl.totals["current"] == {
        "income": Decimal("1000"),
        "expense": Decimal("300"),
        "net_profit": Decimal("700"),
    }
    bs = balance_sheet(as_of=dt.date(2026, 5, 31), compare_as_of=dt.date(2026, 4, 30))
    current = bs.totals["current"]
    assert current["assets"] == Decimal("900")  # cash 1000, bank -100
    assert current["liabilities"] == Decimal("200")
    assert current["current_profit"] == Decimal("700")
    assert current["assets"] == current["liabilities_and_equity"]
    assert bs.totals["previous"]["assets"] == Decimal("1000")


def test_general_ledger_pages_by_cursor_with_a_running_balance(alpha):
    for day in range(1, 8):
        _post(dt.date(2026, 6, day), "cash", "sales", str(day))
    _post(dt.date(2026, 5, 20), "cash", "sales", "100")
    cash = account_by_role("cash")
    first = general_ledger(
        account=cash, from_date=dt.date(2026, 6, 1), to_date=dt.date(2026, 6, 30), limit=3
    )
    second = general_ledger(
        account=cash,
        from_date=dt.date(2026, 6, 1),
        to_date=dt.date(2026, 6, 30),
        limit=3,
        cursor=first.next_cursor,
    )
    assert first.opening == Decimal("100")
    assert [line["balance"] for line in first.lines] == [Decimal(x) for x in (101, 103, 106)]
    assert [line["balance"] for line in second.lines] == [Decimal(x) for x in (110, 115, 121)]
    assert second.closing == Decimal("128")


def test_year_end_close_moves_the_profit_to_retained_earnings(committed_ledger):
    with in_schema(committed_ledger):
        # given a year with income and expenses
        with transaction.atomic():
            last_year = fiscal_year_ensure(on=dt.date(2025, 6, 1))
            _post(dt.date(2025, 7, 1), "cash", "sales", "1000")
            _post(dt.date(2025, 8, 1), "purchase", "cash", "400")
        # when
        fiscal_year_close(fiscal_year_id=last_year.pk, user=None)
        # then
        year = FiscalYear.objects.get(pk=last_year.pk)
        assert year.status == FiscalYearStatus.CLOSED
        assert set(year.periods.values_list("status", flat=True)) == {PeriodStatus.CLOSED}
        closing = JournalEntry.objects.get(pk=year.closing_entry_id)
        assert closing.date == dt.date(2026, 3, 31) and closing.is_closing
        assert closing.number == "YEC/25-26/00001"
        retained = account_by_role("retained_earnings")
        assert account_balance(retained, as_of=dt.date(2026, 3, 31)) == Decimal("600")
        assert account_balance(account_by_role("sales"), as_of=dt.date(2026, 3, 31)) == 0
        assert account_balance(account_by_role("purchase"), as_of=dt.date(2026, 3, 31)) == 0
        # and the closed year's P&L still shows its result (the closing entry is left out)
        pnl = profit_and_loss(from_date=dt.date(2025, 4, 1), to_date=dt.date(2026, 3, 31))
        assert pnl.totals["current"] == {
            "income": Decimal("1000"),
            "expense": Decimal("400"),
            "net_profit": Decimal("600"),
        }
        # while the balance sheet has it in retained earnings, not as current profit
        bs = balance_sheet(as_of=dt.date(2026, 3, 31)).totals["current"]
        assert (bs["current_profit"], bs["equity"]) == (0, Decimal("600"))
        assert bs["assets"] == bs["liabilities_and_equity"] == Decimal("600")
        # and the closed year refuses postings, and closing twice
        with pytest.raises(ValidationError) as caught, transaction.atomic():
            _post(dt.date(2025, 9, 1), "cash", "sales", "1")
        assert caught.value.code == "period_locked"
        with pytest.raises(ValidationError) as caught:
            fiscal_year_close(fiscal_year_id=last_year.pk, user=None)
        assert caught.value.code == "invalid_state"


def test_accounts_take_their_parents_type_and_keep_it_once_posted(committed_ledger):
    with in_schema(committed_ledger):
        group = Account.objects.get(code="52")
        account = account_create(user=None, code="5300", name="Testing", parent_id=group.pk)
        try:
            assert account.type == "expense"
            moved = account_update(
                account_id=account.pk,
                user=None,
                data={"parent": Account.objects.get(code="42").pk, "name": "Testing income"},
            )
            assert (moved.type, moved.name) == ("income", "Testing income")
            with transaction.atomic():
                _post(dt.date(2026, 6, 1), "cash", "sales", "5")
            with pytest.raises(ValidationError) as caught:
                account_update(
                    account_id=account_by_role("cash").pk,
                    user=None,
                    data={"parent": Account.objects.get(code="42").pk},
                )
            assert caught.value.code == "account_in_use"
            assert account_by_role("cash").type == "asset"
            with pytest.raises(ValidationError) as caught:
                account_update(account_id=group.pk, user=None, data={"parent": account.pk})
            assert caught.value.code == "invalid"
        finally:
            Account.objects.filter(pk=account.pk).delete()
