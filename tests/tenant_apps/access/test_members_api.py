"""Members: list with roles and last login, change roles, deactivate, transfer ownership."""

from __future__ import annotations

import pytest

from shared_apps.accounts.models import Membership
from tenant_apps.access.models import MemberRole
from tests.conftest import in_schema
from tests.permission_matrix import member_with_permissions, tenant_client
from tests.tenant_apps.access.conftest import mentioning, queries_of

MEMBERS_URL = "/api/v1/access/members/"


def _roles_of(tenant, user_id):
    with in_schema(tenant.schema_name):
        return sorted(
            MemberRole.objects.filter(user_id=user_id).values_list("role__code", flat=True)
        )


def _membership(tenant, user):
    return Membership.objects.values_list("is_owner", "status").get(tenant=tenant, user=user)


def test_members_list_shows_roles_owner_first_and_status(tenant_alpha, users, make_member):
    # given
    make_member("sam@alpha.test", roles=["sales", "accountant"], full_name="Sam Sales")
    client = tenant_client(tenant_alpha, users["owner_alpha"])
    # when
    response = client.get(MEMBERS_URL)
    # then
    assert response.status_code == 200
    rows = {row["email"]: row for row in response.json()["results"]}
    assert [row["email"] for row in response.json()["results"]] == [
        "clerk@alpha.test",
        "owner@alpha.test",
        "sam@alpha.test",
    ]
    assert [r["code"] for r in rows["owner@alpha.test"]["roles"]] == ["owner"]
    assert rows["owner@alpha.test"]["is_owner"] is True
    assert [r["name"] for r in rows["sam@alpha.test"]["roles"]] == ["Accountant", "Sales"]
    assert rows["sam@alpha.test"]["full_name"] == "Sam Sales"
    assert rows["sam@alpha.test"]["last_login"] is None
    assert rows["owner@alpha.test"]["last_login"] is not None
    assert set(rows["sam@alpha.test"]) == {
        "id",
        "user_id",
        "email",
        "full_name",
        "roles",
        "is_owner",
        "status",
        "last_login",
        "joined_at",
    }


def test_members_list_shows_no_member_of_another_tenant(tenant_alpha, tenant_beta, users):
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).get(MEMBERS_URL)
    # then
    assert response.json()["count"] == 2
    assert b"beta" not in response.content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=suspended", ["away@alpha.test"]),
        ("role=sales", ["away@alpha.test", "sam@alpha.test"]),
        ("role=owner", ["owner@alpha.test"]),
        ("search=sam", ["sam@alpha.test"]),
        ("search=Arjun", ["clerk@alpha.test"]),
        ("ordering=-email&page_size=2", ["sam@alpha.test", "owner@alpha.test"]),
    ],
)
def test_members_list_filters_searches_and_orders(
    tenant_alpha, users, make_member, query, expected
):
    # given
    make_member("sam@alpha.test", roles=["sales"], full_name="Sam Sales")
    make_member("away@alpha.test", roles=["sales"], status="suspended")
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).get(f"{MEMBERS_URL}?{query}")
    # then
    assert response.status_code == 200
    assert [row["email"] for row in response.json()["results"]] == expected


def test_members_list_takes_the_same_queries_for_2_and_10_members(tenant_alpha, users, make_member):
    # given
    client = tenant_client(tenant_alpha, users["owner_alpha"])
    client.get(MEMBERS_URL)  # warm: the session's first request records it
    # when
    two, two_sql = queries_of(lambda: client.get(MEMBERS_URL))
    for n in range(8):
        make_member(f"m{n}@alpha.test", roles=["sales", "hr"] if n % 2 else ["read_only"])
    ten, ten_sql = queries_of(lambda: client.get(MEMBERS_URL))
    # then: membership + roles, then count + page (roles and users inside the page query)
    assert (two.json()["count"], ten.json()["count"]) == (2, 10)
    assert len(two_sql) == len(ten_sql)
    for sqls in (two_sql, ten_sql):
        assert len(mentioning(sqls, "accounts_membership", "access_memberrole")) == 3
    roles_of_two = sum(len(row["roles"]) for row in two.json()["results"])
    assert sum(len(row["roles"]) for row in ten.json()["results"]) == roles_of_two + 4 * 2 + 4


def test_change_a_members_roles(tenant_alpha, users, role_of):
    # given
    clerk = Membership.objects.get(tenant=tenant_alpha, user=users["member_alpha"])
    ids = [role_of("storekeeper").pk, role_of("purchasing").pk]
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).put(
        f"{MEMBERS_URL}{clerk.pk}/roles/", {"roles": ids}, format="json"
    )
    # then
    assert response.status_code == 200
    assert [r["code"] for r in response.json()["roles"]] == ["purchasing", "storekeeper"]
    assert _roles_of(tenant_alpha, clerk.user_id) == ["purchasing", "storekeeper"]


