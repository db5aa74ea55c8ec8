"""The four-actor matrix over every access endpoint and core's company/sequences endpoints."""

from __future__ import annotations

from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from shared_apps.accounts.models import Membership
from tenant_apps.access.models import Invitation, MemberRole, Role
from tenant_apps.access.permissions import OWNERSHIP_TRANSFER
from tenant_apps.core.models import CompanySettings, DocumentSequence
from tests.conftest import in_schema
from tests.permission_matrix import assert_permission_matrix


def _state(tenant: Any) -> Any:
    """Everything the access and core endpoints could change, for before/after comparison."""
    members = list(
        Membership.objects.filter(tenant=tenant)
        .order_by("pk")
        .values_list("pk", "user_id", "is_owner", "status")
    )
    with in_schema(tenant.schema_name):
        roles = [model_to_dict(r) | {"u": r.updated_at} for r in Role.objects.order_by("pk")]
        member_roles = list(MemberRole.objects.order_by("pk").values_list("user_id", "role_id"))
        invitations = [
            model_to_dict(i, exclude=["roles"]) | {"roles": sorted(r.pk for r in i.roles.all())}
            for i in Invitation.objects.order_by("pk")
        ]
        company = model_to_dict(CompanySettings.objects.get())
        sequences = list(DocumentSequence.objects.values_list("series", "last_value"))
    return members, roles, member_roles, invitations, company, sequences


@pytest.fixture
def targets(tenant_alpha, users, make_member) -> dict[str, int]:
    """Objects the endpoints act on: a custom role, members, an open invitation."""
    suspended = make_member("away@alpha.test", roles=["sales"], status="suspended")
    with in_schema(tenant_alpha.schema_name):
        role = Role.objects.create(
            code="quality", name="Quality", permissions=["core.company.view"]
        )
        invitation = Invitation.objects.create(
            email="invitee@alpha.test",
            token_hash="0" * 64,
            expires_at=timezone.now() + timezone.timedelta(days=7),
        )
    clerk = Membership.objects.get(tenant=tenant_alpha, user=users["member_alpha"])
    return {
        "role": role.pk,
        "builtin": 0,
        "clerk": clerk.pk,
        "suspended": suspended.pk,
        "invitation": invitation.pk,
    }


CASES = [
    # method, path template, permission, body, expected
    ("get", "/api/v1/core/company/", "core.company.view", None, 200),
    ("patch", "/api/v1/core/company/", "core.company.change", {"legal_name": "Changed"}, 200),
    ("get", "/api/v1/core/sequences/", "core.sequence.view", None, 200),
    ("get", "/api/v1/access/permissions/", "access.role.view", None, 200),
    ("get", "/api/v1/access/roles/", "access.role.view", None, 200),
    (
        "post",
        "/api/v1/access/roles/",
        "access.role.create",
        {"name": "Auditor", "permissions": []},
        201,
    ),
    ("get", "/api/v1/access/roles/{role}/", "access.role.view", None, 200),
    ("patch", "/api/v1/access/roles/{role}/", "access.role.change", {"description": "QC"}, 200),
    ("delete", "/api/v1/access/roles/{role}/", "access.role.delete", None, 204),
    ("get", "/api/v1/access/members/", "access.member.view", None, 200),
    ("get", "/api/v1/access/members/{clerk}/", "access.member.view", None, 200),
    ("put", "/api/v1/access/members/{clerk}/roles/", "access.member.change", {"roles": []}, 200),
    ("post", "/api/v1/access/members/{clerk}/deactivate/", "access.member.change", None, 200),
    ("post", "/api/v1/access/members/{suspended}/reactivate/", "access.member.change", None, 200),
    ("get", "/api/v1/access/invitations/", "access.invitation.view", None, 200),
    (
        "post",
        "/api/v1/access/invitations/",
        "access.invitation.create",
        {"email": "new@alpha.test", "roles": []},
        201,
    ),
    ("get", "/api/v1/access/invitations/{invitation}/", "access.invitation.view", None, 200),
    (
        "post",
        "/api/v1/access/invitations/{invitation}/resend/",
        "access.invitation.create",
        None,
        200,
    ),
    (
        "post",
        "/api/v1/access/invitations/{invitation}/revoke/",
        "access.invitation.delete",
        None,
        200,
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "permission", "body", "expected"),
    CASES,
    ids=[f"{c[0]} {c[1]}" for c in CASES],
)
def test_endpoint_permission_matrix(
    tenant_alpha, targets, method, path, permission, body, expected
):
    # given / when / then
    assert_permission_matrix(
        method=method,
        path=path.format(**targets),
        tenant=tenant_alpha,
        permission=permission,
        body=body,
        expect_ok=expected,
        snapshot=lambda: _state(tenant_alpha),
    )


def test_ownership_transfer_matrix_only_the_owner_may(tenant_alpha, targets, users):
    # given / when
    response = assert_permission_matrix(
        method="post",
        path=f"/api/v1/access/members/{targets['clerk']}/transfer-ownership/",
        tenant=tenant_alpha,
        permission=OWNERSHIP_TRANSFER,
        permitted_user=users["owner_alpha"],
        snapshot=lambda: _state(tenant_alpha),
    )
    # then
    assert response.json()["is_owner"] is True
