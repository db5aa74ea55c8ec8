"""GSTR-2B reconciliation (ADR 0065): the month's GSTR-2B as the GST portal gives it (the JSON
file of "Download GSTR-2B details"), read into rows, and set against the vendor bills and
notes in the books.

A 2B row is what a supplier reported in its GSTR-1: the input tax credit the company may take
for that month. Each row is linked to at most one posted purchase document, and a document to
at most one row: by the supplier's GSTIN and its document number (the bill's reference,
compared without case, punctuation or the zeros padding its digits) when the file is
imported, or by hand.
What the reconciliation shows, read fresh each time from the rows and the documents:

- matched: linked, the same date, every amount within ₹1;
- mismatch: linked, with what differs (taxable value, a tax head, the date; a document
  cancelled since);
- missing in books: no document; candidates (same GSTIN and kind, amounts within ₹1) are
  suggested, best first;
- missing in 2B: posted purchase documents with GST from a registered vendor, dated in the
  chosen range, linked to no row: credit the supplier has not reported (yet).

Imports of goods (IMPG, IMPGSEZ) and ISD credit are counted, not reconciled: they carry no
vendor bill number."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q, Sum
from stdnum.in_ import gstin as gstin_number

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.fields import round_money
from tenant_apps.invoicing.gstr1_json import month_bounds
from tenant_apps.invoicing.models import (
    Document,
    DocumentKind,
    DocumentStatus,
    Gstr2bDocType,
    Gstr2bLine,
    Gstr2bReturn,
)

TOLERANCE = Decimal("1.00")  # rupees a head may differ by and still match
AMOUNTS = ("taxable_value", "igst", "cgst", "sgst", "cess")
# The document in the books each kind of 2B row stands for. A supplier's debit note raises
# what we owe, as a bill does; its credit note lowers it: our debit note against that vendor.
BOOK_KIND: dict[str, str] = {
    Gstr2bDocType.INVOICE: DocumentKind.BILL,
    Gstr2bDocType.DEBIT_NOTE: DocumentKind.BILL,
    Gstr2bDocType.CREDIT_NOTE: DocumentKind.DEBIT_NOTE,
}
BOOKED = (DocumentStatus.POSTED, DocumentStatus.PARTLY_PAID, DocumentStatus.PAID)
SECTIONS = {"b2b": "inv", "b2ba": "inv", "cdnr": "nt", "cdnra": "nt"}
NOTE_TYPES = {"C": Gstr2bDocType.CREDIT_NOTE, "D": Gstr2bDocType.DEBIT_NOTE}
ITC = {"Y", "N", "T"}
MAX_ERRORS = 10
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_PADDING = re.compile(r"(?<![0-9])0+(?=[0-9])")  # the zeros a run of digits starts with


def number_key(number: str) -> str:
    """A document number as the match compares it: without case, punctuation or the zeros
    that pad a run of digits — "inv/0012", "INV-12" and "INV 012" are one; so are "007" and
    "7"; "SF/1005" stays 1005."""
    return _NOT_ALNUM.sub("", _PADDING.sub("", number.upper()))


# ---------------------------------------------------------------------------------------------
# The portal's file
# ---------------------------------------------------------------------------------------------
@dataclass
class Row:
    section: str
    doc_type: str
    supplier_gstin: str
    supplier_name: str
    number: str
    date: dt.date
    taxable_value: Decimal
    igst: Decimal
    cgst: Decimal
    sgst: Decimal
    cess: Decimal
    value: Decimal
    place_of_supply: str
    reverse_charge: bool
    itc_available: str


@dataclass
class Parsed:
    gstin: str
    period: dt.date
    generated_on: dt.date | None
    rows: list[Row]
    skipped: dict[str, int] = field(default_factory=dict)


class _Errors:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: str, message: str) -> None:
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(f"{where}: {message}" if where else message)

    def refuse(self) -> None:
        if self.messages:
            raise ApplicationError(
                "The file is not a GSTR-2B the portal gives: " + self.messages[0],
                code="invalid_file",
                fields={"file": self.messages},
            )


def _portal_date(text: Any) -> dt.date | None:
    try:
        return dt.datetime.strptime(str(text), "%d-%m-%Y").date()
    except ValueError:
        return None


def _amount(value: Any, where: str, errors: _Errors) -> Decimal:
    if value is None or value == "":
        return Decimal("0.00")
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        errors.add(where, "not an amount")
        return Decimal("0.00")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        errors.add(where, "not an amount")
        return Decimal("0.00")
    if not amount.is_finite() or abs(amount) >= Decimal("1e13"):
        errors.add(where, "not an amount")
        return Decimal("0.00")
    return round_money(amount)


def _document(
    section: str, doc: Any, supplier: tuple[str, str], where: str, errors: _Errors
) -> Row | None:
    if not isinstance(doc, dict):
        errors.add(where, "not a document")
        return None
    if section in ("cdnr", "cdnra"):
        number, doc_type = doc.get("ntnum"), NOTE_TYPES.get(str(doc.get("typ", "")).upper())
        if doc_type is None:
            errors.add(where, "a note of type C (credit) or D (debit)")
            return None
    else:
        number, doc_type = doc.get("inum"), Gstr2bDocType.INVOICE
    number = str(number or "").strip()
    if not number or len(number) > 40:
        errors.add(where, "the document number is missing or too long")
        return None
    day = _portal_date(doc.get("dt"))
    if day is None:
        errors.add(where, "the date (dt) is not DD-MM-YYYY")
        return None
    amounts = {key: _amount(doc.get(key), f"{where}.{key}", errors) for key in AMOUNTS[1:]}
    itc = str(doc.get("itcavl") or "Y").upper()
    return Row(
        section=section,
        doc_type=doc_type,
        supplier_gstin=supplier[0],
        supplier_name=supplier[1],
        number=number,
        date=day,
        taxable_value=_amount(doc.get("txval"), f"{where}.txval", errors),
        value=_amount(doc.get("val"), f"{where}.val", errors),
        place_of_supply=str(doc.get("pos") or "")[:2],
        reverse_charge=str(doc.get("rev") or "N").upper() == "Y",
        itc_available=itc if itc in ITC else "Y",
        **amounts,
    )


def parse(content: bytes) -> Parsed:
    """The portal's GSTR-2B JSON (with or without its `{"data": …}` envelope) as rows. A file
    that is not one is refused whole (`invalid_file`, up to ten reasons under `file`)."""
    errors = _Errors()
    try:
        data = json.loads(content, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        errors.add("", "it is not JSON")
        errors.refuse()
    if isinstance(data, dict) and isinstance(data.get("data"), dict):
        data = data["data"]
    if not isinstance(data, dict) or not isinstance(data.get("docdata"), dict):
        errors.add("", "no docdata")
        errors.refuse()
    gstin = str(data.get("gstin") or "").upper()
    if not gstin_number.is_valid(gstin):
        errors.add("gstin", "not a valid GSTIN")
    period_text = str(data.get("rtnprd") or "")
    period = None
    if re.fullmatch(r"(0[1-9]|1[0-2])\d{4}", period_text):
        period = dt.date(int(period_text[2:]), int(period_text[:2]), 1)
    else:
        errors.add("rtnprd", "the return period is not MMYYYY")
    rows: list[Row] = []
    skipped: dict[str, int] = {}
    for section, suppliers in data["docdata"].items():
        docs_key = SECTIONS.get(section)
        if docs_key is None:  # imports, ISD: counted, not reconciled
            skipped[section] = len(suppliers) if isinstance(suppliers, list) else 0
            continue
        if not isinstance(suppliers, list):
            errors.add(section, "not a list of suppliers")
            continue
        for s, supplier in enumerate(suppliers):
            where = f"{section}[{s}]"
            if not isinstance(supplier, dict):
                errors.add(where, "not a supplier")
                continue
            ctin = str(supplier.get("ctin") or "").upper()
            if not gstin_number.is_valid(ctin):
                errors.add(f"{where}.ctin", "not a valid GSTIN")
                continue
            docs = supplier.get(docs_key)
            if not isinstance(docs, list):
                errors.add(f"{where}.{docs_key}", "not a list")
                continue
            name = str(supplier.get("trdnm") or "")[:200]
            for d, doc in enumerate(docs):
                row = _document(section, doc, (ctin, name), f"{where}.{docs_key}[{d}]", errors)
                if row is not None:
                    rows.append(row)
    errors.refuse()
    assert period is not None
    return Parsed(
        gstin=gstin,
        period=period,
        generated_on=_portal_date(data.get("gendt")),
        rows=rows,
        skipped={k: v for k, v in skipped.items() if v},
    )


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------
def book_amounts(document: Document) -> dict[str, Decimal]:
    """A document's taxable value and taxes in rupees (2B amounts are in rupees)."""
    values = {
        "taxable_value": document.taxable_total,
        "igst": document.igst_total,
        "cgst": document.cgst_total,
        "sgst": document.sgst_total,
        "cess": document.cess_total,
    }
    if document.exchange_rate != 1:
        values = {k: round_money(v * document.exchange_rate) for k, v in values.items()}
    return values


