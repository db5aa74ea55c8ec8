"""Django-level 404/500 handlers: API paths get the one error shape, pages a short HTML page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from tenant_apps.core.api.exceptions import error_response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(("/api/", "/_allauth/")) or "json" in request.headers.get(
        "Accept", ""
    )


def refusal(
    request: HttpRequest, status: int, detail: str, code: str, *, page_detail: str | None = None
) -> HttpResponse:
    """The error shape for API callers; a short HTML page (`page_detail` or `detail`) for
    browsers."""
    if _is_api(request):
        return error_response(status, detail, code)
    context = {"status": status, "detail": page_detail or detail}
    return HttpResponse(render_to_string("tenant_refusal.html", context), status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return refusal(request, 404, "Not found.", "not_found", page_detail="Page not found.")


def server_error(request: HttpRequest) -> HttpResponse:
    return refusal(
        request,
        500,
        "Something went wrong on our side.",
        "server_error",
        page_detail="Something went wrong on our side. We have been told.",
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return refusal(request, 400, "Bad request.", "bad_request")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if _is_api(request):
        return error_response(
            403, "CSRF check failed. Reload the page and try again.", "csrf_failed"
        )
    from django.views.csrf import csrf_failure as default

    return default(request, reason)
