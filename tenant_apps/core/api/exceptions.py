"""The one error shape: {"detail": str, "code": str, "fields": {name: [msg]}}."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tenant_apps.core.exceptions import ApplicationError

NON_FIELD = "non_field_errors"


def error_body(
    detail: str, code: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"detail": detail, "code": code, "fields": fields or {}}


def error_response(status_code: int, detail: str, code: str, **headers: str) -> JsonResponse:
    """For middleware and plain Django views that answer before DRF."""
    response = JsonResponse(error_body(detail, code), status=status_code)
    for name, value in headers.items():
        response[name] = value
    return response


def _flatten(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error dicts/lists -> {"lines.0.qty": ["..."]}."""
    out: dict[str, list[str]] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
    elif isinstance(data, list):
        if all(not isinstance(item, (dict, list)) for item in data):
            out[prefix or NON_FIELD] = [str(item) for item in data]
        else:
            for index, item in enumerate(data):
                if item:
                    out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        out[prefix or NON_FIELD] = [str(data)]
    return out


def _first_code(codes: Any) -> str:
    """The first error code in DRF's nested codes, skipping the empty `{}` of valid list items."""
    return _find_code(codes) or "invalid"


def _find_code(codes: Any) -> str | None:
    if isinstance(codes, (dict, list)):
        for value in codes.values() if isinstance(codes, dict) else codes:
            found = _find_code(value)
            if found:
                return found
        return None
    return str(codes) if codes else None


def _suspicious(exc: SuspiciousOperation) -> Response:
    """A request Django refuses while parsing it (a form body with more than
    DATA_UPLOAD_MAX_NUMBER_FIELDS fields, a body over DATA_UPLOAD_MAX_MEMORY_SIZE...): a 4xx in
    the error shape rather than Django's HTML 400 page, still logged where Django logs it."""
    logging.getLogger(f"django.security.{type(exc).__name__}").warning(str(exc))
    if isinstance(exc, RequestDataTooBig):
        return Response(error_body("The request body is too large.", "request_too_large"), 413)
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return Response(error_body("The request has too many fields.", "too_many_fields"), 400)
    return Response(error_body("Bad request.", "bad_request"), 400)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.detail, exc.code, exc.fields), status=exc.status_code)
    if isinstance(exc, SuspiciousOperation):
        return _suspicious(exc)
    if isinstance(exc, DjangoValidationError):
        fields = (
            {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {NON_FIELD: [str(m) for m in exc.messages]}
        )
        return Response(error_body("Invalid input.", "invalid", fields), status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        non_field = fields.get(NON_FIELD)
        detail = non_field[0] if non_field and len(fields) == 1 else "Invalid input."
        response.data = error_body(detail, _first_code(exc.get_codes()), fields)
        response.status_code = status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        response.data = error_body(str(detail), _first_code(exc.get_codes()))
    return response
