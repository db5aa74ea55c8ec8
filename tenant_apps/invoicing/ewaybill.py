"""E-way bills (ADR 0063): a posted customer invoice that moves goods within India as the JSON
the e-way bill portal takes for bulk generation (version 1.0.0621), with the transport the
user gives, and the portal's answer (number, date, validity) recorded and printed.

As for the e-invoice (ADR 0062) we do not call the portal; amounts are rupees, lines grouped
by HSN code and rate as the portal wants them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from tenant_apps.audit.services import audit_record
from tenant_apps.core.exceptions import ApplicationError, ConflictError
from tenant_apps.core.fields import round_money
from tenant_apps.core.models import CompanySettings
from tenant_apps.invoicing.einvoice import (
    CANCEL_WINDOW,
    NUMBER_RE,
    Missing,
    addresses_check,
    cancellation_record,
    portal_date,
)
from tenant_apps.invoicing.gstr1_json import SERVICE_PREFIX, json_money, json_rate, uqc_of
from tenant_apps.invoicing.models import (
    FOREIGN_PLACE,
    Document,
    DocumentKind,
    DocumentStatus,
    EWayBill,
    EWayBillCancelReason,
    EWayBillStatus,
    InvoiceSettings,
)
from tenant_apps.invoicing.services.documents import _lock_documents

VERSION = "1.0.0621"
ITEM_LIMIT = 250  # the portal takes at most 250 HSN rows
THRESHOLD = Decimal("50000")  # an inter-state consignment above this needs an e-way bill
MODES = {"road": 1, "rail": 2, "air": 3, "ship": 4}
VEHICLE_RE = re.compile(r"^[A-Z0-9]{6,15}$")
TRANSPORTER_RE = re.compile(r"^[0-9]{2}[0-9A-Z]{13}$")
NUMBER_OF_EWB = re.compile(r"^[0-9]{12}$")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Transport:
    """How the goods travel. `mode` empty files Part A only (a transporter fills Part B)."""

    mode: str = ""
    distance_km: int = 0
    vehicle_number: str = ""
    transporter_id: str = ""
    transporter_name: str = ""
    doc_number: str = ""
    doc_date: dt.date | None = None


def not_eligible(document: Document) -> str | None:
    """Why this document gets no e-way bill from us (None: it does, once posted)."""
    if document.kind != DocumentKind.INVOICE or document.is_opening:
        return "E-way bills are made here for customer invoices."
    if document.place_of_supply == FOREIGN_PLACE:
        return "An export's e-way bill (to the port) is not made here yet."
    if all(line.hsn_sac.startswith(SERVICE_PREFIX) for line in document.lines.all()):
        return "The invoice moves no goods (only services)."
    return None


def shown(document: Document) -> bool:
    """The invoice's e-way bill card shows: goods within India worth more than the threshold."""
    return not_eligible(document) is None and document.total_base > THRESHOLD


def _transport_check(transport: Transport) -> None:
    fields: dict[str, list[str]] = {}
    if transport.mode and transport.mode not in MODES:
        fields["mode"] = ["Road, rail, air or ship."]
    if transport.vehicle_number and not VEHICLE_RE.match(transport.vehicle_number):
        fields["vehicle_number"] = ["A vehicle number is 6 to 15 letters and digits (MH12AB1234)."]
    if transport.transporter_id and not TRANSPORTER_RE.match(transport.transporter_id):
        fields["transporter_id"] = ["A transporter ID is a GSTIN or TRANSIN (15 characters)."]
    if transport.mode == "road" and not (transport.vehicle_number or transport.transporter_id):
        fields["vehicle_number"] = ["By road, give the vehicle number or the transporter's ID."]
    if transport.mode in ("rail", "air", "ship") and not (
        transport.doc_number and transport.doc_date
    ):
        fields["doc_number"] = ["By rail, air or ship, give the transport document and its date."]
    if not transport.mode and not transport.transporter_id:
        fields["transporter_id"] = ["Without a mode (Part A only), give the transporter's ID."]
    if fields:
        detail = " ".join(m for ms in fields.values() for m in ms)
        raise ApplicationError(detail, code="invalid", fields=fields)


