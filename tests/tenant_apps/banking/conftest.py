"""Fixtures for the banking tests: alpha's books (invoicing's fixtures) plus helpers to record
receipts and payments through the bank and to build statement files."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests.conftest import in_schema
from tests.tenant_apps.invoicing.conftest import (
    FY_DAY,
    Books,
    _books,
    invoicing_wipe,
)
from tests.tenant_apps.invoicing.conftest import (
    books as books,
)

BANKING_TABLES = ("banking_bankmatch", "banking_bankstatementline", "banking_bankstatement")


def d(day: int) -> dt.date:
    return dt.date(2026, 6, day)


def receipt(books: Books, amount: str, day: int, reference: str = "") -> Any:
    from tenant_apps.invoicing.services.payments import payment_create

    return payment_create(
        user=books.user,
        kind="receipt",
        data={
            "partner": books.mh,
            "date": d(day),
            "account": books.bank,
            "amount": Decimal(amount),
            "reference": reference,
        },
    )


def payment(books: Books, amount: str, day: int, reference: str = "") -> Any:
    from tenant_apps.invoicing.services.payments import payment_create

    return payment_create(
        user=books.user,
        kind="payment",
        data={
            "partner": books.vendor,
            "date": d(day),
            "account": books.bank,
            "amount": Decimal(amount),
            "reference": reference,
        },
    )


def bank_line_of(entry: Any, books: Books) -> Any:
    return entry.lines.get(account=books.bank)


def csv_file(rows: list[str], name: str = "statement.csv") -> SimpleUploadedFile:
    text = "Date,Description,Reference,Debit,Credit,Balance\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def statement(books: Books, rows: list[str], **extra: Any) -> Any:
    from tenant_apps.banking.services import statement_import

    upload = csv_file(rows)
    return statement_import(
        user=books.user, account=books.bank, file=upload, file_name=upload.name, **extra
    )


def expense_ledger() -> Any:
    from tenant_apps.finance.models import Account

    return Account.objects.filter(type="expense", is_group=False, is_active=True).first()


def banking_wipe(schema: str) -> None:
    with connection.cursor() as cursor:
        for table in BANKING_TABLES:
            cursor.execute(f'DELETE FROM "{schema}".{table}')


@pytest.fixture
def committed_bank_books(world: Any, committed_db: None) -> Iterator[Books]:
    """Alpha's books committed (threads see them); everything wiped afterwards."""
    from shared_apps.accounts.models import User

    user = User.objects.get(pk=world.owner_alpha_id)
    with in_schema(world.alpha_schema):
        banking_wipe(world.alpha_schema)
        invoicing_wipe(world.alpha_schema)
        result = _books(user)
    try:
        yield result
    finally:
        connection.set_schema_to_public()
        with in_schema(world.alpha_schema):
            banking_wipe(world.alpha_schema)
            invoicing_wipe(world.alpha_schema)


__all__ = ["FY_DAY", "io"]
