"""Audit log APIs: a filtered, paginated list and a CSV export of the same filter."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.audit import selectors
from tenant_apps.audit.filters import AuditEventFilter
from tenant_apps.audit.models import AuditEvent
from tenant_apps.audit.permissions import AUDIT_EVENT_EXPORT, AUDIT_EVENT_VIEW
from tenant_apps.core.api.export import Column, ExportApiView, export_schema
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


def _data(event: AuditEvent) -> str:
    return json.dumps(event.data, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)


EXPORT_SPEC = [
    Column("id", "pk"),
    Column("occurred_at", "occurred_at"),
    Column("actor", "actor_id"),
    Column("actor_email", "actor_email"),
    Column("action", "action"),
    Column("target_type", "target_type"),
    Column("target_id", "target_id"),
    Column("ip", "ip"),
    Column("user_agent", "user_agent"),
    Column("data", _data),
]


class AuditEventExportApi(ExportApiView):
    """The current filter and ordering as Excel (`?format=xlsx`) or CSV (`?format=csv`, the
    default here, streamed), one event per row."""

    required_permission = AUDIT_EVENT_EXPORT
    filterset_class = AuditEventFilter
    ordering_fields = ORDERING_FIELDS
    filter_backends = FILTER_BACKENDS
    export_basename = "audit-events"
    export_columns = EXPORT_SPEC
    default_format = "csv"

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return selectors.audit_event_list()

    @export_schema("audit_events_export")
    def get(
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponse | StreamingHttpResponse:
        return super().get(request, *args, **kwargs)


class AuditDailyCountOutput(serializers.Serializer[Any]):
    date = serializers.DateField()
    count = serializers.IntegerField()


class AuditDailyInput(serializers.Serializer[Any]):
    days = serializers.IntegerField(min_value=1, max_value=366, default=30)


class AuditEventDailyApi(APIView):
    """Events per day (company time zone) over the last `days` days, today included, with
    zero-count days filled in: the dashboard's activity chart. One query."""

    permission_classes = [TenantPermission]
    required_permission = AUDIT_EVENT_VIEW

    @extend_schema(
        operation_id="audit_events_daily",
        parameters=[AuditDailyInput],
        responses=AuditDailyCountOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        params = AuditDailyInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows = selectors.audit_event_daily_counts(days=params.validated_data["days"])
        return Response(AuditDailyCountOutput(rows, many=True).data)
