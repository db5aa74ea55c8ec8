"""E-invoicing (IRN, ADR 0062): a posted customer invoice or credit note as the JSON the
Invoice Registration Portal takes (schema INV-01, version 1.1), the IRP's answer (IRN,
acknowledgement, signed QR code) recorded on the document, and its cancellation on the IRP
within 24 hours.

We do not call the IRP: that needs a GSP account and the company's API credentials. The
company uploads the JSON on the e-invoice portal (or its offline bulk tool) and brings the
answer back. Amounts are rupees (each line at the document's rate, to the paisa), the value
the ledger holds; `TotInvVal` is the document's `total_base`."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from tenant_apps.audit.services import audit_record
from tenant_apps.core.exceptions import ApplicationError, ConflictError
from tenant_apps.core.fields import round_money
from tenant_apps.core.models import CompanySettings
from tenant_apps.invoicing.gstr1_json import SERVICE_PREFIX, json_money, json_rate, uqc_of
from tenant_apps.invoicing.models import (
    FOREIGN_PLACE,
    Document,
    DocumentKind,
    DocumentStatus,
    EInvoice,
    EInvoiceCancelReason,
    EInvoiceStatus,
    EWayBill,
    InvoiceSettings,
)
from tenant_apps.invoicing.services.documents import _lock_documents

VERSION = "1.1"
DOC_TYPE = {DocumentKind.INVOICE: "INV", DocumentKind.CREDIT_NOTE: "CRN"}
ITEM_LIMIT = 1000  # the IRP takes at most 1,000 lines per document
CANCEL_WINDOW = dt.timedelta(hours=24)  # the IRP cancels an IRN only within 24 hours
UNREGISTERED = "URP"  # the buyer GSTIN of an export
EXPORT_PIN = 999999  # the buyer PIN code of an export
# The IRP's patterns: a document number of at most 16 characters (CGST Rule 46), the IRN a
# SHA-256 in hex, a PIN code of six digits not starting with 0.
NUMBER_RE = re.compile(r"^[A-Z1-9][A-Z0-9/-]{0,15}$")
IRN_RE = re.compile(r"^[0-9a-f]{64}$")
PIN_RE = re.compile(r"^[1-9][0-9]{5}$")
ACK_RE = re.compile(r"^[0-9]{1,20}$")
ZERO = Decimal("0")


def portal_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _phone(text: str) -> str | None:
    """The IRP takes 6 to 12 digits; a shorter number is left out, a longer one keeps its end."""
    digits = re.sub(r"\D", "", text)[-12:]
    return digits if len(digits) >= 6 else None


def address_lines(text: str, limit: int = 100) -> tuple[str, str]:
    """An address as the IRP's two lines of at most 100 characters each."""
    parts = [" ".join(p.split()) for p in re.split(r"[\n\r]+", text or "") if p.strip()]
    first = parts[0] if parts else ""
    rest = ", ".join(parts[1:])
    if len(first) > limit:  # one long line: carry the tail over to the second
        first, rest = first[:limit], (first[limit:] + (", " + rest if rest else "")).strip()
    return first, rest[:limit]


def _drop_empty(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if v not in (None, "")}


def not_eligible(document: Document, company_gstin: str) -> str | None:
    """Why the IRP would not take the document, posted (None: it would): it takes customer
    invoices and credit notes to registered buyers and exports, never to the company itself.
    A draft is judged by its partner's GSTIN, a posted document by the one it was posted to."""
    gstin = document.partner.gstin if document.is_draft() else document.party_gstin
    if document.kind not in DOC_TYPE:
        return "Only customer invoices and credit notes are e-invoiced."
    if document.is_opening:
        return "An opening balance is not a tax document."
    if document.place_of_supply != FOREIGN_PLACE and not gstin:
        return "E-invoicing is for registered buyers and exports; this buyer has no GSTIN."
    if company_gstin and gstin == company_gstin:
        return "A document to the company's own GSTIN is not e-invoiced."
    original = document.original if document.kind == DocumentKind.CREDIT_NOTE else None
    irn = getattr(original, "einvoice", None)  # none recorded: the accessor raises, so None
    if irn is not None and irn.status == EInvoiceStatus.CANCELLED:
        return (
            f"The IRN of {original.number} was cancelled: for the IRP there is no invoice "  # type: ignore[union-attr]
            "for this note to adjust."
        )
    return None


