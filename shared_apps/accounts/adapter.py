"""allauth adapters: e-mails that link back to the host they were asked from, the product's
name instead of the host in mails and authenticator apps, and the WebAuthn relying party on the
parent domain so one passkey works on every company subdomain."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.httpkit import is_headless_request
from allauth.headless.adapter import DefaultHeadlessAdapter
from allauth.headless.internal.restkit.response import ErrorResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest

PRODUCT_NAME = "B3 MACBIS ERP"


def site_url(request: HttpRequest | None) -> str:
    """`<scheme>://<host>` of the request (the company's host on a tenant host, the public site
    otherwise); PUBLIC_SITE_URL when there is no request (mails from background jobs)."""
    if request is None:
        return settings.PUBLIC_SITE_URL.rstrip("/")
    return f"{request.scheme}://{request.get_host()}"


def frontend_url(request: HttpRequest | None, urlname: str, **kwargs: str) -> str:
    """HEADLESS_FRONTEND_URLS[urlname] with its `{placeholders}` filled, on the request's host."""
    from urllib.parse import quote

    url: str = settings.HEADLESS_FRONTEND_URLS[urlname]
    for name, value in kwargs.items():
        url = url.replace(f"{{{name}}}", quote(value, safe=""))
    return url if "://" in url else f"{site_url(request)}{url}"


def _current_request() -> HttpRequest | None:
    return getattr(allauth_context, "request", None)


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the per-account failed-login limit on "<host>:<login>", which would give
        # an attacker a fresh allowance on every company's host. Accounts are global: so is
        # their limit (and the cache key itself is global, erp_platform/cache.py).
        login = credentials.get("email", credentials.get("username", "")) or ""
        return str(login).lower()

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """A throttled login answers 429 (not allauth's 400 form error) on the headless API."""
        try:
            super().pre_authenticate(request, **credentials)
        except DjangoValidationError as exc:
            if exc.code == "too_many_login_attempts" and is_headless_request(request):
                response = ErrorResponse(
                    request, exception=exc, status=HTTPStatus.TOO_MANY_REQUESTS
                )
                raise ImmediateHttpResponse(response) from exc
            raise

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = _current_request()
        tenant = getattr(request, "tenant", None) if request is not None else None
        context = {
            "product_name": PRODUCT_NAME,
            "site_url": site_url(request),
            "company_name": getattr(tenant, "name", "") or "",
            **context,
        }
        super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject: str) -> str:
        return f"[{PRODUCT_NAME}] {subject}"

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        return frontend_url(request, "account_confirm_email", key=emailconfirmation.key)

    def get_reset_password_from_key_url(self, key: str) -> str:
        return frontend_url(self.request, "account_reset_password_from_key", key=key)


class HeadlessAdapter(DefaultHeadlessAdapter):
    def get_frontend_url(self, urlname: str, **kwargs: Any) -> str | None:
        if urlname not in settings.HEADLESS_FRONTEND_URLS:
            return None
        return frontend_url(self.request, urlname, **{k: str(v) for k, v in kwargs.items()})


class MFAAdapter(DefaultMFAAdapter):
    def _get_site_name(self) -> str:
        return PRODUCT_NAME

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        # The parent domain: a passkey made on acme.<domain> also works on beta.<domain> and on
        # the public site (WebAuthn allows an RP id that is a registrable suffix of the origin).
        return {"id": settings.BASE_DOMAIN, "name": PRODUCT_NAME}
