"""Django-level 404/500 handlers: API paths get the one error shape, pages a short HTML page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from tenant_apps.core.api.exceptions import error_response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(("/api/", "/_allauth/")) or "json" in request.headers.get(
        "Accept", ""
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return error_response(404, "Not found.", "not_found")
    html = render_to_string("tenant_refusal.html", {"status": 404, "detail": "Page not found."})
    return HttpResponse(html, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return error_response(500, "Something went wrong on our side.", "server_error")
    detail = "Something went wrong on our side. We have been told."
    html = render_to_string("tenant_refusal.html", {"status": 500, "detail": detail})
    return HttpResponse(html, status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return error_response(400, "Bad request.", "bad_request")
    html = render_to_string("tenant_refusal.html", {"status": 400, "detail": "Bad request."})
    return HttpResponse(html, status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if _is_api(request):
        return error_response(
            403, "CSRF check failed. Reload the page and try again.", "csrf_failed"
        )
    from django.views.csrf import csrf_failure as default

    return default(request, reason)
