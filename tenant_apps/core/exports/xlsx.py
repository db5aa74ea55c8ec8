"""Excel: the cells every export writes (list exports in `core/api/export.py` and report
workbooks), and the workbook of a `Report`, one sheet per table.

Cells: amounts are numbers (Decimal, exact to Excel's 15 digits) in the Indian digit grouping;
dates are dates (dd-mm-yyyy), datetimes in the company's time zone; text that a spreadsheet
would run as a formula (`=`, `+`, `-`, `@`...) is stored as text.

The Indian grouping: a number format cannot group by lakh and crore by itself, so
`money_format()` picks per cell. Zero and positive amounts below 100 crore get the common
conditional format (`[>=10000000]##\\,##\\,##\\,##0.00;[>=100000]##\\,##\\,##0.00;##,##0.00`),
which stays right if the value is edited; negative amounts (a negative value in a later section
of a conditional format loses its minus sign) and larger ones get a one-section format with
the commas of their own size (`#\\,##\\,##0.00` for -1,23,456.78). ADR 0013."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tenant_apps.core.exports.company import company_header
from tenant_apps.core.exports.numbers import cell_text
from tenant_apps.core.exports.tables import Column, Report, Row, Table

MONEY_FORMAT = r"[>=10000000]##\,##\,##\,##0.00;[>=100000]##\,##\,##0.00;##,##0.00"
QUANTITY_FORMAT = "General"  # up to six decimals, no trailing zeros, no dangling point
PERCENT_FORMAT = "0.00"  # a rate in percent units: 18 is 18%, labelled "Rate %"
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm:ss"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
MUTED_FONT = Font(color="555555")
RULE = Border(top=Side(style="thin", color="333333"))


def money_format(value: Decimal | int | float) -> str:
    """The number format that shows `value` in lakh/crore grouping with two decimals."""
    amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    size = abs(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    if amount >= 0 and size < Decimal("1e9"):
        return MONEY_FORMAT
    digits = len(str(int(size)))
    if digits <= 5:
        return "#,##0.00"
    # the last three digits, then pairs: 6-7 digits "#\,##\,##0.00", 8-9 "#\,##\,##\,##0.00"
    return "#" + r"\,##" * ((digits - 4) // 2) + r"\,##0.00"


def _number(value: Any) -> Decimal | int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (Decimal, int, float)):
        return value
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


def xlsx_value(value: Any, kind: str | None = None) -> tuple[Any, str | None, str | None]:
    """(cell value, number format or None, forced data type or None) of one value.

    `kind` is a column kind (text / money / quantity / date / percent) or None to go by the
    value's type. A numeric column's text cell (a label in a totals row) stays text."""
    if value is None or value == "":
        return None, None, None
    if kind in ("money", "quantity", "percent"):
        number = _number(value)
        if number is not None:
            if kind == "money":
                return number, money_format(number), None
            return number, QUANTITY_FORMAT if kind == "quantity" else PERCENT_FORMAT, None
    if isinstance(value, bool):
        return value, None, None
    if isinstance(value, (int, float, Decimal)):
        return value, None, None
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        if kind == "date" and local.time() == dt.time(0):
            return local.date(), DATE_FORMAT, None
        return local.replace(tzinfo=None), DATETIME_FORMAT, None
    if isinstance(value, dt.date):
        return value, DATE_FORMAT, None
    if isinstance(value, (list, tuple)):
        return xlsx_value(", ".join(str(v) for v in value))
    text = str(value)
    # openpyxl stores a string starting with "=" as a formula: force a string cell. The other
    # formula starts (+ - @) are plain strings in a workbook: Excel does not run them.
    return text, None, ("s" if text.startswith(FORMULA_START) else None)


def xlsx_cell(
    sheet: Any,
    value: Any,
    kind: str | None = None,
    *,
    font: Font | None = None,
    border: Border | None = None,
    indent: int = 0,
    right: bool = False,
) -> Cell:
    """A cell for `sheet.append([...])` (write-only or not)."""
    cell_value, number_format, data_type = xlsx_value(value, kind)
    cell = WriteOnlyCell(sheet, value=cell_value)
    if data_type:
        cell.data_type = data_type
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    if border is not None:
        cell.border = border
    if indent or right:
        # Excel indents only left- (or right-) aligned cells
        cell.alignment = Alignment(indent=indent, horizontal="right" if right else "left")
    return cell


def sheet_title(title: str, taken: Iterable[str] = ()) -> str:
    """A valid, unused sheet name: no `[]:*?/\\`, at most 31 characters."""
    base = " ".join(SHEET_TITLE_FORBIDDEN.sub(" ", title).split()).strip("'")[:31] or "Sheet"
    used = {t.lower() for t in taken}
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    return name


def column_width(label: str, texts: Iterable[str], width: int | None = None) -> float:
    """Characters: the label and the longest value, between 10 and 60."""
    if width:
        return width
    longest = max((len(t) for t in texts), default=0)
    return min(60, max(10, len(label) + 2, longest + 2))


def _write_table(book: Workbook, report: Report, table: Table, company: dict[str, Any]) -> None:
    taken = [ws.title for ws in book.worksheets]
    sheet = book.create_sheet(sheet_title(table.sheet or table.heading or report.title, taken))
    columns = table.columns
    body, totals = table.body, table.total_rows
    texts: list[list[str]] = [[] for _ in columns]
    for row in [*body, *totals]:
        for index, (value, column) in enumerate(zip(row.cells, columns, strict=True)):
            extra = 2 * row.depth if index == 0 else 0
            texts[index].append(" " * extra + cell_text(value, column.kind))
    for index, column in enumerate(columns):
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = column_width(
            column.label, texts[index], column.width
        )

    # A write-only sheet writes its views and page setup with the first row: set them first.
    header_row = 5
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape" if report.is_landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    # The title block: report title (and the table's heading), company, subtitle.
    title = report.title + (f" · {table.heading}" if table.heading else "")
    sheet.append([xlsx_cell(sheet, title, font=TITLE_FONT)])
    line = company.get("name", "")
    if company.get("gstin"):
        line += f" · GSTIN {company['gstin']}"
    sheet.append([xlsx_cell(sheet, line, font=MUTED_FONT)])
    subtitle = report.subtitle
    if report.amounts_note and any(c.kind == "money" for c in columns):
        subtitle += (" · " if subtitle else "") + f"Amounts in {company.get('currency', 'INR')}"
    sheet.append([xlsx_cell(sheet, subtitle, font=MUTED_FONT)])
    sheet.append([])
    sheet.append([xlsx_cell(sheet, c.label, font=BOLD, right=c.numeric) for c in columns])

    for row in body:
        sheet.append(_cells(sheet, row, columns))
    for index, row in enumerate(totals):
        sheet.append(_cells(sheet, row, columns, rule=index == 0))
    notes = [*table.notes, *report.notes]
    if notes:
        sheet.append([])
        for note in notes:
            sheet.append([xlsx_cell(sheet, note, font=MUTED_FONT)])


def _cells(sheet: Any, row: Row, columns: Sequence[Column], *, rule: bool = False) -> list[Cell]:
    """One row's cells: group and total rows bold; `rule`: a line above (the first total)."""
    bold = row.style in ("group", "total")
    border = RULE if rule else None
    return [
        xlsx_cell(
            sheet,
            value,
            column.kind,
            font=BOLD if bold else None,
            border=border,
            indent=row.depth if index == 0 else 0,
        )
        for index, (value, column) in enumerate(zip(row.cells, columns, strict=True))
    ]


def report_xlsx(report: Report, *, company: dict[str, Any] | None = None) -> bytes:
    """The workbook of `report`: one sheet per table, each with the title block, a bold frozen
    header row, the rows (group rows bold, the tree indented) and the bold totals."""
    if company is None:
        company = company_header(logo=False)
    book = Workbook(write_only=True)
    for table in report.tables:
        _write_table(book, report, table, company)
    if not report.tables:
        book.create_sheet(sheet_title(report.title))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
