"""Core tenant APIs: company settings and document sequences."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.core import selectors, services
from tenant_apps.core.api.permissions import TenantPermission
from tenant_apps.core.gst_states import GstState
from tenant_apps.core.models import CompanySettings, DocumentSequence


class CompanySettingsOutput(serializers.ModelSerializer[CompanySettings]):
    class Meta:
        model = CompanySettings
        fields = [
            "name",
            "legal_name",
            "gstin",
            "state",
            "fiscal_year_start_month",
            "fiscal_year_start_day",
            "base_currency",
            "logo_url",
            "updated_at",
        ]

    logo_url = serializers.SerializerMethodField()

    def get_logo_url(self, company: CompanySettings) -> str | None:
        if not company.logo:
            return None
        return f"/api/v1/core/company/logo/?v={int(company.updated_at.timestamp())}"


class CompanySettingsInput(serializers.Serializer[dict]):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    legal_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    gstin = serializers.CharField(max_length=15, required=False, allow_blank=True)
    state = serializers.ChoiceField(choices=GstState.choices, required=False, allow_blank=True)
    fiscal_year_start_month = serializers.IntegerField(min_value=1, max_value=12, required=False)
    fiscal_year_start_day = serializers.IntegerField(min_value=1, max_value=28, required=False)
    base_currency = serializers.RegexField(r"^[A-Z]{3}$", required=False)


class CompanySettingsApi(APIView):
    permission_classes = [TenantPermission]
    required_permission = {
        "GET": "core.company.view",
        "PATCH": "core.company.change",
    }

    @extend_schema(responses=CompanySettingsOutput, operation_id="core_company_retrieve")
    def get(self, request: Request) -> Response:
        return Response(CompanySettingsOutput(selectors.company_settings_get()).data)

    @extend_schema(
        request=CompanySettingsInput,
        responses=CompanySettingsOutput,
        operation_id="core_company_update",
    )
    def patch(self, request: Request) -> Response:
        data = CompanySettingsInput(data=request.data)
        data.is_valid(raise_exception=True)
        company = services.company_settings_update(user=request.user, data=data.validated_data)
        return Response(CompanySettingsOutput(company).data)


class CompanyLogoInput(serializers.Serializer[dict]):
    logo = serializers.FileField(help_text="PNG, JPEG or WebP, at most 1 MB.")


class CompanyLogoApi(APIView):
    """The company's logo: GET serves it (never inline HTML: an image type fixed at upload, an
    attachment disposition, a sandbox CSP, no sniffing), PUT replaces it (multipart field
    `logo`), DELETE removes it."""

    permission_classes = [TenantPermission]
    parser_classes = [MultiPartParser]
    required_permission = {
        "GET": "core.company.view",
        "PUT": "core.company.change",
        "DELETE": "core.company.change",
    }

    @extend_schema(
        operation_id="core_company_logo_retrieve",
        responses={(200, "image/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The logo")},
    )
    def get(self, request: Request) -> HttpResponse:
        company = selectors.company_settings_get()
        if not company.logo:
            raise NotFound("This company has no logo.")
        with company.logo.open("rb") as handle:
            data = handle.read()
        extension = company.logo_type.split("/")[-1].replace("jpeg", "jpg")
        response = HttpResponse(data, content_type=company.logo_type)
        response["Content-Disposition"] = f'attachment; filename="logo.{extension}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, max-age=86400"
        return response

    @extend_schema(
        operation_id="core_company_logo_update",
        request={"multipart/form-data": CompanyLogoInput},
        responses=CompanySettingsOutput,
    )
    def put(self, request: Request) -> Response:
        data = CompanyLogoInput(data=request.data)
        data.is_valid(raise_exception=True)
        company = services.company_logo_set(user=request.user, upload=data.validated_data["logo"])
        return Response(CompanySettingsOutput(company).data)

    @extend_schema(
        operation_id="core_company_logo_destroy", request=None, responses=CompanySettingsOutput
    )
    def delete(self, request: Request) -> Response:
        company = services.company_logo_set(user=request.user, upload=None)
        return Response(CompanySettingsOutput(company).data)


class DocumentSequenceOutput(serializers.ModelSerializer[DocumentSequence]):
    class Meta:
        model = DocumentSequence
        fields = ["id", "series", "fiscal_year", "prefix", "padding", "last_value"]


class DocumentSequenceListApi(generics.ListAPIView[DocumentSequence]):
    permission_classes = [TenantPermission]
    required_permission = "core.sequence.view"
    serializer_class = DocumentSequenceOutput
    filterset_fields = ["series", "fiscal_year"]
    ordering_fields = ["series", "fiscal_year", "last_value"]
    search_fields = ["series", "prefix"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.document_sequence_list()
