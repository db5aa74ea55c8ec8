"""GSTR-1 as the JSON the GST portal accepts ("Prepare offline" upload, ADR 0056).

One calendar month (or, for a quarterly QRMP filer, one quarter) of posted customer invoices
and credit notes, in rupees, in the offline
tool's format: `b2b`, `b2cl`, `b2cs`, `exp`, `cdnr`, `cdnur`, `hsn` (B2B / B2C tabs) and
`doc_issue`. Amounts are rupees to the paisa (2 decimals) as JSON numbers. A fixed number of
queries whatever the number of documents."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
)
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.in_ import gstin as gstin_number

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.fields import round_money
from tenant_apps.core.models import CompanySettings
from tenant_apps.invoicing.models import (
    FOREIGN_PLACE,
    Document,
    DocumentKind,
    DocumentStatus,
)
from tenant_apps.invoicing.reports import b2cl_limit, period_lines

ZERO = Decimal("0")
MONEY = DecimalField(max_digits=20, decimal_places=4)
# The offline tool's version this file follows, and the placeholder hash the tool writes.
VERSION = "GST3.2.4"
HASH = "hash"
# From the April 2025 return, Table 12 (HSN summary) is split into B2B and B2C tabs.
HSN_SPLIT_FROM = dt.date(2025, 4, 1)
SERVICE_PREFIX = "99"  # a SAC (services accounting code) starts with 99
# Table 13 "nature of document": invoices for outward supply, credit notes.
DOC_NATURE = {DocumentKind.INVOICE: 1, DocumentKind.CREDIT_NOTE: 5}

# Our units (free text on a line, case-insensitive) -> (GST unit quantity code, factor).
UQC_OF: dict[str, tuple[str, Decimal]] = {}
for _codes, _uqc, _factor in (
    (("nos", "no", "no.", "number", "numbers", "ea", "each"), "NOS", "1"),
    (("pcs", "pc", "piece", "pieces"), "PCS", "1"),
    (("kg", "kgs", "kilogram", "kilograms"), "KGS", "1"),
    (("g", "gm", "gms", "gram", "grams"), "GMS", "1"),
    (("t", "tonne", "tonnes", "ton", "tons", "mt"), "TON", "1"),
    (("qtl", "quintal"), "QTL", "1"),
    (("m", "mtr", "mtrs", "metre", "metres", "meter", "meters"), "MTR", "1"),
    (("mm", "millimetre", "millimeter"), "MTR", "0.001"),
    (("cm", "cms", "centimetre", "centimeter"), "CMS", "1"),
    (("km", "kme", "kilometre", "kilometer"), "KME", "1"),
    (("sq m", "sqm", "m2", "sq. m", "square metre", "square meter"), "SQM", "1"),
    (("sq ft", "sqft", "sqf", "ft2", "square feet"), "SQF", "1"),
    (("cu m", "cbm", "m3", "cubic metre", "cubic meter"), "CBM", "1"),
    (("l", "ltr", "litre", "litres", "liter", "liters"), "LTR", "1"),
    (("ml", "mlt", "millilitre", "milliliter"), "MLT", "1"),
    (("kl", "klr", "kilolitre"), "KLR", "1"),
    (("set", "sets"), "SET", "1"),
    (("pair", "pairs", "prs"), "PRS", "1"),
    (("doz", "dozen", "dozens"), "DOZ", "1"),
    (("box", "boxes"), "BOX", "1"),
    (("bag", "bags"), "BAG", "1"),
    (("roll", "rolls", "rol"), "ROL", "1"),
    (("pack", "packs", "pac", "pkt"), "PAC", "1"),
    (("drum", "drums", "drm"), "DRM", "1"),
    (("bottle", "bottles", "btl"), "BTL", "1"),
    (("can", "cans"), "CAN", "1"),
    (("carton", "cartons", "ctn"), "CTN", "1"),
    (("bundle", "bundles", "bdl"), "BDL", "1"),
    (("unit", "units", "unt"), "UNT", "1"),
):
    for _code in _codes:
        UQC_OF[_code] = (_uqc, Decimal(_factor))


def uqc_of(unit: str, hsn: str) -> tuple[str, Decimal]:
    """The GST unit quantity code of a line's unit and the factor its quantity is multiplied by
    (mm are reported in metres). Services (SAC) have no quantity: "NA" and 0; a unit we cannot
    map is OTH (others), quantity as it is."""
    if hsn.startswith(SERVICE_PREFIX):
        return "NA", ZERO
    return UQC_OF.get(" ".join(unit.lower().split()), ("OTH", Decimal("1")))


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The GST quarter (Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar) holding `day`."""
    first = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return first, month_bounds(first.replace(month=first.month + 2))[1]


