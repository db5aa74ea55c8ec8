"""List filters of the ledger's APIs."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from tenant_apps.finance.models import Account, AccountType, JournalEntry, JournalStatus


class AccountFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=AccountType.choices)

    class Meta:
        model = Account
        fields = ["type", "is_group", "is_active", "parent"]


class JournalEntryFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=JournalStatus.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    account = django_filters.NumberFilter(method="filter_account", help_text="An account id")
    source_type = django_filters.CharFilter()
    source_id = django_filters.NumberFilter()

    class Meta:
        model = JournalEntry
        fields = ["status", "date_from", "date_to", "account", "source_type", "source_id", "series"]

    def filter_account(
        self, queryset: QuerySet[JournalEntry], name: str, value: int
    ) -> QuerySet[JournalEntry]:
        return queryset.filter(lines__account_id=value).distinct()
