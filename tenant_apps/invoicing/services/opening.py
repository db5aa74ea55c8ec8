"""Opening balances brought forward from a spreadsheet (ADR 0046): one row per unpaid customer
invoice or vendor bill of the previous books; each row becomes one posted opening document
(one line at 0% GST, quantity 1, unit price = the outstanding amount).

All rows or none: the rows are checked first (every row's errors at once, as
`rows.<row number>.<column>`), then created and posted in one durable transaction; an error
while posting (a closed period, a date outside the fiscal years) is reported beside its row and
rolls everything back.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from openpyxl import Workbook

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.imports import SheetRow, cell_date, sheet_rows
from tenant_apps.core.selectors import base_currency
from tenant_apps.invoicing.models import Document, DocumentKind, DocumentStatus, TaxRate
from tenant_apps.invoicing.services.documents import (
    draft_create_in_transaction,
    post_in_transaction,
)
from tenant_apps.partners.models import Partner

COLUMNS = (
    "type",
    "partner_code",
    "date",
    "reference",
    "due_date",
    "amount",
    "currency",
    "exchange_rate",
    "description",
)
REQUIRED = ("type", "partner_code", "date", "reference", "amount")
TYPES = {"invoice": DocumentKind.INVOICE, "bill": DocumentKind.BILL}
MAX_ROWS = 2000
ZERO_RATE_CODE = "GST0"
# a service error's field -> the column it is reported under
FIELD_COLUMN = {
    "partner": "partner_code",
    "date": "date",
    "due_date": "due_date",
    "currency": "currency",
    "exchange_rate": "exchange_rate",
    "reference": "reference",
    "lines.0.unit_price": "amount",
    "lines.0.tax_rate": "date",
    "lines.0.description": "description",
}


@dataclass(frozen=True)
class OpeningRow:
    number: int
    kind: str
    partner: Partner
    date: dt.date
    reference: str
    due_date: dt.date | None
    amount: Decimal
    currency: str
    exchange_rate: Decimal | None
    description: str


# ---------------------------------------------------------------------------------------------
# The workbook
# ---------------------------------------------------------------------------------------------
def opening_template() -> bytes:
    """The template: the header row and one example row per type."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Opening balances"
    sheet.append(list(COLUMNS))
    sheet.append(
        [
            "invoice",
            "CUST-0001",
            "2026-03-31",
            "OLD/1187",
            "2026-04-30",
            12345.67,
            "",
            "",
            "Balance of invoice OLD/1187",
        ]
    )
    sheet.append(
        ["bill", "VEND-0001", "2026-03-15", "SS/889", "", 2500, "USD", 83.25, "Steel sheets"]
    )
    for letter, width in zip("ABCDEFGHI", (10, 14, 12, 16, 12, 14, 10, 14, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def opening_rows_read(file: IO[bytes]) -> list[SheetRow]:
    """(row number, raw values by column) of every non-empty row under the header row."""
    return sheet_rows(
        file, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, layout="template"
    )


# ---------------------------------------------------------------------------------------------
# Checking the rows
# ---------------------------------------------------------------------------------------------
def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def opening_rows_check(
    rows: Iterable[tuple[int, dict[str, Any]]],
) -> tuple[list[OpeningRow], dict[str, list[str]]]:
    """The rows as documents to raise, and every row's errors (`rows.<n>.<column>`)."""
    rows = list(rows)
    base = base_currency()
    codes = {str(raw.get("partner_code", "")) for _, raw in rows}
    partners = {p.code: p for p in Partner.objects.filter(code__in=codes)}
    errors: dict[str, list[str]] = {}
    checked: list[OpeningRow] = []
    seen: dict[tuple[str, int, str], int] = {}
    for number, raw in rows:
        row_errors: dict[str, str] = {}
        kind = TYPES.get(str(raw.get("type", "")).strip().lower())
        if kind is None:
            row_errors["type"] = "Write invoice (a customer owes you) or bill (you owe a vendor)."
        code = str(raw.get("partner_code", ""))
        partner = partners.get(code)
        if not code:
            row_errors["partner_code"] = "Required."
        elif partner is None:
            row_errors["partner_code"] = f"No partner with code {code}."
        elif not partner.is_active:
            row_errors["partner_code"] = f"{code} is inactive."
        elif kind == DocumentKind.INVOICE and not partner.is_customer:
            row_errors["partner_code"] = f"{code} is not a customer."
        elif kind == DocumentKind.BILL and not partner.is_vendor:
            row_errors["partner_code"] = f"{code} is not a vendor."
        date = cell_date(raw.get("date", ""))
        if date is None:
            row_errors["date"] = "A date, as YYYY-MM-DD or DD/MM/YYYY."
        due_date = None
        if raw.get("due_date", ""):
            due_date = cell_date(raw["due_date"])
            if due_date is None:
                row_errors["due_date"] = "A date, as YYYY-MM-DD or DD/MM/YYYY."
            elif date is not None and due_date < date:
                row_errors["due_date"] = "Before the date."
        reference = str(raw.get("reference", ""))
        if not reference:
            row_errors["reference"] = "The document's number in your previous books."
        elif len(reference) > 60:
            row_errors["reference"] = "At most 60 characters."
        amount = _decimal(raw.get("amount", ""))
        if amount is None:
            row_errors["amount"] = "A number: the amount still outstanding."
        elif amount <= 0:
            row_errors["amount"] = "Greater than zero (leave paid documents out)."
        elif amount != amount.quantize(Decimal("0.01")):
            row_errors["amount"] = "At most 2 decimal places."
        currency = str(raw.get("currency", "")).upper() or base
        rate: Decimal | None = None
        if not re.fullmatch(r"[A-Z]{3}", currency):
            row_errors["currency"] = "A three-letter currency code (INR, USD…)."
        raw_rate = raw.get("exchange_rate", "")
        if raw_rate != "":
            rate = _decimal(raw_rate)
            if rate is None or rate <= 0:
                row_errors["exchange_rate"] = "A positive number."
            elif rate != rate.quantize(Decimal("0.000001")):
                row_errors["exchange_rate"] = "At most 6 decimal places."
        if "currency" not in row_errors and "exchange_rate" not in row_errors:
            if currency == base and rate not in (None, Decimal(1)):
                row_errors["exchange_rate"] = f"Leave empty (or 1) for {base}."
            elif currency != base and rate is None:
                row_errors["exchange_rate"] = f"Required: the {currency} to {base} rate."
        description = str(raw.get("description", ""))
        if len(description) > 500:
            row_errors["description"] = "At most 500 characters."
        if kind is not None and partner is not None and reference:
            key = (kind, partner.pk, reference.casefold())
            if key in seen:
                row_errors["reference"] = f"Duplicate of row {seen[key]}."
            seen.setdefault(key, number)
        for column, message in row_errors.items():
            errors[f"rows.{number}.{column}"] = [message]
        if not row_errors:
            assert kind is not None and partner is not None and date is not None
            assert amount is not None
            checked.append(
                OpeningRow(
                    number=number,
                    kind=kind,
                    partner=partner,
                    date=date,
                    reference=reference,
                    due_date=due_date,
                    amount=amount,
                    currency=currency,
                    exchange_rate=rate,
                    description=description,
                )
            )
    errors.update(_already_brought_forward(checked))
    return checked, errors


def _already_brought_forward(rows: list[OpeningRow]) -> dict[str, list[str]]:
    """A row whose reference is already an opening document of the same partner and side (not
    cancelled): importing a file twice would double the balance."""
    if not rows:
        return {}
    existing = {
        (kind, partner_id, reference.casefold()): number
        for kind, partner_id, reference, number in Document.objects.filter(
            is_opening=True,
            kind__in=list(TYPES.values()),
            partner_id__in={r.partner.pk for r in rows},
            reference__in={r.reference for r in rows},
        )
        .exclude(status=DocumentStatus.CANCELLED)
        .values_list("kind", "partner_id", "reference", "number")
    }
    errors = {}
    for row in rows:
        number = existing.get((row.kind, row.partner.pk, row.reference.casefold()))
        if number is not None:
            errors[f"rows.{row.number}.reference"] = [
                f"Already brought forward as {number or 'a draft'}."
            ]
    return errors


def opening_import_refusal(errors: dict[str, list[str]]) -> ApplicationError:
    rows = {key.split(".")[1] for key in errors}
    return ApplicationError(
        f"{len(rows)} row(s) have errors; nothing was imported.",
        code="import_invalid",
        fields=dict(sorted(errors.items(), key=lambda kv: (int(kv[0].split(".")[1]), kv[0]))),
    )


def opening_zero_rate() -> TaxRate:
    rate = TaxRate.objects.filter(code=ZERO_RATE_CODE, rate=0, cess_rate=0).first()
    if rate is None or not rate.is_active:
        raise ApplicationError(
            f"The 0% GST rate ({ZERO_RATE_CODE}) is missing or inactive: restore it in the tax "
            "rates before importing opening balances.",
            code="zero_rate_missing",
        )
    return rate


# ---------------------------------------------------------------------------------------------
# Importing
# ---------------------------------------------------------------------------------------------
def opening_import(*, user: Any, rows: list[tuple[int, dict[str, Any]]]) -> list[Document]:
    """Create and post one opening document per row, all or none."""
    checked, errors = opening_rows_check(rows)
    if errors:
        raise opening_import_refusal(errors)
    zero = opening_zero_rate()
    created: list[Document] = []
    with transaction.atomic(durable=True):
        for row in checked:
            try:
                with transaction.atomic():
                    created.append(_row_post(row=row, user=user, zero=zero))
            except ApplicationError as exc:
                # e.g. a date in a closed period or outside the fiscal years
                for field, messages in (exc.fields or {"": [exc.detail]}).items():
                    key = f"rows.{row.number}.{FIELD_COLUMN.get(field, 'date')}"
                    errors[key] = [*errors.get(key, []), *(str(m) for m in messages)]
        if errors:
            # nothing of this transaction is kept
            raise opening_import_refusal(errors)
    return created


def _row_post(*, row: OpeningRow, user: Any, zero: TaxRate) -> Document:
    kind_label = "invoice" if row.kind == DocumentKind.INVOICE else "bill"
    data: dict[str, Any] = {
        "partner": row.partner,
        "date": row.date,
        "due_date": row.due_date,
        "reference": row.reference,
        "currency": row.currency,
        "exchange_rate": row.exchange_rate,
        "notes": "Imported opening balance",
        "is_opening": True,
        "lines": [
            {
                "description": row.description or f"Opening balance: {kind_label} {row.reference}",
                "hsn_sac": "",
                "quantity": Decimal(1),
                "unit_price": row.amount,
                "tax_rate": zero,
            }
        ],
    }
    document = draft_create_in_transaction(user=user, kind=row.kind, data=data)
    return post_in_transaction(user=user, document=document)