def applicable(document: Document, company_gstin: str) -> str | None:
    """Why the IRP does not take the document now (None: it does)."""
    if document.status == DocumentStatus.DRAFT:
        return "Post the document first: the IRP registers numbered documents."
    return not_eligible(document, company_gstin)


def shown(document: Document) -> bool:
    """E-invoicing is on and the IRP takes the document once it is posted (two queries)."""
    enabled = InvoiceSettings.objects.filter(singleton=True, einvoicing_enabled=True).exists()
    if not enabled:
        return False
    gstin = CompanySettings.objects.values_list("gstin", flat=True).first() or ""
    return not_eligible(document, gstin) is None


@dataclass(frozen=True)
class _Item:
    json: dict[str, Any]
    taxable: Decimal
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    cess: Decimal
    total: Decimal


def _item(number: int, line: Any, rate: Decimal) -> _Item:
    def conv(amount: Decimal) -> Decimal:
        return round_money(amount * rate)

    service = line.hsn_sac.startswith(SERVICE_PREFIX)
    unit, factor = uqc_of(line.unit, line.hsn_sac)
    gross = conv(round_money(line.quantity * line.unit_price))
    taxable, cgst, sgst, igst, cess = (
        conv(line.taxable_value),
        conv(line.cgst),
        conv(line.sgst),
        conv(line.igst),
        conv(line.cess),
    )
    total = taxable + cgst + sgst + igst + cess
    factor = factor or Decimal("1")
    item = {
        "SlNo": str(number),
        "PrdDesc": " ".join(line.description.split())[:300],
        "IsServc": "Y" if service else "N",
        "HsnCd": line.hsn_sac,
        "Qty": float(round(line.quantity * factor, 3)),
        "Unit": None if service else unit,
        "UnitPrice": float(round(line.unit_price * rate / factor, 3)),
        "TotAmt": json_money(gross),
        "Discount": json_money(gross - taxable),
        "AssAmt": json_money(taxable),
        "GstRt": json_rate(line.gst_rate),
        "IgstAmt": json_money(igst),
        "CgstAmt": json_money(cgst),
        "SgstAmt": json_money(sgst),
        "CesRt": json_rate(line.cess_rate),
        "CesAmt": json_money(cess),
        "TotItemVal": json_money(total),
    }
    return _Item(_drop_empty(item), taxable, cgst, sgst, igst, cess, total)


class Missing(dict[str, list[str]]):
    """What a return or portal file needs and we do not have, field by field."""

    def need(self, field: str, ok: bool, message: str) -> None:
        if not ok:
            self.setdefault(field, []).append(message)

    def raise_if_any(self, what: str, *, code: str) -> None:
        if self:
            detail = " ".join(m for ms in self.values() for m in ms)
            raise ApplicationError(f"{what} needs more: {detail}", code=code, fields=dict(self))


