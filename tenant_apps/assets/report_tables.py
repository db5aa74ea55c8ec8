"""The fixed asset register as a report (core/exports, ADR 0013): the figures of the JSON form,
one description for both the Excel and the PDF file. Wide: the PDF is landscape."""

from __future__ import annotations

from typing import Any

from tenant_apps.assets.selectors import Block, Register
from tenant_apps.core.exports.numbers import format_date
from tenant_apps.core.exports.tables import Column, Report, Row, Table

COLUMNS = [
    Column("Asset"),
    Column("Put to use", "date"),
    Column("Cost at start", "money"),
    Column("Additions", "money"),
    Column("Disposals", "money"),
    Column("Cost at end", "money"),
    Column("Depreciation at start", "money"),
    Column("For the period", "money"),
    Column("Written back", "money"),
    Column("Depreciation at end", "money"),
    Column("Net block at start", "money"),
    Column("Net block at end", "money"),
]


CHECK_COLUMNS = [
    Column("Ledger"),
    Column("Holds"),
    Column("Register", "money"),
    Column("Books", "money"),
    Column("Difference", "money"),
]


def _figures(block: Block) -> list[Any]:
    return [
        block.cost_open,
        block.additions,
        block.disposals,
        block.cost_close,
        block.depreciation_open,
        block.depreciation,
        block.written_back,
        block.depreciation_close,
        block.net_open,
        block.net_close,
    ]


def register_report(register: Register) -> Report:
    """Per category a heading row with its totals, then its assets."""
    rows: list[Row] = []
    for group in register.groups:
        rows.append(Row([group.category.name, None, *_figures(group.total)], style="group"))
        rows += [
            Row(
                [
                    f"{r.asset.number} {r.asset.name}"
                    + (" (disposed)" if r.block.disposals else ""),
                    r.asset.in_use_date,
                    *_figures(r.block),
                ],
                depth=1,
            )
            for r in group.rows
        ]
    return Report(
        title="Fixed asset register",
        subtitle=f"{format_date(register.date_from)} to {format_date(register.date_to)}",
        tables=[
            Table(
                columns=COLUMNS,
                rows=rows,
                totals=[["Total", None, *_figures(register.total)]],
                sheet="Register",
            ),
            Table(
                columns=CHECK_COLUMNS,
                rows=[
                    [
                        f"{c.account.code} {c.account.name}",
                        "Cost" if c.kind == "cost" else "Accumulated depreciation",
                        c.register,
                        c.books,
                        c.difference,
                    ]
                    for c in register.ledgers
                ],
                heading="The register and the books",
                sheet="Ledgers",
            ),
        ],
        notes=[
            "As posted: depreciation of the monthly runs and of disposals; cost as registered.",
        ],
        landscape=True,
    )


TAX_COLUMNS = [
    Column("Block"),
    Column("Rate", "percent"),
    Column("Opening WDV", "money"),
    Column("Additions (180 days+)", "money"),
    Column("Additions (under 180 days)", "money"),
    Column("Sales", "money"),
    Column("Depreciation", "money"),
    Column("Additional (s.32(1)(iia))", "money"),
    Column("Capital gain (s.50)", "money"),
    Column("Capital loss (s.50)", "money"),
    Column("Closing WDV", "money"),
]


def tax_report(first: Any, last: Any, blocks: list[Any], claim_additional: bool) -> Report:
    """Income-tax depreciation, one row per block, its additions and sales beneath it."""
    rows: list[Row] = []

    def item_row(
        label: str, full: Any = None, half: Any = None, sale: Any = None, extra: Any = None
    ) -> Row:
        return Row(
            [label, None, None, full, half, sale, None, extra or None, None, None, None], depth=1
        )

    for b in blocks:
        name = f"{b.block} (ceased)" if b.ceased else b.block
        normal = b.depreciation_full + b.depreciation_half
        rows.append(
            Row(
                [
                    name,
                    b.rate,
                    b.opening,
                    b.additions_full,
                    b.additions_half,
                    b.sales,
                    normal,
                    b.additional,
                    b.capital_gain,
                    b.capital_loss,
                    b.closing,
                ],
                style="group",
            )
        )
        for item in b.carried:
            label = (
                f"{item.asset.number} {item.asset.name}, put to use {format_date(item.date)}: "
                "the rest of its additional depreciation"
            )
            rows.append(item_row(label, extra=item.additional))
        for item in b.additions:
            label = f"{item.asset.number} {item.asset.name}, put to use {format_date(item.date)}"
            full, half = (None, item.amount) if item.half_rate else (item.amount, None)
            rows.append(item_row(label, full, half, extra=item.additional))
        for item in b.disposals:
            label = f"{item.asset.number} {item.asset.name}, sold {format_date(item.date)}"
            rows.append(item_row(label, sale=item.amount))
    additional = (
        "Additional depreciation (s.32(1)(iia)) is claimed on new plant: the asset's rate of its "
        "cost, half of it in the first year for one used under 180 days and the rest the next."
        if claim_additional
        else "Additional depreciation (s.32(1)(iia)) is not claimed."
    )
    return Report(
        title="Depreciation under the Income-tax Act",
        subtitle=f"Previous year {format_date(first)} to {format_date(last)} · blocks of assets",
        tables=[Table(columns=TAX_COLUMNS, rows=rows, sheet="Blocks")],
        notes=[
            "Assets put to use for less than 180 days in the year take half the rate.",
            additional,
            "A block whose every asset was sold in the year ceases: no depreciation, and what "
            "is left is a short-term capital loss (s.50(2)).",
        ],
    )