def differences(line: Gstr2bLine, document: Document) -> list[str]:
    """What keeps a linked row from matching its document: the amounts apart by more than
    ₹1, the date, a cancelled document, reverse charge on one side only."""
    out = []
    if document.status == DocumentStatus.CANCELLED:
        out.append("cancelled")
    if line.reverse_charge != document.reverse_charge:
        out.append("reverse_charge")
    books = book_amounts(document)
    out += [k for k in AMOUNTS if abs(getattr(line, k) - books[k]) > TOLERANCE]
    if line.date != document.date:
        out.append("date")
    return out


def _close(line: Gstr2bLine, document: Document) -> bool:
    books = book_amounts(document)
    return all(abs(getattr(line, k) - books[k]) <= TOLERANCE for k in AMOUNTS)


def _tax(values: dict[str, Decimal]) -> Decimal:
    return sum((values[k] for k in AMOUNTS[1:]), Decimal("0"))


def line_amounts(line: Gstr2bLine) -> dict[str, Decimal]:
    return {k: getattr(line, k) for k in AMOUNTS}


def free_documents(gstins: set[str] | None = None) -> Any:
    """Posted purchase documents from registered vendors that no 2B row is linked to."""
    qs = Document.objects.filter(
        kind__in=(DocumentKind.BILL, DocumentKind.DEBIT_NOTE),
        status__in=BOOKED,
        is_opening=False,
        gstr2b_lines__isnull=True,
    ).exclude(party_gstin="")
    if gstins is not None:
        qs = qs.filter(party_gstin__in=gstins)
    return qs


