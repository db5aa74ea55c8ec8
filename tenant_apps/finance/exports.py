"""Excel and PDF renderings of the ledger's reports: one table shape for both.

A report is a title, a subtitle, headers (label, numeric?) and rows (cells, kind, depth);
amounts are Decimals, written to Excel as numbers with two decimals and to PDF in the Indian
digit grouping (12,34,567.89)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string

from tenant_apps.core.models import CompanySettings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    title: str
    subtitle: str
    headers: list[tuple[str, bool]]
    rows: list[tuple[Sequence[Any], str, int]] = field(default_factory=list)  # cells, kind, depth
    landscape: bool = False


def indian(amount: Decimal) -> str:
    """12,34,567.89 (lakh/crore grouping); negatives with a minus sign."""
    sign = "-" if amount < 0 else ""
    whole, _, frac = f"{abs(amount):.2f}".partition(".")
    head, tail = whole[:-3], whole[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return sign + ",".join([*groups, tail]) + "." + frac


def xlsx_response(table: Table, filename: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.title[:31]
    sheet.append([table.title])
    sheet.append([table.subtitle])
    sheet.append([])
    sheet.append([label for label, _ in table.headers])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for cells, kind, depth in table.rows:
        values = [float(c) if isinstance(c, Decimal) else c for c in cells]
        sheet.append(values)
        row = sheet.max_row
        first = sheet.cell(row=row, column=1)
        first.alignment = Alignment(indent=depth)
        for index, (_, numeric) in enumerate(table.headers, start=1):
            if numeric:
                sheet.cell(row=row, column=index).number_format = "#,##0.00"
        if kind in ("group", "total"):
            for cell in sheet[row]:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def pdf_response(table: Table, filename: str) -> HttpResponse:
    from weasyprint import HTML

    company = CompanySettings.objects.get(singleton=True)
    rows = [
        {
            "kind": kind,
            "indent": 2 + depth * 4,
            "cells": [
                {
                    "text": indian(cell)
                    if isinstance(cell, Decimal)
                    else ("" if cell is None else cell),
                    "num": numeric,
                }
                for cell, (_, numeric) in zip(cells, table.headers, strict=False)
            ],
        }
        for cells, kind, depth in table.rows
    ]
    html = render_to_string(
        "finance/report.html",
        {
            "company": company.legal_name or company.name,
            "title": table.title,
            "subtitle": table.subtitle,
            "headers": [{"label": label, "num": numeric} for label, numeric in table.headers],
            "rows": rows,
            "landscape": table.landscape,
        },
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
