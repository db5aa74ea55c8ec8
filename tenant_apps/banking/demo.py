"""The demo company's second bank account (ADR 0055): a cash-credit account beside the current
account, with a few postings, so the bank reconciliation page shows its account picker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

CC_CODE = "1122"
CC_NAME = "Bank - Cash Credit Account"


def demo_seed(*, user: Any) -> Any:
    """Run inside the demo tenant's schema after invoicing's demo (the books exist): opens the
    cash-credit ledger under the bank group, moves money into it from the current account and
    posts its interest and processing charge. Returns the new ledger."""
    from tenant_apps.finance.models import Account
    from tenant_apps.finance.selectors import account_by_role
    from tenant_apps.finance.services import LineSpec, account_create, journal_entry_post_lines

    current = account_by_role("bank")
    cc = account_create(
        user=user,
        code=CC_CODE,
        name=CC_NAME,
        parent_id=current.parent_id,
        role="bank",
        description="Cash credit with HDFC Bank, limit 25 lakh",
    )
    charges = Account.objects.get(code="5240")  # Bank Charges (the template's)
    today = timezone.localdate()

    def post(days_ago: int, narration: str, debit: Any, credit: Any, amount: str) -> None:
        journal_entry_post_lines(
            date=today - dt.timedelta(days=days_ago),
            narration=narration,
            lines=[
                LineSpec(account=debit, debit=Decimal(amount)),
                LineSpec(account=credit, credit=Decimal(amount)),
            ],
            user=user,
        )

    post(30, "Transfer to the cash credit account", cc, current, "200000")
    post(12, "CC account: processing charge", charges, cc, "1180")
    post(5, "CC account: interest for the month", charges, cc, "2350")
    return cc
