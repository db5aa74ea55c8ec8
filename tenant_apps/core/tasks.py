"""Background jobs of the core app. They run in the schema of the tenant that queued them
(tenant-schemas-celery carries it in the `_schema_name` header)."""

from __future__ import annotations

from typing import Any

from erp_platform.celery import app
from erp_platform.tenancy import connection
from tenant_apps.core import selectors


@app.task(name="tenant_apps.core.tasks.company_snapshot")
def company_snapshot() -> dict[str, Any]:
    """What the worker sees of the queuing tenant: its schema, company and number series.

    Read-only; for support diagnostics ("which company did this job run for?") and for the
    isolation tests.
    """
    company = selectors.company_settings_get()
    series = set(selectors.document_sequence_list().values_list("series", flat=True))
    return {
        "schema": connection.schema_name,
        "name": company.name,
        "legal_name": company.legal_name,
        "sequences": sorted(series),
    }
