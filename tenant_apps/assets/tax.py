"""Depreciation for income tax: blocks of assets at their written-down value (Income-tax Act
s.32 and s.43(6), Rule 5 and Appendix I; ADR 0075 addendum). A report: nothing is posted, the
books keep the Companies Act depreciation.

For each block and previous year (April to March, whatever the company's fiscal year):

    opening   the block's written-down value at the year's start: the one entered for the year
              (from the last return or tax audit report), else the previous year's closing,
              worked out the same way from the register (0 before the block's first year)
    additions the cost of assets put to use in the year; those used under 180 days in the year
              take half the rate (second proviso to s.32(1)(ii))
    sales     what assets sold or scrapped in the year fetched (s.43(6)(c)), taken first from
              the opening and the full-rate additions
    depreciation = rate x (opening + full-rate additions - sales)
                 + rate / 2 x half-rate additions (less what sales took beyond the rest)
    closing   opening + additions - sales - depreciation; sales beyond the whole block are a
              short-term capital gain (s.50) and leave it at nothing

Amounts are rounded to the paisa. The block ceasing with a loss (every asset sold for less than
the block's value) and additional depreciation (s.32(1)(iia)) are not worked out here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from tenant_apps.assets.depreciation import YearStart
from tenant_apps.assets.models import Asset, AssetCategory, AssetStatus, TaxBlockOpening
from tenant_apps.core.fields import round_money

ZERO = Decimal("0")
HALF_RATE_DAYS = 180
TAX_YEAR = YearStart(4, 1)  # the previous year of the Act: April to March, whatever the books'


@dataclass(frozen=True)
class TaxItem:
    asset: Asset
    date: dt.date  # put to use (an addition) or disposed of (a sale)
    amount: Decimal
    half_rate: bool = False


@dataclass
class TaxBlockYear:
    block: str
    rate: Decimal
    year_start: dt.date
    year_end: dt.date
    opening: Decimal = ZERO
    opening_entered: bool = False
    additions_full: Decimal = ZERO
    additions_half: Decimal = ZERO
    sales: Decimal = ZERO
    depreciation_full: Decimal = ZERO
    depreciation_half: Decimal = ZERO
    capital_gain: Decimal = ZERO
    closing: Decimal = ZERO
    additions: list[TaxItem] = field(default_factory=list)
    disposals: list[TaxItem] = field(default_factory=list)

    @property
    def depreciation(self) -> Decimal:
        return self.depreciation_full + self.depreciation_half

    def work_out(self) -> None:
        """Depreciation, capital gain and closing from opening, additions and sales."""
        full = self.opening + self.additions_full - self.sales
        half = self.additions_half
        if full < 0:  # sales beyond the opening and the full-rate additions
            half, full = half + full, ZERO
        if half < 0:  # ... and beyond the whole block
            self.capital_gain, half = -half, ZERO
        self.depreciation_full = round_money(full * self.rate / 100)
        self.depreciation_half = round_money(half * self.rate / 200)
        self.closing = full + half - self.depreciation


def tax_depreciation(year: dt.date, fiscal: YearStart) -> list[TaxBlockYear]:
    """Every block for the fiscal year containing `year`, by block name. Three queries."""
    first, last = fiscal.bounds(year)
    rates: dict[str, Decimal] = {}
    for block, rate in (
        AssetCategory.objects.exclude(tax_block="")
        .order_by("tax_block", "pk")
        .values_list("tax_block", "tax_rate")
    ):
        rates.setdefault(block, rate or ZERO)
    entered = {
        (o.block, o.year_start): o.wdv
        for o in TaxBlockOpening.objects.filter(block__in=list(rates), year_start__lte=first)
    }
    added: dict[str, list[Asset]] = defaultdict(list)
    for asset in (
        Asset.objects.filter(category__tax_block__in=list(rates), in_use_date__lte=last)
        .select_related("category")
        .order_by("in_use_date", "number")
    ):
        added[asset.category.tax_block].append(asset)
    out = []
    for block, rate in rates.items():
        starts = [start for (b, start) in entered if b == block]
        starts += [fiscal.bounds(a.in_use_date)[0] for a in added[block]]
        start = min(starts, default=first)
        previous: TaxBlockYear | None = None
        while True:
            end = fiscal.bounds(start)[1]
            row = TaxBlockYear(block=block, rate=rate, year_start=start, year_end=end)
            if (block, start) in entered:
                row.opening, row.opening_entered = entered[(block, start)], True
            elif previous is not None:
                row.opening = previous.closing
            for asset in added[block]:
                if start <= asset.in_use_date <= end:
                    half = (end - asset.in_use_date).days + 1 < HALF_RATE_DAYS
                    row.additions.append(TaxItem(asset, asset.in_use_date, asset.cost, half))
                    if half:
                        row.additions_half += asset.cost
                    else:
                        row.additions_full += asset.cost
                sold = asset.disposal_date
                if asset.status == AssetStatus.DISPOSED and sold and start <= sold <= end:
                    proceeds = asset.disposal_proceeds or ZERO
                    row.disposals.append(TaxItem(asset, sold, proceeds))
                    row.sales += proceeds
            row.work_out()
            if start >= first:
                out.append(row)
                break
            previous, start = row, end + dt.timedelta(days=1)
    return out