def addresses_check(
    missing: Missing,
    *,
    company: CompanySettings,
    settings: InvoiceSettings,
    partner: Any,
    export: bool,
) -> tuple[str, tuple[str, str], tuple[str, str]]:
    """The seller's name and address lines and the buyer's address lines, as the IRP and the
    e-way bill portal take them; what is missing goes into `missing`."""
    need = missing.need
    seller_name = company.legal_name or company.name
    seller_addr = address_lines(settings.address)
    need("company_gstin", bool(company.gstin), "Set the company's GSTIN in company settings.")
    need("company_legal_name", len(seller_name) >= 3, "Set the company's legal name.")
    need("company_address", bool(seller_addr[0]), "Set the company's address (invoice settings).")
    need("company_city", len(settings.city.strip()) >= 3, "Set the company's city.")
    need("company_pincode", bool(PIN_RE.match(settings.pincode)), "Set the company's PIN code.")
    buyer_addr = address_lines(partner.billing_address)
    need("party_address", bool(buyer_addr[0]), f"Set {partner.name}'s billing address.")
    need("party_city", len(partner.billing_city.strip()) >= 3, f"Set {partner.name}'s city.")
    if not export:
        need(
            "party_pincode",
            bool(PIN_RE.match(partner.billing_pincode.strip())),
            f"Set {partner.name}'s PIN code (six digits).",
        )
    return seller_name, seller_addr, buyer_addr


def _settings() -> tuple[CompanySettings, InvoiceSettings]:
    company = CompanySettings.objects.get(singleton=True)
    return company, InvoiceSettings.objects.filter(singleton=True).first() or InvoiceSettings()


def einvoice_json(
    document: Document, *, known: tuple[CompanySettings, InvoiceSettings] | None = None
) -> dict[str, Any]:
    """The document as the IRP's JSON. A document the IRP does not take is a 400
    `einvoice_not_applicable`; what the IRP requires and we do not have (the company's PIN
    code, the buyer's address) is one 400 `einvoice_incomplete` naming each field and where
    to fill it. `known` (the company's settings and the invoice settings, read once) serves a
    bulk file."""
    company, settings = known or _settings()
    reason = applicable(document, company.gstin)
    if reason:
        raise ApplicationError(reason, code="einvoice_not_applicable")
    export = document.place_of_supply == FOREIGN_PLACE
    partner = document.partner
    missing = Missing()
    seller_name, seller_addr, buyer_addr = addresses_check(
        missing, company=company, settings=settings, partner=partner, export=export
    )
    need = missing.need
    need(
        "number",
        bool(NUMBER_RE.match(document.number)),
        f"{document.number} is not a number the IRP takes (at most 16 letters, digits, / and -).",
    )
    lines = list(document.lines.all())
    need("lines", 0 < len(lines) <= ITEM_LIMIT, f"The IRP takes 1 to {ITEM_LIMIT} lines.")
    missing.raise_if_any("The e-invoice", code="einvoice_incomplete")

    items = [_item(n, line, document.exchange_rate) for n, line in enumerate(lines, start=1)]
    items_total = sum((i.total for i in items), ZERO)
    foreign = document.currency != company.base_currency
    data: dict[str, Any] = {
        "Version": VERSION,
        "TranDtls": {
            "TaxSch": "GST",
            "SupTyp": (("EXPWP" if document.igst_total > 0 else "EXPWOP") if export else "B2B"),
            "RegRev": "N",
            "IgstOnIntra": "N",
        },
        "DocDtls": {
            "Typ": DOC_TYPE[DocumentKind(document.kind)],
            "No": document.number,
            "Dt": portal_date(document.date),
        },
        "SellerDtls": _drop_empty(
            {
                "Gstin": company.gstin,
                "LglNm": seller_name[:100],
                "TrdNm": company.name[:100] if company.name != seller_name else None,
                "Addr1": seller_addr[0],
                "Addr2": seller_addr[1],
                "Loc": settings.city.strip()[:50],
                "Pin": int(settings.pincode),
                "Stcd": company.gstin[:2],
                "Ph": _phone(settings.phone),
                "Em": settings.email or None,
            }
        ),
        "BuyerDtls": _drop_empty(
            {
                "Gstin": UNREGISTERED if export else document.party_gstin,
                "LglNm": (document.party_name or partner.name)[:100],
                "Pos": document.place_of_supply,
                "Addr1": buyer_addr[0],
                "Addr2": buyer_addr[1],
                "Loc": partner.billing_city.strip()[:50],
                "Pin": EXPORT_PIN if export else int(partner.billing_pincode.strip()),
                "Stcd": FOREIGN_PLACE if export else document.party_gstin[:2],
            }
        ),
        "ItemList": [i.json for i in items],
        "ValDtls": _drop_empty(
            {
                "AssVal": json_money(sum((i.taxable for i in items), ZERO)),
                "CgstVal": json_money(sum((i.cgst for i in items), ZERO)),
                "SgstVal": json_money(sum((i.sgst for i in items), ZERO)),
                "IgstVal": json_money(sum((i.igst for i in items), ZERO)),
                "CesVal": json_money(sum((i.cess for i in items), ZERO)),
                # the invoice's round-off, and the paisa each line's conversion leaves
                "RndOffAmt": json_money(document.total_base - items_total),
                "TotInvVal": json_money(document.total_base),
                "TotInvValFc": json_money(document.total) if foreign else None,
            }
        ),
    }
    if export and foreign:
        data["ExpDtls"] = {"ForCur": document.currency}
    original = document.original
    if document.kind == DocumentKind.CREDIT_NOTE and original is not None and original.number:
        data["RefDtls"] = {
            "PrecDocDtls": [{"InvNo": original.number, "InvDt": portal_date(original.date)}]
        }
    return data


