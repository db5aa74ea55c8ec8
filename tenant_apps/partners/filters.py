"""List filters for partners."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from tenant_apps.core.gst_states import GstState
from tenant_apps.partners.models import Partner


class PartnerFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=GstState.choices)
    tag = django_filters.CharFilter(method="filter_tag", help_text="Partners carrying this tag")
    role = django_filters.ChoiceFilter(
        choices=[("customer", "Customer"), ("vendor", "Vendor")], method="filter_role"
    )

    class Meta:
        model = Partner
        fields = ["is_customer", "is_vendor", "is_active", "state", "currency"]

    def filter_tag(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        return queryset.filter(tags__contains=[value])

    def filter_role(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        return queryset.filter(**{f"is_{value}": True})
