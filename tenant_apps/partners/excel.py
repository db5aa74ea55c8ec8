"""The partner spreadsheet: one layout for export and import (the export is the template)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.partners.models import Partner
from tenant_apps.partners.services import FIELDS

# the partner's own fields, in the order a sheet lists them (contacts and is_active are not
# exported: contacts are many per partner, and an import makes active partners)
COLUMNS = tuple(field for field in FIELDS if field != "is_active")
MAX_ROWS = 5000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(partner: Partner, column: str) -> Any:
    value = getattr(partner, column)
    if column == "tags":
        return ", ".join(value)
    if isinstance(value, Decimal):
        return float(value) if column != "credit_limit" else str(value)
    return value


def cell_of(partner: Partner, *, column: str) -> Any:
    return _cell(partner, column)


def partners_workbook(partners: Iterable[Partner]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Partners"
    sheet.append(list(COLUMNS))
    for partner in partners:
        sheet.append([_cell(partner, c) for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def partners_rows_read(file: IO[bytes]) -> list[tuple[int, dict[str, Any]]]:
    """(row number, raw values by column) for every non-empty row under the header row."""
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ApplicationError(
            "The file is not an Excel workbook (.xlsx).",
            code="invalid_file",
            fields={"file": ["Upload an .xlsx file."]},
        ) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip().lower() if h is not None else "" for h in next(rows, ())]
    unknown = [h for h in header if h and h not in COLUMNS]
    if "name" not in header or unknown:
        raise ApplicationError(
            "The first row must name the columns (as in the export).",
            code="invalid_header",
            fields={"file": [f"Unknown columns: {', '.join(unknown)}" if unknown else "No name."]},
        )
    out: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(out) >= MAX_ROWS:
            raise ApplicationError(
                f"At most {MAX_ROWS} rows per import.", code="too_many_rows", fields={}
            )
        row = {h: _plain(v) for h, v in zip(header, values, strict=False) if h}
        if "tags" in row:
            row["tags"] = [t.strip() for t in str(row["tags"]).split(",") if t.strip()]
        for flag in ("is_customer", "is_vendor"):
            if flag in row and isinstance(row[flag], str):
                row[flag] = row[flag].lower() in ("1", "true", "yes", "y")
        out.append((number, {k: v for k, v in row.items() if v != "" or k == "code"}))
    return out
