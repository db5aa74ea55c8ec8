"""The Celery app. tenant-schemas-celery carries the queuing request's schema with every task,
so a task queued from tenant B runs in B's schema."""

from __future__ import annotations

import os

import sentry_sdk
from celery.signals import task_prerun
from django.db import connection
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erp_platform.settings")

app = CeleryApp("erp_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    ["shared_apps.tenants", "shared_apps.billing", "tenant_apps.core", "tenant_apps.invoicing"]
)


@task_prerun.connect
def _tag_tenant(**_: object) -> None:
    sentry_sdk.set_tag("tenant", getattr(connection, "schema_name", "public"))
