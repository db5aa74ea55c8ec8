"""Background jobs of invoicing: the daily payment-reminder sweep over every active company
(ADR 0052), the daily recurring-invoice sweep (ADR 0064) and the TDS-base backfill (ADR 0060).
Each runs in the public schema and enters each tenant's schema in turn; one company's failure
is logged and does not stop the others."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TypeVar

from django.utils import timezone
from django_tenants.utils import tenant_context

from erp_platform.celery import app
from erp_platform.tenancy import connection

logger = logging.getLogger(__name__)


T = TypeVar("T")


def in_each_tenant(
    work: Callable[[], T], *, what: str, schema: str | None = None
) -> dict[str, T | None]:
    """`work()` in every active tenant (or only `schema`), in schema order; per schema its
    result, or None when it failed (logged with its traceback as `what`)."""
    from shared_apps.tenants.models import Tenant, TenantStatus

    connection.set_schema_to_public()
    tenants = Tenant.objects.filter(status=TenantStatus.ACTIVE).order_by("schema_name")
    if schema is not None:
        tenants = tenants.filter(schema_name=schema)
    results: dict[str, T | None] = {}
    for tenant in tenants:
        try:
            with tenant_context(tenant):
                results[tenant.schema_name] = work()
        except Exception:  # one company's broken data must not stop the others'
            logger.exception("%s failed in %s", what, tenant.schema_name)
            results[tenant.schema_name] = None
    connection.set_schema_to_public()
    return results


def reminders_sweep(*, on: dt.date, schema: str | None = None) -> dict[str, dict[str, int] | None]:
    """`reminders_send(on=on)` in every active tenant (or only `schema`)."""
    from tenant_apps.invoicing.services.reminders import reminders_send

    return in_each_tenant(lambda: reminders_send(on=on), what="payment reminders", schema=schema)


def recurring_sweep(*, on: dt.date, schema: str | None = None) -> dict[str, dict[str, int] | None]:
    """`recurring_run(on=on)` in every active tenant (or only `schema`): ADR 0064."""
    from tenant_apps.invoicing.services.recurring import recurring_run

    return in_each_tenant(lambda: recurring_run(on=on), what="recurring invoices", schema=schema)


def tds_bases_backfill(*, schema: str | None = None) -> dict[str, int | None]:
    """`tds_base_backfill()` in every active tenant (or only `schema`): rows set per schema."""
    from tenant_apps.invoicing.services.tds import tds_base_backfill

    return in_each_tenant(tds_base_backfill, what="TDS base backfill", schema=schema)


@app.task(name="tenant_apps.invoicing.tasks.payment_reminders_sweep", ignore_result=True)
def payment_reminders_sweep() -> dict[str, dict[str, int] | None]:
    """Daily (CELERY_BEAT_SCHEDULE): today's reminders in every active company."""
    return reminders_sweep(on=timezone.localdate())


@app.task(name="tenant_apps.invoicing.tasks.recurring_invoices_sweep", ignore_result=True)
def recurring_invoices_sweep() -> dict[str, dict[str, int] | None]:
    """Daily (CELERY_BEAT_SCHEDULE): the recurring invoices due today in every company."""
    return recurring_sweep(on=timezone.localdate())


@app.task(name="tenant_apps.invoicing.tasks.tds_base_backfill", ignore_result=True)
def tds_base_backfill() -> dict[str, int | None]:
    """Once after deploying invoicing 0018 (ADR 0060): the TDS base of deductions from before."""
    return tds_bases_backfill()
