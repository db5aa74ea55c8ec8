"""The operators' console: Django admin on the public host, for staff who signed in with MFA.

Django's own admin login form checks a password only, which would sidestep the second factor;
here it never signs anyone in. Operators sign in through allauth (password, then TOTP or a
passkey) and come back to /admin/. Staff without an authenticator, or whose session was not
completed with one, get a page saying what to do.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django_tenants.postgresql_backend.base import FakeTenant
from django_tenants.utils import get_public_schema_name

from shared_apps.accounts import selectors


def _public_tenant_for_templates(request: HttpRequest) -> None:
    """django-tenants' admin templates (index, app list) read `request.tenant.schema_name` to
    grey out tenant-only apps; the routing middleware leaves `request.tenant = None` on the
    public host, which those templates cannot handle."""
    if getattr(request, "tenant", None) is None:
        request.tenant = FakeTenant(schema_name=get_public_schema_name())  # type: ignore[attr-defined]


class OperatorAdminSite(AdminSite):
    site_header = "B3 MACBIS ERP · operators"
    site_title = "B3 MACBIS ERP operators"
    index_title = "Platform console"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and selectors.session_has_mfa(request)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            _public_tenant_for_templates(request)
            refusal = self._mfa_refusal(request)
            return refusal if refusal is not None else inner(request, *args, **kwargs)

        return guarded

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """Never a password form: send people to the site's sign-in (which asks for MFA)."""
        refusal = self._mfa_refusal(request)
        if refusal is not None:
            return refusal
        if self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        return self._page(
            request,
            status=200 if not request.user.is_authenticated else 403,
            title="Sign in first",
            detail=(
                "The operators' console has no password form of its own. Sign in on the site "
                "with your password and second factor, then open /admin/ again."
            ),
        )

    def _mfa_refusal(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return None
        if not selectors.user_has_mfa(user):
            return self._page(
                request,
                status=403,
                title="Two-factor authentication required",
                detail=(
                    "Operators must protect their account with an authenticator app (TOTP) or "
                    "a passkey before using the console. Add one under your account's security "
                    "settings, sign in again with it, then come back."
                ),
            )
        if not selectors.session_has_mfa(request):
            return self._page(
                request,
                status=403,
                title="Sign in with your second factor",
                detail=(
                    "This session was not confirmed with your authenticator app or passkey. "
                    "Sign out, sign in again with your second factor, then come back."
                ),
            )
        return None

    def _page(self, request: HttpRequest, *, status: int, title: str, detail: str) -> HttpResponse:
        context = {
            **self.each_context(request),
            "title": title,
            "detail": detail,
            "login_url": f"{settings.PUBLIC_SITE_URL}/account/login?next=/admin/",
        }
        return TemplateResponse(request, "accounts/admin_refused.html", context, status=status)
