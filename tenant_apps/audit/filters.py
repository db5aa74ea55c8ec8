"""Filters of the audit log list and export."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField

from tenant_apps.audit.models import AuditEvent


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant, in UTC. Python accepts UTC offsets up to ±23:59, PostgreSQL only up
    to ±15:59 ("time zone displacement out of range", a 500); in UTC every offset is fine, and
    an instant that falls outside years 1-9999 there is a 400."""

    def to_python(self, value: Any) -> dt.datetime | None:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(dt.UTC)
        except OverflowError as exc:
            raise ValidationError(
                "Enter a date between the years 1 and 9999.", code="invalid"
            ) from exc


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


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
AuditEventFilter.base_filters["from"] = UtcIsoDateTimeFilter(
    field_name="occurred_at",
    lookup_expr="gte",
    help_text="Events at or after this instant (ISO 8601; a date means its midnight).",
)
AuditEventFilter.base_filters["to"] = UtcIsoDateTimeFilter(
    field_name="occurred_at",
    lookup_expr="lt",
    help_text="Events before this instant (exclusive; ISO 8601).",
)
