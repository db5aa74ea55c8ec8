"""Background job of the fixed asset register: each morning, last month's depreciation in every
company that asked for it (ADR 0075). Runs in the public schema and enters each tenant's schema
in turn; one company's failure is logged and does not stop the others."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from erp_platform.celery import app
from tenant_apps.invoicing.tasks import in_each_tenant


def depreciation_sweep(*, on: dt.date, schema: str | None = None) -> dict[str, str | None]:
    """`depreciation_auto_run(on=on)` in every active tenant (or only `schema`)."""
    from tenant_apps.assets.services import depreciation_auto_run

    return in_each_tenant(
        lambda: depreciation_auto_run(on=on), what="monthly depreciation", schema=schema
    )


@app.task(name="tenant_apps.assets.tasks.monthly_depreciation_sweep", ignore_result=True)
def monthly_depreciation_sweep() -> dict[str, str | None]:
    """Daily (CELERY_BEAT_SCHEDULE): last month's depreciation where it is due and not done."""
    return depreciation_sweep(on=timezone.localdate())
