"""Permission codes of the invoicing app. `approve` posts and cancels a document; `delete`
removes a draft; `send` e-mails a posted invoice or note (on reports: a party's statement; on
payments: the receipt or payment advice, ADR 0051);
a payment's `delete` cancels it; a revaluation's `approve` posts one (ADR 0047)."""

from __future__ import annotations

DOCUMENT_ACTIONS = ("view", "create", "change", "delete", "approve", "export")

PERMISSIONS = [
    *[f"invoicing.invoice.{a}" for a in DOCUMENT_ACTIONS],
    *[f"invoicing.bill.{a}" for a in DOCUMENT_ACTIONS],
    *[f"invoicing.note.{a}" for a in DOCUMENT_ACTIONS],
    # e-mail a posted invoice or note to the party (ADR 0049); bills come from vendors
    "invoicing.invoice.send",
    # post an invoice past its customer's credit limit (ADR 0059): approve the excess
    "invoicing.credit_limit.approve",
    "invoicing.note.send",
    "invoicing.payment.view",
    "invoicing.payment.create",
    "invoicing.payment.delete",
    "invoicing.payment.export",
    "invoicing.payment.send",  # e-mail a receipt voucher or payment advice (ADR 0051)
    "invoicing.tax_rate.view",
    "invoicing.tax_rate.create",
    "invoicing.tax_rate.change",
    "invoicing.setting.view",
    "invoicing.setting.change",
    "invoicing.report.view",
    "invoicing.report.export",
    "invoicing.report.send",  # e-mail a party's statement
    # TDS challans (deposit of TDS payable; `delete` cancels one) and Form 16A certificates
    # recorded on customers' TDS deductions (ADR 0048)
    "invoicing.tds_challan.view",
    "invoicing.tds_challan.create",
    "invoicing.tds_challan.delete",
    "invoicing.tds_challan.export",
    "invoicing.tds_certificate.change",
    # a month's GST set off and paid (ADR 0073); `delete` cancels one
    "invoicing.gst_payment.view",
    "invoicing.gst_payment.create",
    "invoicing.gst_payment.delete",
    # input credit on bills unpaid 180 days reversed and reclaimed (ADR 0074); `delete` cancels
    "invoicing.itc_reversal.view",
    "invoicing.itc_reversal.create",
    "invoicing.itc_reversal.delete",
    "invoicing.revaluation.view",
    "invoicing.revaluation.approve",
]

# The permission code of each document kind's resource.
KIND_RESOURCE = {
    "invoice": "invoice",
    "bill": "bill",
    "credit_note": "note",
    "debit_note": "note",
}