# ---------------------------------------------------------------------------------------------
# The IRP's answer
# ---------------------------------------------------------------------------------------------
def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, code="invalid_einvoice", fields={field: [message]})


def qr_payload(signed_qr_code: str) -> dict[str, Any]:
    """What the IRP signed into the QR code: a JWT whose payload's `data` is a JSON string
    (SellerGstin, BuyerGstin, DocNo, DocTyp, DocDt, TotInvVal, ItemCnt, MainHsnCode, Irn,
    IrnDt). The signature is the IRP's (its public key is not with us): we read, not verify."""
    parts = signed_qr_code.strip().split(".")
    message = "This is not a signed QR code from the IRP (a JWT whose data names the invoice)."
    if len(parts) != 3:
        raise _invalid("signed_qr_code", message)
    try:
        body = parts[1] + "=" * (-len(parts[1]) % 4)
        payload = json.loads(base64.urlsafe_b64decode(body.encode("ascii")))
        data = payload["data"]
        data = json.loads(data) if isinstance(data, str) else data
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError) as exc:
        raise _invalid("signed_qr_code", message) from exc
    if not isinstance(data, dict):
        raise _invalid("signed_qr_code", message)
    return data


def einvoice_record(
    *,
    user: Any,
    document: Document,
    irn: str,
    ack_number: str,
    ack_date: dt.datetime,
    signed_qr_code: str,
) -> EInvoice:
    """Record the IRP's answer for a posted document. The QR code must name this document,
    the company's GSTIN and the same IRN; a document has one IRN (a cancelled IRN stays: the
    IRP never takes the same number again)."""
    company = CompanySettings.objects.get(singleton=True)
    irn = irn.strip().lower()
    if not IRN_RE.match(irn):
        raise _invalid("irn", "An IRN is 64 hexadecimal characters.")
    ack_number = ack_number.strip()
    if not ACK_RE.match(ack_number):
        raise _invalid("ack_number", "An acknowledgement number is digits only.")
    if ack_date > timezone.now() + dt.timedelta(minutes=5):
        raise _invalid("ack_date", "The acknowledgement date is in the future.")
    data = qr_payload(signed_qr_code)
    with transaction.atomic():
        (document,) = _lock_documents([document.pk])
        reason = applicable(document, company.gstin)
        if reason:
            raise ApplicationError(reason, code="einvoice_not_applicable")
        if EInvoice.objects.filter(document=document).exists():
            raise ConflictError(f"{document.number} already has an IRN.", code="einvoice_exists")
        if ack_date.date() < document.date:
            raise _invalid("ack_date", "The acknowledgement is dated before the document.")
        named = (str(data.get("DocNo", "")), str(data.get("SellerGstin", "")))
        if named != (document.number, company.gstin):
            raise _invalid(
                "signed_qr_code",
                f"This QR code is for document {named[0] or '?'} of GSTIN {named[1] or '?'}, "
                f"not {document.number} of {company.gstin or 'this company'}.",
            )
        if str(data.get("Irn", irn)).lower() != irn:
            raise _invalid("signed_qr_code", "This QR code carries another IRN.")
        if EInvoice.objects.filter(irn=irn).exists():
            raise _invalid("irn", "This IRN is recorded on another document.")
        einvoice = EInvoice.objects.create(
            document=document,
            irn=irn,
            ack_number=ack_number,
            ack_date=ack_date,
            signed_qr_code=signed_qr_code.strip(),
            created_by=user,
            updated_by=user,
        )
        audit_record(
            action="invoicing.einvoice.recorded",
            actor=user,
            target_type="invoicing.document",
            target_id=document.pk,
            data={"number": document.number, "irn": irn, "ack_number": ack_number},
        )
    return einvoice


