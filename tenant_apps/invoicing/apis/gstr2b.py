"""GSTR-2B reconciliation (ADR 0065). `/gstr2b/` lists the imported months and imports the
portal's file (multipart `file`); `/gstr2b/<YYYY-MM>/` is the month's reconciliation
(`?format=xlsx|pdf` its file), DELETE removes the import; `/gstr2b/lines/<id>/` links a row to
a document or unlinks it. Guarded by the bill's codes: reading by `view`, the file by
`export`, every write by `change`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.exports.responses import PDF_TYPE, XLSX_TYPE, report_response
from tenant_apps.invoicing import gstr2b, report_tables
from tenant_apps.invoicing.apis.common import money, or_404
from tenant_apps.invoicing.apis.reports import FileContentNegotiation
from tenant_apps.invoicing.models import Document, Gstr2bLine, Gstr2bReturn
from tenant_apps.invoicing.services import gstr2b as services

MAX_FILE = 50 * 1024 * 1024  # the portal splits a larger month into several files


class Gstr2bReturnOutput(serializers.ModelSerializer[Gstr2bReturn]):
    month = serializers.SerializerMethodField()
    rows = serializers.IntegerField(
        source="rows_count", read_only=True, default=None, help_text="In the list; null elsewhere"
    )

    class Meta:
        model = Gstr2bReturn
        fields = [
            "id",
            "month",
            "period",
            "gstin",
            "generated_on",
            "file_name",
            "skipped",
            "rows",
            "updated_at",
        ]

    def get_month(self, obj: Gstr2bReturn) -> str:
        return obj.period.strftime("%Y-%m")


class Gstr2bDocumentBrief(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    number = serializers.CharField()
    reference = serializers.CharField()
    date = serializers.DateField()
    status = serializers.CharField()
    partner_name = serializers.CharField()
    gstin = serializers.CharField()
    taxable_value = money()
    igst = money()
    cgst = money()
    sgst = money()
    cess = money()


class Gstr2bRowOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="line.id")
    section = serializers.CharField(source="line.section")
    doc_type = serializers.CharField(source="line.doc_type")
    supplier_gstin = serializers.CharField(source="line.supplier_gstin")
    supplier_name = serializers.CharField(source="line.supplier_name")
    number = serializers.CharField(source="line.number")
    date = serializers.DateField(source="line.date")
    taxable_value = money(source="line.taxable_value")
    igst = money(source="line.igst")
    cgst = money(source="line.cgst")
    sgst = money(source="line.sgst")
    cess = money(source="line.cess")
    value = money(source="line.value")
    place_of_supply = serializers.CharField(source="line.place_of_supply")
    reverse_charge = serializers.BooleanField(source="line.reverse_charge")
    itc_available = serializers.CharField(source="line.itc_available")
    linked_by_hand = serializers.BooleanField(source="line.linked_by_hand")
    state = serializers.CharField(help_text="matched, mismatch or missing_in_books")
    differences = serializers.ListField(
        child=serializers.CharField(),
        help_text="What differs from the linked document: taxable_value, igst, cgst, sgst, "
        "cess (by more than ₹1), date, cancelled, reverse_charge (on one side only)",
    )
    document = Gstr2bDocumentBrief(allow_null=True)
    suggestions = Gstr2bDocumentBrief(many=True, help_text="Unlinked documents that could be it")


class Gstr2bSummaryItem(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    taxable_value = money()
    tax = money()


class Gstr2bSummaryOutput(serializers.Serializer[Any]):
    matched = Gstr2bSummaryItem()
    mismatch = Gstr2bSummaryItem()
    missing_in_books = Gstr2bSummaryItem()
    missing_in_2b = Gstr2bSummaryItem()


class Gstr2bReconciliationOutput(serializers.Serializer[Any]):
    statement = Gstr2bReturnOutput()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    summary = Gstr2bSummaryOutput()
    rows = Gstr2bRowOutput(many=True)
    missing_in_2b = Gstr2bDocumentBrief(many=True)


class Gstr2bImportInput(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="GSTR-2B as the GST portal's JSON download")


class Gstr2bDateFromInput(serializers.Serializer[Any]):
    date_from = serializers.DateField(required=False)


class Gstr2bLinkInput(serializers.Serializer[Any]):
    document = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), allow_null=True, help_text="null unlinks"
    )


def _month(month: str) -> dt.date:
    try:
        return dt.datetime.strptime(month, "%Y-%m").date()
    except ValueError as exc:
        raise ApplicationError(
            "A month as YYYY-MM.", code="invalid", fields={"month": ["A month as YYYY-MM."]}
        ) from exc


def _statement(month: str) -> Gstr2bReturn:
    return or_404(Gstr2bReturn.objects.get, period=_month(month))


class Gstr2bListApi(APIView):
    """The imported months, newest first; POST imports the portal's GSTR-2B file."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "invoicing.bill.view", "POST": "invoicing.bill.change"}
    parser_classes = [MultiPartParser]

    @extend_schema(responses=Gstr2bReturnOutput(many=True))
    def get(self, request: Request) -> Response:
        months = Gstr2bReturn.objects.annotate(rows_count=Count("lines")).order_by("-period")
        return Response(Gstr2bReturnOutput(months, many=True).data)

    @extend_schema(
        request={"multipart/form-data": Gstr2bImportInput},
        responses={201: Gstr2bReconciliationOutput},
    )
    def post(self, request: Request) -> Response:
        """Import a month (replacing its earlier import; links made by hand carry over) and
        link its rows to the bills and notes with the same supplier GSTIN and number."""
        form = Gstr2bImportInput(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if upload.size > MAX_FILE:
            message = "The file is larger than 50 MB; import the portal's files one by one."
            raise ApplicationError(message, code="invalid_file", fields={"file": [message]})
        statement = services.gstr2b_import(
            user=request.user, content=upload.read(), file_name=upload.name or ""
        )
        result = gstr2b.reconciliation(statement)
        return Response(Gstr2bReconciliationOutput(result).data, status=status.HTTP_201_CREATED)


class Gstr2bDetailApi(APIView):
    """One month's reconciliation: its rows with their state, the documents missing from it
    (`date_from`: from which date a document counts, default the month's first day)."""

    permission_classes = [TenantPermission]
    content_negotiation_class = FileContentNegotiation

    @property
    def required_permission(self) -> str:
        if self.request.method == "DELETE":
            return "invoicing.bill.change"
        fmt = self.request.query_params.get("format") or "json"
        return "invoicing.bill.view" if fmt == "json" else "invoicing.bill.export"

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE, required=False),
            OpenApiParameter("format", str, required=False, enum=["json", "xlsx", "pdf"]),
        ],
        responses={
            200: Gstr2bReconciliationOutput,
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
            (200, PDF_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request: Request, month: str) -> Any:
        fmt = request.query_params.get("format") or "json"
        if fmt not in ("json", "xlsx", "pdf"):
            raise ApplicationError(
                "Choose a format: json, xlsx, pdf.",
                code="invalid",
                fields={"format": [f"{fmt!r} is not one of json, xlsx, pdf."]},
            )
        query = Gstr2bDateFromInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = gstr2b.reconciliation(_statement(month), **query.validated_data)
        if fmt != "json":
            return report_response(
                report_tables.gstr2b_report(result), fmt=fmt, filename=f"gstr2b-{month}"
            )
        return Response(Gstr2bReconciliationOutput(result).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, month: str) -> Response:
        services.gstr2b_delete(user=request.user, statement=_statement(month))
        return Response(status=status.HTTP_204_NO_CONTENT)


class Gstr2bLineApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = "invoicing.bill.change"

    @extend_schema(request=Gstr2bLinkInput, responses=Gstr2bRowOutput)
    def patch(self, request: Request, line_id: int) -> Response:
        """Link the row to a posted bill or debit note of the same supplier, or unlink it."""
        line = or_404(Gstr2bLine.objects.select_related("statement").get, pk=line_id)
        data = Gstr2bLinkInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.gstr2b_link(user=request.user, line=line, document=data.validated_data["document"])
        line = Gstr2bLine.objects.select_related("statement", "document").get(pk=line.pk)
        return Response(Gstr2bRowOutput(gstr2b.reconciliation_row(line)).data)
