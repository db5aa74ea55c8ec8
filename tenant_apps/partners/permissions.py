"""Permission codes of the partners app (customers and vendors)."""

from __future__ import annotations

PERMISSIONS = [
    "partners.partner.view",
    "partners.partner.create",
    "partners.partner.change",
    "partners.partner.delete",
    "partners.partner.export",
]
