"""Every read of the fixed asset register (ADR 0075): categories, assets with what they have
been charged, the runs, and the register for a period (the note on property, plant and
equipment: gross block, depreciation and net block, by category)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from tenant_apps.assets.models import (
    Asset,
    AssetCategory,
    AssetStatus,
    DepreciationLine,
    DepreciationRun,
    DepreciationRunStatus,
)

ZERO = Decimal("0")
POSTED = Q(depreciation_lines__run__status=DepreciationRunStatus.POSTED)


def category_list() -> QuerySet[AssetCategory]:
    return (
        AssetCategory.objects.select_related(
            "asset_account", "accumulated_account", "depreciation_account"
        )
        .annotate(asset_count=Count("assets"))
        .order_by("name")
    )


def category_get(*, category_id: int) -> AssetCategory:
    return category_list().get(pk=category_id)


def asset_list() -> QuerySet[Asset]:
    """Assets with `charged`: what posted runs charged them."""
    return Asset.objects.select_related("category", "cost_centre").annotate(
        charged=Coalesce(
            Sum("depreciation_lines__amount", filter=POSTED),
            Value(ZERO),
            output_field=DecimalField(max_digits=20, decimal_places=4),
        )
    )


def asset_get(*, asset_id: int) -> Asset:
    return (
        asset_list()
        .select_related(
            "bill",
            "cost_centre",
            "disposal_entry",
            "disposal_account",
            "cwip_account",
            "capitalisation_entry",
            "category__asset_account",
            "category__accumulated_account",
            "category__depreciation_account",
        )
        .get(pk=asset_id)
    )


def cwip_ledgers() -> QuerySet[Any]:
    """The capital work-in-progress ledgers (ADR 0077), active or holding something, by code,
    with `balance`: what each holds now (debit less credit). One query."""
    from tenant_apps.finance.models import Account

    return (
        Account.objects.filter(role="capital_wip", is_group=False)
        .annotate(
            balance=Coalesce(
                Sum("lines__debit") - Sum("lines__credit"),
                Value(ZERO),
                output_field=DecimalField(max_digits=20, decimal_places=4),
            )
        )
        .filter(Q(is_active=True) | ~Q(balance=0))
        .order_by("code")
    )


def asset_history(asset: Asset) -> QuerySet[DepreciationLine]:
    """The asset's lines in posted runs, oldest first."""
    return (
        asset.depreciation_lines.filter(run__status=DepreciationRunStatus.POSTED)
        .select_related("run", "run__journal_entry")
        .order_by("run__month")
    )


def run_list() -> QuerySet[DepreciationRun]:
    return (
        DepreciationRun.objects.select_related("journal_entry")
        .annotate(asset_count=Count("lines"))
        .order_by("-month", "-id")
    )


def run_get(*, run_id: int) -> DepreciationRun:
    return run_list().prefetch_related("lines__asset__category").get(pk=run_id)


