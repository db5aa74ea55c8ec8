"""Public-host APIs: subdomain availability for the signup form, and the operators' tenant
console (provision, list, suspend, reactivate, archive)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.tenants import selectors, services
from shared_apps.tenants.models import Tenant
from tenant_apps.core.gst_states import GstState


def tenant_url(tenant: Tenant, request: Request) -> str:
    domain = tenant.get_primary_domain()
    if domain is None:
        return ""
    port = request.get_port()
    suffix = f":{port}" if port not in ("80", "443") else ""
    return f"{request.scheme}://{domain.domain}{suffix}/"


class SubdomainCheckApi(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        parameters=[OpenApiParameter("name", str, required=True)],
        responses=inline_serializer(
            "SubdomainCheck",
            {
                "name": serializers.CharField(),
                "domain": serializers.CharField(),
                "available": serializers.BooleanField(),
                "errors": serializers.ListField(child=serializers.CharField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        name = request.query_params.get("name", "").strip()
        available, errors = selectors.subdomain_is_available(name)
        return Response(
            {
                "name": name,
                "domain": f"{name}.{settings.BASE_DOMAIN}",
                "available": available,
                "errors": errors,
            }
        )


class TenantOutput(serializers.ModelSerializer[Tenant]):
    domain = serializers.SerializerMethodField()

    class Meta:
        model = Tenant
        fields = [
            "id",
            "name",
            "schema_name",
            "status",
            "status_reason",
            "domain",
            "created_at",
            "activated_at",
            "suspended_at",
            "archived_at",
        ]

    def get_domain(self, tenant: Tenant) -> str:
        domains = list(tenant.domains.all())
        return domains[0].domain if domains else ""


class TenantProvisionInput(serializers.Serializer[dict]):
    name = serializers.CharField(max_length=200)
    subdomain = serializers.CharField(max_length=63)
    gstin = serializers.CharField(max_length=15, required=False, allow_blank=True, default="")
    state = serializers.ChoiceField(
        choices=GstState.choices, required=False, allow_blank=True, default=""
    )


class OperatorTenantListApi(generics.ListAPIView[Tenant]):
    """Operators: every tenant. POST provisions a company from the standby pool."""

    permission_classes = [permissions.IsAdminUser]
    serializer_class = TenantOutput
    filterset_fields = ["status"]
    search_fields = ["name", "domains__domain", "schema_name"]
    ordering_fields = ["id", "name", "created_at"]
    ordering = ["id"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Tenant.objects.exclude(status="template").prefetch_related("domains")

    @extend_schema(request=TenantProvisionInput, responses={201: TenantOutput})
    def post(self, request: Request) -> Response:
        data = TenantProvisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        tenant = services.tenant_provision(**data.validated_data)
        body = TenantOutput(tenant).data
        body["url"] = tenant_url(tenant, request)
        return Response(body, status=status.HTTP_201_CREATED)


class TenantReasonInput(serializers.Serializer[dict]):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class OperatorTenantActionApi(APIView):
    permission_classes = [permissions.IsAdminUser]
    action_name = ""

    @extend_schema(request=TenantReasonInput, responses=TenantOutput)
    def post(self, request: Request, pk: int) -> Response:
        tenant = get_object_or_404(Tenant.objects.exclude(status="template"), pk=pk)
        data = TenantReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        if self.action_name == "suspend":
            tenant = services.tenant_suspend(tenant=tenant, reason=data.validated_data["reason"])
        elif self.action_name == "archive":
            tenant = services.tenant_archive(tenant=tenant, reason=data.validated_data["reason"])
        else:
            tenant = services.tenant_reactivate(tenant=tenant)
        return Response(TenantOutput(tenant).data)