def json_money(amount: Decimal | None) -> float:
    """Rupees to the paisa as a JSON number (the portals want numbers, not strings): a value
    written out, never computed with."""
    return float(round_money(amount or ZERO))


def json_rate(rate: Decimal) -> float | int:
    """A rate as the portals write it: 18, 0.25."""
    return int(rate) if rate == rate.to_integral_value() else float(rate)


def _date(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def _company_gstin() -> str:
    company = CompanySettings.objects.get(singleton=True)
    if not company.gstin:
        message = "Set the company's GSTIN in the company settings before preparing GSTR-1."
        raise ApplicationError(message, code="company_gstin_missing", fields={"gstin": [message]})
    return company.gstin


def _base(name: str) -> Any:
    return Sum(ExpressionWrapper(F(name) * F("document__exchange_rate"), output_field=MONEY))


def _period_lines(date_from: dt.date, date_to: dt.date) -> Any:
    return period_lines((DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE), date_from, date_to)


def _taxes(r: dict[str, Any], *, inter: bool, split: bool = True) -> dict[str, Any]:
    """An item's amounts: IGST across states, CGST and SGST within (the portal wants only the
    components the supply has)."""
    out: dict[str, Any] = {"txval": json_money(r["taxable"]), "rt": json_rate(r["gst_rate"])}
    if inter:
        out["iamt"] = json_money(r["igst"])
    elif split:
        out["camt"] = json_money(r["cgst"])
        out["samt"] = json_money(r["sgst"])
    out["csamt"] = json_money(r["cess"])
    return out


def _items(rows: list[dict[str, Any]], *, inter: bool, split: bool = True) -> list[dict[str, Any]]:
    return [
        {"num": i, "itm_det": _taxes(r, inter=inter, split=split)}
        for i, r in enumerate(rows, start=1)
    ]


def _document_rows(date_from: dt.date, date_to: dt.date) -> dict[int, dict[str, Any]]:
    """Each invoice and credit note of the period with its sums per GST rate (rupees). One
    query."""
    rows = (
        _period_lines(date_from, date_to)
        .order_by()
        .values(
            "document_id",
            "document__kind",
            "document__number",
            "document__date",
            "document__party_gstin",
            "document__place_of_supply",
            "document__is_inter_state",
            "document__total_base",
            "document__original__total_base",
            "gst_rate",
        )
        .annotate(
            taxable=_base("taxable_value"),
            igst=_base("igst"),
            cgst=_base("cgst"),
            sgst=_base("sgst"),
            cess=_base("cess"),
        )
        .order_by("document__date", "document__number", "gst_rate")
    )
    documents: dict[int, dict[str, Any]] = {}
    for r in rows:
        d = documents.setdefault(
            r["document_id"],
            {
                "kind": r["document__kind"],
                "number": r["document__number"],
                "date": r["document__date"],
                "gstin": r["document__party_gstin"],
                "pos": r["document__place_of_supply"],
                "inter": r["document__is_inter_state"],
                "value": r["document__total_base"],
                "original_value": r["document__original__total_base"],
                "rates": [],
            },
        )
        d["rates"].append(r)
    return documents


def _check_gstins(documents: dict[int, dict[str, Any]]) -> None:
    errors = []
    for d in documents.values():
        if not d["gstin"] or d["pos"] == FOREIGN_PLACE:
            continue
        try:
            gstin_number.validate(d["gstin"])
        except StdnumError as exc:
            errors.append(f"{d['number']}: the party's GSTIN {d['gstin']!r} is not valid ({exc}).")
    if errors:
        raise ApplicationError(
            "Some documents carry an invalid party GSTIN; the portal would refuse the file. "
            "Correct the party and issue a credit note and a new invoice.",
            code="invalid_party_gstin",
            fields={"documents": errors},
        )


def _section(d: dict[str, Any]) -> str:
    """Where a document goes: b2b/cdnr (registered), exp, b2cl or b2cs (unregistered invoices),
    cdnur or b2cs (unregistered notes: large inter-state or export notes are listed, the rest
    reduce B2C small)."""
    note = d["kind"] == DocumentKind.CREDIT_NOTE
    if d["pos"] == FOREIGN_PLACE:
        return "cdnur" if note else "exp"
    if d["gstin"]:
        return "cdnr" if note else "b2b"
    value = max(d["value"], d["original_value"] or ZERO) if note else d["value"]
    if d["inter"] and value > b2cl_limit(d["date"]):
        return "cdnur" if note else "b2cl"
    return "b2cs"


def _with_payment(d: dict[str, Any]) -> bool:
    """An export with payment of IGST (WPAY) charges IGST; under a LUT/bond it charges none."""
    return any((r["igst"] or ZERO) > 0 for r in d["rates"])


def _hsn(date_from: dt.date, date_to: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Table 12, net of credit notes, per HSN, unit quantity code and rate; from April 2025 in
    two tabs: supplies to registered persons (hsn_b2b) and the rest (hsn_b2c). One query."""
    registered = ExpressionWrapper(
        ~Q(document__party_gstin="") & ~Q(document__place_of_supply=FOREIGN_PLACE),
        output_field=BooleanField(),
    )
    rows = (
        _period_lines(date_from, date_to)
        .annotate(registered=registered)
        .order_by()
        .values("registered", "document__kind", "hsn_sac", "unit", "gst_rate")
        .annotate(
            quantity=Sum("quantity"),
            taxable=_base("taxable_value"),
            igst=_base("igst"),
            cgst=_base("cgst"),
            sgst=_base("sgst"),
            cess=_base("cess"),
        )
    )
    split = date_from >= HSN_SPLIT_FROM
    amounts = ("quantity", "taxable", "igst", "cgst", "sgst", "cess")
    sums: dict[tuple[str, str, str, Decimal], dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(amounts, ZERO)
    )
    for r in rows:
        sign = -1 if r["document__kind"] == DocumentKind.CREDIT_NOTE else 1
        tab = ("hsn_b2b" if r["registered"] else "hsn_b2c") if split else "data"
        uqc, factor = uqc_of(r["unit"], r["hsn_sac"])
        row = sums[(tab, r["hsn_sac"], uqc, r["gst_rate"])]
        row["quantity"] += sign * r["quantity"] * factor
        for k in amounts[1:]:
            row[k] += sign * (r[k] or ZERO)
    out: dict[str, list[dict[str, Any]]] = {}
    for (tab, hsn, uqc, rate), s in sorted(sums.items()):
        rows_of_tab = out.setdefault(tab, [])
        rows_of_tab.append(
            {
                "num": len(rows_of_tab) + 1,
                "hsn_sc": hsn,
                "uqc": uqc,
                "qty": json_money(s["quantity"]),
                "rt": json_rate(rate),
                "txval": json_money(s["taxable"]),
                "iamt": json_money(s["igst"]),
                "camt": json_money(s["cgst"]),
                "samt": json_money(s["sgst"]),
                "csamt": json_money(s["cess"]),
            }
        )
    return out


def _serial(number: str) -> tuple[str, int] | None:
    """`INV/26-27/00007` -> ("INV/26-27/", 7)."""
    head, _, tail = number.rpartition("/")
    return (f"{head}/", int(tail)) if head and tail.isdigit() else None


def _doc_issue(date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """Table 13: per nature of document and series, each run of consecutive numbers dated in
    the period; `cancel` counts those cancelled by the period's end. One query."""
    documents = (
        Document.objects.filter(
            kind__in=tuple(DOC_NATURE),
            date__gte=date_from,
            date__lte=date_to,
            is_opening=False,
        )
        .exclude(status=DocumentStatus.DRAFT)
        .values_list("kind", "number", "status", "cancel_date")
    )
    series: dict[tuple[str, str], list[tuple[int, str, bool]]] = defaultdict(list)
    for kind, number, status, cancel_date in documents:
        parsed = _serial(number)
        if parsed is None:
            continue
        cancelled = status == DocumentStatus.CANCELLED and cancel_date and cancel_date <= date_to
        series[(kind, parsed[0])].append((parsed[1], number, bool(cancelled)))
    details = []
    for kind, nature in DOC_NATURE.items():
        docs: list[dict[str, Any]] = []
        for (k, _prefix), numbers in sorted(series.items()):
            if k != kind:
                continue
            numbers.sort()
            runs: list[list[tuple[int, str, bool]]] = []
            for entry in numbers:
                if runs and entry[0] == runs[-1][-1][0] + 1:
                    runs[-1].append(entry)
                else:
                    runs.append([entry])
            for run in runs:
                cancel = sum(1 for e in run if e[2])
                docs.append(
                    {
                        "num": len(docs) + 1,
                        "from": run[0][1],
                        "to": run[-1][1],
                        "totnum": len(run),
                        "cancel": cancel,
                        "net_issue": len(run) - cancel,
                    }
                )
        if docs:
            details.append({"doc_num": nature, "docs": docs})
    return {"doc_det": details}


def gstr1_portal_json(*, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """The GSTR-1 file of one calendar month, or of one GST quarter for a QRMP filer; its `fp`
    is the MMYYYY of the period's last month. 400 without a company GSTIN, or when a registered
    party's GSTIN is invalid. Five queries."""
    if (date_from, date_to) not in (month_bounds(date_from), quarter_bounds(date_from)):
        raise ValueError(f"{date_from} to {date_to} is neither a month nor a GST quarter")
    gstin = _company_gstin()
    home = gstin[:2]
    documents = _document_rows(date_from, date_to)
    _check_gstins(documents)

    b2b: dict[str, list[dict[str, Any]]] = defaultdict(list)
    b2cl: dict[str, list[dict[str, Any]]] = defaultdict(list)
    exp: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cdnr: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cdnur: list[dict[str, Any]] = []
    amounts = ("taxable", "igst", "cgst", "sgst", "cess")
    b2cs: dict[tuple[str, Decimal], dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(amounts, ZERO)
    )
    for d in documents.values():
        section = _section(d)
        head = {"inum": d["number"], "idt": _date(d["date"]), "val": json_money(d["value"])}
        if section == "b2b":
            b2b[d["gstin"]].append(
                {
                    **head,
                    "pos": d["pos"],
                    "rchrg": "N",
                    "inv_typ": "R",
                    "itms": _items(d["rates"], inter=d["inter"]),
                }
            )
        elif section == "b2cl":
            b2cl[d["pos"]].append({**head, "itms": _items(d["rates"], inter=True)})
        elif section == "exp":
            typ = "WPAY" if _with_payment(d) else "WOPAY"
            exp[typ].append(
                {
                    **head,
                    "itms": [
                        {
                            "txval": json_money(r["taxable"]),
                            "rt": json_rate(r["gst_rate"]),
                            "iamt": json_money(r["igst"]),
                            "csamt": json_money(r["cess"]),
                        }
                        for r in d["rates"]
                    ],
                }
            )
        elif section == "cdnr":
            cdnr[d["gstin"]].append(
                {
                    "ntty": "C",
                    "nt_num": d["number"],
                    "nt_dt": _date(d["date"]),
                    "val": json_money(d["value"]),
                    "pos": d["pos"],
                    "rchrg": "N",
                    "inv_typ": "R",
                    "itms": _items(d["rates"], inter=d["inter"]),
                }
            )
        elif section == "cdnur":
            export = d["pos"] == FOREIGN_PLACE
            note: dict[str, Any] = {
                "typ": ("EXPWP" if _with_payment(d) else "EXPWOP") if export else "B2CL",
                "ntty": "C",
                "nt_num": d["number"],
                "nt_dt": _date(d["date"]),
                "val": json_money(d["value"]),
            }
            if not export:
                note["pos"] = d["pos"]
            note["itms"] = _items(d["rates"], inter=True)
            cdnur.append(note)
        else:  # b2cs: invoices add, notes on small B2C supplies take away
            sign = -1 if d["kind"] == DocumentKind.CREDIT_NOTE else 1
            for r in d["rates"]:
                row = b2cs[(d["pos"], r["gst_rate"])]
                for k in amounts:
                    row[k] += sign * (r[k] or ZERO)

    b2cs_rows = []
    for (pos, rate), s in sorted(b2cs.items()):
        intra = pos == home
        entry: dict[str, Any] = {
            "sply_ty": "INTRA" if intra else "INTER",
            "pos": pos,
            "typ": "OE",
            "txval": json_money(s["taxable"]),
            "rt": json_rate(rate),
        }
        if intra:
            entry.update(camt=json_money(s["cgst"]), samt=json_money(s["sgst"]))
        else:
            entry["iamt"] = json_money(s["igst"])
        entry["csamt"] = json_money(s["cess"])
        b2cs_rows.append(entry)

    out: dict[str, Any] = {
        "gstin": gstin,
        "fp": date_to.strftime("%m%Y"),
        "version": VERSION,
        "hash": HASH,
    }
    sections: dict[str, Any] = {
        "b2b": [{"ctin": ctin, "inv": inv} for ctin, inv in sorted(b2b.items())],
        "b2cl": [{"pos": pos, "inv": inv} for pos, inv in sorted(b2cl.items())],
        "b2cs": b2cs_rows,
        "exp": [{"exp_typ": typ, "inv": inv} for typ, inv in sorted(exp.items())],
        "cdnr": [{"ctin": ctin, "nt": nt} for ctin, nt in sorted(cdnr.items())],
        "cdnur": cdnur,
    }
    # the offline tool leaves out the tables it has nothing for
    out.update({k: v for k, v in sections.items() if v})
    hsn = _hsn(date_from, date_to)
    if hsn:
        out["hsn"] = hsn
    doc_issue = _doc_issue(date_from, date_to)
    if doc_issue["doc_det"]:
        out["doc_issue"] = doc_issue
    return out
