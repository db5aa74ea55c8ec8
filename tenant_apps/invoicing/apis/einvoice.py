"""E-invoicing (ADR 0062): a posted invoice or credit note as the IRP's JSON, the IRP's answer
recorded on it, and the IRN's cancellation on the IRP. `/invoices/<id>/einvoice/…` and
`/notes/<id>/einvoice/…`: the JSON is a file (the resource's `export`), recording and
cancelling belong with posting (`approve`)."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.exports.responses import attachment
from tenant_apps.invoicing import einvoice, selectors
from tenant_apps.invoicing.apis.common import or_404
from tenant_apps.invoicing.models import Document, DocumentKind, EInvoice, EInvoiceCancelReason


class EInvoiceOutput(serializers.ModelSerializer[EInvoice]):
    class Meta:
        model = EInvoice
        fields = [
            "irn",
            "ack_number",
            "ack_date",
            "status",
            "cancelled_at",
            "cancel_reason",
            "cancel_remark",
            "signed_qr_code",
        ]


class EInvoiceRecordInput(serializers.Serializer[Any]):
    irn = serializers.CharField(max_length=80, help_text="The IRN (64 hexadecimal characters)")
    ack_number = serializers.CharField(max_length=30, help_text="The IRP's AckNo")
    ack_date = serializers.DateTimeField(help_text="The IRP's AckDt")
    signed_qr_code = serializers.CharField(
        max_length=20000, help_text="The IRP's SignedQRCode (a JWT), printed on the PDF"
    )


class EInvoiceCancelInput(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(
        choices=EInvoiceCancelReason.choices, help_text="The IRP's reason code"
    )
    remark = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class _EInvoiceBase(APIView):
    permission_classes = [TenantPermission]
    kinds: ClassVar[tuple[str, ...]] = ()

    def _document(self, document_id: int) -> Document:
        return or_404(selectors.document_get, document_id=document_id, kinds=self.kinds)


class _JsonBase(_EInvoiceBase):
    @extend_schema(responses={(200, "application/json"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request, document_id: int) -> Any:
        """The document as the IRP's JSON (schema 1.1), a download named after its number.
        400 `einvoice_not_applicable` (a draft, a B2C document, a bill) or
        `einvoice_incomplete` (what is missing, field by field)."""
        document = self._document(document_id)
        body = einvoice.einvoice_json(document)
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        return attachment(
            content,
            filename=f"einvoice-{document.number.replace('/', '-')}.json",
            content_type="application/json",
        )


class _RecordBase(_EInvoiceBase):
    @extend_schema(request=EInvoiceRecordInput, responses={201: EInvoiceOutput})
    def post(self, request: Request, document_id: int) -> Response:
        """Record the IRP's answer: IRN, acknowledgement number and date, signed QR code. The
        QR code must name this document and the company's GSTIN (409 when one is recorded)."""
        data = EInvoiceRecordInput(data=request.data)
        data.is_valid(raise_exception=True)
        recorded = einvoice.einvoice_record(
            user=request.user, document=self._document(document_id), **data.validated_data
        )
        return Response(EInvoiceOutput(recorded).data, status=status.HTTP_201_CREATED)


class _CancelBase(_EInvoiceBase):
    @extend_schema(request=EInvoiceCancelInput, responses=EInvoiceOutput)
    def post(self, request: Request, document_id: int) -> Response:
        """Record that the IRN was cancelled on the IRP (within 24 hours of its
        acknowledgement; later, 400 `einvoice_cancel_window`)."""
        data = EInvoiceCancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        cancelled = einvoice.einvoice_cancel(
            user=request.user, document=self._document(document_id), **data.validated_data
        )
        return Response(EInvoiceOutput(cancelled).data)


INVOICES = (DocumentKind.INVOICE,)
NOTES = (DocumentKind.CREDIT_NOTE, DocumentKind.DEBIT_NOTE)


class InvoiceEInvoiceJsonApi(_JsonBase):
    kinds = INVOICES
    required_permission = "invoicing.invoice.export"


class InvoiceEInvoiceApi(_RecordBase):
    kinds = INVOICES
    required_permission = "invoicing.invoice.approve"


class InvoiceEInvoiceCancelApi(_CancelBase):
    kinds = INVOICES
    required_permission = "invoicing.invoice.approve"


class NoteEInvoiceJsonApi(_JsonBase):
    kinds = NOTES
    required_permission = "invoicing.note.export"


class NoteEInvoiceApi(_RecordBase):
    kinds = NOTES
    required_permission = "invoicing.note.approve"


class NoteEInvoiceCancelApi(_CancelBase):
    kinds = NOTES
    required_permission = "invoicing.note.approve"


# In bulk ------------------------------------------------------------------------------------
class EInvoiceImportInput(serializers.Serializer[Any]):
    answers = serializers.ListField(
        child=serializers.DictField(),
        min_length=1,
        max_length=einvoice.BULK_LIMIT,
        help_text="The IRP's answers (Irn, AckNo, AckDt, SignedQRCode each), as its bulk "
        "upload's answer file lists them",
    )


class EInvoiceImportedOutput(serializers.Serializer[Any]):
    number = serializers.CharField(source="document.number")
    irn = serializers.CharField()


def einvoice_bulk_views(list_api: Any) -> tuple[Any, Any]:
    """`<prefix>/einvoice/json/`: the list's current filter, the documents of it waiting for an
    IRN, as one file for the IRP's bulk upload; `<prefix>/einvoice/import/`: the IRP's answers
    to it, recorded (ADR 0062)."""

    class BulkJsonApi(list_api):  # type: ignore[valid-type,misc]
        __doc__ = (
            "The documents of the list's filter that wait for an IRN, as one JSON list for the "
            f"IRP's bulk upload (at most {einvoice.BULK_LIMIT}); 400 when none waits or one "
            "cannot go yet (each named)."
        )
        required_permission = f"invoicing.{list_api.resource}.export"
        pagination_class = None

        @extend_schema(
            responses={(200, "application/json"): OpenApiResponse(OpenApiTypes.BINARY)},
            operation_id=f"invoicing_{list_api.resource}s_einvoice_bulk_json",
        )
        def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
            files = einvoice.einvoice_bulk_json(self.filter_queryset(self.get_queryset()))
            content = json.dumps(files, ensure_ascii=False, separators=(",", ":")).encode()
            day = timezone.localdate().isoformat()
            return attachment(
                content,
                filename=f"einvoices-{list_api.resource}s-{day}.json",
                content_type="application/json",
            )

    class BulkImportApi(APIView):
        __doc__ = (
            "Record the IRP's answers to a bulk upload, each matched to its document by the "
            "number its QR code names; all or none (400 naming each answer that does not fit)."
        )
        permission_classes = [TenantPermission]
        required_permission = f"invoicing.{list_api.resource}.approve"

        @extend_schema(
            request=EInvoiceImportInput,
            responses={201: EInvoiceImportedOutput(many=True)},
            operation_id=f"invoicing_{list_api.resource}s_einvoice_import",
        )
        def post(self, request: Request) -> Response:
            data = EInvoiceImportInput(data=request.data)
            data.is_valid(raise_exception=True)
            recorded = einvoice.einvoice_import(
                user=request.user, kinds=list_api.kinds, answers=data.validated_data["answers"]
            )
            return Response(
                EInvoiceImportedOutput(recorded, many=True).data, status=status.HTTP_201_CREATED
            )

    BulkJsonApi.post = None  # type: ignore[assignment]
    return (
        BulkJsonApi.as_view(http_method_names=["get", "head", "options"]),
        BulkImportApi.as_view(),
    )