def document_brief(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "kind": document.kind,
        "number": document.number,
        "reference": document.reference,
        "date": document.date,
        "status": document.status,
        "partner_name": document.party_name,
        "gstin": document.party_gstin,
        **book_amounts(document),
    }


def _summary() -> dict[str, dict[str, Any]]:
    return {
        s: {"count": 0, "taxable_value": Decimal("0.00"), "tax": Decimal("0.00")}
        for s in ("matched", "mismatch", "missing_in_books", "missing_in_2b")
    }


def _row(line: Gstr2bLine, candidates: list[Document]) -> dict[str, Any]:
    """One row's state: matched or mismatch (what differs) when linked; else missing in the
    books, with up to three of `candidates` (free documents of its supplier and kind) whose
    amounts are within ₹1, nearest date first."""
    document = line.document
    if document is None:
        suggestions = sorted(
            (d for d in candidates if _close(line, d)),
            key=lambda d: (abs((d.date - line.date).days), d.pk),
        )[:3]
        state, diffs = "missing_in_books", []
    else:
        suggestions = []
        diffs = differences(line, document)
        state = "mismatch" if diffs else "matched"
    return {
        "line": line,
        "state": state,
        "differences": diffs,
        "document": document_brief(document) if document else None,
        "suggestions": [document_brief(d) for d in suggestions],
    }