# ---------------------------------------------------------------------------------------------
# The register for a period
# ---------------------------------------------------------------------------------------------
@dataclass
class Block:
    """Gross block, depreciation and net block of one asset, a category, or all."""

    cost_open: Decimal = ZERO
    additions: Decimal = ZERO
    disposals: Decimal = ZERO
    depreciation_open: Decimal = ZERO
    depreciation: Decimal = ZERO
    written_back: Decimal = ZERO

    @property
    def cost_close(self) -> Decimal:
        return self.cost_open + self.additions - self.disposals

    @property
    def depreciation_close(self) -> Decimal:
        return self.depreciation_open + self.depreciation - self.written_back

    @property
    def net_open(self) -> Decimal:
        return self.cost_open - self.depreciation_open

    @property
    def net_close(self) -> Decimal:
        return self.cost_close - self.depreciation_close

    def add(self, other: Block) -> None:
        for name in (
            "cost_open",
            "additions",
            "disposals",
            "depreciation_open",
            "depreciation",
            "written_back",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class RegisterRow:
    asset: Asset
    block: Block


@dataclass
class RegisterGroup:
    category: AssetCategory
    rows: list[RegisterRow] = field(default_factory=list)
    total: Block = field(default_factory=Block)


@dataclass
class LedgerCheck:
    """One ledger the categories post to, its balance on the period's last day against what the
    register holds for it: cost (at the end) or accumulated depreciation."""

    account: Any
    kind: str  # "cost" or "accumulated"
    register: Decimal
    books: Decimal

    @property
    def difference(self) -> Decimal:
        return self.books - self.register


@dataclass
class Register:
    date_from: dt.date
    date_to: dt.date
    groups: list[RegisterGroup]
    total: Block
    ledgers: list[LedgerCheck] = field(default_factory=list)


def _ledger_checks(groups: list[RegisterGroup], date_to: dt.date) -> list[LedgerCheck]:
    """Every category's cost and accumulated depreciation ledgers (shared ones once), with the
    register's figure and the books' balance. Two queries."""
    from tenant_apps.finance.selectors import balances_between

    held: dict[int, Block] = {g.category.pk: g.total for g in groups}
    checks: dict[tuple[str, int], LedgerCheck] = {}
    categories = AssetCategory.objects.select_related("asset_account", "accumulated_account")
    for c in categories.order_by("asset_account__code", "name"):
        block = held.get(c.pk, Block())
        for kind, account, figure in (
            ("cost", c.asset_account, block.cost_close),
            ("accumulated", c.accumulated_account, block.depreciation_close),
        ):
            check = checks.setdefault((kind, account.pk), LedgerCheck(account, kind, ZERO, ZERO))
            check.register += figure
    balances = balances_between(None, date_to)
    for (kind, pk), check in checks.items():
        debit, credit = balances.get(pk, (ZERO, ZERO))
        check.books = debit - credit if kind == "cost" else credit - debit
    return sorted(checks.values(), key=lambda c: (c.kind != "cost", c.account.code))


def asset_register(date_from: dt.date, date_to: dt.date) -> Register:
    """Each asset in the books at some time in the period, from what was posted: cost at the
    start, added, disposed of; depreciation at the start, charged in the period (runs, and a
    disposal's own charge), written back on disposal; and the ledgers beside it. Four queries."""
    assets = list(
        Asset.objects.filter(purchase_date__lte=date_to)
        .exclude(status=AssetStatus.DISPOSED, disposal_date__lt=date_from)
        .select_related("category")
        .order_by("category__name", "number")
    )
    before: dict[int, Decimal] = defaultdict(lambda: ZERO)
    during: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for asset_id, day, amount in DepreciationLine.objects.filter(
        asset__in=assets, run__status=DepreciationRunStatus.POSTED, run__date__lte=date_to
    ).values_list("asset_id", "run__date", "amount"):
        (before if day < date_from else during)[asset_id] += amount
    groups: dict[int, RegisterGroup] = {}
    total = Block()
    for asset in assets:
        bought_before = asset.purchase_date < date_from
        charged_before = asset.opening_depreciation + before[asset.pk]
        disposed = (
            asset.status == AssetStatus.DISPOSED
            and asset.disposal_date is not None
            and asset.disposal_date <= date_to
        )
        block = Block(
            cost_open=asset.cost if bought_before else ZERO,
            additions=ZERO if bought_before else asset.cost,
            depreciation_open=charged_before if bought_before else ZERO,
            depreciation=during[asset.pk]
            + (ZERO if bought_before else charged_before)
            + ((asset.disposal_depreciation or ZERO) if disposed else ZERO),
        )
        if disposed:
            block.disposals = asset.cost
            block.written_back = block.depreciation_open + block.depreciation
        group = groups.setdefault(asset.category_id, RegisterGroup(asset.category))
        group.rows.append(RegisterRow(asset, block))
        group.total.add(block)
        total.add(block)
    listed = list(groups.values())
    return Register(date_from, date_to, listed, total, _ledger_checks(listed, date_to))
