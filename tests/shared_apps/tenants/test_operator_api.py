"""The operators' tenant console and the signup subdomain check, on the public host."""

from __future__ import annotations

import pytest

from shared_apps.tenants.models import Domain, Tenant, TenantStatus
from shared_apps.tenants.services import tenant_archive, tenant_suspend
from tenant_apps.core.models import CompanySettings
from tests.conftest import in_schema

TENANTS_URL = "/api/v1/operator/tenants/"
CHECK_URL = "/api/v1/signup/check-subdomain/"
LENGTH_RULE = "Use 3 to 40 characters."
# session, user, count, page, domains prefetch; each after its search_path SET
OPERATOR_LIST_QUERIES = 10
CHARSET_RULE = (
    "Use only lowercase letters, digits and hyphens, starting and ending with a letter or digit."
)


def _action_url(tenant_id: int, action: str) -> str:
    return f"{TENANTS_URL}{tenant_id}/{action}/"


def _status_counts() -> dict[str, int]:
    return {status: Tenant.objects.filter(status=status).count() for status in TenantStatus.values}


# ---------------------------------------------------------------------------------------------
# Who may use the console
# ---------------------------------------------------------------------------------------------
def test_anonymous_cannot_list_tenants(api_client, db):
    # given
    client = api_client(None)
    # when
    response = client.get(TENANTS_URL)
    # then
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
        "fields": {},
    }


def test_a_tenant_owner_is_not_an_operator(api_client, users):
    # given
    client = api_client(None, users["owner_alpha"])
    # when
    response = client.get(TENANTS_URL)
    # then
    assert response.status_code == 403
    assert response.json() == {
        "detail": "You do not have permission to perform this action.",
        "code": "permission_denied",
        "fields": {},
    }


def test_an_ordinary_user_cannot_provision(api_client, users):
    # given
    before = _status_counts()
    client = api_client(None, users["member_alpha"])
    # when
    response = client.post(TENANTS_URL, {"name": "Sneaky Co", "subdomain": "sneaky"})
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert _status_counts() == before
    assert not Domain.objects.filter(domain="sneaky.localhost").exists()


def test_an_ordinary_user_cannot_suspend(api_client, users, tenant_alpha):
    # given
    client = api_client(None, users["owner_alpha"])
    # when
    response = client.post(_action_url(tenant_alpha.pk, "suspend"), {})
    # then
    assert response.status_code == 403
    assert Tenant.objects.get(pk=tenant_alpha.pk).status == TenantStatus.ACTIVE


# ---------------------------------------------------------------------------------------------
# Listing
# ---------------------------------------------------------------------------------------------
def test_operator_lists_tenants_without_the_template(api_client, users, tenant_alpha, tenant_beta):
    # given
    client = api_client(None, users["operator"])
    # when
    response = client.get(TENANTS_URL)
    # then
    assert response.status_code == 200
    rows = response.json()["results"]
    assert (
        response.json()["count"]
        == len(rows)
        == Tenant.objects.exclude(status=TenantStatus.TEMPLATE).count()
    )
    assert "template" not in {row["status"] for row in rows}
    assert "tenant_template" not in {row["schema_name"] for row in rows}
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
    by_id = {row["id"]: row for row in rows}
    assert by_id[tenant_alpha.pk]["domain"] == "alpha.localhost"
    assert by_id[tenant_beta.pk]["name"] == "Beta Kitchens"


def test_operator_filters_tenants_by_status(api_client, users, tenant_alpha, tenant_beta):
    # given alpha suspended
    tenant_suspend(tenant=tenant_alpha, reason="unpaid")
    client = api_client(None, users["operator"])
    # when
    active = client.get(TENANTS_URL, {"status": "active"})
    suspended = client.get(TENANTS_URL, {"status": "suspended"})
    template = client.get(TENANTS_URL, {"status": "template"})
    # then
    assert [(r["name"], r["status"]) for r in active.json()["results"]] == [
        ("Beta Kitchens", "active")
    ]
    assert [(r["name"], r["status"], r["status_reason"]) for r in suspended.json()["results"]] == [
        ("Alpha Steel Works", "suspended", "unpaid")
    ]
    assert template.json()["count"] == 0


