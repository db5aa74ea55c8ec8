"""GET /api/v1/access/me/: the app shell's view of the caller on a tenant host."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tenant_apps.access.permissions import OWNERSHIP_TRANSFER
from tenant_apps.access.registry import permission_codes
from tests.permission_matrix import tenant_client

ME_URL = "/api/v1/access/me/"


def test_me_for_owner_lists_company_and_every_permission(tenant_alpha, users):
    # given
    client = tenant_client(tenant_alpha, users["owner_alpha"])
    # when
    response = client.get(ME_URL)
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["email"] == "owner@alpha.test"
    assert body["user"]["full_name"] == "Asha Owner"
    assert body["company"] == {
        "id": tenant_alpha.pk,
        "name": "Alpha Steel Works",
        "time_zone": "Asia/Kolkata",
        # the company's date, not the server clock's (UTC here): they differ after 18:30 UTC
        "today": dt.datetime.now(ZoneInfo("Asia/Kolkata")).date().isoformat(),
    }
    assert body["is_owner"] is True
    assert set(body["permissions"]) == set(permission_codes()) | {OWNERSHIP_TRANSFER}


def test_me_for_member_lists_roles_and_their_permissions_only(tenant_alpha, make_member):
    # given
    member = make_member("sam@alpha.test", roles=["sales"], full_name="Sam Sales")
    client = tenant_client(tenant_alpha, member.user)
    # when
    body = client.get(ME_URL).json()
    # then
    assert body["is_owner"] is False
    assert [role["code"] for role in body["roles"]] == ["sales"]
    assert "access.member.change" not in body["permissions"]
    assert OWNERSHIP_TRANSFER not in body["permissions"]
    assert set(body["permissions"]) <= set(permission_codes())


def test_me_is_404_for_non_members_and_403_for_suspended(tenant_alpha, users, make_member):
    # given
    outsider = tenant_client(tenant_alpha, users["owner_beta"])
    suspended = make_member("away@alpha.test", roles=["sales"], status="suspended")
    # when / then
    assert outsider.get(ME_URL).status_code == 404
    assert tenant_client(tenant_alpha, suspended.user).get(ME_URL).status_code == 403
    assert tenant_client(tenant_alpha).get(ME_URL).status_code in (401, 403)
