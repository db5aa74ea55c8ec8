"""Who may call a tenant API.

Every tenant API declares `required_permission = "<module>.<resource>.<action>"`, or a dict of
codes per HTTP method. On the request's tenant:

- anonymous: DRF's 401/403 (not authenticated);
- authenticated but not a member: 404, so the company's existence is not confirmed;
- suspended member: 403 `membership_suspended`;
- the owner (`Membership.is_owner`): every permission;
- any other member: the union of their roles' permissions (tenant_apps.access).

The membership and the permissions come from one query, cached on the request.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from rest_framework import exceptions, permissions
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.request import Request

from tenant_apps.access.selectors import MemberAccess, member_access_get

_CACHE_ATTR = "_tenant_member_access"


def request_member_access(request: Request) -> MemberAccess | None:
    """The caller's access in the request's tenant (None: anonymous, no tenant or not a member).

    Cached on the underlying HttpRequest for the tenant and user it was read for."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return member_access_for(request, user)


def member_access_for(request: Any, user: Any) -> MemberAccess | None:
    """`user`'s access in the request's tenant, read once per request (the token authentication,
    the membership middleware and the permission check share it)."""
    tenant_id = getattr(getattr(connection, "tenant", None), "pk", None)
    if tenant_id is None:
        return None
    raw = getattr(request, "_request", request)
    key = (tenant_id, user.pk)
    cached = getattr(raw, _CACHE_ATTR, None)
    if cached is not None and cached[0] == key:
        return cached[1]
    access = member_access_get(user_id=user.pk, tenant_id=tenant_id)
    setattr(raw, _CACHE_ATTR, (key, access))
    return access


class MembershipSuspended(exceptions.PermissionDenied):
    default_detail = "Your access to this company is suspended."
    default_code = "membership_suspended"


def member_access_require(request: Request) -> MemberAccess:
    """The active member's access; 404 for non-members, 403 for suspended members."""
    access = request_member_access(request)
    if access is None:
        raise NotFound()
    if not access.is_active():
        raise MembershipSuspended()
    return access


class TenantPermission(permissions.BasePermission):
    message = "You do not have permission to perform this action."

    def has_permission(self, request: Request, view: Any) -> bool:
        if getattr(getattr(connection, "tenant", None), "pk", None) is None:
            return False
        if not request.user or not request.user.is_authenticated:
            return False  # DRF turns this into 401/403 for anonymous
        access = member_access_require(request)
        return access.has(permission_code(view, request))


class TenantUserPermission(permissions.BasePermission):
    """Any authenticated user on a tenant host, member or not (e.g. accepting an invitation)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        tenant = getattr(connection, "tenant", None)
        return getattr(tenant, "pk", None) is not None and bool(
            request.user and request.user.is_authenticated
        )


class TenantAnyonePermission(permissions.BasePermission):
    """Anyone on a tenant host, anonymous included (e.g. looking up an invitation link)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return getattr(getattr(connection, "tenant", None), "pk", None) is not None


def permission_code(view: Any, request: Request) -> str:
    declared = getattr(view, "required_permission", None)
    if isinstance(declared, dict):
        method = request.method or "GET"
        if method not in declared and method in ("HEAD", "OPTIONS"):
            method = "GET"  # HEAD and OPTIONS read what GET reads
        if method not in declared and not hasattr(view, method.lower()):
            raise MethodNotAllowed(method)  # a method the view does not offer: 405, not 500
        declared = declared.get(method)
    if not declared:
        raise RuntimeError(f"{type(view).__name__} declares no required_permission")
    return str(declared)
