"""Accounts APIs: business signup and more companies (public host), the signed-in user and
their companies (both hosts), the login hand-off (tenant host)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts import selectors, services
from shared_apps.accounts.models import Membership, User
from shared_apps.tenants.models import Tenant
from tenant_apps.core.api.exceptions import error_body
from tenant_apps.core.exceptions import ApplicationError


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    """Lenient on purpose: the service checks every field and reports all problems at once."""
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


class CompanyCreateInput(serializers.Serializer[dict]):
    company_name = _text(1000)
    subdomain = _text(1000)
    gstin = _text(100)
    state = _text(10)


class SignupInput(CompanyCreateInput):
    full_name = _text(1000)
    email = _text(1000)
    password = _text(4096, trim_whitespace=False)


class TenantBrief(serializers.Serializer[Tenant]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    domain = serializers.CharField()


class CompanyCreatedOutput(serializers.Serializer[dict]):
    tenant = TenantBrief()
    url = serializers.URLField(help_text="The company's home on its own host.")
    login_url = serializers.URLField(
        help_text="One-time (60 s) link that signs the owner in on the company's host."
    )


def _created(request: Request, tenant: Tenant) -> Response:
    domain = tenant.get_primary_domain()
    host = domain.domain if domain else ""
    token = services.login_handoff_create(request=request._request, tenant=tenant)
    login_url = selectors.host_url(request._request, host, "/api/v1/auth/handoff/")
    body = {
        "tenant": {"id": tenant.pk, "name": tenant.name, "domain": host},
        "url": selectors.host_url(request._request, host),
        "login_url": f"{login_url}?token={token}",
    }
    return Response(CompanyCreatedOutput(body).data, status=status.HTTP_201_CREATED)


@method_decorator(csrf_protect, name="dispatch")
class SignupApi(APIView):
    """A business signs up: its owner's account, its company, and a signed-in owner."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(request=SignupInput, responses={201: CompanyCreatedOutput})
    def post(self, request: Request) -> Response:
        services.signup_rate_limit(request=request._request)
        data = SignupInput(data=request.data)
        data.is_valid(raise_exception=True)
        user, tenant = services.business_signup(**data.validated_data)
        services.session_login(request=request._request, user=user)
        services.email_verification_send(request=request._request, user=user)
        return _created(request, tenant)


class CompanyCreateApi(APIView):
    """A signed-in user adds another company, which they own."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=CompanyCreateInput, responses={201: CompanyCreatedOutput})
    def post(self, request: Request) -> Response:
        services.signup_rate_limit(request=request._request)
        data = CompanyCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        tenant = services.company_create(user=request.user, **data.validated_data)
        return _created(request, tenant)


class SignedInHere(permissions.IsAuthenticated):
    """Signed in; on a tenant host also a member of that company (404 otherwise, like every
    tenant endpoint: the company's existence is not confirmed to outsiders)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        tenant = getattr(request._request, "tenant", None)
        if tenant is not None and not selectors.is_member(request.user, tenant):
            raise NotFound()
        return True


class MeOutput(serializers.ModelSerializer[User]):
    email_verified = serializers.SerializerMethodField()
    mfa_enabled = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "email_verified", "mfa_enabled", "date_joined"]

    def get_email_verified(self, user: User) -> bool:
        return selectors.user_email_verified(user)

    def get_mfa_enabled(self, user: User) -> bool:
        return selectors.user_has_mfa(user)


class MeInput(serializers.Serializer[dict]):
    full_name = serializers.CharField(max_length=200, allow_blank=True)


class MeApi(APIView):
    """The signed-in user: GET reads, PATCH changes their own name (any signed-in user, on the
    public host or a company they belong to)."""

    permission_classes = [SignedInHere]

    @extend_schema(responses=MeOutput)
    def get(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        return Response(MeOutput(request.user).data)

    @extend_schema(request=MeInput, responses=MeOutput, operation_id="me_update")
    def patch(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        data = MeInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_profile_update(
            user=request.user, full_name=data.validated_data["full_name"]
        )
        return Response(MeOutput(user).data)


class MyCompanyOutput(serializers.Serializer[Membership]):
    id = serializers.IntegerField(source="tenant.id")
    name = serializers.CharField(source="tenant.name")
    domain = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    is_owner = serializers.BooleanField()
    status = serializers.CharField(help_text="Your membership: active or suspended.")
    company_status = serializers.CharField(source="tenant.status")

    def get_domain(self, membership: Membership) -> str:
        return selectors.membership_domain(membership)

    def get_url(self, membership: Membership) -> str:
        domain = selectors.membership_domain(membership)
        return selectors.host_url(self.context["request"], domain) if domain else ""


class MyCompaniesApi(APIView):
    """The signed-in user's companies, for the company switcher."""

    permission_classes = [SignedInHere]

    @extend_schema(responses=MyCompanyOutput(many=True))
    def get(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        memberships = selectors.user_memberships(request.user)
        output = MyCompanyOutput(
            memberships,  # type: ignore[arg-type]  # many=True takes a queryset
            many=True,
            context={"request": request._request},
        )
        return Response(output.data)


@never_cache
def login_handoff(request: HttpRequest) -> HttpResponse:
    """GET with `?token=` from the signup response: sign in here, then go to the app's home."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or request.method != "GET":
        return JsonResponse(error_body("Not found.", "not_found"), status=404)
    try:
        services.login_handoff_redeem(
            request=request, token=request.GET.get("token", ""), tenant=tenant
        )
    except ApplicationError as exc:
        return JsonResponse(error_body(exc.detail, exc.code), status=exc.status_code)
    return HttpResponseRedirect("/")
