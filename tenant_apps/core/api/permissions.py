"""Who may call a tenant API.

Every tenant API declares `required_permission = "<module>.<resource>.<action>"`. Until roles land
(identity issue), a member of the request's tenant holds `*.view`/`*.export`, and the owner holds
every permission; non-members see 404 so a tenant's existence is not confirmed to outsiders.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from rest_framework import permissions
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.request import Request

from shared_apps.accounts.models import Membership, MembershipStatus

READ_ACTIONS = ("view", "export")


def membership_for(user: Any, tenant_id: int) -> Membership | None:
    if not user or not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, tenant_id=tenant_id).first()


def user_has_tenant_permission(membership: Membership, code: str) -> bool:
    if membership.status != MembershipStatus.ACTIVE:
        return False
    if membership.is_owner:
        return True
    return code.rsplit(".", 1)[-1] in READ_ACTIONS


class TenantPermission(permissions.BasePermission):
    message = "You do not have permission to perform this action."

    def has_permission(self, request: Request, view: Any) -> bool:
        tenant = getattr(connection, "tenant", None)
        tenant_id = getattr(tenant, "pk", None)
        if tenant_id is None:
            return False
        if not request.user or not request.user.is_authenticated:
            return False  # DRF turns this into 401/403 for anonymous
        membership = membership_for(request.user, tenant_id)
        if membership is None:
            raise NotFound()
        code = permission_code(view, request)
        return user_has_tenant_permission(membership, code)


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
