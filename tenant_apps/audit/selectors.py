"""Reads for the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.audit.models import AuditEvent

DEFAULT_ORDERING = ("-occurred_at", "-id")


def audit_event_list() -> QuerySet[AuditEvent]:
    """Newest first. No joins: the actor is rendered from its id and e-mail snapshot."""
    return AuditEvent.objects.order_by(*DEFAULT_ORDERING)
