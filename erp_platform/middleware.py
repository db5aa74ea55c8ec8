"""Host routing: `/healthz` answers before any tenant lookup; every other request is routed
by its Host to the public site or to one tenant's schema."""

from __future__ import annotations

from collections.abc import Callable

import sentry_sdk
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import set_urlconf

from erp_platform.errors import refusal
from erp_platform.tenancy import connection
from shared_apps.tenants.models import TenantStatus
from shared_apps.tenants.selectors import tenant_for_host

HEALTH_PATHS = ("/healthz", "/healthz/")


class HealthCheckMiddleware:
    """Liveness for load balancers: no database, no tenant lookup."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in HEALTH_PATHS:
            return JsonResponse({"status": "ok"})
        return self.get_response(request)


STATUS_REFUSALS = {
    TenantStatus.SUSPENDED: (
        403,
        "This company's account is suspended. Contact its owner or our support.",
        "tenant_suspended",
    ),
    TenantStatus.ARCHIVED: (410, "This company's account has been closed.", "tenant_archived"),
}


class TenantRoutingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        connection.set_schema_to_public()
        host = request.get_host().split(":")[0].lower().rstrip(".")
        if host in settings.PUBLIC_HOSTS:
            request.tenant = None  # type: ignore[attr-defined]
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF  # type: ignore[attr-defined]
            set_urlconf(request.urlconf)  # type: ignore[attr-defined]
            sentry_sdk.set_tag("tenant", "public")
            return self.get_response(request)

        tenant = tenant_for_host(host)
        if tenant is None or tenant.status in (TenantStatus.STANDBY, TenantStatus.TEMPLATE):
            return refusal(request, 404, "No company lives at this address.", "tenant_not_found")
        status_refusal = STATUS_REFUSALS.get(tenant.status)  # type: ignore[call-overload]
        if status_refusal:
            return refusal(request, *status_refusal)

        connection.set_tenant(tenant)
        request.tenant = tenant  # type: ignore[attr-defined]
        sentry_sdk.set_tag("tenant", tenant.schema_name)
        return self.get_response(request)


# Paths an authenticated non-member may still use on a tenant host: logging in/out, accepting an
# invitation, the login handoff after signup.
NON_MEMBER_PATHS = (
    "/_allauth/",
    "/api/v1/access/invitations/accept/",
    "/api/v1/access/invitations/lookup/",
    "/api/v1/auth/handoff/",
    "/static/",
)


class TenantMembershipMiddleware:
    """On a tenant host, an authenticated user who is not a member gets 404 everywhere (not
    403: the company's existence is not confirmed to outsiders); a suspended member gets 403.
    Runs after AuthenticationMiddleware. API-token requests are checked by their own
    authentication class (DRF authenticates later than middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        user = getattr(request, "user", None)
        if (
            tenant is not None
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(NON_MEMBER_PATHS)
        ):
            # One query (membership + role permissions), cached on the request for the API's
            # permission check.
            from tenant_apps.core.api.permissions import request_member_access

            access = request_member_access(request)  # type: ignore[arg-type]
            if access is None:
                return refusal(request, 404, "Not found.", "not_found")
            if not access.is_active():
                return refusal(
                    request,
                    403,
                    "Your access to this company is suspended.",
                    "membership_suspended",
                )
        return self.get_response(request)
