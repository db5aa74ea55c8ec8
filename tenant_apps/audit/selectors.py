"""Reads for the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from tenant_apps.audit.models import AuditEvent

DEFAULT_ORDERING = ("-occurred_at", "-id")


def audit_event_list() -> QuerySet[AuditEvent]:
    """Newest first. No joins: the actor is rendered from its id and e-mail snapshot."""
    return AuditEvent.objects.order_by(*DEFAULT_ORDERING)


def audit_event_daily_counts(*, days: int) -> list[dict[str, Any]]:
    """[{date, count}] for each of the last `days` days (local dates), oldest first."""
    today = timezone.localdate()
    first = today - dt.timedelta(days=days - 1)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    counted = dict(
        AuditEvent.objects.filter(occurred_at__gte=start)
        .annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return [
        {
            "date": first + dt.timedelta(days=i),
            "count": counted.get(first + dt.timedelta(days=i), 0),
        }
        for i in range(days)
    ]
