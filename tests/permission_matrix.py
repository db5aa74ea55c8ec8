"""The four-actor permission matrix, reusable by every module's API tests.

    assert_permission_matrix(
        method="patch", path="/api/v1/core/company/", tenant=tenant_alpha,
        permission="core.company.change", body={"name": "X"}, snapshot=company_row,
    )

runs the request as

1. anonymous                      -> 401/403 `not_authenticated`
2. a member of another tenant     -> 404 `not_found` (holding the permission in their own tenant)
3. a member without the permission -> 403 `permission_denied` (holding every *other* permission)
4. a member with only the permission -> `expect_ok`

asserting that every denied body is exactly the error shape (nothing leaks) and, when
`snapshot` is given, that `snapshot()` is equal before and after the denied actors (nothing
changed). The permitted actor runs last; its response is returned for further assertions.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rest_framework.test import APIClient

from erp_platform.tenancy import connection
from tests.conftest import in_schema

NOT_AUTHENTICATED = {
    "detail": "Authentication credentials were not provided.",
    "code": "not_authenticated",
    "fields": {},
}
NOT_FOUND = {"detail": "Not found.", "code": "not_found", "fields": {}}
PERMISSION_DENIED = {
    "detail": "You do not have permission to perform this action.",
    "code": "permission_denied",
    "fields": {},
}

_sequence = itertools.count(1)


def tenant_client(tenant: Any, user: Any = None) -> APIClient:
    """A client on `tenant`'s host, logged in as `user` (anonymous when None)."""
    connection.set_schema_to_public()
    client = APIClient(HTTP_HOST=tenant.get_primary_domain().domain)
    if user is not None:
        connection.set_schema_to_public()
        client.force_login(user)
    return client


def member_with_permissions(
    *, tenant: Any, permissions: list[str] | set[str], label: str = "matrix"
) -> Any:
    """A new active member of `tenant` holding exactly `permissions` through one custom role."""
    from shared_apps.accounts.models import Membership, User
    from tenant_apps.access.models import MemberRole, Role

    n = next(_sequence)
    connection.set_schema_to_public()
    user = User.objects.create_user(f"{label}-{n}@matrix.test", None, full_name=f"Matrix {n}")
    Membership.objects.create(user=user, tenant=tenant)
    with in_schema(tenant.schema_name):
        role = Role.objects.create(
            code=f"{label}_{n}", name=f"{label.capitalize()} {n}", permissions=sorted(permissions)
        )
        MemberRole.objects.create(user=user, role=role)
    connection.set_schema_to_public()
    return user


def _other_tenant(tenant: Any) -> Any:
    from shared_apps.tenants.models import Tenant, TenantStatus

    other = (
        Tenant.objects.filter(status=TenantStatus.ACTIVE, domains__isnull=False)
        .exclude(pk=tenant.pk)
        .order_by("pk")
        .first()
    )
    assert other is not None, "the permission matrix needs a second active tenant"
    return other


@dataclass(frozen=True)
class Multipart:
    """A multipart body (a file upload), made afresh for each actor: an upload is read once."""

    make: Callable[[], dict[str, Any]]


def _call(client: APIClient, method: str, path: str, body: Any) -> Any:
    call = getattr(client, method.lower())
    if body is None:
        return call(path)
    if isinstance(body, Multipart):
        return call(path, body.make(), format="multipart")
    return call(path, body, format="json")


def _body(response: Any) -> Any:
    return response.json() if response.content else None


def assert_permission_matrix(
    *,
    method: str,
    path: str,
    tenant: Any,
    permission: str,
    body: Any = None,
    expect_ok: int = 200,
    snapshot: Callable[[], Any] | None = None,
    permitted_user: Any = None,
    other_tenant: Any = None,
) -> Any:
    """Run the four actors; return the permitted actor's response.

    `permitted_user` replaces the generated member holding only `permission` (e.g. the owner for
    owner-only actions)."""
    from tenant_apps.access.registry import permission_codes

    # given the actors (made before the snapshot: making them is not what is under test)
    other_tenant = other_tenant or _other_tenant(tenant)
    outsider = member_with_permissions(tenant=other_tenant, permissions={permission})
    without = member_with_permissions(
        tenant=tenant, permissions=permission_codes() - {permission}, label="without"
    )
    permitted = permitted_user or member_with_permissions(
        tenant=tenant, permissions={permission}, label="with"
    )
    before = snapshot() if snapshot else None

    # anonymous
    response = _call(tenant_client(tenant), method, path, body)
    assert response.status_code in (401, 403), (method, path, "anonymous", response.status_code)
    assert _body(response) == NOT_AUTHENTICATED, (method, path, "anonymous")

    # a member of another tenant
    response = _call(tenant_client(tenant, outsider), method, path, body)
    assert response.status_code == 404, (method, path, "other tenant", response.status_code)
    assert _body(response) == NOT_FOUND, (method, path, "other tenant")

    # a member without the permission
    response = _call(tenant_client(tenant, without), method, path, body)
    assert response.status_code == 403, (method, path, "without", response.status_code)
    assert _body(response) == PERMISSION_DENIED, (method, path, "without")

    if snapshot is not None:
        assert snapshot() == before, (method, path, "a denied actor changed something")

    # a member with the permission
    response = _call(tenant_client(tenant, permitted), method, path, body)
    assert response.status_code == expect_ok, (
        method,
        path,
        "with",
        response.status_code,
        _body(response),
    )
    return response
