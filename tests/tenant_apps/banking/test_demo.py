"""The demo company's second bank account (ADR 0055): opened beside the current account, with
postings, and counted by the dashboard."""

from __future__ import annotations

from decimal import Decimal as D

from django.utils import timezone

from tenant_apps.banking.demo import CC_CODE
from tenant_apps.banking.demo import demo_seed as banking_demo_seed
from tenant_apps.finance.models import Account
from tenant_apps.finance.selectors import account_balance, account_by_role
from tenant_apps.invoicing import reports
from tenant_apps.invoicing.demo import demo_seed
from tests.conftest import in_schema


def test_the_demo_has_two_bank_ledgers_and_the_dashboard_counts_both(world, users, db):
    with in_schema(world.alpha_schema):
        demo_seed(user=users["owner_alpha"])
        today = timezone.localdate()
        current = account_by_role("bank")
        before = account_balance(current, as_of=today)

        cc = banking_demo_seed(user=users["owner_alpha"])

        assert list(
            Account.objects.filter(role="bank").order_by("code").values_list("code", flat=True)
        ) == [
            current.code,
            CC_CODE,
        ]
        assert account_by_role("bank") == current  # the default stays the lowest code
        assert account_balance(cc, as_of=today) == D("200000") - D("1180") - D("2350")
        assert account_balance(current, as_of=today) == before - D("200000")
        kpis = reports.finance_kpis(as_of=today)
        assert kpis["bank_balance"] == before - D("1180") - D("2350")
