"""Amounts in words the Indian way: thousand, lakh, crore ("Rupees One Lakh ... Only")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ONES = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
]
TENS = ["_", "_", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]
CURRENCY_WORDS = {
    "INR": ("Rupees", "Paise"),
    "USD": ("US Dollars", "Cents"),
    "EUR": ("Euros", "Cents"),
}


def _below_hundred(n: int) -> str:
    if n < 20:
        return ONES[n]
    tens, ones = divmod(n, 10)
    return TENS[tens] + (f" {ONES[ones]}" if ones else "")


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{ONES[hundreds]} Hundred")
    if rest:
        parts.append(_below_hundred(rest))
    return " ".join(parts)


def integer_in_words(n: int) -> str:
    """`12345678` -> "One Crore Twenty Three Lakh Forty Five Thousand Six Hundred Seventy Eight"."""
    if n < 0:
        return "Minus " + integer_in_words(-n)
    if n == 0:
        return "Zero"
    crore, n = divmod(n, 10_000_000)
    lakh, n = divmod(n, 100_000)
    thousand, n = divmod(n, 1000)
    parts = []
    if crore:
        parts.append(f"{integer_in_words(crore)} Crore")
    if lakh:
        parts.append(f"{_below_hundred(lakh)} Lakh")
    if thousand:
        parts.append(f"{_below_hundred(thousand)} Thousand")
    if n:
        parts.append(_below_thousand(n))
    return " ".join(parts)


def amount_in_words(amount: Decimal, currency: str = "INR") -> str:
    """`Decimal("150000.50")` -> "Rupees One Lakh Fifty Thousand and Fifty Paise Only"."""
    major_name, minor_name = CURRENCY_WORDS.get(currency, (currency, "Cents"))
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "Minus " if amount < 0 else ""
    amount = abs(amount)
    major = int(amount)
    minor = int((amount - major) * 100)
    words = f"{sign}{major_name} {integer_in_words(major)}"
    if minor:
        words += f" and {_below_hundred(minor)} {minor_name}"
    return words + " Only"
