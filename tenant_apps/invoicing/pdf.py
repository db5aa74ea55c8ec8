"""Tax-invoice PDF in the Indian GST format (CGST Rules r.46): supplier and recipient GSTIN,
place of supply, HSN-wise lines and summary, tax breakup, amount in words (lakh/crore), bank
details, logo. HTML template rendered by WeasyPrint."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from tenant_apps.core.exports.company import logo_data_uri
from tenant_apps.core.exports.numbers import format_indian
from tenant_apps.core.gst_states import GstState
from tenant_apps.core.models import CompanySettings
from tenant_apps.invoicing.gst import GstLine, gst_summary
from tenant_apps.invoicing.models import FOREIGN_PLACE, Document, DocumentKind, InvoiceSettings
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
    return render_to_string("invoicing/document.html", context)


def document_pdf(document: Document) -> bytes:
    from weasyprint import HTML

    return HTML(string=document_html(document)).write_pdf()  # type: ignore[no-any-return]
