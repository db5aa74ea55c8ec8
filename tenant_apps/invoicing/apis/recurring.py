"""Recurring invoices (ADR 0064): `/recurring/` lists the schedules and creates one from an
invoice; `/recurring/<id>/` reads one with its raised invoices, and pauses, resumes or ends
it. Guarded by the invoice's codes: reading by `view`, creating by `create`, changing by
`change`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.invoicing.apis.common import money, or_404
from tenant_apps.invoicing.models import (
    Document,
    DocumentKind,
    Frequency,
    RecurringInvoice,
    RecurringRun,
)
from tenant_apps.invoicing.services import recurring as services


class RunOutput(serializers.ModelSerializer[RecurringRun]):
    number = serializers.CharField(source="document.number")
    status = serializers.CharField(source="document.status")
    total = money(source="document.total")

    class Meta:
        model = RecurringRun
        fields = ["date", "document", "number", "status", "total"]


class RecurringOutput(serializers.ModelSerializer[RecurringInvoice]):
    template_number = serializers.CharField(source="template.number")
    partner_name = serializers.CharField(source="template.partner.name")
    currency = serializers.CharField(source="template.currency")
    total = money(source="template.total")
    runs_count = serializers.IntegerField(source="occurrences")

    class Meta:
        model = RecurringInvoice
        fields = [
            "id",
            "template",
            "template_number",
            "partner_name",
            "currency",
            "total",
            "frequency",
            "start_date",
            "end_date",
            "next_date",
            "runs_count",
            "auto_post",
            "auto_email",
            "is_active",
            "last_error",
        ]


class RecurringDetailOutput(RecurringOutput):
    runs = serializers.SerializerMethodField()

    class Meta(RecurringOutput.Meta):
        fields = [*RecurringOutput.Meta.fields, "runs"]

    @extend_schema_field(RunOutput(many=True))
    def get_runs(self, obj: RecurringInvoice) -> list[dict[str, Any]]:
        runs = obj.runs.select_related("document").order_by("-date")[:24]
        return list(RunOutput(runs, many=True).data)


class RecurringInput(serializers.Serializer[Any]):
    template = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.filter(kind=DocumentKind.INVOICE),
        help_text="The invoice each occurrence copies",
    )
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    start_date = serializers.DateField(help_text="The first occurrence")
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    auto_post = serializers.BooleanField(required=False, default=False)
    auto_email = serializers.BooleanField(
        required=False, default=False, help_text="E-mail each posted one to the customer"
    )


class RecurringChangeInput(serializers.Serializer[Any]):
    is_active = serializers.BooleanField(required=False)
    auto_post = serializers.BooleanField(required=False)
    auto_email = serializers.BooleanField(required=False)
    end_date = serializers.DateField(required=False, allow_null=True)


def _queryset() -> Any:
    return RecurringInvoice.objects.select_related("template__partner").order_by(
        "-is_active", "next_date", "id"
    )


class RecurringListApi(generics.ListAPIView[RecurringInvoice]):
    """The schedules, active first, soonest due first."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "invoicing.invoice.view", "POST": "invoicing.invoice.create"}
    serializer_class = RecurringOutput

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return _queryset()

    @extend_schema(request=RecurringInput, responses={201: RecurringDetailOutput})
    def post(self, request: Request) -> Response:
        """Repeat an invoice: monthly, quarterly, half-yearly or yearly from a first date, until
        an end date or for ever; `auto_post` posts each occurrence (else it waits as a draft)."""
        data = RecurringInput(data=request.data)
        data.is_valid(raise_exception=True)
        schedule = services.recurring_create(user=request.user, **data.validated_data)
        return Response(
            RecurringDetailOutput(_queryset().get(pk=schedule.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class RecurringDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {"GET": "invoicing.invoice.view", "PATCH": "invoicing.invoice.change"}

    @extend_schema(responses=RecurringDetailOutput)
    def get(self, request: Request, schedule_id: int) -> Response:
        schedule = or_404(_queryset().get, pk=schedule_id)
        return Response(RecurringDetailOutput(schedule).data)

    @extend_schema(request=RecurringChangeInput, responses=RecurringDetailOutput)
    def patch(self, request: Request, schedule_id: int) -> Response:
        """Pause (`is_active` false) or resume, post automatically or not, set or clear the
        end date."""
        schedule = or_404(_queryset().get, pk=schedule_id)
        data = RecurringChangeInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.recurring_update(user=request.user, schedule=schedule, data=data.validated_data)
        return Response(RecurringDetailOutput(_queryset().get(pk=schedule_id)).data)
