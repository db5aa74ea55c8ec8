"""Reads for the core app."""

from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.core.models import CompanySettings, DocumentSequence


def company_settings_get() -> CompanySettings:
    return CompanySettings.objects.get(singleton=True)


def base_currency() -> str:
    """The currency the company keeps its books in (the ledger's amounts)."""
    return CompanySettings.objects.values_list("base_currency", flat=True).get(singleton=True)


def document_sequence_list() -> QuerySet[DocumentSequence]:
    return DocumentSequence.objects.all().order_by("series", "fiscal_year")
