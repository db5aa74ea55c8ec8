"""List filters for documents and payments."""

from __future__ import annotations

import django_filters

from tenant_apps.invoicing.models import (
    Document,
    DocumentKind,
    DocumentStatus,
    Payment,
    TdsChallan,
)


class DocumentFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=DocumentStatus.choices)
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    open = django_filters.BooleanFilter(
        method="filter_open", help_text="Posted with an amount open"
    )

    class Meta:
        model = Document
        fields = ["status", "kind", "partner", "currency", "is_opening"]

    def filter_open(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from tenant_apps.invoicing.models import OPEN_STATUSES

        if value:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.exclude(status__in=OPEN_STATUSES)


class PaymentFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Payment
        fields = ["kind", "status", "partner", "mode"]


class TdsChallanFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = TdsChallan
        fields = ["status", "section"]