def cancellation_record(
    record: EInvoice | EWayBill,
    *,
    user: Any,
    when: dt.datetime,
    reason: str,
    remark: str,
    action: str,
    document: Document,
    data: dict[str, Any],
) -> None:
    """Mark an IRN or an e-way bill cancelled on its portal (status, when, the portal's reason
    code and remark) and audit it on the document; inside the caller's transaction."""
    record.status = "cancelled"
    record.cancelled_at = when
    record.cancel_reason = reason
    record.cancel_remark = remark.strip()[:100]
    record.updated_by = user
    record.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancel_reason",
            "cancel_remark",
            "updated_by",
            "updated_at",
        ]
    )
    audit_record(
        action=action,
        actor=user,
        target_type="invoicing.document",
        target_id=document.pk,
        data={"number": document.number, **data, "reason": reason},
    )


def einvoice_cancel(
    *, user: Any, document: Document, reason: str, remark: str, when: dt.datetime | None = None
) -> EInvoice:
    """Record that the IRN was cancelled on the IRP. The IRP cancels only within 24 hours of
    the acknowledgement; after that the company issues a credit note instead."""
    when = when or timezone.now()
    if reason not in EInvoiceCancelReason.values:
        raise _invalid("reason", "Choose a reason the IRP knows.")
    with transaction.atomic():
        (document,) = _lock_documents([document.pk])
        einvoice = EInvoice.objects.select_for_update().filter(document=document).first()
        if einvoice is None:
            raise ApplicationError(f"{document.number} has no IRN.", code="einvoice_missing")
        if einvoice.status == EInvoiceStatus.CANCELLED:
            raise ConflictError("The IRN is already cancelled.", code="einvoice_cancelled")
        deadline = einvoice.ack_date + CANCEL_WINDOW
        if when > deadline:
            local = timezone.localtime(deadline).strftime("%d %b %Y %H:%M")
            raise ApplicationError(
                f"The IRP cancels an IRN only within 24 hours of its acknowledgement (until "
                f"{local}); issue a credit note for {document.number} instead.",
                code="einvoice_cancel_window",
            )
        cancellation_record(
            einvoice,
            user=user,
            when=when,
            reason=reason,
            remark=remark,
            action="invoicing.einvoice.cancelled",
            document=document,
            data={"irn": einvoice.irn},
        )
    return einvoice


# ---------------------------------------------------------------------------------------------
# In bulk: the IRP's bulk upload takes a list of invoices; its answer file lists their IRNs
# ---------------------------------------------------------------------------------------------
BULK_LIMIT = 100  # documents per file


