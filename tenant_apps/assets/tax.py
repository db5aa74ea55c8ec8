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

Additional depreciation (s.32(1)(iia); ADR 0076), where the company claims it: each new asset's
`tax_additional_rate` of its cost (20 %) in the year it is put to use, half of it when used under
180 days and the other half the next year (if the asset is still held at the first year's end);
never more than the block's value left after the normal depreciation.

A block ceases (s.50(2)) when every asset of it in the register has been sold or scrapped by the
year's end, one of them in the year (the register is taken to hold the block's every asset):
then there is no depreciation, and opening + additions - sales is a short-term capital loss
(or, below nothing, a gain), and the block closes at nothing.

Amounts are rounded to the paisa: the normal depreciation per rate, the additional per asset.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from tenant_apps.assets.depreciation import YearStart
from tenant_apps.assets.models import (
    Asset,
    AssetCategory,
    AssetSettings,
    AssetStatus,
    TaxBlockOpening,
)
from tenant_apps.core.fields import round_money

ZERO = Decimal("0")
HALF_RATE_DAYS = 180
TAX_YEAR = YearStart(4, 1)  # the previous year of the Act: April to March, whatever the books'


@dataclass
class TaxItem:
    asset: Asset
    date: dt.date  # put to use (an addition) or disposed of (a sale)
    amount: Decimal
    half_rate: bool = False
    additional: Decimal = ZERO  # s.32(1)(iia) allowed on it in the year

    def additional_due(self, carried: bool = False) -> Decimal:
        """Additional depreciation due on an addition: the rate on its cost, half of it for an
        asset used under 180 days (its first year) and the other half the next (`carried`)."""
        rate = self.asset.tax_additional_rate
        return round_money(self.amount * rate / (200 if self.half_rate or carried else 100))


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
    additional: Decimal = ZERO
    capital_gain: Decimal = ZERO
    capital_loss: Decimal = ZERO
    ceased: bool = False
    closing: Decimal = ZERO
    additions: list[TaxItem] = field(default_factory=list)
    disposals: list[TaxItem] = field(default_factory=list)
    # last year's additions used under 180 days: the other half of their additional depreciation
    carried: list[TaxItem] = field(default_factory=list)

    @property
    def depreciation(self) -> Decimal:
        return self.depreciation_full + self.depreciation_half + self.additional

    def work_out(self, claim_additional: bool) -> None:
        """Depreciation, capital gain or loss and closing from opening, additions and sales."""
        if self.ceased:  # s.50(2): no depreciation; what is left, or over, is a capital loss/gain
            left = self.opening + self.additions_full + self.additions_half - self.sales
            self.capital_loss, self.capital_gain = max(left, ZERO), max(-left, ZERO)
            return
        full = self.opening + self.additions_full - self.sales
        half = self.additions_half
        if full < 0:  # sales beyond the opening and the full-rate additions
            half, full = half + full, ZERO
        if half < 0:  # ... and beyond the whole block
            self.capital_gain, half = -half, ZERO
        self.depreciation_full = round_money(full * self.rate / 100)
        self.depreciation_half = round_money(half * self.rate / 200)
        if claim_additional:  # never below nothing: what the normal depreciation leaves
            left = full + half - self.depreciation_full - self.depreciation_half
            for item, carried in [(i, True) for i in self.carried] + [
                (i, False) for i in self.additions
            ]:
                item.additional = min(item.additional_due(carried), left)
                left -= item.additional
                self.additional += item.additional
        self.closing = full + half - self.depreciation


def claims_additional() -> bool:
    """Whether the company claims additional depreciation (not under s.115BAA)."""
    return AssetSettings.objects.filter(tax_additional=True).exists()


def tax_depreciation(year: dt.date, fiscal: YearStart, *, claim: bool) -> list[TaxBlockYear]:
    """Every block for the fiscal year containing `year`, by block name, with additional
    depreciation where `claim` (`claims_additional()`). Three queries."""
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
            if previous is not None and claim:
                row.carried = [
                    TaxItem(i.asset, i.date, i.amount, True)
                    for i in previous.additions
                    if i.half_rate
                    and i.asset.tax_additional_rate
                    and not _disposed_by(i.asset, previous.year_end)
                ]
            held = False  # an asset of the block still held at the year's end
            for asset in added[block]:
                if asset.in_use_date <= end and not _disposed_by(asset, end):
                    held = True
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
            row.ceased = bool(row.disposals) and not held
            row.work_out(claim)
            if start >= first:
                out.append(row)
                break
            previous, start = row, end + dt.timedelta(days=1)
    return out


def _disposed_by(asset: Asset, day: dt.date) -> bool:
    return (
        asset.status == AssetStatus.DISPOSED
        and asset.disposal_date is not None
        and asset.disposal_date <= day
    )
