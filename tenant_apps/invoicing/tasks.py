"""Background jobs of invoicing: the daily payment-reminder sweep over every active company
(ADR 0052). It runs in the public schema and enters each tenant's schema in turn; one company's
failure is logged and does not stop the others."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django_tenants.utils import tenant_context

from erp_platform.celery import app
from erp_platform.tenancy import connection

logger = logging.getLogger(__name__)


def reminders_sweep(*, on: dt.date, schema: str | None = None) -> dict[str, dict[str, int] | None]:
    """`reminders_send(on=on)` in every active tenant (or only `schema`), in schema order; per
    schema its counts, or None when it failed (logged with its traceback)."""
    from shared_apps.tenants.models import Tenant, TenantStatus
    from tenant_apps.invoicing.services.reminders import reminders_send

    connection.set_schema_to_public()
    tenants = Tenant.objects.filter(status=TenantStatus.ACTIVE).order_by("schema_name")
    if schema is not None:
        tenants = tenants.filter(schema_name=schema)
    results: dict[str, dict[str, int] | None] = {}
    for tenant in tenants:
        try:
            with tenant_context(tenant):
                results[tenant.schema_name] = reminders_send(on=on)
        except Exception:  # one company's broken data must not stop the others' reminders
            logger.exception("payment reminders failed in %s", tenant.schema_name)
            results[tenant.schema_name] = None
    connection.set_schema_to_public()
    return results


@app.task(name="tenant_apps.invoicing.tasks.payment_reminders_sweep", ignore_result=True)
def payment_reminders_sweep() -> dict[str, dict[str, int] | None]:
    """Daily (CELERY_BEAT_SCHEDULE): today's reminders in every active company."""
    return reminders_sweep(on=timezone.localdate())
