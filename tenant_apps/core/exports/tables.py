"""The one shape every report file is made from: a report of titled tables.

A `Table` has typed columns, body rows, and totals rows (bold, ruled off); a `Row` carries a
style (`group`: a bold heading row of a tree, `total`) and a depth (the first cell is indented,
for an account tree). Cells hold plain values: `Decimal` amounts, `date`s, text; `None` is an
empty cell. Renderers never compute: a totals row holds the report's own figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["text", "money", "quantity", "date", "percent"]
KINDS: tuple[Kind, ...] = ("text", "money", "quantity", "date", "percent")
NUMERIC_KINDS: frozenset[str] = frozenset({"money", "quantity", "percent"})
RowStyle = Literal["", "group", "total"]


@dataclass(frozen=True)
class Column:
    """A column: its label and what its cells are.

    money: an amount (Excel: a number in the Indian format; PDF: 1,23,456.00); quantity: up to
    six decimals, no trailing zeros; date; percent: a rate in percent (18 = 18%); text."""

    label: str
    kind: Kind = "text"
    width: int | None = None  # Excel width in characters; None: fitted to label and values

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r}: one of {', '.join(KINDS)}.")

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass(frozen=True)
class Row:
    cells: Sequence[Any]
    style: RowStyle = ""
    depth: int = 0  # indent of the first cell (tree level)


def _row(row: Row | Sequence[Any], style: RowStyle = "") -> Row:
    if isinstance(row, Row):
        return row
    return Row(list(row), style=style)


@dataclass
class Table:
    """One table of a report: one sheet in Excel, one titled table in the PDF."""

    columns: Sequence[Column]
    rows: Sequence[Row | Sequence[Any]] = ()
    totals: Sequence[Row | Sequence[Any]] = ()  # after the rows, bold, with a rule above
    heading: str = ""  # e.g. "4A B2B invoices"; the PDF shows it above the table
    sheet: str = ""  # the Excel sheet's name; default: the heading, else the report's title
    notes: Sequence[str] = ()  # small print under the table

    def __post_init__(self) -> None:
        width = len(self.columns)
        for row in [*self.body, *self.total_rows]:
            if len(row.cells) != width:
                raise ValueError(
                    f"A row of {len(row.cells)} cells in a table of {width} columns: {row.cells!r}"
                )

    @property
    def body(self) -> list[Row]:
        return [_row(r) for r in self.rows]

    @property
    def total_rows(self) -> list[Row]:
        return [
            _row(r, "total") if not isinstance(r, Row) else Row(r.cells, "total", r.depth)
            for r in self.totals
        ]


@dataclass
class Report:
    """A titled report: its tables, a subtitle (period, as-of date, party), notes.

    The PDF puts the company's name, logo and GSTIN above the title; Excel puts the title,
    company and subtitle above each sheet's header row."""

    title: str
    tables: Sequence[Table]
    subtitle: str = ""
    notes: Sequence[str] = ()
    landscape: bool | None = None  # None: landscape when a table has more than 6 columns
    amounts_note: bool = True  # "Amounts in ₹" after the subtitle (the base currency)

    @property
    def is_landscape(self) -> bool:
        if self.landscape is not None:
            return self.landscape
        return any(len(t.columns) > 6 for t in self.tables)
