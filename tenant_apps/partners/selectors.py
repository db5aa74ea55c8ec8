"""Reads for partners."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from tenant_apps.partners.models import Partner, PartnerContact


def partner_list() -> QuerySet[Partner]:
    return Partner.objects.prefetch_related(
        Prefetch("contacts", queryset=PartnerContact.objects.order_by("-is_primary", "id"))
    ).order_by("name", "id")


def partner_get(*, partner_id: int) -> Partner:
    return partner_list().get(pk=partner_id)
