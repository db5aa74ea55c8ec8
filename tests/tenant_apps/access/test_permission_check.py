"""TenantPermission: non-members 404, suspended members 403, owner all, roles' union."""

from __future__ import annotations

from shared_apps.accounts.models import Membership
from tenant_apps.access.models import MemberRole
from tests.conftest import in_schema
from tests.permission_matrix import PERMISSION_DENIED, member_with_permissions, tenant_client
from tests.tenant_apps.access.conftest import mentioning, queries_of

COMPANY_URL = "/api/v1/core/company/"
SUSPENDED = {
    "detail": "Your access to this company is suspended.",
    "code": "membership_suspended",
    "fields": {},
}


def test_a_member_holds_the_union_of_their_roles(tenant_alpha, make_member):
    # given a member who is both Sales (reads the company) and HR
    member = make_member("both@alpha.test", roles=["sales", "hr"])
    client = tenant_client(tenant_alpha, member.user)
    # when
    read = client.get(COMPANY_URL)
    write = client.patch(COMPANY_URL, {"name": "Renamed"}, format="json")
    # then
    assert read.status_code == 200
    assert read.json()["name"] == "Alpha Steel Works"
    assert write.status_code == 403
    assert write.json() == PERMISSION_DENIED


def test_a_member_without_roles_may_do_nothing(tenant_alpha, make_member):
    # given
    member = make_member("bare@alpha.test")
    # when
    response = tenant_client(tenant_alpha, member.user).get(COMPANY_URL)
    # then
    assert response.status_code == 403
    assert response.json() == PERMISSION_DENIED


def test_the_owner_holds_every_permission_without_a_role(tenant_alpha, users):
    # when
    response = tenant_client(tenant_alpha, users["owner_alpha"]).patch(
        COMPANY_URL, {"name": "Alpha Steel"}, format="json"
    )
    # then
    assert response.status_code == 200
    assert response.json()["name"] == "Alpha Steel"


def test_a_suspended_member_gets_403_membership_suspended(tenant_alpha, make_member):
    # given a suspended Administrator
    member = make_member("gone@alpha.test", roles=["administrator"], status="suspended")
    # when
    response = tenant_client(tenant_alpha, member.user).get(COMPANY_URL)
    # then
    assert response.status_code == 403
    assert response.json() == SUSPENDED


def test_a_non_member_gets_404(tenant_alpha, users):
    # when
    response = tenant_client(tenant_alpha, users["owner_beta"]).get(COMPANY_URL)
    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "fields": {}}


def test_the_permission_check_is_one_query_whatever_the_roles(tenant_alpha):
    # given two members of the same rights: one through 1 role, one through 5 roles
    one = member_with_permissions(tenant=tenant_alpha, permissions={"core.company.view"})
    five = member_with_permissions(tenant=tenant_alpha, permissions={"core.company.view"})
    for _ in range(4):
        extra = member_with_permissions(tenant=tenant_alpha, permissions={"core.sequence.view"})
        _move_roles(tenant_alpha, extra, five)
    clients = [tenant_client(tenant_alpha, user) for user in (one, five)]
    for client in clients:
        client.get(COMPANY_URL)  # warm: the first request of a session records it
    # when
    runs = [queries_of(lambda c=client: c.get(COMPANY_URL)) for client in clients]
    # then the same queries, and exactly one reads the membership and the roles together
    (first, first_sql), (second, second_sql) = runs
    assert (first.status_code, second.status_code) == (200, 200)
    assert len(first_sql) == len(second_sql)
    for sqls in (first_sql, second_sql):
        access = mentioning(sqls, "accounts_membership", "access_role", "access_memberrole")
        assert len(access) == 1
        assert '"accounts_membership"' in access[0] and '"access_role"' in access[0]


def _move_roles(tenant, source_user, target_user):
    with in_schema(tenant.schema_name):
        MemberRole.objects.filter(user=source_user).update(user=target_user)
    Membership.objects.filter(user=source_user).delete()
