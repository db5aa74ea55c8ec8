"""The partner spreadsheet: one layout for export and import (the export is the template)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook

from tenant_apps.core.imports import SheetRow, sheet_rows
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


def partners_rows_read(file: IO[bytes]) -> list[SheetRow]:
    """(row number, values by column) for every non-empty row under the header row."""
    out: list[SheetRow] = []
    for number, row in sheet_rows(
        file, columns=COLUMNS, required=("name",), max_rows=MAX_ROWS, layout="export"
    ):
        if "tags" in row:
            row["tags"] = [t.strip() for t in str(row["tags"]).split(",") if t.strip()]
        for flag in (
            "is_customer",
            "is_vendor",
            "send_reminders",
            "credit_hold_exempt",
            "reverse_charge",
        ):
            value = row.get(flag)
            if flag == "send_reminders" and value == "":
                continue  # an empty cell keeps the default: reminders on
            if isinstance(value, str):
                row[flag] = value.lower() in ("1", "true", "yes", "y")
        out.append((number, {k: v for k, v in row.items() if v != "" or k == "code"}))
    return out
