"""Tax-invoice PDF in the Indian GST format (CGST Rules r.46): supplier and recipient GSTIN,
place of supply, HSN-wise lines and summary, tax breakup, amount in words (lakh/crore), bank
details, logo. Payments print as a receipt voucher, payment receipt or payment advice
(ADR 0051). HTML templates rendered by WeasyPrint."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from tenant_apps.core.exports.company import logo_data_uri
from tenant_apps.core.exports.numbers import format_indian
from tenant_apps.core.gst_states import GstState
from tenant_apps.core.models import CompanySettings
from tenant_apps.invoicing.gst import GstLine, gst_summary
from tenant_apps.invoicing.models import (
    FOREIGN_PLACE,
    Document,
    DocumentKind,
    EInvoice,
    EInvoiceStatus,
    EWayBill,
    EWayBillStatus,
    InvoiceSettings,
    Payment,
    PaymentKind,
    PaymentStatus,
    TdsSection,
)
from tenant_apps.invoicing.words import amount_in_words

TITLES = {
    DocumentKind.INVOICE: ("Tax Invoice", "Invoice no."),
    DocumentKind.BILL: ("Purchase Bill", "Bill no."),
    DocumentKind.CREDIT_NOTE: ("Credit Note", "Credit note no."),
    DocumentKind.DEBIT_NOTE: ("Debit Note", "Debit note no."),
}


def _state_label(code: str) -> str:
    if code == FOREIGN_PLACE:
        return "Outside India (96)"
    try:
        return f"{GstState(code).label} ({code})"
    except ValueError:
        return code or "—"


def document_html(document: Document) -> str:
    company = CompanySettings.objects.get(singleton=True)
    settings, _ = InvoiceSettings.objects.get_or_create(singleton=True)
    lines = list(document.lines.order_by("position", "id"))
    m = format_indian
    summary = gst_summary(
        [
            GstLine(
                taxable_value=x.taxable_value,
                cgst=x.cgst,
                sgst=x.sgst,
                igst=x.igst,
                cess=x.cess,
                total=x.total,
                gst_rate=x.gst_rate,
                cess_rate=x.cess_rate,
                hsn_sac=x.hsn_sac,
                unit="",
                quantity=x.quantity,
            )
            for x in lines
        ],
        by_hsn=True,
    )
    title, number_label = TITLES[DocumentKind(document.kind)]
    if document.is_opening:  # not a tax document: a statement of the balance brought forward
        title, number_label = f"Opening Balance ({document.get_kind_display()})", "Number"
    if document.reverse_charge and document.kind == DocumentKind.BILL and not document.party_gstin:
        # an unregistered supplier issues no tax invoice: the company issues it itself
        # (CGST Act s.31(3)(f)), numbered in the gapless bill series (ADR 0071)
        title, number_label = "Self Invoice (Reverse Charge)", "Self invoice no."
    context: dict[str, Any] = {
        "document": document,
        "company": company,
        "settings": settings,
        "logo": logo_data_uri(company),
        "title": title,
        "number_label": number_label,
        "copy_label": "Original for recipient"
        if document.kind == DocumentKind.INVOICE and not document.is_opening
        else "",
        "is_sales": document.is_sales(),
        "company_state": _state_label(company.state),
        "party_state": _state_label(document.party_state),
        "place_of_supply": _state_label(document.place_of_supply),
        "has_cess": document.cess_total != 0,
        "lines": [
            {
                "description": x.description,
                "hsn_sac": x.hsn_sac,
                "unit": x.unit,
                "quantity_text": f"{x.quantity.normalize():f}",
                "unit_price_text": m(x.unit_price),
                "discount_text": f"{x.discount_percent.normalize():f}"
                if x.discount_percent
                else "",
                "taxable_text": m(x.taxable_value),
                "rate_text": f"{x.gst_rate.normalize():f}%",
                "cgst_text": m(x.cgst),
                "sgst_text": m(x.sgst),
                "igst_text": m(x.igst),
                "cess_text": m(x.cess),
                "total_text": m(x.total),
            }
            for x in lines
        ],
        "hsn": [
            {
                "hsn_sac": r.hsn_sac,
                "taxable": m(r.taxable_value),
                "rate": f"{r.gst_rate.normalize():f}",
                "cgst": m(r.cgst),
                "sgst": m(r.sgst),
                "igst": m(r.igst),
                "cess": m(r.cess),
                "tax": m(r.tax),
            }
            for r in summary
        ],
        "totals": {
            "taxable": m(document.taxable_total),
            "cgst": m(document.cgst_total),
            "sgst": m(document.sgst_total),
            "igst": m(document.igst_total),
            "cess": m(document.cess_total),
            "round_off": m(document.round_off),
            "total": m(document.total),
        },
        "amount_words": amount_in_words(Decimal(document.total), document.currency),
    }
    context["ewaybill"] = EWayBill.objects.filter(
        document=document, status=EWayBillStatus.ACTIVE
    ).first()
    einvoice = EInvoice.objects.filter(document=document).first()
    if einvoice is not None:
        context["einvoice"] = einvoice
        if einvoice.status == EInvoiceStatus.ACTIVE:
            context["einvoice_qr"] = qr_data_uri(einvoice.signed_qr_code)
    return render_to_string("invoicing/document.html", context)


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data URI (the e-invoice's signed QR code, ADR 0062)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        text, image_factory=qrcode.image.svg.SvgPathImage, error_correction=qrcode.ERROR_CORRECT_L
    )
    svg = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def document_pdf(document: Document) -> bytes:
    return _pdf(document_html(document))


# ---------------------------------------------------------------------------------------------
# Payments (ADR 0051)
# ---------------------------------------------------------------------------------------------
def _payment_allocated(payment: Payment) -> Decimal:
    """What the payment settled of documents. A cancelled payment's allocations were all
    reversed with it (its `amount_allocated` is back to zero): they are what it had settled."""
    if payment.status == PaymentStatus.CANCELLED:
        return sum((a.amount for a in payment.allocations.all()), Decimal("0"))
    return payment.amount_allocated


def payment_title(payment: Payment) -> tuple[str, str]:
    """(title, number label): a payment to a vendor is a payment advice; a receipt holding an
    advance (a part not settled against invoices) is a receipt voucher (CGST s.31(3)(d)), any
    other receipt a payment receipt."""
    if payment.kind == PaymentKind.PAYMENT:
        return "Payment Advice", "Payment no."
    if payment.settled_amount - _payment_allocated(payment) > 0:
        return "Receipt Voucher", "Receipt voucher no."
    return "Payment Receipt", "Receipt no."


def payment_html(payment: Payment) -> str:
    """`payment` with its party, account, deductions (with accounts) and allocations (with
    documents) loaded (`selectors.payment_get`)."""
    company = CompanySettings.objects.get(singleton=True)
    settings, _ = InvoiceSettings.objects.get_or_create(singleton=True)
    m = format_indian
    party = payment.partner
    is_receipt = payment.kind == PaymentKind.RECEIPT
    allocated = _payment_allocated(payment)
    unallocated = payment.settled_amount - allocated
    allocations = list(payment.allocations.all())
    deductions = [
        {
            "account": f"{d.account.code} · {d.account.name}",
            "section": TdsSection(d.tds_section).label if d.tds_section else "",
            "label": f"TDS u/s {d.tds_section}"
            if d.tds_section
            else (d.description or "Deduction"),
            "description": d.description,
            "amount": m(d.amount),
        }
        for d in payment.deductions.all()
    ]
    title, number_label = payment_title(payment)
    advance_note = ""
    if is_receipt and unallocated > 0 and payment.status != PaymentStatus.CANCELLED:
        advance_note = (
            f"{m(unallocated)} {payment.currency} is received as an advance, to be adjusted "
            "against our future invoices."
        )
    context: dict[str, Any] = {
        "payment": payment,
        "party": party,
        "company": company,
        "settings": settings,
        "logo": logo_data_uri(company),
        "title": title,
        "number_label": number_label,
        "is_receipt": is_receipt,
        "cancelled": payment.status == PaymentStatus.CANCELLED,
        "company_state": _state_label(company.state),
        "party_state": _state_label(party.state or party.billing_state),
        "foreign": payment.currency != "INR",
        "symbol": "₹" if payment.currency == "INR" else f"{payment.currency} ",
        "amount": m(payment.amount),
        "amount_base": m(payment.amount_base),
        "amount_words": amount_in_words(payment.amount, payment.currency),
        "allocated": m(allocated),
        "unallocated": m(unallocated),
        "settled": m(payment.settled_amount),
        "deductions": deductions,
        "has_exchange": any(a.exchange_gain for a in allocations),
        "allocations": [
            {
                "number": a.document.number,
                "date": a.document.date,
                "total": m(a.document.total),
                "amount": m(a.amount),
                "exchange": m(a.exchange_gain),
                "reversed_on": a.reversed_on,
            }
            for a in allocations
        ],
        "advance_note": advance_note,
    }
    return render_to_string("invoicing/payment.html", context)


def payment_pdf(payment: Payment) -> bytes:
    return _pdf(payment_html(payment))
