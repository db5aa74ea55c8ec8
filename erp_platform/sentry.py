"""Sentry set-up. Every event carries a `tenant` tag (set by the routing middleware and by each
Celery task before it runs)."""

from __future__ import annotations

from typing import Any

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration


def _tag_tenant(event: dict[str, Any], _hint: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection

    tags = event.setdefault("tags", {})
    tags.setdefault("tenant", getattr(connection, "schema_name", None) or "public")
    return event


def init_sentry(dsn: str, *, environment: str, **options: Any) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=_tag_tenant,  # type: ignore[arg-type]
        **options,
    )