def test_operator_list_query_count_is_fixed(
    api_client, users, tenant_alpha, django_assert_num_queries
):
    # given extra active tenants with domains (rows only: the list reads no tenant schema)
    client = api_client(None, users["operator"])
    with django_assert_num_queries(OPERATOR_LIST_QUERIES):
        few = client.get(TENANTS_URL)
    for i in range(6):
        extra = Tenant.objects.create(
            schema_name=f"t_extra_{i}", name=f"Extra {i}", status=TenantStatus.ACTIVE
        )
        Domain.objects.create(domain=f"extra{i}.localhost", tenant=extra, is_primary=True)
    # when
    with django_assert_num_queries(OPERATOR_LIST_QUERIES):
        many = client.get(TENANTS_URL)
    # then
    assert many.json()["count"] == few.json()["count"] + 6


# ---------------------------------------------------------------------------------------------
# Provisioning
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("subdomain", "errors"),
    [
        ("ab", [LENGTH_RULE]),
        ("Bad_Name", [CHARSET_RULE]),
        ("www", ["'www' is reserved."]),
        ("-edge", [CHARSET_RULE]),
        ("x" * 41, [LENGTH_RULE]),
    ],
)
def test_provision_with_an_invalid_subdomain_claims_nothing(subdomain, errors, api_client, users):
    # given
    before = _status_counts()
    domains_before = Domain.objects.count()
    client = api_client(None, users["operator"])
    # when
    response = client.post(TENANTS_URL, {"name": "Gamma Fabricators", "subdomain": subdomain})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": errors[0],
        "code": "subdomain_invalid",
        "fields": {"subdomain": errors},
    }
    assert _status_counts() == before
    assert Domain.objects.count() == domains_before


def test_provision_with_a_taken_subdomain_claims_nothing(api_client, users):
    # given
    before = _status_counts()
    client = api_client(None, users["operator"])
    # when
    response = client.post(TENANTS_URL, {"name": "Another Alpha", "subdomain": "alpha"})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "'alpha' is already taken.",
        "code": "subdomain_taken",
        "fields": {"subdomain": ["'alpha' is already taken."]},
    }
    assert _status_counts() == before
    assert Domain.objects.get(domain="alpha.localhost").tenant.name == "Alpha Steel Works"


def test_provision_with_a_gstin_of_another_state_claims_nothing(api_client, users):
    # given
    before = _status_counts()
    client = api_client(None, users["operator"])
    # when
    response = client.post(
        TENANTS_URL,
        {"name": "Gamma", "subdomain": "gamma", "gstin": "27AAPFU0939F1ZV", "state": "29"},
    )
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "GSTIN 27AAPFU0939F1ZV belongs to state 27, not the company's state 29.",
        "code": "invalid",
        "fields": {
            "gstin": ["GSTIN 27AAPFU0939F1ZV belongs to state 27, not the company's state 29."]
        },
    }
    assert _status_counts() == before
    assert not Domain.objects.filter(domain="gamma.localhost").exists()


def test_provision_without_a_name_is_refused(api_client, users):
    # given
    before = _status_counts()
    client = api_client(None, users["operator"])
    # when
    response = client.post(TENANTS_URL, {"subdomain": "gamma"})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "code": "required",
        "fields": {"name": ["This field is required."]},
    }
    assert _status_counts() == before


def test_operator_provisions_a_company(api_client, users):
    # given
    active_before = Tenant.objects.filter(status=TenantStatus.ACTIVE).count()
    client = api_client(None, users["operator"])
    # when
    response = client.post(
        TENANTS_URL,
        {
            "name": "Gamma Fabricators",
            "subdomain": "gamma",
            "gstin": "27AAPFU0939F1ZV",
            "state": "27",
        },
    )
    # then
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["status"], body["domain"], body["url"]) == (
        "Gamma Fabricators",
        "active",
        "gamma.localhost",
        "http://gamma.localhost/",
    )
    assert body["schema_name"] == f"t_{body['id']}"
    tenant = Tenant.objects.get(pk=body["id"])
    assert tenant.status == TenantStatus.ACTIVE
    assert tenant.activated_at is not None
    assert Tenant.objects.filter(status=TenantStatus.ACTIVE).count() == active_before + 1
    with in_schema(tenant.schema_name):
        company = CompanySettings.objects.get()
        assert (company.name, company.gstin, company.state) == (
            "Gamma Fabricators",
            "27AAPFU0939F1ZV",
            "27",
        )


def test_the_provisioned_company_is_served_on_its_host(api_client, users):
    # given
    created = api_client(None, users["operator"]).post(
        TENANTS_URL, {"name": "Delta Foods", "subdomain": "delta"}
    )
    # when
    response = api_client("delta").get("/api/v1/core/company/")
    # then
    assert created.status_code == 201
    assert response.status_code == 403  # served: the tenant asks for a login, not a 404
    assert response.json()["code"] == "not_authenticated"


