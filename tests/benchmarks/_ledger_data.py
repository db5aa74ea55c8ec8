"""The ledger benchmark's data, identical for every system (pure Python, no Django): twenty
accounts and a deterministic stream of two-line entries over fiscal year 2026-27."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

FY_START = dt.date(2026, 4, 1)
FY_DAYS = 365
TB_DATE = dt.date(2026, 9, 15)  # mid-period trial balance
GL_ACCOUNT = 0  # the account whose ledger is read for one month
GL_FROM, GL_TO = dt.date(2026, 9, 1), dt.date(2026, 9, 30)

# (our chart-of-accounts code, type) — the peers create accounts of the same types
ACCOUNTS = [
    ("1110", "asset"),
    ("1121", "asset"),
    ("1131", "asset"),
    ("1141", "asset"),
    ("1151", "asset"),
    ("1152", "asset"),
    ("2111", "liability"),
    ("2121", "liability"),
    ("2122", "liability"),
    ("2140", "liability"),
    ("3100", "equity"),
    ("4110", "income"),
    ("4120", "income"),
    ("4210", "income"),
    ("5110", "expense"),
    ("5130", "expense"),
    ("5140", "expense"),
    ("5210", "expense"),
    ("5220", "expense"),
    ("5240", "expense"),
]


def entries(count: int, *, seed: int = 2026) -> Iterator[tuple[int, dt.date, int, int, Decimal]]:
    """(index, date, debit account index, credit account index, amount), in date order."""
    rng = random.Random(seed)
    for index in range(count):
        day = FY_START + dt.timedelta(days=index * FY_DAYS // count)
        debit = rng.randrange(len(ACCOUNTS))
        credit = (debit + 1 + rng.randrange(len(ACCOUNTS) - 1)) % len(ACCOUNTS)
        amount = Decimal(rng.randrange(100, 10_000_000)) / 100
        yield index, day, debit, credit, amount


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def settle(cursor: Any) -> None:
    """Before each timed posting loop, for every system alike: CHECKPOINT writes out what
    setting the system up left dirty (our tenant's schema clone, a peer's migrations), so the
    loop does not pay for it, then two seconds let the server go idle."""
    cursor.execute("CHECKPOINT")
    time.sleep(2)
