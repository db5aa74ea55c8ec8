"""Roles: the catalogue, custom roles CRUD, built-ins protected."""

from __future__ import annotations

from tenant_apps.access.models import MemberRole, Role
from tenant_apps.access.registry import permissions_by_module
from tests.conftest import in_schema
from tests.permission_matrix import member_with_permissions, tenant_client

ROLES_URL = "/api/v1/access/roles/"


def _roles(tenant):
    with in_schema(tenant.schema_name):
        return {r.code: (r.name, r.description, r.permissions) for r in Role.objects.all()}


def test_the_permission_catalogue_is_grouped_by_module(tenant_alpha, users):
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).get("/api/v1/access/permissions/")
    # then
    assert response.status_code == 200
    body = response.json()
    assert [m["module"] for m in body] == list(permissions_by_module())
    assert [m["module"] for m in body][:4] == ["core", "access", "audit", "apitokens"]
    assert body[0] == {
        "module": "core",
        "label": "Company",
        "permissions": [
            {
                "code": "core.company.view",
                "resource": "company",
                "action": "view",
                "label": "View company",
            },
            {
                "code": "core.company.change",
                "resource": "company",
                "action": "change",
                "label": "Change company",
            },
            {
                "code": "core.sequence.view",
                "resource": "sequence",
                "action": "view",
                "label": "View sequence",
            },
        ],
    }


def test_create_a_custom_role(tenant_alpha, users):
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).post(
        ROLES_URL,
        {
            "name": "Quality inspector",
            "description": "Checks goods",
            "permissions": ["core.sequence.view", "core.company.view", "core.company.view"],
        },
        format="json",
    )
    # then
    assert response.status_code == 201
    body = response.json()
    assert {k: v for k, v in body.items() if k not in ("id", "updated_at")} == {
        "code": "quality_inspector",
        "name": "Quality inspector",
        "description": "Checks goods",
        "is_builtin": False,
        "is_editable": True,
        "is_deletable": True,
        "permissions": ["core.company.view", "core.sequence.view"],
        "member_count": 0,
    }
    assert _roles(tenant_alpha)["quality_inspector"][2] == [
        "core.company.view",
        "core.sequence.view",
    ]


def test_a_role_with_an_unknown_permission_is_refused(tenant_alpha, users):
    # given
    before = _roles(tenant_alpha)
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).post(
        ROLES_URL, {"name": "Hacker", "permissions": ["access.ownership.transfer"]}, format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Unknown permissions: access.ownership.transfer.",
        "code": "unknown_permission",
        "fields": {"permissions": ["Unknown permissions: access.ownership.transfer."]},
    }
    assert _roles(tenant_alpha) == before


def test_a_duplicate_role_name_is_refused(tenant_alpha, users):
    # given
    before = _roles(tenant_alpha)
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).post(
        ROLES_URL, {"name": "sales", "code": "sales_two", "permissions": []}, format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json()["fields"] == {"name": ["A role named 'sales' already exists."]}
    assert _roles(tenant_alpha) == before


def test_a_role_creator_cannot_grant_what_they_do_not_hold(tenant_alpha):
    # given
    creator = member_with_permissions(tenant=tenant_alpha, permissions={"access.role.create"})
    before = _roles(tenant_alpha)
    # when
    response = tenant_client(tenant_alpha, creator).post(
        ROLES_URL, {"name": "Boss", "permissions": ["core.company.change"]}, format="json"
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "permission_escalation"
    assert _roles(tenant_alpha) == before


def test_edit_a_builtin_role_keeps_codes_of_modules_not_installed(tenant_alpha, users, role_of):
    # given the Sales role, which holds crm/sales codes no installed app registers yet
    sales = role_of("sales")
    kept = [code for code in sales.permissions if code != "reports.report.export"]
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).patch(
        f"{ROLES_URL}{sales.pk}/",
        {"permissions": kept, "description": "Front office"},
        format="json",
    )
    # then
    assert response.status_code == 200
    assert _roles(tenant_alpha)["sales"] == ("Sales", "Front office", sorted(kept))


def test_the_owner_role_is_locked(tenant_alpha, users, role_of):
    # given
    before = _roles(tenant_alpha)
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).patch(
        f"{ROLES_URL}{role_of('owner').pk}/", {"name": "Boss"}, format="json"
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "role_locked"
    assert _roles(tenant_alpha) == before


def test_builtin_roles_cannot_be_deleted(tenant_alpha, users, role_of):
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).delete(
        f"{ROLES_URL}{role_of('read_only').pk}/"
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "role_builtin"
    assert "read_only" in _roles(tenant_alpha)


def test_a_role_in_use_cannot_be_deleted_and_a_free_one_can(tenant_alpha, users):
    # given
    with in_schema(tenant_alpha.schema_name):
        used = Role.objects.create(code="used", name="Used", permissions=[])
        free = Role.objects.create(code="free", name="Free", permissions=[])
        MemberRole.objects.create(user=users["member_alpha"], role=used)
    client = tenant_client(tenant_alpha, users["owner_alpha"])
    # when
    refused = client.delete(f"{ROLES_URL}{used.pk}/")
    deleted = client.delete(f"{ROLES_URL}{free.pk}/")
    # then
    assert refused.status_code == 409
    assert refused.json()["code"] == "role_in_use"
    assert deleted.status_code == 204
    assert "used" in _roles(tenant_alpha)
    assert "free" not in _roles(tenant_alpha)


def test_roles_list_counts_members(tenant_alpha, users, make_member):
    # given
    make_member("a@alpha.test", roles=["sales"])
    make_member("b@alpha.test", roles=["sales", "hr"])
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).get(f"{ROLES_URL}?page_size=50")
    # then
    counts = {row["code"]: row["member_count"] for row in response.json()["results"]}
    assert (counts["sales"], counts["hr"], counts["accountant"]) == (2, 1, 0)
    assert response.json()["count"] == 9