# ---------------------------------------------------------------------------------------------
# Lifecycle actions
# ---------------------------------------------------------------------------------------------
def test_operator_suspends_reactivates_and_archives(api_client, users, tenant_alpha):
    # given
    client = api_client(None, users["operator"])
    # when
    suspended = client.post(_action_url(tenant_alpha.pk, "suspend"), {"reason": "unpaid"})
    reactivated = client.post(_action_url(tenant_alpha.pk, "reactivate"), {})
    archived = client.post(_action_url(tenant_alpha.pk, "archive"), {"reason": "closed"})
    # then
    assert [r.status_code for r in (suspended, reactivated, archived)] == [200, 200, 200]
    assert (suspended.json()["status"], suspended.json()["status_reason"]) == (
        "suspended",
        "unpaid",
    )
    assert reactivated.json()["status"] == "active"
    assert (archived.json()["status"], archived.json()["status_reason"]) == (
        "archived",
        "closed",
    )
    assert Tenant.objects.get(pk=tenant_alpha.pk).status == TenantStatus.ARCHIVED


@pytest.mark.parametrize(
    ("setup", "action", "detail"),
    [
        (None, "reactivate", "A tenant that is active cannot become active."),
        ("suspend", "suspend", "A tenant that is suspended cannot become suspended."),
        ("archive", "suspend", "A tenant that is archived cannot become suspended."),
        ("archive", "archive", "A tenant that is archived cannot become archived."),
    ],
)
def test_invalid_transitions_are_refused(setup, action, detail, api_client, users, tenant_alpha):
    # given
    if setup == "suspend":
        tenant_suspend(tenant=tenant_alpha, reason="first")
    elif setup == "archive":
        tenant_archive(tenant=tenant_alpha, reason="first")
    before = Tenant.objects.values("status", "status_reason").get(pk=tenant_alpha.pk)
    client = api_client(None, users["operator"])
    # when
    response = client.post(_action_url(tenant_alpha.pk, action), {"reason": "second"})
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": detail,
        "code": "tenant_invalid_transition",
        "fields": {},
    }
    assert Tenant.objects.values("status", "status_reason").get(pk=tenant_alpha.pk) == before


@pytest.mark.parametrize("action", ["suspend", "reactivate", "archive"])
def test_actions_on_the_template_are_404(action, api_client, users):
    # given
    template = Tenant.objects.get(status=TenantStatus.TEMPLATE)
    client = api_client(None, users["operator"])
    # when
    response = client.post(_action_url(template.pk, action), {})
    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "fields": {}}
    assert Tenant.objects.get(pk=template.pk).status == TenantStatus.TEMPLATE


# ---------------------------------------------------------------------------------------------
# Signup: subdomain availability
# ---------------------------------------------------------------------------------------------
def test_check_subdomain_available(api_client, db):
    # given
    client = api_client(None)
    # when
    response = client.get(CHECK_URL, {"name": "gamma"})
    # then
    assert response.status_code == 200
    assert response.json() == {
        "name": "gamma",
        "domain": "gamma.localhost",
        "available": True,
        "errors": [],
    }


def test_check_subdomain_taken(api_client, world, db):
    # given alpha exists
    client = api_client(None)
    # when
    response = client.get(CHECK_URL, {"name": "alpha"})
    # then
    assert response.status_code == 200
    assert response.json() == {
        "name": "alpha",
        "domain": "alpha.localhost",
        "available": False,
        "errors": ["'alpha' is already taken."],
    }


@pytest.mark.parametrize(
    ("name", "errors"),
    [
        ("ab", [LENGTH_RULE]),
        ("Bad_Name", [CHARSET_RULE]),
        ("admin", ["'admin' is reserved."]),
        ("", [LENGTH_RULE, CHARSET_RULE]),
    ],
)
def test_check_subdomain_invalid(name, errors, api_client, db):
    # given
    client = api_client(None)
    # when
    response = client.get(CHECK_URL, {"name": name})
    # then
    assert response.status_code == 200
    assert response.json()["available"] is False
    assert response.json()["errors"] == errors


def test_check_subdomain_is_not_served_on_tenant_hosts(api_client, db):
    # given
    client = api_client("alpha")
    # when
    response = client.get(CHECK_URL, {"name": "gamma"})
    # then
    assert response.status_code == 404
