"""Permission codes of the invoicing app. `approve` posts and cancels a document; `delete`
removes a draft; a payment's `delete` cancels it; a revaluation's `approve` posts one (ADR
0047)."""

from __future__ import annotations

DOCUMENT_ACTIONS = ("view", "create", "change", "delete", "approve", "export")

PERMISSIONS = [
    *[f"invoicing.invoice.{a}" for a in DOCUMENT_ACTIONS],
    *[f"invoicing.bill.{a}" for a in DOCUMENT_ACTIONS],
    *[f"invoicing.note.{a}" for a in DOCUMENT_ACTIONS],
    "invoicing.payment.view",
    "invoicing.payment.create",
    "invoicing.payment.delete",
    "invoicing.payment.export",
    "invoicing.tax_rate.view",
    "invoicing.tax_rate.create",
    "invoicing.tax_rate.change",
    "invoicing.setting.view",
    "invoicing.setting.change",
    "invoicing.report.view",
    "invoicing.report.export",
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
