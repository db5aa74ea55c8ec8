"""E-way bills (ADR 0063): a posted invoice's goods as the e-way bill portal's JSON, with the
transport given as query parameters, and the portal's answer recorded.
`/invoices/<id>/ewaybill/json/` (the invoice's `export`) and `/invoices/<id>/ewaybill/`
(`approve`, as posting)."""

from __future__ import annotations

import json
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.exports.responses import attachment
from tenant_apps.invoicing import ewaybill, selectors
from tenant_apps.invoicing.apis.common import or_404
from tenant_apps.invoicing.models import Document, DocumentKind, EWayBill, EWayBillCancelReason


class EWayBillOutput(serializers.ModelSerializer[EWayBill]):
    class Meta:
        model = EWayBill
        fields = [
            "number",
            "date",
            "valid_until",
            "status",
            "cancelled_at",
            "cancel_reason",
            "cancel_remark",
        ]


class EWayBillCancelInput(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(
        choices=EWayBillCancelReason.choices, help_text="The portal's code: 1 to 4"
    )
    remark = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class TransportInput(serializers.Serializer[Any]):
    mode = serializers.ChoiceField(
        choices=[("", "Part A only"), *[(m, m.title()) for m in ewaybill.MODES]],
        required=False,
        allow_blank=True,
        default="",
        help_text="road, rail, air or ship; empty files Part A only (needs transporter_id)",
    )
    distance_km = serializers.IntegerField(
        min_value=0, max_value=4000, required=False, default=0, help_text="0: the portal's"
    )
    vehicle_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )
    transporter_id = serializers.CharField(
        max_length=15, required=False, allow_blank=True, default=""
    )
    transporter_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    doc_number = serializers.CharField(
        max_length=15, required=False, allow_blank=True, default="", help_text="LR / RR / AWB / BL"
    )
    doc_date = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_vehicle_number(self, value: str) -> str:
        return "".join(value.split()).upper()

    def validate_transporter_id(self, value: str) -> str:
        return value.strip().upper()


class EWayBillRecordInput(serializers.Serializer[Any]):
    number = serializers.CharField(max_length=20, help_text="The e-way bill number (12 digits)")
    date = serializers.DateTimeField(help_text="When the portal generated it")
    valid_until = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Empty while only Part A is filed"
    )


def _invoice(document_id: int) -> Document:
    return or_404(selectors.document_get, document_id=document_id, kinds=(DocumentKind.INVOICE,))


class InvoiceEWayBillJsonApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "invoicing.invoice.export"

    @extend_schema(
        parameters=[TransportInput],
        responses={(200, "application/json"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request: Request, document_id: int) -> Any:
        """The invoice as the e-way bill portal's JSON (bulk generation), a download named
        after its number. 400 `ewaybill_not_applicable`, `ewaybill_incomplete` (what is
        missing, field by field) or on the transport fields."""
        document = _invoice(document_id)
        data = TransportInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        body = ewaybill.ewaybill_json(document, ewaybill.Transport(**data.validated_data))
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        return attachment(
            content,
            filename=f"ewaybill-{document.number.replace('/', '-')}.json",
            content_type="application/json",
        )


class InvoiceEWayBillApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "invoicing.invoice.approve"

    @extend_schema(request=EWayBillRecordInput, responses={201: EWayBillOutput})
    def post(self, request: Request, document_id: int) -> Response:
        """Record the portal's answer: number, date, validity (409 while one is active)."""
        data = EWayBillRecordInput(data=request.data)
        data.is_valid(raise_exception=True)
        recorded = ewaybill.ewaybill_record(
            user=request.user, document=_invoice(document_id), **data.validated_data
        )
        return Response(EWayBillOutput(recorded).data, status=status.HTTP_201_CREATED)


class InvoiceEWayBillCancelApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "invoicing.invoice.approve"

    @extend_schema(request=EWayBillCancelInput, responses=EWayBillOutput)
    def post(self, request: Request, document_id: int) -> Response:
        """Record the e-way bill's cancellation on the portal (within 24 hours of its
        generation: 400 `ewaybill_cancel_window` after); a new one may then be recorded."""
        data = EWayBillCancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        cancelled = ewaybill.ewaybill_cancel(
            user=request.user, document=_invoice(document_id), **data.validated_data
        )
        return Response(EWayBillOutput(cancelled).data)
