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
    einvoice = django_filters.ChoiceFilter(
        choices=[
            ("pending", "Waiting for an IRN"),
            ("registered", "IRN recorded"),
            ("cancelled", "IRN cancelled"),
        ],
        method="filter_einvoice",
        help_text="E-invoicing (ADR 0062): waiting for an IRN, registered, or cancelled",
    )

    cost_centre = django_filters.NumberFilter(
        method="filter_cost_centre",
        help_text="Documents with a line on this cost centre or one under it (ADR 0069)",
    )

    class Meta:
        model = Document
        fields = ["status", "kind", "partner", "currency", "is_opening"]

    def filter_cost_centre(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from django.db.models import Exists, OuterRef

        from tenant_apps.finance.selectors import cost_centre_subtree
        from tenant_apps.invoicing.models import DocumentLine

        lines = DocumentLine.objects.filter(
            document=OuterRef("pk"), cost_centre_id__in=cost_centre_subtree(int(value))
        )
        return queryset.filter(Exists(lines))

    def filter_open(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from tenant_apps.invoicing.models import OPEN_STATUSES

        if value:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.exclude(status__in=OPEN_STATUSES)

    def filter_einvoice(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from tenant_apps.core.models import CompanySettings
        from tenant_apps.invoicing.einvoice import pending_filter
        from tenant_apps.invoicing.models import EInvoiceStatus

        if value == "pending":
            gstin = CompanySettings.objects.values_list("gstin", flat=True).first() or ""
            return queryset.filter(pending_filter(gstin))
        status = EInvoiceStatus.ACTIVE if value == "registered" else EInvoiceStatus.CANCELLED
        return queryset.filter(einvoice__status=status)


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
