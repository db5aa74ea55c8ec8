"""Partner APIs: list/search, create, detail, update, delete, Excel export and import."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core.api.export import (
    Column,
    ExportContentNegotiation,
    export_format_of,
    export_response,
)
from tenant_apps.core.api.partial import partial_values
from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.fields import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS
from tenant_apps.core.gst_states import GstState
from tenant_apps.partners import excel, selectors, services
from tenant_apps.partners.filters import PartnerFilter
from tenant_apps.partners.models import Partner, PartnerContact


class ContactSerializer(serializers.ModelSerializer[PartnerContact]):
    class Meta:
        model = PartnerContact
        fields = ["id", "name", "designation", "email", "phone", "is_primary"]
        read_only_fields = ["id"]


class ContactInput(ContactSerializer):
    """A contact in a partner write: with the `id` of one of the partner's contacts it edits
    that contact; without one it adds a contact. Contacts left out of the list are removed."""

    id = serializers.IntegerField(required=False, min_value=1)

    class Meta(ContactSerializer.Meta):
        read_only_fields: list[str] = []


class PartnerOutput(serializers.ModelSerializer[Partner]):
    contacts = ContactSerializer(many=True, read_only=True)
    state_name = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Partner
        fields = [
            "id",
            "code",
            "name",
            "legal_name",
            "is_customer",
            "is_vendor",
            "gstin",
            "pan",
            "state",
            "state_name",
            "billing_address",
            "billing_city",
            "billing_state",
            "billing_pincode",
            "shipping_address",
            "shipping_city",
            "shipping_state",
            "shipping_pincode",
            "email",
            "phone",
            "payment_terms_days",
            "credit_limit",
            "currency",
            "tags",
            "send_reminders",
            "credit_hold_exempt",
            "reverse_charge",
            "is_active",
            "contacts",
            "created_at",
            "updated_at",
        ]


STATE_CHOICES = [("", "—"), *GstState.choices]


class PartnerInput(serializers.Serializer[Any]):
    code = serializers.RegexField(r"^[A-Za-z0-9][A-Za-z0-9/_-]*$", max_length=30, required=False)
    name = serializers.CharField(max_length=200)
    legal_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_customer = serializers.BooleanField(required=False)
    is_vendor = serializers.BooleanField(required=False)
    gstin = serializers.CharField(max_length=15, required=False, allow_blank=True)
    pan = serializers.CharField(max_length=10, required=False, allow_blank=True)
    billing_address = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    billing_city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    billing_state = serializers.ChoiceField(choices=STATE_CHOICES, required=False)
    billing_pincode = serializers.RegexField(r"^\d{6}$|^$", required=False, allow_blank=True)
    shipping_address = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    shipping_city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    shipping_state = serializers.ChoiceField(choices=STATE_CHOICES, required=False)
    shipping_pincode = serializers.RegexField(r"^\d{6}$|^$", required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    payment_terms_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    credit_limit = serializers.DecimalField(
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=AMOUNT_DECIMAL_PLACES,
        min_value=0,  # type: ignore[arg-type]
        required=False,
    )
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=40), max_length=20, required=False
    )
    send_reminders = serializers.BooleanField(
        required=False, help_text="Automatic payment reminders for this customer (default on)"
    )
    credit_hold_exempt = serializers.BooleanField(
        required=False,
        help_text="Never put on credit hold for overdue invoices (default off; the limit holds)",
    )
    reverse_charge = serializers.BooleanField(
        required=False,
        help_text="A vendor whose bills are under reverse charge by default: a goods transport "
        "agency, an advocate, a supplier abroad (default off)",
    )
    is_active = serializers.BooleanField(required=False)
    contacts = ContactInput(many=True, required=False, max_length=50)  # type: ignore[call-arg]


def _or_404(partner_id: int) -> Partner:
    try:
        return selectors.partner_get(partner_id=partner_id)
    except ObjectDoesNotExist as exc:
        raise NotFound() from exc


class PartnerListApi(generics.ListAPIView[Partner]):
    """Customers and vendors. Search by name, legal name, GSTIN or code."""

    permission_classes = [TenantPermission]
    required_permission = {"GET": "partners.partner.view", "POST": "partners.partner.create"}
    serializer_class = PartnerOutput
    filterset_class = PartnerFilter
    search_fields = ["name", "legal_name", "gstin", "code"]
    ordering_fields = ["name", "code", "created_at", "credit_limit"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.partner_list()

    @extend_schema(request=PartnerInput, responses={201: PartnerOutput})
    def post(self, request: Request) -> Response:
        data = PartnerInput(data=request.data)
        data.is_valid(raise_exception=True)
        partner = services.partner_create(user=request.user, data=data.validated_data)
        return Response(
            PartnerOutput(selectors.partner_get(partner_id=partner.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class PartnerDetailApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {
        "GET": "partners.partner.view",
        "PATCH": "partners.partner.change",
        "DELETE": "partners.partner.delete",
    }

    @extend_schema(responses=PartnerOutput)
    def get(self, request: Request, partner_id: int) -> Response:
        return Response(PartnerOutput(_or_404(partner_id)).data)

    @extend_schema(request=PartnerInput(partial=True), responses=PartnerOutput)
    def patch(self, request: Request, partner_id: int) -> Response:
        partner = _or_404(partner_id)
        data = PartnerInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = partial_values(data, replacing={"contacts": ContactInput})
        services.partner_update(user=request.user, partner=partner, data=values)
        return Response(PartnerOutput(selectors.partner_get(partner_id=partner.pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, partner_id: int) -> Response:
        services.partner_delete(user=request.user, partner=_or_404(partner_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PartnerExportApi(generics.ListAPIView[Partner]):
    """The filtered partner list as an Excel workbook (the import template's layout)."""

    permission_classes = [TenantPermission]
    required_permission = "partners.partner.export"
    content_negotiation_class = ExportContentNegotiation
    filterset_class = PartnerFilter
    search_fields = ["name", "legal_name", "gstin", "code"]
    ordering_fields = ["name", "code", "created_at"]
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Partner.objects.order_by("name", "id")

    @extend_schema(responses={(200, excel.XLSX): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:  # type: ignore[override]
        partners = self.filter_queryset(self.get_queryset())
        if export_format_of(request, default="xlsx") == "csv":
            return export_response(  # type: ignore[return-value]
                request=request,
                queryset=partners,
                columns=[Column(c, partial(excel.cell_of, column=c)) for c in excel.COLUMNS],
                basename="partners",
                fmt="csv",
            )
        response = HttpResponse(excel.partners_workbook(partners), content_type=excel.XLSX)
        response["Content-Disposition"] = 'attachment; filename="partners.xlsx"'
        return response


class PartnerImportInput(serializers.Serializer[Any]):
    file = serializers.FileField()


class PartnerImportOutput(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    codes = serializers.ListField(child=serializers.CharField())


class PartnerImportApi(APIView):
    """Create partners from an .xlsx (columns as in the export). All rows or none: every row's
    errors come back as `fields["rows.<row number>.<column>"]`."""

    permission_classes = [TenantPermission]
    required_permission = "partners.partner.create"
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": PartnerImportInput}, responses=PartnerImportOutput
    )
    def post(self, request: Request) -> Response:
        upload = PartnerImportInput(data=request.data)
        upload.is_valid(raise_exception=True)
        rows = excel.partners_rows_read(upload.validated_data["file"])
        errors: dict[str, list[str]] = {}
        valid: list[tuple[int, dict[str, Any]]] = []
        for number, raw in rows:
            row = PartnerInput(data=raw)
            if row.is_valid():
                valid.append((number, dict(row.validated_data)))
            else:
                for field, messages in row.errors.items():
                    errors[f"rows.{number}.{field}"] = [str(m) for m in messages]
        errors.update(services.partners_import_errors(rows=valid))
        if errors:
            raise services.import_refusal(errors)
        created = services.partners_import(user=request.user, rows=valid)
        return Response(
            PartnerImportOutput({"created": len(created), "codes": [p.code for p in created]}).data,
            status=status.HTTP_201_CREATED,
        )
