"""Billing background jobs. Tenant-independent: each runs in the public schema whatever schema
queued it (a seat change is queued from a tenant host)."""

from __future__ import annotations

from typing import Any

import stripe

from erp_platform.celery import app
from erp_platform.tenancy import connection
from tenant_apps.core.exceptions import ApplicationError

WEBHOOK_MAX_RETRIES = 8


@app.task(
    name="shared_apps.billing.tasks.webhook_event_process",
    bind=True,
    ignore_result=True,
    max_retries=WEBHOOK_MAX_RETRIES,
)
def webhook_event_process_task(self: Any, event_pk: int) -> None:
    """Apply a stored Stripe event; on a Stripe or consistency error, retry with backoff (the
    event shows `failed` with its error in the operator console meanwhile)."""
    from shared_apps.billing.services import webhook_event_process

    connection.set_schema_to_public()
    try:
        webhook_event_process(event_pk=event_pk)
    except (stripe.StripeError, ApplicationError) as exc:
        if self.request.is_eager:
            return  # no broker (development): the failure is recorded; an operator replays
        raise self.retry(exc=exc, countdown=min(3600, 30 * 2**self.request.retries)) from exc


@app.task(name="shared_apps.billing.tasks.seat_sync", ignore_result=True)
def seat_sync_task(tenant_id: int) -> None:
    from shared_apps.billing.services import seat_sync_run

    connection.set_schema_to_public()
    seat_sync_run(tenant_id=tenant_id)


@app.task(name="shared_apps.billing.tasks.seat_sync_sweep", ignore_result=True)
def seat_sync_sweep() -> int:
    from shared_apps.billing.services import seat_sync_due_all

    connection.set_schema_to_public()
    return seat_sync_due_all()


@app.task(name="shared_apps.billing.tasks.billing_lifecycle_sweep", ignore_result=True)
def billing_lifecycle_sweep() -> dict[str, int]:
    from shared_apps.billing.services import billing_lifecycle_sweep as sweep

    connection.set_schema_to_public()
    return sweep()
