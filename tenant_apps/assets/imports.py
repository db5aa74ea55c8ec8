"""An existing fixed asset register brought in from a spreadsheet (ADR 0075): the template and
reading it. One row per asset; categories by name, cost centres by code; the same defaults and
checks as the form."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from openpyxl import Workbook

from tenant_apps.assets.models import AssetCategory, DepreciationMethod
from tenant_apps.core.imports import cell_date, sheet_rows

COLUMNS = (
    "name",
    "category",
    "purchase_date",
    "in_use_date",
    "cost",
    "residual_value",
    "method",
    "useful_life_months",
    "opening_date",
    "opening_depreciation",
    "cost_centre",
    "description",
)
REQUIRED = ("name", "category", "purchase_date", "cost")
MAX_ROWS = 2000
LARGEST = Decimal("1e14")  # rupees: well inside the money fields (20 digits, 4 decimals)
DATES = ("purchase_date", "in_use_date", "opening_date")
AMOUNTS = ("cost", "residual_value", "opening_depreciation")
METHODS = {
    "wdv": DepreciationMethod.WDV,
    "written-down value": DepreciationMethod.WDV,
    "written down value": DepreciationMethod.WDV,
    "slm": DepreciationMethod.SLM,
    "straight line": DepreciationMethod.SLM,
}


def asset_template() -> bytes:
    """The header row and two example rows: a machine bought this year, a van brought forward
    with the depreciation charged before these books."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Fixed assets"
    sheet.append(list(COLUMNS))
    sheet.append(
        [
            "CNC press brake",
            "Plant and machinery",
            "2026-05-10",
            "2026-05-15",
            850000,
            "",
            "",
            "",
            "",
            "",
            "",
            "Bay 2",
        ]
    )
    sheet.append(
        [
            "Tata Ace delivery van",
            "Motor vehicles",
            "2023-06-01",
            "2023-06-01",
            720000,
            36000,
            "wdv",
            96,
            "2026-04-01",
            301000,
            "",
            "",
        ]
    )
    for index, width in enumerate((28, 22, 14, 14, 12, 14, 10, 18, 14, 20, 12, 24)):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def asset_rows_read(
    file: IO[bytes],
) -> tuple[list[tuple[int, dict[str, Any]]], dict[str, list[str]]]:
    """(row number, the asset's input) of every row that reads, and the errors of those that do
    not (`rows.<n>.<column>`): an unknown category or cost centre, a date or an amount that is
    none, a method other than wdv/slm."""
    from tenant_apps.finance.models import CostCentre

    raw_rows = sheet_rows(
        file, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, layout="template"
    )
    categories = {c.name.lower(): c for c in AssetCategory.objects.all()}
    centres = {c.code.lower(): c for c in CostCentre.objects.all()}
    rows: list[tuple[int, dict[str, Any]]] = []
    errors: dict[str, list[str]] = {}
    for number, raw in raw_rows:
        row_errors: dict[str, str] = {}
        data: dict[str, Any] = {"name": str(raw.get("name", ""))[:200]}
        if not data["name"]:
            row_errors["name"] = "Give the asset a name."
        category = categories.get(str(raw.get("category", "")).lower())
        if category is None:
            row_errors["category"] = f"No category is named {raw.get('category', '')!r}."
        data["category"] = category
        for field in DATES:
            if raw.get(field, "") != "":
                day = cell_date(raw[field])
                if day is None:
                    row_errors[field] = "A date: yyyy-mm-dd or dd/mm/yyyy."
                data[field] = day
        for field in AMOUNTS:
            if raw.get(field, "") != "":
                try:
                    amount = Decimal(str(raw[field]).replace(",", ""))
                except InvalidOperation:
                    amount = Decimal("NaN")
                if not amount.is_finite() or abs(amount) >= LARGEST:
                    row_errors[field] = "An amount, e.g. 120000.00."
                    continue
                if amount < 0 or (field == "cost" and amount <= 0):
                    row_errors[field] = "An amount above zero." if field == "cost" else "0 or more."
                data[field] = amount
        method = str(raw.get("method", "")).lower()
        if method:
            data["method"] = METHODS.get(method)
            if data["method"] is None:
                row_errors["method"] = "wdv (written-down value) or slm (straight line)."
        life = str(raw.get("useful_life_months", ""))
        if life:
            if not life.isdigit() or not 1 <= int(life) <= 1200:
                row_errors["useful_life_months"] = "Whole months, 1 to 1,200."
            else:
                data["useful_life_months"] = int(life)
        code = str(raw.get("cost_centre", "")).lower()
        if code:
            data["cost_centre"] = centres.get(code)
            if data["cost_centre"] is None:
                row_errors["cost_centre"] = f"No cost centre has the code {raw['cost_centre']!r}."
        data["description"] = str(raw.get("description", ""))
        if row_errors:
            for field, message in row_errors.items():
                errors[f"rows.{number}.{field}"] = [message]
        else:
            rows.append((number, data))
    return rows, errors
