"""How a report shows its figures as text (PDF): the Indian digit grouping for amounts
(1,23,45,678.90, lakh and crore), quantities without trailing zeros, dates as dd-mm-yyyy."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

DATE_FORMAT = "%d-%m-%Y"


def group_indian(digits: str) -> str:
    """ "12345678" -> "1,23,45,678": the last three digits, then pairs."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join([*groups, tail])


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def format_indian(amount: Decimal | int | float | str, places: int = 2) -> str:
    """`Decimal("12345678.9")` -> "1,23,45,678.90"; negatives with a minus sign
    ("-1,00,000.00"); rounded half up to `places` decimals; never "-0.00"."""
    value = _decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(value):f}".partition(".")
    sign = "-" if value < 0 else ""
    return sign + group_indian(whole) + (f".{fraction}" if fraction else "")


def format_quantity(quantity: Decimal | int | float | str) -> str:
    """`Decimal("1250.500000")` -> "1,250.5"; `Decimal("2.000000")` -> "2"."""
    value = _decimal(quantity)
    text = f"{abs(value).normalize():f}"
    whole, _, fraction = text.partition(".")
    sign = "-" if value < 0 else ""
    return sign + group_indian(whole) + (f".{fraction}" if fraction else "")


def format_date(value: dt.date) -> str:
    """dd-mm-yyyy; a datetime in the company's time zone, with its time."""
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime(f"{DATE_FORMAT} %H:%M")
    return value.strftime(DATE_FORMAT)


def period_text(date_from: dt.date, date_to: dt.date) -> str:
    """ "01-04-2026 to 31-03-2027"."""
    return f"{format_date(date_from)} to {format_date(date_to)}"


def cell_text(value: Any, kind: str) -> str:
    """The text of one cell in a column of `kind` (text / money / quantity / date / percent).
    A value that is not a number in a numeric column (a label in a totals row) is shown as is."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date) and not isinstance(value, bool):
        return format_date(value)
    numeric = isinstance(value, (Decimal, int, float)) and not isinstance(value, bool)
    try:
        if kind == "money" and (numeric or isinstance(value, str)):
            return format_indian(value)
        if kind == "quantity" and (numeric or isinstance(value, str)):
            return format_quantity(value)
        if kind == "percent" and (numeric or isinstance(value, str)):
            return format_indian(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if isinstance(value, Decimal):
        return format_indian(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
