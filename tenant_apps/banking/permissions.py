"""Permission codes of the banking app (ADR 0053): bank statements (import, read, delete) and
their reconciliation (matching lines to the books, posting the entries the books lack;
exporting the reconciliation statement to Excel/PDF)."""

from __future__ import annotations

PERMISSIONS = [
    "banking.statement.view",
    "banking.statement.create",
    "banking.statement.delete",
    "banking.reconciliation.change",
    "banking.reconciliation.export",
]