def ewaybill_json(document: Document, transport: Transport) -> dict[str, Any]:
    """The invoice as the portal's bulk-generation JSON. 400 `ewaybill_not_applicable` for a
    document we make no e-way bill for; one 400 `ewaybill_incomplete` naming what is missing
    (the company's and the buyer's addresses and PIN codes); 400 on the transport fields."""
    if document.status in (DocumentStatus.DRAFT, DocumentStatus.CANCELLED):
        raise ApplicationError(
            "Only a posted invoice gets an e-way bill.", code="ewaybill_not_applicable"
        )
    reason = not_eligible(document)
    if reason:
        raise ApplicationError(reason, code="ewaybill_not_applicable")
    _transport_check(transport)
    company = CompanySettings.objects.get(singleton=True)
    settings = InvoiceSettings.objects.filter(singleton=True).first() or InvoiceSettings()
    partner = document.partner
    missing = Missing()
    seller_name, seller_addr, buyer_addr = addresses_check(
        missing, company=company, settings=settings, partner=partner, export=False
    )
    missing.need(
        "number",
        bool(NUMBER_RE.match(document.number)),
        f"{document.number} is not a document number the portal takes.",
    )
    lines = list(document.lines.all())
    rate = document.exchange_rate

    def conv(amount: Decimal) -> Decimal:
        return round_money(amount * rate)

    groups: dict[tuple[str, str, Decimal, Decimal], dict[str, Any]] = {}
    for line in lines:
        unit, factor = uqc_of(line.unit, line.hsn_sac)
        if line.hsn_sac.startswith(SERVICE_PREFIX):  # the portal's units have no "NA"
            unit, factor = "OTH", Decimal("1")
        key = (line.hsn_sac, unit, line.gst_rate, line.cess_rate)
        group = groups.setdefault(
            key,
            {"name": line.description, "quantity": ZERO, "taxable": ZERO, "tax": ZERO},
        )
        group["quantity"] += line.quantity * factor
        group["taxable"] += conv(line.taxable_value)
    missing.need(
        "lines", len(groups) <= ITEM_LIMIT, f"The portal takes at most {ITEM_LIMIT} HSN codes."
    )
    missing.raise_if_any("The e-way bill", code="ewaybill_incomplete")

    inter = document.is_inter_state
    items = []
    for number, ((hsn, unit, gst_rate, cess_rate), group) in enumerate(groups.items(), start=1):
        half = gst_rate / 2
        items.append(
            {
                "itemNo": number,
                "productName": " ".join(group["name"].split())[:100],
                "productDesc": " ".join(group["name"].split())[:100],
                "hsnCode": int(hsn),
                "quantity": float(round(group["quantity"], 3)),
                "qtyUnit": unit,
                "taxableAmount": json_money(group["taxable"]),
                "sgstRate": 0 if inter else json_rate(half),
                "cgstRate": 0 if inter else json_rate(half),
                "igstRate": json_rate(gst_rate) if inter else 0,
                "cessRate": json_rate(cess_rate),
                "cessNonAdvol": 0,
            }
        )
    taxable = sum((conv(x.taxable_value) for x in lines), ZERO)
    cgst = sum((conv(x.cgst) for x in lines), ZERO)
    sgst = sum((conv(x.sgst) for x in lines), ZERO)
    igst = sum((conv(x.igst) for x in lines), ZERO)
    cess = sum((conv(x.cess) for x in lines), ZERO)
    main_hsn = next(x.hsn_sac for x in lines if not x.hsn_sac.startswith(SERVICE_PREFIX))
    to_state = int(document.place_of_supply)
    taxed = (cgst + sgst + igst + cess) > 0
    bill = {
        "userGstin": company.gstin,
        "supplyType": "O",  # outward
        "subSupplyType": 1,  # supply
        "subSupplyDesc": "",
        "docType": "INV" if taxed else "BIL",
        "docNo": document.number,
        "docDate": portal_date(document.date),
        "transType": 1,  # regular: billed to where it is shipped
        "fromGstin": company.gstin,
        "fromTrdName": seller_name[:100],
        "fromAddr1": seller_addr[0],
        "fromAddr2": seller_addr[1],
        "fromPlace": settings.city.strip()[:50],
        "fromPincode": int(settings.pincode),
        "fromStateCode": int(company.gstin[:2]),
        "actualFromStateCode": int(company.gstin[:2]),
        "toGstin": document.party_gstin or "URP",
        "toTrdName": (document.party_name or partner.name)[:100],
        "toAddr1": buyer_addr[0],
        "toAddr2": buyer_addr[1],
        "toPlace": partner.billing_city.strip()[:50],
        "toPincode": int(partner.billing_pincode.strip()),
        "toStateCode": to_state,
        "actualToStateCode": int(partner.billing_state or document.party_state or to_state),
        "totalValue": json_money(taxable),
        "cgstValue": json_money(cgst),
        "sgstValue": json_money(sgst),
        "igstValue": json_money(igst),
        "cessValue": json_money(cess),
        "TotNonAdvolVal": 0,
        # the invoice's round-off (and a foreign invoice's paisa of conversion)
        "OthValue": json_money(document.total_base - (taxable + cgst + sgst + igst + cess)),
        "totInvValue": json_money(document.total_base),
        "transMode": MODES[transport.mode] if transport.mode else "",
        "transDistance": transport.distance_km,
        "transporterId": transport.transporter_id,
        "transporterName": transport.transporter_name[:100],
        "transDocNo": transport.doc_number[:15],
        "transDocDate": portal_date(transport.doc_date) if transport.doc_date else "",
        "vehicleNo": transport.vehicle_number,
        "vehicleType": "R" if transport.vehicle_number else "",
        "mainHsnCode": int(main_hsn),
        "itemList": items,
    }
    return {"version": VERSION, "billLists": [bill]}


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, code="invalid_ewaybill", fields={field: [message]})


