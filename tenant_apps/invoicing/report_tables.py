"""The aged, statement, GSTR-1 and GSTR-3B reports as report tables (core/exports): the same
figures as the JSON form, one description for both the Excel and the PDF file."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tenant_apps.core.exports.numbers import format_date, period_text
from tenant_apps.core.exports.tables import Column, Report, Table
from tenant_apps.core.gst_states import GstState
from tenant_apps.invoicing import reports
from tenant_apps.invoicing.models import FOREIGN_PLACE

TAX_KEYS = ("taxable", "igst", "cgst", "sgst", "cess")
TAX_COLUMNS = [
    Column("Taxable value", "money"),
    Column("IGST", "money"),
    Column("CGST", "money"),
    Column("SGST", "money"),
    Column("Cess", "money"),
]


def place_label(code: str) -> str:
    """ "27-Maharashtra", as the GST returns write a place of supply; "96-Other countries"."""
    if code == FOREIGN_PLACE:
        return "96-Other countries"
    try:
        return f"{code}-{GstState(code).label}"
    except ValueError:
        return code


def _sums(rows: list[dict[str, Any]], keys: tuple[str, ...] = TAX_KEYS) -> list[Decimal]:
    return [sum((Decimal(r[k]) for r in rows), Decimal("0")) for k in keys]


def _period(result: dict[str, Any]) -> str:
    return f"Period: {period_text(result['date_from'], result['date_to'])}"


# ---------------------------------------------------------------------------------------------
# Aged receivables / payables
# ---------------------------------------------------------------------------------------------
def aged_report(result: dict[str, Any]) -> Report:
    side = result["side"]
    t = result["totals"]
    table = Table(
        sheet=f"Aged {side}s",
        columns=[
            Column("Code"),
            Column("Party"),
            *(Column(b, "money") for b in reports.BUCKETS),
            Column("Unapplied", "money"),
            Column("Total", "money"),
        ],
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
            [
                "",
                "Total",
                *(t["buckets"][b] for b in reports.BUCKETS),
                t["unapplied"],
                t["total"],
            ]
        ],
    )
    return Report(
        title=f"Aged {side}s",
        subtitle=f"As of {format_date(result['as_of'])} · days since the document date",
        tables=[table],
        notes=["Unapplied: credit notes and advances not yet set against a document."],
    )


# ---------------------------------------------------------------------------------------------
# Party statement
# ---------------------------------------------------------------------------------------------
def statement_report(result: dict[str, Any]) -> Report:
    def amount(value: Decimal) -> Decimal | None:
        return value or None  # a statement leaves the other side's column blank

    table = Table(
        sheet="Statement",
        columns=[
            Column("Date", "date"),
            Column("Number"),
            Column("Type"),
            Column("Description"),
            Column("Debit", "money"),
            Column("Credit", "money"),
            Column("Balance", "money"),
        ],
        rows=[
            [
                result["date_from"],
                "",
                "",
                "Opening balance",
                None,
                None,
                result["opening_balance"],
            ],
            *(
                [
                    x.date,
                    x.number,
                    x.kind,
                    x.description,
                    amount(x.debit),
                    amount(x.credit),
                    x.balance,
                ]
                for x in result["lines"]
            ),
        ],
        totals=[
            [
                result["date_to"],
                "",
                "",
                "Closing balance",
                result["debit_total"],
                result["credit_total"],
                result["closing_balance"],
            ]
        ],
    )
    side = result["side"]
    return Report(
        title="Statement of account",
        subtitle=(
            f"{result['partner_name']} ({result['partner_code']}) · {side.capitalize()} · "
            + _period(result)
        ),
        tables=[table],
        landscape=False,
        notes=[
            "Balance: what the party owes us."
            if side == "receivable"
            else "Balance: what we owe the party."
        ],
    )


# ---------------------------------------------------------------------------------------------
# GSTR-1
# ---------------------------------------------------------------------------------------------
INVOICE_COLUMNS = [
    Column("GSTIN"),
    Column("Party"),
    Column("Number"),
    Column("Date", "date"),
    Column("Value", "money"),
    Column("Place of supply"),
    Column("Rate %", "percent"),
    *TAX_COLUMNS,
]


def _invoice_table(heading: str, sheet: str, rows: list[dict[str, Any]]) -> Table:
    return Table(
        heading=heading,
        sheet=sheet,
        columns=INVOICE_COLUMNS,
        rows=[
            [
                r["gstin"],
                r["party"],
                r["number"],
                r["date"],
                r["invoice_value"],
                place_label(r["place_of_supply"]),
                r["gst_rate"],
                *(r[k] for k in TAX_KEYS),
            ]
            for r in rows
        ],
        totals=[["", "Total", "", "", None, "", None, *_sums(rows)]],
    )


def gstr1_report(result: dict[str, Any]) -> Report:
    hsn = result["hsn"]
    tables = [
        _invoice_table("4A B2B invoices", "b2b", result["b2b"]),
        _invoice_table("5A B2C large invoices", "b2cl", result["b2cl"]),
        Table(
            heading="7 B2C small (by place of supply and rate)",
            sheet="b2cs",
            columns=[Column("Place of supply"), Column("Rate %", "percent"), *TAX_COLUMNS],
            rows=[
                [place_label(r["place_of_supply"]), r["gst_rate"], *(r[k] for k in TAX_KEYS)]
                for r in result["b2cs"]
            ],
            totals=[["Total", None, *_sums(result["b2cs"])]],
        ),
        _invoice_table("6A Exports", "exp", result["exports"]),
        _invoice_table("9B Credit/debit notes (registered)", "cdnr", result["cdnr"]),
        _invoice_table("9B Credit/debit notes (unregistered)", "cdnur", result["cdnur"]),
        Table(
            heading="12 HSN-wise summary",
            sheet="hsn",
            columns=[
                Column("HSN/SAC"),
                Column("UQC"),
                Column("Rate %", "percent"),
                Column("Quantity", "quantity"),
                Column("Total value", "money"),
                *TAX_COLUMNS,
            ],
            rows=[
                [
                    r["hsn_sac"],
                    r["unit"],
                    r["gst_rate"],
                    r["quantity"],
                    r["value"],
                    *(r[k] for k in TAX_KEYS),
                ]
                for r in hsn
            ],
            totals=[["Total", "", None, None, *_sums(hsn, ("value", *TAX_KEYS))]],
        ),
    ]
    return Report(title="GSTR-1 outward supplies", subtitle=_period(result), tables=tables)


# ---------------------------------------------------------------------------------------------
# GSTR-3B
# ---------------------------------------------------------------------------------------------
def gstr3b_report(r: dict[str, Any]) -> Report:
    summary = Table(
        heading="3.1 Outward supplies and 4 eligible ITC",
        sheet="GSTR-3B",
        columns=[Column("Table"), *TAX_COLUMNS],
        rows=[
            ["3.1(a) Outward taxable supplies", *(r["outward_taxable"][k] for k in TAX_KEYS)],
            ["3.1(b) Zero rated (exports)", *(r["outward_zero_rated"][k] for k in TAX_KEYS)],
            ["3.1(c) Nil rated / exempted", *(r["outward_nil_exempt"][k] for k in TAX_KEYS)],
            [
                "3.1(d) Inward supplies (reverse charge)",
                *(r["inward_reverse_charge"][k] for k in TAX_KEYS),
            ],
            [
                "4(A)(3) ITC on reverse charge",
                *(r["itc_reverse_charge"][k] for k in TAX_KEYS),
            ],
            ["4(A)(5) All other ITC", *(r["itc_available"][k] for k in TAX_KEYS)],
            *(
                [["4(A)(5) as per GSTR-2B", *(r["itc_gstr2b"][k] for k in TAX_KEYS)]]
                if r.get("itc_gstr2b")
                else []
            ),
            [
                "4(B)(1) ITC reversed: blocked (s.17(5))",
                *(r["itc_reversed"][k] for k in TAX_KEYS),
            ],
            [
                "4(B)(2) ITC reversed: others (Rule 37, unpaid 180 days)",
                None,
                *(r["itc_reversed_others"][k] for k in TAX_KEYS[1:]),
            ],
            ["4(C) Net ITC available", None, *(r["itc_net"][k] for k in TAX_KEYS[1:])],
            [
                "4(D)(1) ITC reclaimed, reversed under 4(B)(2) earlier",
                None,
                *(r["itc_reclaimed"][k] for k in TAX_KEYS[1:]),
            ],
        ],
        totals=[
            [
                "Tax payable, other than reverse charge",
                None,
                *(r["tax_payable"][k] for k in TAX_KEYS[1:]),
            ],
            [
                "Tax payable on reverse charge, in cash",
                None,
                *(r["reverse_charge_cash"][k] for k in TAX_KEYS[1:]),
            ],
        ],
        notes=[
            "Tax payable other than reverse charge: output tax less the net ITC per "
            "component, before set-off rules (negative: credit left). The reverse-charge tax "
            "is paid in cash, never set off."
        ],
    )
    unregistered = r["inter_state_unregistered"]
    inter = Table(
        heading="3.2 Inter-state supplies to unregistered persons",
        sheet="3.2 Unregistered",
        columns=[
            Column("Place of supply"),
            Column("Taxable value", "money"),
            Column("IGST", "money"),
        ],
        rows=[[place_label(x["place_of_supply"]), x["taxable"], x["igst"]] for x in unregistered],
        totals=[["Total", *_sums(unregistered, ("taxable", "igst"))]],
    )
    return Report(title="GSTR-3B summary", subtitle=_period(r), tables=[summary, inter])


# ---------------------------------------------------------------------------------------------
# TDS register
# ---------------------------------------------------------------------------------------------
TDS_TITLES = {
    "receivable": ("TDS receivable register", "TDS deducted by customers: match with Form 26AS."),
    "payable": ("TDS payable register", "TDS deducted from vendors: to deposit and file in 26Q."),
}


def _tds_done(side: str, x: dict[str, Any]) -> list[Any]:
    """The register's status columns: the challan (payable) or the certificate (receivable),
    or "pending"."""
    if side == "payable":
        c = x["challan"]
        if c is None:
            return ["pending", None, ""]
        return [c["number"], c["date"], c["bsr_code"]]
    if not x["certificate_number"]:
        return ["pending", None]
    return [x["certificate_number"], x["certificate_date"]]


def tds_register_report(r: dict[str, Any]) -> Report:
    party = "Customer" if r["side"] == "receivable" else "Vendor"
    done_columns = (
        [Column("Challan"), Column("Deposited", "date"), Column("BSR")]
        if r["side"] == "payable"
        else [Column("Form 16A"), Column("Certificate date", "date")]
    )
    register = Table(
        heading="Deductions",
        sheet="Register",
        columns=[
            Column("Date", "date"),
            Column("Payment"),
            Column(party),
            Column("PAN"),
            Column("Section"),
            Column("Quarter"),
            Column("Documents settled"),
            Column("TDS on (excl. GST)", "money"),
            Column("Rate %", "percent"),
            Column("TDS", "money"),
            *done_columns,
        ],
        rows=[
            [
                x["date"],
                x["payment_number"],
                x["partner_name"],
                x["partner_pan"],
                x["section"],
                x["quarter"],
                ", ".join(d["number"] for d in x["documents"]),
                x["tds_base"],
                x["rate"],
                x["amount"],
                *_tds_done(r["side"], x),
            ]
            for x in r["rows"]
        ],
        totals=[
            [
                "",
                "",
                "Total",
                "",
                "",
                "",
                "",
                r["base_total"],
                None,
                r["total"],
                *[""] * len(done_columns),
            ],
            [
                "",
                "",
                "Pending",
                "",
                "",
                "",
                "",
                None,
                None,
                r["pending_total"],
                *[""] * len(done_columns),
            ],
        ],
    )
    sections = Table(
        heading="By section",
        sheet="By section",
        columns=[
            Column("Section"),
            Column("Deductions", "quantity"),
            Column("TDS on (excl. GST)", "money"),
            Column("TDS", "money"),
        ],
        rows=[[s["name"], s["count"], s["base"], s["amount"]] for s in r["by_section"]],
        totals=[["Total", len(r["rows"]), r["base_total"], r["total"]]],
    )
    quarters = Table(
        heading="By quarter",
        sheet="By quarter",
        columns=[
            Column("Quarter"),
            Column("Deductions", "quantity"),
            Column("TDS on (excl. GST)", "money"),
            Column("TDS", "money"),
        ],
        rows=[[q["name"], q["count"], q["base"], q["amount"]] for q in r["by_quarter"]],
        totals=[["Total", len(r["rows"]), r["base_total"], r["total"]]],
    )
    title, note = TDS_TITLES[r["side"]]
    status = {"pending": "pending only", "deposited": "deposited only", "received": "received only"}
    return Report(
        title=title,
        subtitle=_period(r) + (f" ({status[r['status']]})" if r.get("status") else ""),
        tables=[register, sections, quarters],
        notes=[
            note,
            "Amounts in the base currency, as posted; cancelled payments left out.",
            "TDS on: what it was deducted on, GST excluded (CBDT circular 23/2017); rate = TDS"
            " / that amount.",
        ],
    )


# ---------------------------------------------------------------------------------------------
# GSTR-2B reconciliation
# ---------------------------------------------------------------------------------------------
GSTR2B_STATES = {
    "matched": "Matched",
    "mismatch": "Mismatch",
    "missing_in_books": "Missing in books",
    "missing_in_2b": "Missing in GSTR-2B",
}
GSTR2B_AMOUNTS = ("taxable_value", "igst", "cgst", "sgst", "cess")


def gstr2b_report(r: dict[str, Any]) -> Report:
    statement = r["statement"]
    summary = Table(
        heading="Summary",
        sheet="Summary",
        columns=[
            Column("State"),
            Column("Documents"),
            Column("Taxable value", "money"),
            Column("Tax", "money"),
        ],
        rows=[
            [
                label,
                str(r["summary"][key]["count"]),
                r["summary"][key]["taxable_value"],
                r["summary"][key]["tax"],
            ]
            for key, label in GSTR2B_STATES.items()
        ],
    )
    rows = Table(
        heading="GSTR-2B rows",
        sheet="GSTR-2B rows",
        columns=[
            Column("State"),
            Column("Supplier GSTIN"),
            Column("Supplier"),
            Column("Number"),
            Column("Date", "date"),
            *TAX_COLUMNS,
            Column("Document"),
            Column("Differences"),
        ],
        rows=[
            [
                GSTR2B_STATES[x["state"]],
                x["line"].supplier_gstin,
                x["line"].supplier_name,
                x["line"].number,
                x["line"].date,
                *(getattr(x["line"], k) for k in GSTR2B_AMOUNTS),
                x["document"]["number"] if x["document"] else "",
                ", ".join(x["differences"]),
            ]
            for x in r["rows"]
        ],
    )
    missing = Table(
        heading="In the books, missing in GSTR-2B",
        sheet="Missing in GSTR-2B",
        columns=[
            Column("Document"),
            Column("Supplier GSTIN"),
            Column("Supplier"),
            Column("Reference"),
            Column("Date", "date"),
            *TAX_COLUMNS,
        ],
        rows=[
            [
                d["number"],
                d["gstin"],
                d["partner_name"],
                d["reference"],
                d["date"],
                *(d[k] for k in GSTR2B_AMOUNTS),
            ]
            for d in r["missing_in_2b"]
        ],
    )
    return Report(
        title=f"GSTR-2B reconciliation {statement.period:%m-%Y}",
        subtitle=f"GSTIN {statement.gstin}. Documents in the books from "
        f"{format_date(r['date_from'])} to {format_date(r['date_to'])}.",
        tables=[summary, rows, missing],
    )
