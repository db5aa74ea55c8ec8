"""Background jobs for the tenant fleet (run in the public schema)."""

from __future__ import annotations

from erp_platform.celery import app


@app.task(name="shared_apps.tenants.tasks.standby_pool_refill", ignore_result=True)
def standby_pool_refill() -> int:
    from shared_apps.tenants.services import standby_pool_fill

    return standby_pool_fill()