def ewaybill_record(
    *,
    user: Any,
    document: Document,
    number: str,
    date: dt.datetime,
    valid_until: dt.datetime | None,
) -> EWayBill:
    """Record the portal's answer: the 12-digit e-way bill number, its date and (once Part B is
    filed) its validity. One active per invoice (another after the first is cancelled)."""
    number = re.sub(r"\s", "", number)
    if not NUMBER_OF_EWB.match(number):
        raise _invalid("number", "An e-way bill number has 12 digits.")
    if date > timezone.now() + dt.timedelta(minutes=5):
        raise _invalid("date", "The e-way bill's date is in the future.")
    if valid_until is not None and valid_until <= date:
        raise _invalid("valid_until", "The validity ends after the e-way bill's date.")
    with transaction.atomic():
        (document,) = _lock_documents([document.pk])
        if document.status in (DocumentStatus.DRAFT, DocumentStatus.CANCELLED):
            raise ApplicationError(
                "Only a posted invoice gets an e-way bill.", code="ewaybill_not_applicable"
            )
        reason = not_eligible(document)
        if reason:
            raise ApplicationError(reason, code="ewaybill_not_applicable")
        if date.date() < document.date:
            raise _invalid("date", "The e-way bill is dated before the invoice.")
        if EWayBill.objects.filter(document=document, status=EWayBillStatus.ACTIVE).exists():
            raise ConflictError(
                f"{document.number} has an e-way bill; cancel it first.", code="ewaybill_exists"
            )
        if EWayBill.objects.filter(number=number).exists():
            raise _invalid("number", "This e-way bill is recorded on another invoice.")
        ewaybill = EWayBill.objects.create(
            document=document,
            number=number,
            date=date,
            valid_until=valid_until,
            created_by=user,
            updated_by=user,
        )
        audit_record(
            action="invoicing.ewaybill.recorded",
            actor=user,
            target_type="invoicing.document",
            target_id=document.pk,
            data={"number": document.number, "ewaybill": number},
        )
    return ewaybill


def ewaybill_cancel(
    *, user: Any, document: Document, reason: str, remark: str, when: dt.datetime | None = None
) -> EWayBill:
    """Record that the invoice's e-way bill was cancelled on the portal, which allows it only
    within 24 hours of generation (ADR 0067); after that the goods move on it or it lapses.
    A new e-way bill may then be recorded for the invoice."""
    when = when or timezone.now()
    if reason not in EWayBillCancelReason.values:
        raise _invalid("reason", "Choose a reason the e-way bill portal knows.")
    with transaction.atomic():
        (document,) = _lock_documents([document.pk])
        bill = (
            EWayBill.objects.select_for_update()
            .filter(document=document, status=EWayBillStatus.ACTIVE)
            .first()
        )
        if bill is None:
            raise ApplicationError(
                f"{document.number} has no e-way bill to cancel.", code="ewaybill_missing"
            )
        deadline = bill.date + CANCEL_WINDOW
        if when > deadline:
            local = timezone.localtime(deadline).strftime("%d %b %Y %H:%M")
            raise ApplicationError(
                f"The portal cancels an e-way bill only within 24 hours of its generation "
                f"(until {local}).",
                code="ewaybill_cancel_window",
            )
        cancellation_record(
            bill,
            user=user,
            when=when,
            reason=reason,
            remark=remark,
            action="invoicing.ewaybill.cancelled",
            document=document,
            data={"ewaybill": bill.number},
        )
    return bill
