"""Filters of the audit log list and export."""

from __future__ import annotations

import django_filters

from tenant_apps.audit.models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(field_name="action", help_text="Exact action.")
    action_prefix = django_filters.CharFilter(
        field_name="action",
        lookup_expr="startswith",
        help_text="Actions starting with this text, e.g. `access.` or `finance.invoice.`.",
    )
    actor = django_filters.NumberFilter(field_name="actor_id", help_text="The actor's user id.")
    actor_email = django_filters.CharFilter(field_name="actor_email", lookup_expr="iexact")
    target_type = django_filters.CharFilter(field_name="target_type")
    target_id = django_filters.CharFilter(field_name="target_id")

    class Meta:
        model = AuditEvent
        fields: list[str] = []


# `from` and `to` are Python keywords, so they cannot be declared in the class body.
AuditEventFilter.base_filters["from"] = django_filters.IsoDateTimeFilter(
    field_name="occurred_at",
    lookup_expr="gte",
    help_text="Events at or after this instant (ISO 8601; a date means its midnight).",
)
AuditEventFilter.base_filters["to"] = django_filters.IsoDateTimeFilter(
    field_name="occurred_at",
    lookup_expr="lt",
    help_text="Events before this instant (exclusive; ISO 8601).",
)
