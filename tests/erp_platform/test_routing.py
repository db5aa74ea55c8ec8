"""Host routing: health check, unknown / standby / suspended / archived tenants, API schema and
the split between public and tenant URLconfs."""

from __future__ import annotations

import pytest
from django.db import connection

from shared_apps.tenants.models import Domain, Tenant, TenantStatus
from shared_apps.tenants.services import (
    standby_tenant_create,
    tenant_archive,
    tenant_reactivate,
    tenant_suspend,
)
from tenant_apps.core.models import CompanySettings
from tests.conftest import in_schema

COMPANY_URL = "/api/v1/core/company/"
NOT_FOUND = {
    "detail": "No company lives at this address.",
    "code": "tenant_not_found",
    "fields": {},
}
SUSPENDED = {
    "detail": "This company's account is suspended. Contact its owner or our support.",
    "code": "tenant_suspended",
    "fields": {},
}
ARCHIVED = {
    "detail": "This company's account has been closed.",
    "code": "tenant_archived",
    "fields": {},
}


def _legal_name(schema_name: str) -> str:
    with in_schema(schema_name):
        return CompanySettings.objects.get().legal_name


# ---------------------------------------------------------------------------------------------
# /healthz
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["localhost", "alpha.localhost", "nowhere.localhost"])
@pytest.mark.parametrize("path", ["/healthz", "/healthz/"])
def test_healthz_answers_ok_on_any_host_without_touching_the_database(
    host, path, db, client, django_assert_num_queries
):
    # given a public, a tenant and an unknown host
    # when
    with django_assert_num_queries(0):
        response = client.get(path, HTTP_HOST=host)
    # then
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


# ---------------------------------------------------------------------------------------------
# Unknown hosts
# ---------------------------------------------------------------------------------------------
def test_unknown_tenant_host_answers_404_in_the_error_shape_for_api_paths(api_client, db):
    # given a host no Domain routes
    client = api_client("nowhere")
    # when
    response = client.get(COMPANY_URL)
    # then
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert connection.schema_name == "public"


def test_unknown_tenant_host_answers_an_html_page_to_browsers(api_client, db):
    # given a browser on a host no Domain routes
    client = api_client("nowhere")
    # when
    response = client.get("/", HTTP_ACCEPT="text/html,application/xhtml+xml")
    # then
    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("<!doctype html>")
    assert "<title>404 · B3 MACBIS ERP</title>" in body
    assert "<p>No company lives at this address.</p>" in body


def test_a_standby_tenant_is_not_reachable_by_any_host(api_client, users):
    # given a ready standby schema, even with a stray domain pointing at it
    standby = standby_tenant_create()
    Domain.objects.create(domain="stray.localhost", tenant=standby, is_primary=True)
    # (a schema name is not a valid host name: `t_5` would be refused by ALLOWED_HOSTS)
    hosts = ["stray", f"t-{standby.pk}", str(standby.pk)]
    # when
    responses = [api_client(host, users["operator"]).get(COMPANY_URL) for host in hosts]
    # then
    assert standby.status == TenantStatus.STANDBY
    assert [r.status_code for r in responses] == [404, 404, 404]
    assert [r.json() for r in responses] == [NOT_FOUND, NOT_FOUND, NOT_FOUND]
    assert Tenant.objects.get(pk=standby.pk).status == TenantStatus.STANDBY


def test_the_template_schema_is_not_reachable_even_with_a_domain(api_client, users):
    # given a domain pointing at the template
    template = Tenant.objects.get(status=TenantStatus.TEMPLATE)
    Domain.objects.create(domain="tpl.localhost", tenant=template, is_primary=True)
    # when
    response = api_client("tpl", users["operator"]).get(COMPANY_URL)
    # then
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# ---------------------------------------------------------------------------------------------
# Suspended and archived tenants
# ---------------------------------------------------------------------------------------------
def test_a_suspended_tenant_answers_403_to_api_callers(api_client, users, tenant_alpha):
    # given
    tenant_suspend(tenant=tenant_alpha, reason="unpaid")
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.get(COMPANY_URL)
    # then
    assert response.status_code == 403
    assert response.json() == SUSPENDED


def test_a_suspended_tenant_refuses_writes_and_keeps_its_data(api_client, users, tenant_alpha):
    # given
    before = _legal_name(tenant_alpha.schema_name)
    tenant_suspend(tenant=tenant_alpha)
    client = api_client("alpha", users["owner_alpha"])
    # when
    response = client.patch(COMPANY_URL, {"legal_name": "Changed While Suspended"})
    # then
    assert response.status_code == 403
    assert response.json() == SUSPENDED
    assert _legal_name(tenant_alpha.schema_name) == before == "Alpha Steel Works"


