"""The one error shape {"detail", "code", "fields"}: through real endpoints first, then directly
on the exception handler for shapes no endpoint produces yet (nested serializers)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail

from tenant_apps.core.api.exceptions import exception_handler
from tenant_apps.core.exceptions import ApplicationError, ConflictError
from tenant_apps.core.models import CompanySettings
from tests.conftest import in_schema

COMPANY_URL = "/api/v1/core/company/"
SEQUENCES_URL = "/api/v1/core/sequences/"


def _company_values(schema_name: str) -> tuple:
    with in_schema(schema_name):
        company = CompanySettings.objects.get()
        return (
            company.legal_name,
            company.gstin,
            company.state,
            company.fiscal_year_start_month,
            company.updated_at,
        )


# ---------------------------------------------------------------------------------------------
# Through real endpoints
# ---------------------------------------------------------------------------------------------
def test_wrong_types_in_a_patch_body_list_every_field(api_client, users, tenant_alpha):
    # given
    before = _company_values(tenant_alpha.schema_name)
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(
        COMPANY_URL, {"fiscal_year_start_month": "april", "legal_name": ["a", "b"]}
    )
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "code": "invalid",
        "fields": {
            "legal_name": ["Not a valid string."],
            "fiscal_year_start_month": ["A valid integer is required."],
        },
    }
    assert _company_values(tenant_alpha.schema_name) == before


def test_a_body_that_is_not_an_object_is_a_non_field_error(api_client, users, tenant_alpha):
    # given
    before = _company_values(tenant_alpha.schema_name)
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(COMPANY_URL, ["legal_name"])
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid data. Expected a dictionary, but got list.",
        "code": "invalid",
        "fields": {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]},
    }
    assert _company_values(tenant_alpha.schema_name) == before


def test_malformed_json_is_a_400_in_the_shape(api_client, users, tenant_alpha):
    # given
    before = _company_values(tenant_alpha.schema_name)
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.generic(
        "PATCH", COMPANY_URL, '{"legal_name": ', content_type="application/json"
    )
    # then
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "code", "fields"}
    assert body["code"] == "parse_error"
    assert body["detail"].startswith("JSON parse error - ")
    assert body["fields"] == {}
    assert _company_values(tenant_alpha.schema_name) == before


def test_unsupported_media_type_is_a_415_in_the_shape(api_client, users, tenant_alpha):
    # given
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.generic("PATCH", COMPANY_URL, "legal_name=x", content_type="text/plain")
    # then
    assert response.status_code == 415
    assert response.json() == {
        "detail": 'Unsupported media type "text/plain" in request.',
        "code": "unsupported_media_type",
        "fields": {},
    }


def test_application_error_from_a_service_keeps_its_code_and_fields(
    api_client, users, tenant_alpha
):
    # given a GSTIN of Maharashtra for a company in Karnataka
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(COMPANY_URL, {"gstin": "27AAPFU0939F1ZV", "state": "29"})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Company settings are not valid.",
        "code": "invalid",
        "fields": {
            "gstin": ["GSTIN 27AAPFU0939F1ZV belongs to state 27, not the company's state 29."]
        },
    }


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_wrong_method_on_a_list_is_a_405_in_the_shape(method, api_client, users, tenant_alpha):
    # given
    client = api_client("alpha", users["member_alpha"])
    # when
    response = getattr(client, method)(SEQUENCES_URL, {})
    # then
    assert response.status_code == 405
    assert response.json() == {
        "detail": f'Method "{method.upper()}" not allowed.',
        "code": "method_not_allowed",
        "fields": {},
    }


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_wrong_method_on_company_is_a_405_in_the_shape(method, api_client, users, tenant_alpha):
    # given the owner, who may do anything the endpoint offers
    before = _company_values(tenant_alpha.schema_name)
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = getattr(client, method)(COMPANY_URL, {"legal_name": "Nope"})
    # then
    assert response.status_code == 405
    assert response.json() == {
        "detail": f'Method "{method.upper()}" not allowed.',
        "code": "method_not_allowed",
        "fields": {},
    }
    assert _company_values(tenant_alpha.schema_name) == before


def test_head_on_company_answers_like_get(api_client, users, tenant_alpha):
    # given
    client = api_client("alpha", users["member_alpha"])
    # when
    response = client.head(COMPANY_URL)
    # then
    assert response.status_code == 200
    assert response.content == b""


def test_non_member_gets_404_in_the_shape(api_client, users, tenant_alpha):
    # given beta's owner on alpha's host
    client = api_client("alpha", users["owner_beta"])
    # when
    response = client.get(COMPANY_URL)
    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "fields": {}}


def test_member_without_permission_gets_403_in_the_shape(api_client, users, tenant_alpha):
    # given
    before = _company_values(tenant_alpha.schema_name)
    client = api_client("alpha", users["member_alpha"])
    # when
    response = client.patch(COMPANY_URL, {"legal_name": "Nope"})
    # then
    assert response.status_code == 403
    assert response.json() == {
        "detail": "You do not have permission to perform this action.",
        "code": "permission_denied",
        "fields": {},
    }
    assert _company_values(tenant_alpha.schema_name) == before


def test_anonymous_gets_403_not_authenticated_in_the_shape(api_client, tenant_alpha):
    # given
    client = api_client("alpha")
    # when
    response = client.get(COMPANY_URL)
    # then
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
        "fields": {},
    }


# ---------------------------------------------------------------------------------------------
# Directly on the handler
# ---------------------------------------------------------------------------------------------
def test_nested_list_errors_are_flattened_with_dotted_names():
    # given what a serializer with a `lines` list serializer raises when line 0 is wrong
    qty_error = ErrorDetail("Ensure this value is greater than 0.", code="min_value")
    exc = exceptions.ValidationError({"lines": [{"qty": [qty_error]}]})
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.status_code == 400
    assert response.data == {
        "detail": "Invalid input.",
        "code": "min_value",
        "fields": {"lines.0.qty": ["Ensure this value is greater than 0."]},
    }


def test_valid_lines_are_skipped_and_the_first_real_code_is_used():
    # given lines 0 and 2 valid, line 1 with two bad fields, and a bad top-level field
    exc = exceptions.ValidationError(
        {
            "lines": [
                {},
                {
                    "qty": [ErrorDetail("Ensure this value is greater than 0.", code="min_value")],
                    "item": [ErrorDetail("This field is required.", code="required")],
                },
                {},
            ],
            "party": [ErrorDetail("Invalid pk.", code="does_not_exist")],
        }
    )
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.status_code == 400
    assert response.data == {
        "detail": "Invalid input.",
        "code": "min_value",
        "fields": {
            "lines.1.qty": ["Ensure this value is greater than 0."],
            "lines.1.item": ["This field is required."],
            "party": ["Invalid pk."],
        },
    }


def test_deeply_nested_errors_keep_the_full_path():
    # given a nested object inside a list inside an object
    exc = exceptions.ValidationError(
        {"lines": [{}, {"taxes": [{}, {"rate": [ErrorDetail("Bad rate.", code="invalid")]}]}]}
    )
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.data["fields"] == {"lines.1.taxes.1.rate": ["Bad rate."]}


def test_nested_non_field_errors_keep_their_line():
    # given a line whose cross-field check failed
    exc = exceptions.ValidationError(
        {"lines": [{"non_field_errors": [ErrorDetail("Pick an item or a text.", code="invalid")]}]}
    )
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.data["fields"] == {"lines.0.non_field_errors": ["Pick an item or a text."]}
    assert response.data["detail"] == "Invalid input."


def test_a_lone_non_field_error_becomes_the_detail():
    # given
    exc = exceptions.ValidationError(
        [ErrorDetail("Start date must precede end date.", code="date_order")]
    )
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.status_code == 400
    assert response.data == {
        "detail": "Start date must precede end date.",
        "code": "date_order",
        "fields": {"non_field_errors": ["Start date must precede end date."]},
    }


def test_non_field_errors_beside_field_errors_keep_the_generic_detail():
    # given
    exc = exceptions.ValidationError(
        {"non_field_errors": ["Totals do not match."], "amount": ["Must be positive."]}
    )
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.data == {
        "detail": "Invalid input.",
        "code": "invalid",
        "fields": {
            "non_field_errors": ["Totals do not match."],
            "amount": ["Must be positive."],
        },
    }


def test_application_error_renders_code_fields_and_status():
    # given
    exc = ApplicationError(
        "This invoice is already posted.", code="invoice_posted", fields={"status": ["posted"]}
    )
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.status_code == 400
    assert response.data == {
        "detail": "This invoice is already posted.",
        "code": "invoice_posted",
        "fields": {"status": ["posted"]},
    }


def test_conflict_error_is_a_409():
    # given
    exc = ConflictError("Someone else changed this document.", code="stale")
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.status_code == 409
    assert response.data == {
        "detail": "Someone else changed this document.",
        "code": "stale",
        "fields": {},
    }


def test_django_validation_error_with_fields():
    # given what a model's full_clean raises
    exc = DjangoValidationError({"gstin": ["Not a GSTIN."], "state": ["Unknown state."]})
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.status_code == 400
    assert response.data == {
        "detail": "Invalid input.",
        "code": "invalid",
        "fields": {"gstin": ["Not a GSTIN."], "state": ["Unknown state."]},
    }


def test_django_validation_error_without_fields():
    # given
    exc = DjangoValidationError("Period is closed.")
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.status_code == 400
    assert response.data == {
        "detail": "Invalid input.",
        "code": "invalid",
        "fields": {"non_field_errors": ["Period is closed."]},
    }


def test_django_http404_is_a_404_in_the_shape():
    # given
    exc = Http404("No Invoice matches the given query.")
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.status_code == 404
    assert response.data == {"detail": "Not found.", "code": "not_found", "fields": {}}


def test_django_permission_denied_is_a_403_in_the_shape():
    # given
    exc = DjangoPermissionDenied()
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.status_code == 403
    assert response.data == {
        "detail": "You do not have permission to perform this action.",
        "code": "permission_denied",
        "fields": {},
    }


def test_throttled_keeps_its_retry_header():
    # given
    exc = exceptions.Throttled(wait=30)
    # when
    response = exception_handler(exc, {})
    # then
    assert response is not None
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert response.data == {
        "detail": "Request was throttled. Expected available in 30 seconds.",
        "code": "throttled",
        "fields": {},
    }


def test_unknown_exceptions_are_left_to_django():
    # given a programming error
    exc = RuntimeError("bug")
    # when
    response = exception_handler(exc, {})
    # then
    assert response is None