def reconciliation_row(line: Gstr2bLine) -> dict[str, Any]:
    """One row as `reconciliation` shows it, reading only its supplier's free documents."""
    candidates = list(
        free_documents({line.supplier_gstin})
        .filter(kind=BOOK_KIND[line.doc_type], date__lte=month_bounds(line.statement.period)[1])
        .order_by("date", "id")
    )
    return _row(line, candidates)


def reconciliation(statement: Gstr2bReturn, *, date_from: dt.date | None = None) -> dict[str, Any]:
    """The month's rows with their state, and the documents missing from it (dated from
    `date_from`, default the period's first day, to the period's last). Three queries."""
    first, last = month_bounds(statement.period)
    date_from = date_from or first
    lines = list(
        statement.lines.select_related("document").order_by("supplier_gstin", "date", "number")
    )
    gstins = {line.supplier_gstin for line in lines}
    free = list(
        free_documents()
        .filter(Q(party_gstin__in=gstins) | Q(date__gte=date_from), date__lte=last)
        .order_by("date", "id")
    )
    by_party: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for document in free:
        by_party[(document.party_gstin, document.kind)].append(document)
    summary = _summary()
    rows = []
    for line in lines:
        row = _row(line, by_party.get((line.supplier_gstin, BOOK_KIND[line.doc_type]), []))
        totals = summary[row["state"]]
        totals["count"] += 1
        totals["taxable_value"] += line.taxable_value
        totals["tax"] += _tax(line_amounts(line))
        rows.append(row)
    missing = [d for d in free if date_from <= d.date <= last and _tax(book_amounts(d)) > 0]
    for document in missing:
        totals = summary["missing_in_2b"]
        amounts = book_amounts(document)
        totals["count"] += 1
        totals["taxable_value"] += amounts["taxable_value"]
        totals["tax"] += _tax(amounts)
    return {
        "statement": statement,
        "date_from": date_from,
        "date_to": last,
        "summary": summary,
        "rows": rows,
        "missing_in_2b": [document_brief(d) for d in missing],
    }


def itc_per_gstr2b(date_from: dt.date, date_to: dt.date) -> dict[str, Any] | None:
    """GSTR-3B 4(A)(5) as GSTR-2B has it, for the months wholly inside the dates whose 2B was
    imported: the credit the suppliers reported and the law lets the company take
    (Section 16(2)(aa)); invoices and debit notes less credit notes, rows marked "ITC not
    available" and rows under reverse charge (4(A)(3), ADR 0071) left out. None when no such
    month was imported."""
    months = list(
        Gstr2bReturn.objects.filter(period__gte=date_from, period__lte=date_to)
        .order_by("period")
        .values_list("period", flat=True)
    )
    months = [m for m in months if month_bounds(m)[1] <= date_to]
    if not months:
        return None
    rows: Any = (
        Gstr2bLine.objects.filter(statement__period__in=months)
        .exclude(itc_available="N")
        .exclude(reverse_charge=True)
        .values("doc_type")
        .annotate(**{k: Sum(k) for k in AMOUNTS})
        .order_by()
    )
    sums = dict.fromkeys(("taxable", *AMOUNTS[1:]), Decimal("0.00"))
    for row in rows:
        sign = -1 if row["doc_type"] == Gstr2bDocType.CREDIT_NOTE else 1
        sums["taxable"] += sign * row["taxable_value"]
        for k in AMOUNTS[1:]:
            sums[k] += sign * row[k]
    return {
        "months": [m.strftime("%Y-%m") for m in months],
        **{k: round_money(v) for k, v in sums.items()},
    }
