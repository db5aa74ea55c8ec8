"""PDF of a `Report`: one HTML template (`core/report.html`) rendered by WeasyPrint.

The page: the company's logo, name, GSTIN and state on top; the report's title, subtitle and
"amounts in ₹"; each table under its heading (numbers right-aligned in the Indian grouping,
tree rows indented, totals bold and ruled off, "Nothing in this table." when empty); notes;
a footer with the report and company, the print time and "page x of y". A4, landscape when a
table is wide. The logo is inlined as a data URI: no file or network access while rendering."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from tenant_apps.core.exports.company import company_header
from tenant_apps.core.exports.numbers import cell_text, format_date
from tenant_apps.core.exports.tables import Column, Report, Row

TEMPLATE = "core/report.html"
INDENT_MM = 4  # per tree level
CODE_LENGTH = 24  # a text cell without spaces up to this long is a code: never broken at "/"
DENSE_COLUMNS = 9  # wider tables get a smaller type so that numbers and dates fit on a line


def _is_code(text: str) -> bool:
    """A document number, GSTIN or code ("INV/26-27/00043"): kept on one line."""
    return 0 < len(text) <= CODE_LENGTH and " " not in text


def _cells(row: Row, columns: Sequence[Column]) -> list[dict[str, Any]]:
    out = []
    for index, (value, column) in enumerate(zip(row.cells, columns, strict=True)):
        text = cell_text(value, column.kind)
        out.append(
            {
                "text": text,
                "num": column.numeric,
                "nowrap": column.kind == "date" or _is_code(text),
                "indent": 2 + row.depth * INDENT_MM if index == 0 and row.depth else None,
            }
        )
    return out


def report_context(report: Report, company: dict[str, Any]) -> dict[str, Any]:
    tables = []
    for table in report.tables:
        columns = table.columns
        tables.append(
            {
                "heading": table.heading,
                "dense": len(columns) > DENSE_COLUMNS,
                "columns": [{"label": c.label, "num": c.numeric} for c in columns],
                "rows": [
                    {"style": row.style, "cells": _cells(row, columns)}
                    for row in [*table.body, *table.total_rows]
                ],
                "empty": not table.body,
                "notes": list(table.notes),
            }
        )
    has_money = any(c.kind == "money" for t in report.tables for c in t.columns)
    return {
        "title": report.title,
        "subtitle": report.subtitle,
        "amounts": company["currency"] if report.amounts_note and has_money else "",
        "company": company,
        "tables": tables,
        "notes": list(report.notes),
        "landscape": report.is_landscape,
        "printed": format_date(timezone.now()),
    }


def report_html(report: Report, *, company: dict[str, Any] | None = None) -> str:
    html: str = render_to_string(
        TEMPLATE, report_context(report, company if company is not None else company_header())
    )
    return html


def html_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def report_pdf(report: Report, *, company: dict[str, Any] | None = None) -> bytes:
    return html_pdf(report_html(report, company=company))
