"""Audit log APIs: a filtered, paginated list and a CSV export of the same filter."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from django_tenants.utils import schema_context
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request

from erp_platform.tenancy import connection
from tenant_apps.audit import selectors
from tenant_apps.audit.filters import AuditEventFilter
from tenant_apps.audit.models import AuditEvent
from tenant_apps.audit.permissions import AUDIT_EVENT_EXPORT, AUDIT_EVENT_VIEW
from tenant_apps.core.api.permissions import TenantPermission

ORDERING_FIELDS = ["occurred_at", "id", "action", "actor_email", "target_type"]
EXPORT_COLUMNS = [
    "id",
    "occurred_at",
    "actor",
    "actor_email",
    "action",
    "target_type",
    "target_id",
    "ip",
    "user_agent",
    "data",
]
EXPORT_CHUNK = 2000
FILTER_BACKENDS = [DjangoFilterBackend, OrderingFilter]


class AuditEventOutput(serializers.ModelSerializer[AuditEvent]):
    actor = serializers.IntegerField(source="actor_id", allow_null=True, read_only=True)

    class Meta:
        model = AuditEvent
        fields = EXPORT_COLUMNS


class AuditEventListApi(generics.ListAPIView[AuditEvent]):
    permission_classes = [TenantPermission]
    required_permission = AUDIT_EVENT_VIEW
    serializer_class = AuditEventOutput
    filterset_class = AuditEventFilter
    ordering_fields = ORDERING_FIELDS
    filter_backends = FILTER_BACKENDS

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return selectors.audit_event_list()


class _Echo:
    """csv.writer target that hands each row back instead of buffering it."""

    def write(self, value: str) -> str:
        return value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (user agents, names, data)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _csv_rows(queryset: QuerySet[AuditEvent], schema_name: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The body is produced after the view has returned: read from the request's tenant
    # whatever the connection was switched to in between.
    with schema_context(schema_name):
        yield writer.writerow(EXPORT_COLUMNS)
        for event in queryset.iterator(chunk_size=EXPORT_CHUNK):
            yield writer.writerow(_export_row(event))


def _export_row(event: AuditEvent) -> list[str]:
    return [
        str(event.pk),
        timezone.localtime(event.occurred_at).isoformat(),
        "" if event.actor_id is None else str(event.actor_id),
        _cell(event.actor_email),
        _cell(event.action),
        _cell(event.target_type),
        _cell(event.target_id),
        event.ip or "",
        _cell(event.user_agent),
        _cell(json.dumps(event.data, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)),
    ]


class AuditEventExportApi(generics.GenericAPIView[AuditEvent]):
    """The current filter and ordering as CSV (UTF-8, one event per row), streamed."""

    permission_classes = [TenantPermission]
    required_permission = AUDIT_EVENT_EXPORT
    filterset_class = AuditEventFilter
    ordering_fields = ORDERING_FIELDS
    filter_backends = FILTER_BACKENDS
    pagination_class = None

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return selectors.audit_event_list()

    @extend_schema(
        operation_id="audit_events_export",
        filters=True,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV file")},
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        queryset = self.filter_queryset(self.get_queryset())
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response = StreamingHttpResponse(
            _csv_rows(queryset, connection.schema_name), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.csv"'
        return response
