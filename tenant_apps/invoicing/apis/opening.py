"""Opening balances (ADR 0046): what has been brought forward, the spreadsheet template, and the
import of unpaid invoices and bills from it.

Who may import: bringing an invoice (bill) forward creates and posts it, so a row of each type
needs that type's `create` and `approve` codes. Any of the four opens the endpoint; a file with a
row type the caller may not create and post is refused whole with 403 `permission_denied`,
naming what is missing, before anything is read from the database."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.permissions import TenantPermission, member_access_require
from tenant_apps.invoicing import selectors
from tenant_apps.invoicing.apis.common import money
from tenant_apps.invoicing.apis.documents import DocumentListOutput
from tenant_apps.invoicing.services import opening as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# the codes a row of each type needs
TYPE_PERMISSIONS = {
    "invoice": ("invoicing.invoice.create", "invoicing.invoice.approve"),
    "bill": ("invoicing.bill.create", "invoicing.bill.approve"),
}
IMPORT_CODES = tuple(code for codes in TYPE_PERMISSIONS.values() for code in codes)


class OpeningImportPermission(TenantPermission):
    """Members holding any of the invoice or bill create/approve codes; the rows' types are
    checked against them once the file is read (`OpeningImportApi`)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if getattr(getattr(connection, "tenant", None), "pk", None) is None:
            return False
        if not request.user or not request.user.is_authenticated:
            return False
        access = member_access_require(request)
        return any(access.has(code) for code in IMPORT_CODES)


class OpeningSideOutput(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    drafts = serializers.IntegerField(help_text="Opening drafts not yet posted (not counted)")
    total_base = money()
    open_base = money()


class OpeningAccountOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class OpeningEntryOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    date = serializers.DateField()
    status = serializers.CharField()
    narration = serializers.CharField()
    debit = money(help_text="Debits to the opening balance account")
    credit = money(help_text="Credits to the opening balance account")


class OpeningSummaryOutput(serializers.Serializer[Any]):
    as_of = serializers.DateField()
    account = OpeningAccountOutput()
    debit = money()
    credit = money()
    balance = money(help_text="Credit minus debit; zero when the opening balances are complete")
    invoices = OpeningSideOutput()
    bills = OpeningSideOutput()
    entries = OpeningEntryOutput(many=True)


class OpeningSummaryApi(APIView):
    """The opening balance account's balance today, the opening invoices and bills, and the
    opening journal entries (on that account, not from documents)."""

    permission_classes = [TenantPermission]
    required_permission = "invoicing.report.view"

    @extend_schema(responses=OpeningSummaryOutput)
    def get(self, request: Request) -> Response:
        summary = selectors.opening_balances_summary(as_of=timezone.localdate())
        return Response(OpeningSummaryOutput(summary).data)


class OpeningTemplateApi(APIView):
    """The import template (.xlsx): the columns and one example row per type."""

    permission_classes = [OpeningImportPermission]
    required_permission = "invoicing.invoice.create"  # documentation: the gate is any of four

    @extend_schema(responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request) -> HttpResponse:
        response = HttpResponse(services.opening_template(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="opening-balances.xlsx"'
        return response


class OpeningImportInput(serializers.Serializer[Any]):
    file = serializers.FileField()


class OpeningImportOutput(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    documents = DocumentListOutput(many=True)


class OpeningImportApi(APIView):
    """Create and post one opening invoice or bill per row of an .xlsx (columns as in the
    template). All rows or none: every row's errors come back as
    `fields["rows.<row number>.<column>"]`."""

    permission_classes = [OpeningImportPermission]
    required_permission = "invoicing.invoice.create"
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": OpeningImportInput},
        responses={201: OpeningImportOutput},
    )
    def post(self, request: Request) -> Response:
        upload = OpeningImportInput(data=request.data)
        upload.is_valid(raise_exception=True)
        rows = services.opening_rows_read(upload.validated_data["file"])
        access = member_access_require(request)
        types = {str(raw.get("type", "")).strip().lower() for _, raw in rows}
        for kind, codes in TYPE_PERMISSIONS.items():
            missing = [code for code in codes if not access.has(code)]
            if kind in types and missing:
                raise PermissionDenied(
                    f"Importing {kind}s creates and posts them: you need {', '.join(missing)}."
                )
        documents = services.opening_import(user=request.user, rows=rows)
        return Response(
            OpeningImportOutput({"created": len(documents), "documents": documents}).data,
            status=status.HTTP_201_CREATED,
        )
