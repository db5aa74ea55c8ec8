"""How much depreciation an asset has carried on a given day (Companies Act 2013 Schedule II;
ADR 0075). Pure: no queries, so the runs, the disposal, the schedule and the tests share one
formula.

The depreciable amount is the book value the count starts from less the residual value; it is
spread over the days of the useful life, which ends the day before the same date `life` months
after the asset was put to use:

- straight line: a fiscal year's charge = depreciable / years of life x days used in the year /
  days in the year (a full year takes the same amount, leap or not);
- written-down value: a fiscal year's charge = the year's opening book value x rate x days used
  in the year / days in the year, where rate = 1 - (residual / value) ^ (1 / years of life) is
  the yearly rate that leaves the residual value at the life's end (18.10 % for plant and
  machinery of 15 years at 5 %, the rate the tables give).

Either way the accumulated depreciation never passes the depreciable amount and reaches it on
the life's last day. Amounts are rounded once, on the accumulated figure (half up to the paisa),
and each period's charge is the difference of two rounded figures, so the charges add up to the
rounded total whatever the periods.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from tenant_apps.core.fields import round_money

ZERO = Decimal("0")
ONE_DAY = dt.timedelta(days=1)
DAYS_A_YEAR = Decimal(365)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def life_end(in_use: dt.date, months: int) -> dt.date:
    """The last day of a useful life of `months` from `in_use`."""
    return add_months(in_use, months) - ONE_DAY


@dataclass(frozen=True)
class YearStart:
    """Where the company's fiscal year starts (month, day)."""

    month: int = 4
    day: int = 1

    def bounds(self, on: dt.date) -> tuple[dt.date, dt.date]:
        start = dt.date(on.year, self.month, self.day)
        if on < start:
            start = start.replace(year=on.year - 1)
        return start, add_months(start, 12) - ONE_DAY


@dataclass(frozen=True)
class Basis:
    """Where an asset's count starts: the day, the book value then, the residual value, the
    life's last day, the method and (WDV) the yearly rate."""

    start: dt.date
    end: dt.date
    value: Decimal
    residual: Decimal
    method: str
    years: Decimal
    rate: Decimal | None = None

    @property
    def depreciable(self) -> Decimal:
        return max(ZERO, self.value - self.residual)


def years_between(start: dt.date, end: dt.date) -> Decimal:
    """Years from `start` to the end of `end`: whole months / 12, plus the days left / 365."""
    months = 0
    while add_months(start, months + 1) <= end + ONE_DAY:
        months += 1
    rest = (end + ONE_DAY - add_months(start, months)).days
    return Decimal(months) / 12 + Decimal(rest) / DAYS_A_YEAR


def wdv_rate(value: Decimal, residual: Decimal, years: Decimal) -> Decimal:
    """The yearly rate that takes `value` down to `residual` in `years`, to six places (0 when
    there is nothing to depreciate)."""
    if value <= residual or years <= 0:
        return ZERO
    if residual <= 0:
        raise ValueError("a written-down value needs a residual value above zero")
    rate = 1 - (float(residual) / float(value)) ** (1 / float(years))
    return Decimal(f"{rate:.6f}")


def basis(
    *,
    method: str,
    cost: Decimal,
    residual: Decimal,
    in_use: dt.date,
    life_months: int,
    opening_date: dt.date | None = None,
    opening_depreciation: Decimal = ZERO,
    rate: Decimal | None = None,
) -> Basis:
    """An asset's basis: from `in_use` on its cost, or from `opening_date` on its cost less the
    depreciation charged before (the rest of its life)."""
    start = opening_date or in_use
    end = life_end(in_use, life_months)
    value = cost - opening_depreciation
    years = Decimal(life_months) / 12 if start == in_use else years_between(start, end)
    if method == "wdv" and rate is None:
        rate = wdv_rate(value, residual, years)
    return Basis(
        start=start,
        end=end,
        value=value,
        residual=residual,
        method=method,
        years=years,
        rate=rate,
    )


def cumulative(b: Basis, on: dt.date, year: YearStart) -> Decimal:
    """Depreciation from the basis' start to the end of `on`, unrounded."""
    if on < b.start or b.depreciable <= 0:
        return ZERO
    if on >= b.end:
        return b.depreciable
    slm = b.method == "slm"
    annual = b.depreciable / b.years if slm and b.years > 0 else ZERO
    rate = b.rate or ZERO
    total, opening, day = ZERO, b.value, b.start
    while True:
        first, last = year.bounds(day)
        upto = min(on, last)
        share = Decimal((upto - day).days + 1) / Decimal((last - first).days + 1)
        charge = annual * share if slm else opening * rate * share
        total += charge
        if total >= b.depreciable:
            return b.depreciable
        if upto == on:
            return min(total, b.depreciable)
        opening -= charge
        day = last + ONE_DAY


def accumulated(b: Basis, on: dt.date, year: YearStart) -> Decimal:
    """Depreciation to the end of `on`, rounded to the paisa."""
    return round_money(cumulative(b, on, year))


@dataclass(frozen=True)
class YearRow:
    start: dt.date
    end: dt.date
    opening: Decimal  # book value at the year's start
    depreciation: Decimal
    closing: Decimal


def schedule(b: Basis, year: YearStart) -> list[YearRow]:
    """The depreciation of each fiscal year of the life, from the basis' start to its end."""
    rows: list[YearRow] = []
    if b.depreciable <= 0:
        return rows
    day, before = b.start, ZERO
    while day <= b.end:
        first, last = year.bounds(day)
        upto = min(last, b.end)
        after = accumulated(b, upto, year)
        rows.append(
            YearRow(
                start=first,
                end=last,
                opening=b.value - before,
                depreciation=after - before,
                closing=b.value - after,
            )
        )
        before, day = after, last + ONE_DAY
    return rows