def test_a_suspended_tenant_answers_an_html_page_to_browsers(api_client, tenant_alpha):
    # given
    tenant_suspend(tenant=tenant_alpha)
    # when
    response = api_client("alpha").get("/", HTTP_ACCEPT="text/html")
    # then
    assert response.status_code == 403
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert "<title>403 · B3 MACBIS ERP</title>" in body
    assert "This company&#x27;s account is suspended." in body


def test_a_reactivated_tenant_is_served_again(api_client, users, tenant_alpha):
    # given
    suspended = tenant_suspend(tenant=tenant_alpha)
    client = api_client("alpha", users["owner_alpha"])
    refused = client.get(COMPANY_URL)
    # when
    tenant_reactivate(tenant=suspended)
    response = client.get(COMPANY_URL)
    # then
    assert refused.status_code == 403
    assert response.status_code == 200
    assert response.json()["name"] == "Alpha Steel Works"


def test_an_archived_tenant_answers_410(api_client, users, tenant_alpha):
    # given
    tenant_archive(tenant=tenant_alpha, reason="closed by owner")
    client = api_client("alpha", users["owner_alpha"])
    # when
    api_response = client.get(COMPANY_URL)
    page_response = client.get("/", HTTP_ACCEPT="text/html")
    # then
    assert api_response.status_code == 410
    assert api_response.json() == ARCHIVED
    assert page_response.status_code == 410
    assert "This company&#x27;s account has been closed." in page_response.content.decode()


def test_suspending_one_tenant_leaves_the_other_served(api_client, users, tenant_alpha):
    # given
    tenant_suspend(tenant=tenant_alpha)
    # when
    response = api_client("beta", users["owner_beta"]).get(COMPANY_URL)
    # then
    assert response.status_code == 200
    assert response.json()["name"] == "Beta Kitchens"


# ---------------------------------------------------------------------------------------------
# OpenAPI schema and docs
# ---------------------------------------------------------------------------------------------
def test_tenant_host_serves_its_openapi_schema(api_client, db):
    # given
    client = api_client("alpha")
    # when
    response = client.get("/api/schema/", {"format": "json"})
    # then
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    assert "/api/v1/core/company/" in schema["paths"]
    assert "/api/v1/core/sequences/" in schema["paths"]
    assert "/api/v1/signup/check-subdomain/" not in schema["paths"]


def test_public_host_serves_its_openapi_schema(api_client, db):
    # given
    client = api_client(None)
    # when
    response = client.get("/api/schema/", {"format": "json"})
    # then
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    assert "/api/v1/signup/check-subdomain/" in schema["paths"]
    assert "/api/v1/operator/tenants/" in schema["paths"]
    assert "/api/v1/core/company/" not in schema["paths"]


def test_default_schema_format_is_openapi_yaml(api_client, db):
    # given
    client = api_client("alpha")
    # when
    response = client.get("/api/schema/")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    assert response.content.startswith(b"openapi: 3.1.0\n")


@pytest.mark.parametrize("subdomain", ["alpha", None])
def test_swagger_ui_is_served_on_tenant_and_public_hosts(subdomain, api_client, db):
    # given
    client = api_client(subdomain)
    # when
    response = client.get("/api/docs/")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "<title>B3 MACBIS ERP API</title>" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Public and tenant URLconfs do not mix
# ---------------------------------------------------------------------------------------------
def test_public_host_does_not_serve_tenant_urls(api_client, users):
    # given the owner of alpha on the public host
    client = api_client(None, users["owner_alpha"])
    # when
    response = client.get(COMPANY_URL)
    # then
    assert response.status_code == 404


def test_tenant_host_does_not_serve_public_urls(api_client, users):
    # given an operator on a tenant host
    client = api_client("alpha", users["operator"])
    # when
    response = client.get("/api/v1/operator/tenants/")
    # then
    assert response.status_code == 404


def test_a_csrf_failure_on_the_api_answers_in_the_error_shape(world, db):
    # given a browser client that enforces CSRF, with no token
    from django.test import Client

    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)

    # when it posts to the API
    response = client.post("/api/v1/signup/", {}, content_type="application/json")

    # then
    assert response.status_code == 403
    assert response.json() == {
        "detail": "CSRF check failed. Reload the page and try again.",
        "code": "csrf_failed",
        "fields": {},
    }
