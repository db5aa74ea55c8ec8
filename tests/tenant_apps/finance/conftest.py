"""Fixtures for the ledger tests: a fiscal year in alpha, accounts by role, and a cleaner for
tests that commit (posted lines are immutable, so it removes them with triggers off)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction

from tests.conftest import in_schema

FY_DAY = dt.date(2026, 6, 15)  # in fiscal year 2026-27 (April-March)


def ledger_wipe(schema: str) -> None:
    """Remove every journal entry, total, fiscal year, the ledger's sequences and the fiscal
    years' audit events of `schema` (committed tests clean up after themselves)."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            for table in (
                "finance_accountdaybalance",
                "finance_accountperiodbalance",
                "finance_journalline",
            ):
                cursor.execute(f'DELETE FROM "{schema}".{table}')
            cursor.execute(f'UPDATE "{schema}".finance_fiscalyear SET closing_entry_id = NULL')
            cursor.execute(f'DELETE FROM "{schema}".finance_journalentry')
            cursor.execute(f'DELETE FROM "{schema}".finance_period')
            cursor.execute(f'DELETE FROM "{schema}".finance_fiscalyear')
            cursor.execute(
                f'DELETE FROM "{schema}".core_documentsequence WHERE series IN '
                "('JV', 'YEC', 'CONC', 'BENCH', 'RV')"
            )
            # year-end closes and reopenings are audited (the log is append-only: triggers off)
            cursor.execute(
                f'DELETE FROM "{schema}".audit_auditevent '
                "WHERE action IN ('finance.fiscal_year.closed', 'finance.fiscal_year.reopened')"
            )
        finally:
            cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def alpha(world: Any, db: None) -> Iterator[str]:
    """In alpha's schema with fiscal year 2026-27 (rolled back after the test)."""
    from tenant_apps.finance.services import fiscal_year_ensure

    with in_schema(world.alpha_schema):
        fiscal_year_ensure(on=FY_DAY)
        yield world.alpha_schema


@pytest.fixture
def committed_ledger(world: Any, committed_db: None) -> Iterator[str]:
    """Alpha with fiscal year 2026-27 committed; everything the ledger holds wiped after."""
    from tenant_apps.finance.services import fiscal_year_ensure

    with in_schema(world.alpha_schema):
        ledger_wipe(world.alpha_schema)
        with transaction.atomic():
            fiscal_year_ensure(on=FY_DAY)
    try:
        yield world.alpha_schema
    finally:
        connection.set_schema_to_public()
        ledger_wipe(world.alpha_schema)


@pytest.fixture
def role() -> Callable[[str], Any]:
    from tenant_apps.finance.selectors import account_by_role

    return account_by_role


def money(value: str | int) -> Decimal:
    return Decimal(str(value))
