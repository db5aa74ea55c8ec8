"""Money and quantity fields with the one set of precision constants.

Amounts are stored as NUMERIC(20,4) and rounded to the currency's precision on documents;
quantities as NUMERIC(20,6). Never float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models

AMOUNT_MAX_DIGITS = 20
AMOUNT_DECIMAL_PLACES = 4
QUANTITY_MAX_DIGITS = 20
QUANTITY_DECIMAL_PLACES = 6
RATE_MAX_DIGITS = 12  # exchange and tax rates
RATE_DECIMAL_PLACES = 6
CURRENCY_DECIMALS = {"INR": 2, "USD": 2, "EUR": 2, "GBP": 2, "AED": 2, "JPY": 0, "KWD": 3}


def round_money(amount: Decimal, currency: str = "INR") -> Decimal:
    """Round to the currency's minor unit, half up (as Indian invoices do)."""
    places = CURRENCY_DECIMALS.get(currency, 2)
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class MoneyField(models.DecimalField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", AMOUNT_MAX_DIGITS)
        kwargs.setdefault("decimal_places", AMOUNT_DECIMAL_PLACES)
        kwargs.setdefault("default", Decimal("0"))
        super().__init__(*args, **kwargs)


class QuantityField(models.DecimalField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", QUANTITY_MAX_DIGITS)
        kwargs.setdefault("decimal_places", QUANTITY_DECIMAL_PLACES)
        kwargs.setdefault("default", Decimal("0"))
        super().__init__(*args, **kwargs)


class CurrencyField(models.CharField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("default", "INR")
        super().__init__(*args, **kwargs)