def test_the_owners_roles_cannot_be_changed(tenant_alpha, users, role_of):
    # given
    owner = Membership.objects.get(tenant=tenant_alpha, user=users["owner_alpha"])
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).put(
        f"{MEMBERS_URL}{owner.pk}/roles/", {"roles": [role_of("sales").pk]}, format="json"
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "owner_protected"
    assert _roles_of(tenant_alpha, owner.user_id) == []
    assert _membership(tenant_alpha, users["owner_alpha"]) == (True, "active")


def test_the_owner_role_is_not_assignable(tenant_alpha, users, role_of):
    # given
    clerk = Membership.objects.get(tenant=tenant_alpha, user=users["member_alpha"])
    before = _roles_of(tenant_alpha, clerk.user_id)
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).put(
        f"{MEMBERS_URL}{clerk.pk}/roles/", {"roles": [role_of("owner").pk]}, format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "owner_role_not_assignable"
    assert _roles_of(tenant_alpha, clerk.user_id) == before
    assert "owner" not in before


def test_nobody_grants_a_role_above_their_own_permissions(tenant_alpha, users, role_of):
    # given a member who may change members but holds nothing of finance
    manager = member_with_permissions(tenant=tenant_alpha, permissions={"access.member.change"})
    clerk = Membership.objects.get(tenant=tenant_alpha, user=users["member_alpha"])
    before = _roles_of(tenant_alpha, clerk.user_id)
    # when
    response = tenant_client(tenant_alpha, manager).put(
        f"{MEMBERS_URL}{clerk.pk}/roles/", {"roles": [role_of("accountant").pk]}, format="json"
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "permission_escalation"
    assert _roles_of(tenant_alpha, clerk.user_id) == before
    assert "accountant" not in before


def test_unknown_role_is_a_field_error(tenant_alpha, users):
    # given
    clerk = Membership.objects.get(tenant=tenant_alpha, user=users["member_alpha"])
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).put(
        f"{MEMBERS_URL}{clerk.pk}/roles/", {"roles": [999999]}, format="json"
    )
    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Unknown roles: 999999.",
        "code": "unknown_role",
        "fields": {"roles": ["Unknown roles: 999999."]},
    }


def test_a_member_of_another_tenant_is_not_found_by_id(tenant_alpha, tenant_beta, users):
    # given beta's owner's membership id
    beta_owner = Membership.objects.get(tenant=tenant_beta, user=users["owner_beta"])
    # when alpha's owner asks for it on alpha
    response = tenant_client(tenant_alpha, users["owner_alpha"]).post(
        f"{MEMBERS_URL}{beta_owner.pk}/deactivate/"
    )
    # then
    assert response.status_code == 404
    assert _membership(tenant_beta, users["owner_beta"]) == (True, "active")


def test_deactivate_then_reactivate_a_member(tenant_alpha, users, role_of, make_member):
    # given
    member = make_member("sam@alpha.test", roles=["sales"])
    owner = tenant_client(tenant_alpha, users["owner_alpha"])
    # when
    off = owner.post(f"{MEMBERS_URL}{member.pk}/deactivate/")
    refused = tenant_client(tenant_alpha, member.user).get("/api/v1/core/company/")
    on = owner.post(f"{MEMBERS_URL}{member.pk}/reactivate/")
    # then
    assert (off.status_code, off.json()["status"]) == (200, "suspended")
    assert (refused.status_code, refused.json()["code"]) == (403, "membership_suspended")
    assert (on.status_code, on.json()["status"]) == (200, "active")
    assert _roles_of(tenant_alpha, member.user_id) == ["sales"]


def test_the_owner_cannot_be_deactivated(tenant_alpha, users):
    # given an Administrator
    admin = member_with_permissions(tenant=tenant_alpha, permissions={"access.member.change"})
    owner = Membership.objects.get(tenant=tenant_alpha, user=users["owner_alpha"])
    # when
    response = tenant_client(tenant_alpha, admin).post(f"{MEMBERS_URL}{owner.pk}/deactivate/")
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "owner_protected"
    assert _membership(tenant_alpha, users["owner_alpha"]) == (True, "active")


def test_transfer_ownership_moves_the_flag_and_keeps_the_old_owner_as_administrator(
    tenant_alpha, users
):
    # given
    clerk = Membership.objects.get(tenant=tenant_alpha, user=users["member_alpha"])
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).post(
        f"{MEMBERS_URL}{clerk.pk}/transfer-ownership/"
    )
    # then
    assert response.status_code == 200
    assert response.json()["is_owner"] is True
    assert _membership(tenant_alpha, users["member_alpha"]) == (True, "active")
    assert _membership(tenant_alpha, users["owner_alpha"]) == (False, "active")
    assert _roles_of(tenant_alpha, users["owner_alpha"].pk) == ["administrator"]
    # and the new owner may now do what only owners do; the old one may not
    back = tenant_client(tenant_alpha, users["owner_alpha"]).post(
        f"{MEMBERS_URL}{clerk.pk}/deactivate/"
    )
    assert (back.status_code, back.json()["code"]) == (403, "owner_protected")


def test_an_administrator_cannot_transfer_ownership(tenant_alpha, users, make_member):
    # given
    admin = make_member("admin@alpha.test", roles=["administrator"])
    clerk = Membership.objects.get(tenant=tenant_alpha, user=users["member_alpha"])
    # when
    response = tenant_client(tenant_alpha, admin.user).post(
        f"{MEMBERS_URL}{clerk.pk}/transfer-ownership/"
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert _membership(tenant_alpha, users["owner_alpha"]) == (True, "active")
    assert _membership(tenant_alpha, users["member_alpha"]) == (False, "active")


def test_ownership_goes_only_to_an_active_member(tenant_alpha, users, make_member):
    # given
    away = make_member("away@alpha.test", status="suspended")
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).post(
        f"{MEMBERS_URL}{away.pk}/transfer-ownership/"
    )
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "member_inactive"
    assert _membership(tenant_alpha, users["owner_alpha"]) == (True, "active")
    assert _membership(tenant_alpha, away.user) == (False, "suspended")