def pending_filter(company_gstin: str) -> Q:
    """Documents the IRP would take that have no IRN yet: posted (not cancelled) customer
    invoices and credit notes to registered buyers or abroad, not to the company itself."""
    waiting = (
        Q(kind__in=tuple(DOC_TYPE), is_opening=False, einvoice__isnull=True)
        & ~Q(status__in=(DocumentStatus.DRAFT, DocumentStatus.CANCELLED))
        & (~Q(party_gstin="") | Q(place_of_supply=FOREIGN_PLACE))
        # a note against an invoice whose IRN was cancelled adjusts nothing the IRP knows
        & ~Q(kind=DocumentKind.CREDIT_NOTE, original__einvoice__status=EInvoiceStatus.CANCELLED)
    )
    return waiting & ~Q(party_gstin=company_gstin) if company_gstin else waiting


def einvoice_bulk_json(documents: QuerySet[Document]) -> list[dict[str, Any]]:
    """The IRP's JSON of every document in `documents` still waiting for an IRN, in one list
    (the bulk upload's format); the others are left out. 400 `einvoice_none` when none waits,
    `einvoice_too_many` past the limit, and `einvoice_incomplete` naming each document whose
    file would be refused (nothing is made). Three queries whatever the number."""
    known = _settings()
    waiting = list(
        documents.filter(pending_filter(known[0].gstin))
        .select_related("partner", "original__einvoice")
        .prefetch_related("lines")
        .order_by("date", "id")[: BULK_LIMIT + 1]
    )
    if not waiting:
        raise ApplicationError(
            "No document in this list is waiting for an IRN.", code="einvoice_none"
        )
    if len(waiting) > BULK_LIMIT:
        raise ApplicationError(
            f"More than {BULK_LIMIT} documents wait for an IRN: narrow the dates.",
            code="einvoice_too_many",
        )
    files, problems = [], {}
    for document in waiting:
        try:
            files.append(einvoice_json(document, known=known))
        except ApplicationError as exc:
            problems[document.number] = [exc.detail]
    if problems:
        raise ApplicationError(
            "Some documents cannot go to the IRP yet: "
            + " ".join(f"{n}: {m[0]}" for n, m in problems.items()),
            code="einvoice_incomplete",
            fields=problems,
        )
    return files


IST = ZoneInfo("Asia/Kolkata")  # the IRP writes its times in Indian Standard Time, no zone
ACK_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M")


def _ack_date(value: Any) -> dt.datetime:
    text = str(value or "").strip()
    for pattern in (
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%d/%m/%Y %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ):
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=IST)
        except ValueError:
            continue
    raise ValueError(f"an acknowledgement date the IRP writes (2026-06-15 12:00:00), not {text!r}")


def einvoice_import(*, user: Any, kinds: tuple[str, ...], answers: list[Any]) -> list[EInvoice]:
    """Record the IRP's answers to a bulk upload, each matched to its document by the number
    its QR code names. All or nothing: any answer that does not fit is a 400 naming it (by its
    position in the list, `answers.<n>`) and none is recorded."""
    recorded: list[EInvoice] = []
    problems: dict[str, list[str]] = {}
    with transaction.atomic():
        for n, answer in enumerate(answers):
            key = f"answers.{n}"
            try:
                found = {str(k).lower(): v for k, v in dict(answer).items()}
                qr = str(found.get("signedqrcode") or "")
                number = str(qr_payload(qr).get("DocNo", ""))
                document = Document.objects.filter(kind__in=kinds, number=number).first()
                if document is None:
                    raise ApplicationError(f"No document numbered {number or '?'} here.")
                with transaction.atomic():
                    recorded.append(
                        einvoice_record(
                            user=user,
                            document=document,
                            irn=str(found.get("irn") or ""),
                            ack_number=str(found.get("ackno") or ""),
                            ack_date=_ack_date(found.get("ackdt")),
                            signed_qr_code=qr,
                        )
                    )
            except ApplicationError as exc:
                problems[key] = [exc.detail]
            except (TypeError, ValueError) as exc:
                problems[key] = [f"Not an answer of the IRP: {exc}"]
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ApplicationError(
            f"{len(problems)} of {len(answers)} answers do not fit; none was recorded.",
            code="invalid_einvoice",
            fields=problems,
        )
    return recorded
