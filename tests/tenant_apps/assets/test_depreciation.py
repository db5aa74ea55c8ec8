"""The depreciation formula (Schedule II; ADR 0075) on worked examples, and as properties: the
monthly charges add up to the accumulated figure, never pass the depreciable amount and reach it
on the life's last day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tenant_apps.assets.depreciation import (
    YearStart,
    accumulated,
    add_months,
    basis,
    month_end,
    schedule,
    wdv_rate,
)

APRIL = YearStart(4, 1)


def test_plant_of_fifteen_years_at_five_percent_takes_the_tables_rate_of_18_10_percent():
    # given a machine of ₹1,00,000 put to use on the first day of the fiscal year
    machine = basis(
        method="wdv", cost=D(100000), residual=D(5000), in_use=dt.date(2026, 4, 1), life_months=180
    )
    # then
    assert machine.rate == D("0.181036")
    rows = schedule(machine, APRIL)
    assert len(rows) == 15
    assert [(r.opening, r.depreciation, r.closing) for r in rows[:2]] == [
        (D("100000"), D("18103.60"), D("81896.40")),
        (D("81896.40"), D("14826.20"), D("67070.20")),  # 81,896.40 x 18.1036 %
    ]
    assert rows[-1].closing == D("5000.00")
    assert sum(r.depreciation for r in rows) == D("95000.00")


def test_a_part_year_is_charged_by_the_days_used():
    # given a machine put to use on 16 June: 15 days in June, 31 in July
    machine = basis(
        method="wdv", cost=D(100000), residual=D(5000), in_use=dt.date(2026, 6, 16), life_months=180
    )
    # then 1,00,000 x 18.1036 % x 15 / 365, and to 31 July x 46 / 365
    assert accumulated(machine, dt.date(2026, 6, 15), APRIL) == D("0")
    assert accumulated(machine, dt.date(2026, 6, 30), APRIL) == D("743.98")
    assert accumulated(machine, dt.date(2026, 7, 31), APRIL) == D("2281.55")
    # the first fiscal year's charge: 289 days of 365
    assert schedule(machine, APRIL)[0].depreciation == D("14334.08")


def test_straight_line_charges_the_same_in_every_full_year_leap_or_not():
    # given ₹1,20,000, residual ₹6,000, five years from 15 July 2026
    van = basis(
        method="slm", cost=D(120000), residual=D(6000), in_use=dt.date(2026, 7, 15), life_months=60
    )
    rows = schedule(van, APRIL)
    # then 22,800 a year; the first year 260 of 365 days; the last year what is left
    assert [r.depreciation for r in rows] == [
        D("16241.10"),
        D("22800.00"),  # 2027-28 has 29 February
        D("22800.00"),
        D("22800.00"),
        D("22800.00"),
        D("6558.90"),
    ]
    assert rows[-1].closing == D("6000.00")
    assert accumulated(van, dt.date(2031, 7, 14), APRIL) == D("114000.00")
    assert accumulated(van, dt.date(2031, 7, 13), APRIL) < D("114000.00")


def test_an_asset_brought_forward_spreads_its_book_value_over_the_life_left():
    # given a van of 2024 brought into these books on 1 April 2026 with ₹37,000 charged
    van = basis(
        method="slm",
        cost=D(120000),
        residual=D(6000),
        in_use=dt.date(2024, 7, 15),
        life_months=60,
        opening_date=dt.date(2026, 4, 1),
        opening_depreciation=D(37000),
    )
    # then 77,000 over the 3 years 3 months 14 days left
    assert van.value == D(83000)
    assert [r.depreciation for r in schedule(van, APRIL)] == [
        D("23415.96"),
        D("23415.95"),
        D("23415.96"),
        D("6752.13"),
    ]
    assert accumulated(van, dt.date(2026, 3, 31), APRIL) == D("0")


def test_a_calendar_fiscal_year_cuts_the_years_in_january():
    machine = basis(
        method="wdv", cost=D(100000), residual=D(5000), in_use=dt.date(2026, 1, 1), life_months=180
    )
    assert schedule(machine, YearStart(1, 1))[0].depreciation == D("18103.60")


def test_the_written_down_value_needs_a_residual_value():
    with pytest.raises(ValueError):
        wdv_rate(D(100), D(0), D(5))
    assert wdv_rate(D(100), D(100), D(5)) == D(0)


@settings(max_examples=150, deadline=None)
@given(
    cost=st.integers(min_value=1, max_value=50_000_000).map(lambda p: D(p) / 100),
    residual_percent=st.integers(min_value=1, max_value=30),
    months=st.integers(min_value=1, max_value=360),
    method=st.sampled_from(["slm", "wdv"]),
    in_use=st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31)),
    opening_after=st.one_of(st.none(), st.integers(min_value=0, max_value=2000)),
    opening_share=st.integers(min_value=0, max_value=60),
    year_month=st.integers(min_value=1, max_value=12),
)
def test_monthly_charges_add_up_never_pass_the_depreciable_amount_and_reach_it(
    cost, residual_percent, months, method, in_use, opening_after, opening_share, year_month
):
    residual = (cost * residual_percent / 100).quantize(D("0.01"))
    assume(residual > 0)  # the register refuses a written-down value without one
    opening_date = None if opening_after is None else in_use + dt.timedelta(days=opening_after)
    opening = D(0) if opening_date is None else (cost * opening_share / 100).quantize(D("0.01"))
    if cost - opening < residual or (
        opening_date is not None and opening_date > add_months(in_use, months) - dt.timedelta(1)
    ):  # what the register takes: at most the residual value left, none once the life is over
        opening = cost - residual
    asset = basis(
        method=method,
        cost=cost,
        residual=residual,
        in_use=in_use,
        life_months=months,
        opening_date=opening_date,
        opening_depreciation=opening,
    )
    year = YearStart(year_month, 1)
    month, last, charged = asset.start.replace(day=1), D(0), D(0)
    while month <= asset.end.replace(day=1):
        now = accumulated(asset, month_end(month), year)
        assert now >= last
        charged += now - last
        last = now
        month = add_months(month, 1)
    assert charged == last == asset.depreciable
    assert sum(r.depreciation for r in schedule(asset, year)) == asset.depreciable
