"""Invoices, bills, credit notes and debit notes: draft -> posted -> partly paid -> paid,
or cancelled (an invoice or bill by its reversing note; a note by reversing its entry).

Row locks, always in this order: payments by id, then documents by id (`_lock_documents`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Subquery
from django.utils import timezone

from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.fields import round_money
from tenant_apps.core.models import CompanySettings
from tenant_apps.core.selectors import base_currency
from tenant_apps.core.services import sequence_next
from tenant_apps.invoicing import ledger
from tenant_apps.invoicing.gst import GstLineInput, GstResult, gst_compute
from tenant_apps.invoicing.ledger import Posting
from tenant_apps.invoicing.models import (
    FOREIGN_PLACE,
    NOTE_KINDS,
    OPEN_STATUSES,
    OPENING_SERIES,
    SALES_KINDS,
    SERIES,
    Allocation,
    Document,
    DocumentKind,
    DocumentLine,
    DocumentStatus,
    InvoiceSettings,
    TaxRate,
)
from tenant_apps.invoicing.services import exchange
from tenant_apps.invoicing.services.credit import credit_check
from tenant_apps.partners.models import Partner

ZERO = Decimal("0")
HEADER_FIELDS = (
    "partner",
    "date",
    "due_date",
    "reference",
    "place_of_supply",
    "currency",
    "exchange_rate",
    "notes",
    "original",
    "is_opening",
    "reverse_charge",
)
LINE_FIELDS = (
    "description",
    "hsn_sac",
    "quantity",
    "unit",
    "unit_price",
    "discount_percent",
    "account",
    "cost_centre",
    "itc_eligible",
)
# The reversing note of each kind, and the journal series of each kind.
REVERSING_NOTE = {
    DocumentKind.INVOICE: DocumentKind.CREDIT_NOTE,
    DocumentKind.BILL: DocumentKind.DEBIT_NOTE,
}
JOURNAL_SERIES = {
    DocumentKind.INVOICE: "SALES",
    DocumentKind.CREDIT_NOTE: "SALES",
    DocumentKind.BILL: "PURCHASE",
    DocumentKind.DEBIT_NOTE: "PURCHASE",
}


def _invalid(detail: str, field: str, message: str, code: str = "invalid") -> ApplicationError:
    return ApplicationError(detail, code=code, fields={field: [message]})


# ---------------------------------------------------------------------------------------------
# Computing a document
# ---------------------------------------------------------------------------------------------
def _states(
    *, kind: str, partner: Partner, company: CompanySettings, place: str
) -> tuple[str, str]:
    """(supplier's state, place of supply). We supply on sales; the vendor supplies on purchases
    and the place of supply is normally our own state."""
    if not company.state:
        raise ApplicationError(
            "Set the company's GST state in company settings before raising documents.",
            code="company_state_missing",
        )
    if kind in SALES_KINDS:
        return company.state, place or partner.shipping_state or partner.state or company.state
    return partner.state or company.state, place or company.state


def _gst(document: Document, lines: Sequence[DocumentLine], company: CompanySettings) -> GstResult:
    supplier, place = _states(
        kind=document.kind,
        partner=document.partner,
        company=company,
        place=document.place_of_supply,
    )
    document.place_of_supply = place
    try:
        return gst_compute(
            lines=[
                GstLineInput(
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    gst_rate=line.gst_rate,
                    cess_rate=line.cess_rate,
                    discount_percent=line.discount_percent,
                    hsn_sac=line.hsn_sac,
                    unit=line.unit,
                )
                for line in lines
            ],
            supplier_state=supplier,
            place_of_supply=place,
            currency=document.currency,
            # an opening balance is carried as the old books have it, to the paisa
            round_to_rupee=document.currency == "INR" and not document.is_opening,
            reverse_charge=document.reverse_charge,
        )
    except ValueError as exc:
        raise ApplicationError(str(exc), code="invalid") from exc


def _apply_gst(document: Document, lines: Sequence[DocumentLine], result: GstResult) -> None:
    document.is_inter_state = result.is_inter_state
    for line, computed in zip(lines, result.lines, strict=True):
        line.taxable_value = computed.taxable_value
        line.cgst, line.sgst, line.igst = computed.cgst, computed.sgst, computed.igst
        line.cess = computed.cess
        line.total = computed.total
    document.taxable_total = result.taxable_total
    document.cgst_total = result.cgst_total
    document.sgst_total = result.sgst_total
    document.igst_total = result.igst_total
    document.cess_total = result.cess_total
    document.round_off = result.round_off
    document.total = result.total
    document.total_base = round_money(result.total * document.exchange_rate)


def _party_snapshot(document: Document) -> None:
    partner = document.partner
    document.party_name = partner.legal_name or partner.name
    document.party_gstin = partner.gstin
    document.party_state = partner.state
    address = [partner.billing_address, partner.billing_city]
    if partner.billing_pincode:
        address.append(partner.billing_pincode)
    document.party_address = ", ".join(a for a in address if a)


def _check_header(*, kind: str, data: dict[str, Any]) -> None:
    partner: Partner = data["partner"]
    if kind in SALES_KINDS and not partner.is_customer:
        raise _invalid("The partner is not a customer.", "partner", "Not a customer.")
    if kind not in SALES_KINDS and not partner.is_vendor:
        raise _invalid("The partner is not a vendor.", "partner", "Not a vendor.")
    if not partner.is_active:
        raise _invalid("The partner is inactive.", "partner", "Inactive partner.")
    base = base_currency()
    currency = data.get("currency") or base
    rate = data.get("exchange_rate")
    if currency == base and rate not in (None, Decimal(1)):
        raise _invalid(
            "A base-currency document has exchange rate 1.", "exchange_rate", "Must be 1."
        )
    if currency != base and not rate:
        raise _invalid(
            f"Give the {currency} to {base} exchange rate.", "exchange_rate", "Required."
        )
    if data.get("is_opening") and kind in NOTE_KINDS:
        raise _invalid(
            "Opening balances are brought forward as invoices or bills; cancelling one issues "
            "its opening note.",
            "is_opening",
            "Only invoices and bills.",
        )
    original: Document | None = data.get("original")
    _check_reverse_charge(kind=kind, data=data, original=original)
    if original is not None:
        if kind not in NOTE_KINDS:
            raise _invalid("Only notes refer to an original.", "original", "Not a note.")
        expected = DocumentKind.INVOICE if kind == DocumentKind.CREDIT_NOTE else DocumentKind.BILL
        if original.kind != expected or original.partner_id != partner.pk:
            raise _invalid(
                "A note adjusts a posted document of the same party and side.",
                "original",
                f"Choose a {expected.label.lower()} of this partner.",
            )
        if original.status == DocumentStatus.DRAFT:
            raise _invalid("The original is a draft.", "original", "Not posted.")
        if original.currency != currency:
            raise _invalid(
                f"A note is in its original's currency ({original.currency}).",
                "currency",
                f"Use {original.currency}.",
            )


def _check_reverse_charge(*, kind: str, data: dict[str, Any], original: Document | None) -> None:
    """Reverse charge (ADR 0071) is a purchase's: a bill or debit note, not an opening balance;
    a note against a bill follows the bill."""
    if not data.get("reverse_charge"):
        if original is not None and original.reverse_charge:
            raise _invalid(
                f"{original} is under reverse charge: its debit note is too.",
                "reverse_charge",
                "As its bill.",
            )
        return
    if kind in SALES_KINDS:
        raise _invalid(
            "Reverse charge applies to purchases: bills and debit notes.",
            "reverse_charge",
            "Not on a sale.",
        )
    if data.get("is_opening"):
        raise _invalid(
            "An opening balance carries no GST, so no reverse charge.",
            "reverse_charge",
            "Not on an opening balance.",
        )
    if original is not None and not original.reverse_charge:
        raise _invalid(
            f"{original} is not under reverse charge: nor is its debit note.",
            "reverse_charge",
            "As its bill.",
        )


def _reverse_charge_default(*, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """A new document says whether it is under reverse charge, or takes it from its original
    (a note) or from the vendor's default (a bill)."""
    if "reverse_charge" in data:
        return data
    if data.get("original") is not None:
        return {**data, "reverse_charge": data["original"].reverse_charge}
    if kind == DocumentKind.BILL and not data.get("is_opening"):
        return {**data, "reverse_charge": data["partner"].reverse_charge}
    return data


def _lines_build(
    *, document: Document, lines_data: Sequence[dict[str, Any]], user: Any
) -> list[DocumentLine]:
    lines: list[DocumentLine] = []
    errors: dict[str, list[str]] = {}
    for position, data in enumerate(lines_data, start=1):
        tax_rate: TaxRate = data["tax_rate"]
        if not tax_rate.is_valid_on(document.date) or not tax_rate.is_active:
            errors[f"lines.{position - 1}.tax_rate"] = [
                f"{tax_rate.name} is not valid on {document.date.isoformat()}."
            ]
        lines.append(
            DocumentLine(
                document=document,
                position=position,
                tax_rate=tax_rate,
                gst_rate=tax_rate.rate,
                cess_rate=tax_rate.cess_rate,
                created_by=user,
                updated_by=user,
                **{k: data[k] for k in LINE_FIELDS if k in data},
            )
        )
        where = f"lines.{position - 1}"
        if data.get("account") is not None:
            problem = (
                "An opening balance posts to the opening balance account."
                if document.is_opening
                else ledger.line_account_problem(
                    data["account"], sales=document.kind in SALES_KINDS
                )
            )
            if problem:
                errors[f"{where}.account"] = [problem]
        if data.get("cost_centre") is not None:
            problem = (
                "An opening balance carries no cost centre."
                if document.is_opening
                else ledger.cost_centre_problem(data["cost_centre"])
            )
            if problem:
                errors[f"{where}.cost_centre"] = [problem]
        if data.get("itc_eligible") is False and document.kind in SALES_KINDS:
            errors[f"{where}.itc_eligible"] = ["Input tax credit is a purchase's: not on a sale."]
        if document.is_opening and (tax_rate.rate or tax_rate.cess_rate):
            errors[f"lines.{position - 1}.tax_rate"] = [
                "An opening balance carries no GST (it was accounted for in your previous "
                "books): choose a 0% rate."
            ]
    if errors:
        raise ApplicationError("Some lines are not valid.", code="invalid", fields=errors)
    return lines


HSN_REQUIRED = "An HSN/SAC code has 4, 6 or 8 digits."


def _hsn_check(document: Document, lines: Sequence[DocumentLine]) -> None:
    """Every line of a tax document names its HSN/SAC code; an opening balance has none to give
    (ADR 0046), so its lines may leave it blank."""
    if document.is_opening:
        return
    errors = {
        f"lines.{position}.hsn_sac": [HSN_REQUIRED]
        for position, line in enumerate(lines)
        if not line.hsn_sac
    }
    if errors:
        raise ApplicationError("Some lines are not valid.", code="invalid", fields=errors)


def _header_set(document: Document, data: dict[str, Any]) -> None:
    for key in HEADER_FIELDS:
        if key in data:
            setattr(document, key, data[key])
    if not document.currency:
        document.currency = base_currency()
    if document.exchange_rate is None:
        document.exchange_rate = Decimal(1)
    if "due_date" not in data or data["due_date"] is None:
        document.due_date = document.date + dt.timedelta(days=document.partner.payment_terms_days)
    if document.due_date is not None and document.due_date < document.date:
        raise _invalid("The due date is before the date.", "due_date", "Before the date.")
    if document.place_of_supply and document.place_of_supply != FOREIGN_PLACE:
        from tenant_apps.core.gst_states import GstState

        if document.place_of_supply not in GstState.values:
            raise _invalid("Unknown place of supply.", "place_of_supply", "Not a state code.")


def _save_draft(
    *, document: Document, lines_data: Sequence[dict[str, Any]] | None, user: Any
) -> Document:
    company = CompanySettings.objects.get(singleton=True)
    if lines_data is None:
        lines = list(document.lines.order_by("position", "id"))
        for line in lines:  # a new date may change the rates' validity
            if not line.tax_rate.is_valid_on(document.date):
                raise _invalid(
                    f"{line.tax_rate.name} is not valid on {document.date.isoformat()}.",
                    f"lines.{line.position - 1}.tax_rate",
                    "Not valid on the document date.",
                )
    else:
        lines = _lines_build(document=document, lines_data=lines_data, user=user)
    _hsn_check(document, lines)
    result = _gst(document, lines, company)
    _apply_gst(document, lines, result)
    if document.is_opening and (
        document.cgst_total or document.sgst_total or document.igst_total or document.cess_total
    ):
        raise _invalid(
            "An opening balance carries no GST: its lines take a 0% rate.",
            "is_opening",
            "Lines with GST.",
        )
    _party_snapshot(document)
    document.updated_by = user
    document.save()
    if lines_data is not None:
        DocumentLine.objects.filter(document=document).delete()
        for line in lines:
            line.document = document
        DocumentLine.objects.bulk_create(lines)
    else:
        DocumentLine.objects.bulk_update(
            lines, ["taxable_value", "cgst", "sgst", "igst", "cess", "total"]
        )
    return document


# ---------------------------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------------------------
def document_create(*, user: Any, kind: str, data: dict[str, Any]) -> Document:
    """A draft: editable, no legal number, no journal entry."""
    with transaction.atomic(durable=True):
        return draft_create_in_transaction(user=user, kind=kind, data=data)


def document_duplicate(*, user: Any, document: Document, date: dt.date) -> Document:
    """A new draft like `document` (an invoice or a bill): its party, place of supply,
    currency and rate, notes and lines, dated `date`, due by the party's terms; no number, no
    reference (a vendor's bill number is its own). Opening balances and notes are not copied."""
    with transaction.atomic(durable=True):
        return duplicate_in_transaction(user=user, document=document, date=date)


def duplicate_in_transaction(*, user: Any, document: Document, date: dt.date) -> Document:
    """`document_duplicate` inside the caller's transaction (a recurring invoice's run)."""
    if document.kind not in REVERSING_NOTE or document.is_opening:
        raise ApplicationError(
            "Only invoices and bills are duplicated (not opening balances or notes).",
            code="not_duplicable",
        )
    lines = [
        {**{key: getattr(line, key) for key in LINE_FIELDS}, "tax_rate": line.tax_rate}
        for line in document.lines.order_by("position", "id")
    ]
    data = {
        "partner": document.partner,
        "date": date,
        "reverse_charge": document.reverse_charge,
        "place_of_supply": document.place_of_supply,
        "currency": document.currency,
        "exchange_rate": document.exchange_rate,
        "notes": document.notes,
        "lines": lines,
    }
    return draft_create_in_transaction(user=user, kind=document.kind, data=data)


def draft_create_in_transaction(*, user: Any, kind: str, data: dict[str, Any]) -> Document:
    """`document_create` inside the caller's transaction (the opening balance import creates
    and posts many documents in one)."""
    data = _reverse_charge_default(kind=kind, data=data)
    _check_header(kind=kind, data=data)
    document = Document(kind=kind, created_by=user, place_of_supply="")
    _header_set(document, data)
    return _save_draft(document=document, lines_data=data.get("lines", []), user=user)


def post_in_transaction(*, user: Any, document: Document) -> Document:
    """Post a draft invoice or bill inside the caller's transaction (no original to settle)."""
    return _post_locked(document=_lock_documents([document.pk])[0], user=user)


def document_update(*, user: Any, document: Document, data: dict[str, Any]) -> Document:
    with transaction.atomic(durable=True):
        document = _lock_documents([document.pk])[0]
        if not document.can_edit():
            raise ApplicationError(
                f"{document} is {document.get_status_display().lower()}: only drafts change.",
                code="not_draft",
            )
        if "original" in data and "reverse_charge" not in data and data["original"] is not None:
            # a note moved to another bill follows that bill
            data = {**data, "reverse_charge": data["original"].reverse_charge}
        merged = {key: getattr(document, key) for key in HEADER_FIELDS} | data
        _check_header(kind=document.kind, data=merged)
        if "partner" in data and "place_of_supply" not in data:
            document.place_of_supply = ""
        _header_set(document, data)
        return _save_draft(document=document, lines_data=data.get("lines"), user=user)


def document_delete(*, user: Any, document: Document) -> None:
    with transaction.atomic(durable=True):
        document = _lock_documents([document.pk])[0]
        if not document.is_draft():
            raise ApplicationError(
                "Posted documents are not deleted: cancel them.", code="not_draft"
            )
        document.delete()


# ---------------------------------------------------------------------------------------------
# Posting
# ---------------------------------------------------------------------------------------------
def _lock_documents(ids: Iterable[int]) -> list[Document]:
    """Lock documents in id order (the documented lock order) and return them in that order."""
    return list(
        Document.objects.select_for_update(of=("self",))
        .select_related("partner")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )


TAXES = ("cgst", "sgst", "igst", "cess")


def _blocked(line: DocumentLine, tax: str) -> Decimal:
    """A line's `tax` when its credit is blocked (ADR 0072): part of the line's cost."""
    return ZERO if line.itc_eligible else getattr(line, tax)


def _taxable_groups(
    document: Document, lines: Sequence[DocumentLine], default: str
) -> list[tuple[Any, Any, Decimal]]:
    """The cost or income by (ledger, cost centre) in the base currency (ADR 0069): a line
    without a ledger goes to `default` (a role); a purchase line's cost is its taxable value
    and, when its credit is blocked (ADR 0072), its tax. Each group is converted and rounded on
    its own; the largest absorbs what rounding moved, so the groups add up to the document's
    total of them converted and rounded once, as it posted before lines named ledgers."""
    rate = document.exchange_rate
    groups: dict[tuple[int | None, int | None], list[Any]] = {}
    whole = ZERO
    for line in lines:
        account = None if document.is_opening else line.account
        centre = None if document.is_opening else line.cost_centre
        key = (getattr(account, "pk", None), getattr(centre, "pk", None))
        group = groups.setdefault(key, [account or default, centre, ZERO])
        amount = line.taxable_value + sum((_blocked(line, tax) for tax in TAXES), ZERO)
        group[2] += amount
        whole += amount
    out = [
        (account, centre, round_money(amount * rate)) for account, centre, amount in groups.values()
    ]
    drift = round_money(whole * rate) - sum((base for *_, base in out), ZERO)
    if drift and out:
        largest = max(range(len(out)), key=lambda index: out[index][2])
        account, centre, base = out[largest]
        out[largest] = (account, centre, base + drift)
    return out


def _postings(document: Document, lines: Sequence[DocumentLine]) -> list[Posting]:
    """The journal lines of a document in base currency; the party line balances the rest."""
    rate = document.exchange_rate
    sales = document.kind in SALES_KINDS
    increases = document.kind in (DocumentKind.INVOICE, DocumentKind.BILL)
    prefix = "tax_output_" if sales else "tax_input_"
    party = document.partner_id
    label = str(document)
    # A supply outside India (place of supply 96) is an export: its value goes to the export
    # sales ledger, which the export turnover in the books is read from (GSTR-3B 3.1(b) reads
    # the documents themselves).
    income = "purchase"
    if sales:
        income = "sales_export" if document.place_of_supply == FOREIGN_PLACE else "sales"
    if document.is_opening:
        # a balance brought forward: the other side is the opening balance account, which
        # nets to zero once the opening trial balance is in too
        income = "opening_balance"
    # (account or role, base amount, text, cost centre)
    items: list[tuple[Any, Decimal, str, Any]] = [
        (account, base, f"{label} taxable value", centre)
        for account, centre, base in _taxable_groups(document, lines, income)
    ]
    # the input tax is what the lines may take credit of (blocked credit is in their cost)
    blocked = {tax: sum((_blocked(line, tax) for line in lines), ZERO) for tax in TAXES}
    items += [
        (role, round_money(amount * rate), text, None)
        for role, amount, text in (
            (f"{prefix}cgst", document.cgst_total - blocked["cgst"], f"{label} CGST"),
            (f"{prefix}sgst", document.sgst_total - blocked["sgst"], f"{label} SGST"),
            (f"{prefix}igst", document.igst_total - blocked["igst"], f"{label} IGST"),
            (f"{prefix}cess", document.cess_total - blocked["cess"], f"{label} cess"),
            ("round_off", document.round_off, f"{label} round-off"),
        )
    ]
    if document.reverse_charge:
        # the company owes the tax itself (ADR 0071): its input credit above, and the same
        # amounts on the other side as the reverse-charge liability, so the vendor's line is
        # the taxable value and round-off alone
        items += [
            (f"tax_rcm_{tax}", -round_money(amount * rate), f"{label} {name} reverse charge", None)
            for tax, name, amount in (
                ("cgst", "CGST", document.cgst_total),
                ("sgst", "SGST", document.sgst_total),
                ("igst", "IGST", document.igst_total),
                ("cess", "cess", document.cess_total),
            )
        ]
    # Income/tax lines are credits on an invoice, debits on a bill; notes mirror their kind.
    credit_side = sales == increases
    postings: list[Posting] = []
    net = ZERO  # sum of credits minus debits of the non-party lines
    for role, base, text, centre in items:
        if not base:
            continue
        signed = base if credit_side else -base
        net += signed
        postings.append(
            Posting(
                account=role,
                debit=-signed if signed < 0 else ZERO,
                credit=signed if signed > 0 else ZERO,
                description=text,
                cost_centre=centre,
            )
        )
    party_role = "receivable" if sales else "payable"
    postings.insert(
        0,
        Posting(
            account=party_role,
            debit=net if net > 0 else ZERO,
            credit=-net if net < 0 else ZERO,
            partner_id=party,
            description=f"{label} {document.party_name}",
        ),
    )
    return postings


def _post_locked(
    *, document: Document, user: Any, check_rates: bool = True, credit_override: bool = False
) -> Document:
    """Post a locked draft inside the caller's transaction. A reversing note keeps its
    original's rates (`check_rates=False`), even ones that have since expired. An invoice is
    held to its customer's credit limit unless `credit_override` (ADR 0059)."""
    if not document.is_draft():
        raise ApplicationError(f"{document} is already posted.", code="not_draft")
    lines = list(
        document.lines.select_related("tax_rate", "account", "cost_centre").order_by(
            "position", "id"
        )
    )
    if not lines:
        raise ApplicationError("A document needs at least one line to post.", code="no_lines")
    # the credit-control settings ride along with the company row (ADR 0059): no extra query
    credit_settings = InvoiceSettings.objects.filter(singleton=True)
    company = CompanySettings.objects.annotate(
        credit_hold_days=Subquery(credit_settings.values("credit_hold_overdue_days")[:1]),
        credit_grace=Subquery(credit_settings.values("credit_limit_grace_percent")[:1]),
        credit_hold_min=Subquery(credit_settings.values("credit_hold_min_amount")[:1]),
    ).get(singleton=True)
    for line in lines if check_rates else ():
        if not line.tax_rate.is_valid_on(document.date):
            raise _invalid(
                f"{line.tax_rate.name} is not valid on {document.date.isoformat()}.",
                f"lines.{line.position - 1}.tax_rate",
                "Not valid on the document date.",
            )
    _hsn_check(document, lines)
    if document.original_id is not None:
        original = Document.objects.get(pk=document.original_id)
        if original.status == DocumentStatus.DRAFT:
            raise _invalid("The original is a draft.", "original", "Not posted.")
    result = _gst(document, lines, company)
    _apply_gst(document, lines, result)
    _party_snapshot(document)
    series, prefix = OPENING_SERIES if document.is_opening else SERIES[DocumentKind(document.kind)]
    document.number = sequence_next(series=series, on_date=document.date, prefix=prefix)
    postings = _postings(document, lines)
    document.total_base = postings[0].debit or postings[0].credit
    if document.kind == DocumentKind.INVOICE and not document.is_opening:
        credit_check(
            document=document,
            user=user,
            override=credit_override,
            hold_days=company.credit_hold_days,  # type: ignore[attr-defined]
            grace_percent=company.credit_grace or ZERO,  # type: ignore[attr-defined]
            hold_min_amount=company.credit_hold_min or ZERO,  # type: ignore[attr-defined]
        )
    entry = ledger.entry_post(
        date=document.date,
        narration=f"{document.get_kind_display()} {document.number} - {document.party_name}",
        postings=postings,
        source_type=f"invoicing.{document.kind}",
        source_id=document.pk,
        series="OPENING" if document.is_opening else JOURNAL_SERIES[DocumentKind(document.kind)],
        currency=document.currency,
        exchange_rate=document.exchange_rate,
        user=user,
    )
    document.journal_entry = entry
    document.status = DocumentStatus.POSTED
    document.posted_at = timezone.now()
    document.updated_by = user
    document.save()
    DocumentLine.objects.bulk_update(
        lines, ["taxable_value", "cgst", "sgst", "igst", "cess", "total"]
    )
    return document


def document_post(*, user: Any, document: Document, credit_override: bool = False) -> Document:
    """Take the legal number, write the journal entry, freeze the document. A note that names
    its original is applied to it straight away (up to the original's open amount). An invoice
    past its customer's credit limit is refused unless `credit_override` (the caller checked
    the permission)."""
    with transaction.atomic(durable=True):
        ids = [document.pk] + ([document.original_id] if document.original_id else [])
        locked = {d.pk: d for d in _lock_documents(ids)}
        document = _post_locked(
            document=locked[document.pk], user=user, credit_override=credit_override
        )
        if document.original_id is not None:
            original = locked[document.original_id]
            amount = min(document.total, original.amount_open)
            if amount > 0 and original.status in OPEN_STATUSES:
                _settle(
                    target=original, amount=amount, date=document.date, user=user, note=document
                )
        return document


# ---------------------------------------------------------------------------------------------
# Settling (payments and notes) and cancelling
# ---------------------------------------------------------------------------------------------
def status_for(document: Document) -> str:
    if document.status in (DocumentStatus.DRAFT, DocumentStatus.CANCELLED):
        return document.status
    if document.amount_settled <= 0:
        return DocumentStatus.POSTED
    if document.amount_settled >= document.total:
        return DocumentStatus.PAID
    return DocumentStatus.PARTLY_PAID


def _settled_add(document: Document, amount: Decimal) -> None:
    """Add `amount` (may be negative) to a locked document's settled amount and status."""
    document.amount_settled += amount
    document.status = status_for(document)
    Document.objects.filter(pk=document.pk).update(
        amount_settled=F("amount_settled") + amount, status=document.status
    )


def _settle(
    *,
    target: Document,
    amount: Decimal,
    date: dt.date,
    user: Any,
    payment: Any = None,
    note: Document | None = None,
) -> Allocation:
    """Allocate `amount` of a payment or a note to a locked invoice/bill (inside a transaction).
    The source (payment or note) must be locked by the caller too; its in-memory allocated or
    settled amount is kept up to date here (a payment's is saved by the caller). A difference
    between the document's and the source's base values is posted as a realised exchange gain
    or loss (ADR 0043)."""
    if amount <= 0:
        raise ApplicationError("Allocations are positive.", code="invalid")
    if amount > target.amount_open:
        raise ApplicationError(
            f"{target} has {target.amount_open} open; cannot allocate {amount}.",
            code="over_allocation",
        )
    value = exchange.allocation_value(target=target, amount=amount, payment=payment, note=note)
    entry = None
    if value.gain:
        entry = exchange.exchange_entry_post(
            target=target,
            source=payment if payment is not None else note,  # type: ignore[arg-type]
            amount=amount,
            gain=value.gain,
            date=date,
            user=user,
        )
    allocation = Allocation.objects.create(
        document=target,
        payment=payment,
        note=note,
        date=date,
        amount=amount,
        amount_base=value.amount_base,
        source_amount_base=value.source_amount_base,
        exchange_gain=value.gain,
        exchange_entry=entry,
        created_by=user,
        updated_by=user,
    )
    _settled_add(target, amount)
    if note is not None:
        _settled_add(note, amount)
    if payment is not None:
        payment.amount_allocated += amount
    return allocation


def note_apply(
    *, user: Any, note: Document, allocations: Sequence[tuple[Document, Decimal]], date: dt.date
) -> Document:
    """Apply a posted credit note to invoices (debit note to bills) of the same party."""
    with transaction.atomic(durable=True):
        locked = {d.pk: d for d in _lock_documents([note.pk, *(doc.pk for doc, _ in allocations)])}
        note = locked[note.pk]
        if note.kind not in NOTE_KINDS or note.status not in OPEN_STATUSES:
            raise ApplicationError(f"{note} is not an open note.", code="not_open")
        total = sum((amount for _, amount in allocations), ZERO)
        if total > note.amount_open:
            raise ApplicationError(
                f"{note} has {note.amount_open} to apply; asked {total}.", code="over_allocation"
            )
        for target, amount in allocations:
            target = locked[target.pk]
            _check_target(
                target=target,
                partner_id=note.partner_id,
                sales=note.kind in SALES_KINDS,
                currency=note.currency,
            )
            if date < max(target.date, note.date):
                raise ApplicationError("Apply on or after both dates.", code="invalid_date")
            _settle(target=target, amount=amount, date=date, user=user, note=note)
        return note


def _check_target(*, target: Document, partner_id: int, sales: bool, currency: str) -> None:
    """A payment or note settles an open invoice (bill) of its party in the same currency; at
    another exchange rate the difference is realised (`_settle`)."""
    expected = DocumentKind.INVOICE if sales else DocumentKind.BILL
    if target.kind != expected or target.partner_id != partner_id:
        raise ApplicationError(
            f"{target} is not a {expected.label.lower()} of this partner.",
            code="invalid_allocation",
        )
    if target.status not in OPEN_STATUSES:
        raise ApplicationError(f"{target} is not open.", code="not_open")
    if target.currency != currency:
        raise ApplicationError(
            f"{target} is in {target.currency}; allocate money in the same currency.",
            code="currency_mismatch",
        )


def _unsettle_source(
    *, allocations: Sequence[Allocation], date: dt.date, user: Any, reason: str
) -> None:
    """Reverse the live allocations of a payment or note being cancelled on `date` (targets
    locked by the caller): the documents reopen, each exchange-difference entry is reversed,
    and the allocation is marked reversed. Both happen on the cancel date, or on the
    allocation's own date when that is later, so no as-of date sees one without the other."""
    now = timezone.now()
    for allocation in allocations:
        target = Document.objects.select_for_update().get(pk=allocation.document_id)
        _settled_add(target, -allocation.amount)
        when = max(date, allocation.date)
        if allocation.exchange_entry is not None:
            ledger.entry_reverse(
                entry=allocation.exchange_entry,
                date=when,
                user=user,
                reason=reason or "Settlement cancelled",
            )
        Allocation.objects.filter(pk=allocation.pk).update(
            reversed_on=when, updated_by=user, updated_at=now
        )


def document_cancel(
    *, user: Any, document: Document, date: dt.date | None = None, reason: str = ""
) -> Document:
    """Cancel a posted document. An invoice (bill) is cancelled by posting its reversing credit
    (debit) note, applied to what is still open; a note is cancelled by reversing its entry and
    undoing its applications. Returns the reversing note, or the cancelled note."""
    with transaction.atomic(durable=True):
        # A note's targets are locked with it, in id order; no application can be added while
        # the note is locked (note_apply locks it too), so the re-read below is complete.
        targets = (
            Allocation.objects.live()
            .filter(note_id=document.pk)
            .values_list("document_id", flat=True)
        )
        locked = {d.pk: d for d in _lock_documents([document.pk, *targets])}
        document = locked[document.pk]
        if document.status in (DocumentStatus.DRAFT, DocumentStatus.CANCELLED):
            raise ApplicationError(
                f"{document} is {document.get_status_display().lower()}; only posted documents "
                "are cancelled.",
                code="not_posted",
            )
        date = date or timezone.localdate()
        if date < document.date:
            raise _invalid("Cancel on or after the document date.", "date", "Too early.")
        if document.kind in NOTE_KINDS:
            applications = list(
                Allocation.objects.live()
                .filter(note=document)
                .select_related("exchange_entry")
                .order_by("document_id")
            )
            _lock_documents(a.document_id for a in applications if a.document_id not in locked)
            _unsettle_source(
                allocations=applications, date=date, user=user, reason=reason or "Cancelled"
            )
            ledger.entry_reverse(
                entry=document.journal_entry, date=date, user=user, reason=reason or "Cancelled"
            )
            document.amount_settled = ZERO
            document.status = DocumentStatus.CANCELLED
            document.cancelled_at = timezone.now()
            document.cancel_date = date
            document.updated_by = user
            document.save(
                update_fields=[
                    "amount_settled",
                    "status",
                    "cancelled_at",
                    "cancel_date",
                    "updated_by",
                    "updated_at",
                ]
            )
            return document
        note = _reversing_note(document=document, date=date, user=user, reason=reason)
        note = _post_locked(document=note, user=user, check_rates=False)
        open_amount = min(document.amount_open, note.total)
        if open_amount > 0:
            _settle(target=document, amount=open_amount, date=date, user=user, note=note)
        document.status = DocumentStatus.CANCELLED
        document.cancelled_at = timezone.now()
        document.cancel_date = date
        document.updated_by = user
        document.save(
            update_fields=["status", "cancelled_at", "cancel_date", "updated_by", "updated_at"]
        )
        return note


def _reversing_note(*, document: Document, date: dt.date, user: Any, reason: str) -> Document:
    note = Document.objects.create(
        kind=REVERSING_NOTE[DocumentKind(document.kind)],
        partner=document.partner,
        date=date,
        due_date=date,
        reference=document.number,
        place_of_supply=document.place_of_supply,
        currency=document.currency,
        exchange_rate=document.exchange_rate,
        original=document,
        notes=reason or f"Cancels {document.number}",
        is_opening=document.is_opening,
        reverse_charge=document.reverse_charge,
        created_by=user,
        updated_by=user,
    )
    DocumentLine.objects.bulk_create(
        DocumentLine(
            document=note,
            position=line.position,
            description=line.description,
            hsn_sac=line.hsn_sac,
            quantity=line.quantity,
            unit=line.unit,
            unit_price=line.unit_price,
            discount_percent=line.discount_percent,
            tax_rate=line.tax_rate,
            gst_rate=line.gst_rate,
            cess_rate=line.cess_rate,
            account=line.account,
            cost_centre=line.cost_centre,
            itc_eligible=line.itc_eligible,
            created_by=user,
            updated_by=user,
        )
        for line in document.lines.order_by("position", "id")
    )
    return note
