"""PDF versions of the aged, GSTR-1 and GSTR-3B reports: the same figures as the JSON and Excel
forms, laid out as titled tables (company name and GSTIN, as-of date or period, Indian digit
grouping, totals) by the `invoicing/report.html` template and rendered by WeasyPrint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string

from tenant_apps.core.gst_states import GstState
from tenant_apps.core.models import CompanySettings
from tenant_apps.invoicing import reports
from tenant_apps.invoicing.models import FOREIGN_PLACE
from tenant_apps.invoicing.words import format_indian

PDF = "application/pdf"
TAX_KEYS = ("taxable", "igst", "cgst", "sgst", "cess")
TAX_HEADS = ["Taxable value", "IGST", "CGST", "SGST", "Cess"]


@dataclass
class Table:
    heading: str
    columns: list[str]
    rows: list[list[Any]]
    totals: list[Any] | None = None
    numeric: set[int] = field(default_factory=set)


def _cell(value: Any) -> str:
    if isinstance(value, Decimal):
        return format_indian(value)
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return "" if value is None else str(value)


def _place(code: str) -> str:
    if code == FOREIGN_PLACE:
        return "96-Other countries"
    try:
        return f"{code}-{GstState(code).label}"
    except ValueError:
        return code


def _render(title: str, subtitle: str, tables: list[Table]) -> str:
    company = CompanySettings.objects.get(singleton=True)
    html: str = render_to_string(
        "invoicing/report.html",
        {
            "title": title,
            "subtitle": subtitle,
            "company": company,
            "tables": [
                {
                    "heading": t.heading,
                    "columns": [
                        {"label": c, "num": i in t.numeric} for i, c in enumerate(t.columns)
                    ],
                    "rows": [
                        [{"text": _cell(v), "num": i in t.numeric} for i, v in enumerate(r)]
                        for r in t.rows
                    ],
                    "totals": [
                        {"text": _cell(v), "num": i in t.numeric} for i, v in enumerate(t.totals)
                    ]
                    if t.totals is not None
                    else None,
                }
                for t in tables
            ],
        },
    )
    return html


def pdf_response(html: str, filename: str) -> HttpResponse:
    from weasyprint import HTML

    response = HttpResponse(HTML(string=html).write_pdf(), content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


def _period(date_from: dt.date, date_to: dt.date) -> str:
    return f"Period: {_cell(date_from)} to {_cell(date_to)}"


def aged_html(result: dict[str, Any]) -> str:
    side = result["side"]
    t = result["totals"]
    table = Table(
        heading="",
        columns=["Code", "Party", *reports.BUCKETS, "Unapplied", "Total"],
        rows=[
            [
                r.partner_code,
                r.partner_name,
                *(r.buckets[b] for b in reports.BUCKETS),
                r.unapplied,
                r.total,
            ]
            for r in result["rows"]
        ],
        totals=[
            "",
            "Total",
            *(t["buckets"][b] for b in reports.BUCKETS),
            t["unapplied"],
            t["total"],
        ],
        numeric=set(range(2, 4 + len(reports.BUCKETS))),
    )
    return _render(
        f"Aged {side}s",
        f"As of {_cell(result['as_of'])} · days since the document date",
        [table],
    )


INVOICE_HEADS = ["GSTIN", "Party", "Number", "Date", "Value", "Place of supply", "Rate %"]


def _invoice_table(heading: str, rows: list[dict[str, Any]]) -> Table:
    return Table(
        heading=heading,
        columns=[*INVOICE_HEADS, *TAX_HEADS],
        rows=[
            [
                r["gstin"],
                r["party"],
                r["number"],
                r["date"],
                r["invoice_value"],
                _place(r["place_of_supply"]),
                r["gst_rate"],
                *(r[k] for k in TAX_KEYS),
            ]
            for r in rows
        ],
        totals=["", "Total", "", "", "", "", "", *_sums(rows)],
        numeric={4, 6, 7, 8, 9, 10, 11},
    )


def _sums(rows: list[dict[str, Any]]) -> list[Decimal]:
    return [sum((Decimal(r[k]) for r in rows), Decimal("0")) for k in TAX_KEYS]


def gstr1_html(result: dict[str, Any]) -> str:
    tables = [
        _invoice_table("4A B2B invoices", result["b2b"]),
        _invoice_table("5A B2C large invoices", result["b2cl"]),
        Table(
            heading="7 B2C small (by place of supply and rate)",
            columns=["Place of supply", "Rate %", *TAX_HEADS],
            rows=[
                [_place(r["place_of_supply"]), r["gst_rate"], *(r[k] for k in TAX_KEYS)]
                for r in result["b2cs"]
            ],
            totals=["Total", "", *_sums(result["b2cs"])],
            numeric={1, 2, 3, 4, 5, 6},
        ),
        _invoice_table("6A Exports", result["exports"]),
        _invoice_table("9B Credit/debit notes (registered)", result["cdnr"]),
        _invoice_table("9B Credit/debit notes (unregistered)", result["cdnur"]),
        Table(
            heading="12 HSN-wise summary",
            columns=["HSN/SAC", "UQC", "Rate %", "Quantity", "Total value", *TAX_HEADS],
            rows=[
                [
                    r["hsn_sac"],
                    r["unit"],
                    r["gst_rate"],
                    f"{Decimal(r['quantity']).normalize():f}",
                    r["value"],
                    *(r[k] for k in TAX_KEYS),
                ]
                for r in result["hsn"]
            ],
            totals=[
                "Total",
                "",
                "",
                "",
                sum((Decimal(r["value"]) for r in result["hsn"]), Decimal("0")),
                *_sums(result["hsn"]),
            ],
            numeric={2, 3, 4, 5, 6, 7, 8, 9},
        ),
    ]
    return _render(
        "GSTR-1 outward supplies", _period(result["date_from"], result["date_to"]), tables
    )


def gstr3b_html(r: dict[str, Any]) -> str:
    summary = Table(
        heading="3.1 Outward supplies and 4 eligible ITC",
        columns=["Table", *TAX_HEADS],
        rows=[
            ["3.1(a) Outward taxable supplies", *(r["outward_taxable"][k] for k in TAX_KEYS)],
            ["3.1(b) Zero rated (exports)", *(r["outward_zero_rated"][k] for k in TAX_KEYS)],
            ["3.1(c) Nil rated / exempted", *(r["outward_nil_exempt"][k] for k in TAX_KEYS)],
            ["4(A)(5) All other ITC", *(r["itc_available"][k] for k in TAX_KEYS)],
        ],
        totals=["Tax payable", "", *(r["tax_payable"][k] for k in TAX_KEYS[1:])],
        numeric={1, 2, 3, 4, 5},
    )
    unregistered = r["inter_state_unregistered"]
    inter = Table(
        heading="3.2 Inter-state supplies to unregistered persons",
        columns=["Place of supply", "Taxable value", "IGST"],
        rows=[[_place(x["place_of_supply"]), x["taxable"], x["igst"]] for x in unregistered],
        totals=[
            "Total",
            sum((Decimal(x["taxable"]) for x in unregistered), Decimal("0")),
            sum((Decimal(x["igst"]) for x in unregistered), Decimal("0")),
        ],
        numeric={1, 2},
    )
    return _render("GSTR-3B summary", _period(r["date_from"], r["date_to"]), [summary, inter])
