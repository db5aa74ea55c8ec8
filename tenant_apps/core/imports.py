"""Reading an uploaded spreadsheet for an import (partners, opening balances): the first sheet,
a header row naming the columns, then one record per non-empty row. All-or-nothing imports
check every row afterwards and report `rows.<row number>.<column>`."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Collection
from decimal import Decimal
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from tenant_apps.core.exceptions import ApplicationError

SheetRow = tuple[int, dict[str, Any]]


def cell_plain(value: Any) -> Any:
    """A cell as the row checks want it: text trimmed, numbers as text (no float noise: 12.5
    stays "12.5", 3.0 is "3"), a date-time as its date, empty as ""."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def cell_date(value: Any) -> dt.date | None:
    """A cell as a date: a spreadsheet date, or text as yyyy-mm-dd, dd/mm/yyyy or dd-mm-yyyy;
    None when it is none of those."""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def sheet_rows(
    file: IO[bytes],
    *,
    columns: Collection[str],
    required: Collection[str],
    max_rows: int,
    layout: str,
) -> list[SheetRow]:
    """(spreadsheet row number, values by column) of every non-empty row under the header.
    400s: not a workbook (`invalid_file`), a header with unknown or missing columns
    (`invalid_header`, "as in the `layout`"), more than `max_rows` rows (`too_many_rows`), no
    rows (`import_empty`)."""
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ApplicationError(
            "The file is not an Excel workbook (.xlsx).",
            code="invalid_file",
            fields={"file": ["Upload an .xlsx file."]},
        ) from exc
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = [str(h).strip().lower() if h is not None else "" for h in next(rows, ())]
    unknown = [h for h in header if h and h not in columns]
    missing = [c for c in required if c not in header]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(f"Unknown columns: {', '.join(unknown)}.")
        if missing:
            problems.append(f"Missing columns: {', '.join(missing)}.")
        raise ApplicationError(
            f"The first row must name the columns (as in the {layout}).",
            code="invalid_header",
            fields={"file": problems},
        )
    out: list[SheetRow] = []
    for number, values in enumerate(rows, start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(out) >= max_rows:
            raise ApplicationError(
                f"At most {max_rows} rows per import.", code="too_many_rows", fields={}
            )
        out.append((number, {h: cell_plain(v) for h, v in zip(header, values, strict=False) if h}))
    if not out:
        raise ApplicationError(
            "The workbook has no rows.", code="import_empty", fields={"file": ["No rows."]}
        )
    return out
