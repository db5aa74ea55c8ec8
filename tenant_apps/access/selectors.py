"""Reads for the access app: a member's permissions, members, roles, invitations.

Members are public rows (`Membership` + `User`); roles are tenant rows. The tenant connection's
search_path is `<tenant schema>, public`, so one SQL statement reads both: the members list and
the permission check each take a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import JSONObject
from django.db.models.lookups import Exact

from shared_apps.accounts.models import Membership, MembershipStatus
from tenant_apps.access.models import OWNER_ROLE, Invitation, MemberRole, Role


@dataclass(frozen=True)
class MemberAccess:
    """What one user may do in one tenant: read once per request (see TenantPermission)."""

    user_id: int
    tenant_id: int
    membership_id: int
    is_owner: bool
    status: str
    permissions: frozenset[str]

    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    def has(self, code: str) -> bool:
        return self.is_active() and (self.is_owner or code in self.permissions)

    def has_all(self, codes: set[str] | frozenset[str]) -> bool:
        return self.is_active() and (self.is_owner or codes <= self.permissions)


def _permission_codes_of(user_ref: Any) -> ArraySubquery:
    unnested = (
        Role.objects.filter(member_roles__user_id=user_ref)
        .annotate(granted=Func(F("permissions"), function="unnest", output_field=CharField()))
        .values("granted")
    )
    return ArraySubquery(unnested)


def member_access_get(*, user_id: int, tenant_id: int) -> MemberAccess | None:
    """The user's membership and the union of their roles' permissions, in one query.

    Must run on the tenant's connection (roles are read from its schema)."""
    row = (
        Membership.objects.filter(user_id=user_id, tenant_id=tenant_id)
        .annotate(codes=_permission_codes_of(OuterRef("user_id")))
        .values_list("pk", "is_owner", "status", "codes")
        .first()
    )
    if row is None:
        return None
    pk, is_owner, status, codes = row
    return MemberAccess(
        user_id=user_id,
        tenant_id=tenant_id,
        membership_id=pk,
        is_owner=is_owner,
        status=status,
        permissions=frozenset(codes or ()),
    )


def member_list(*, tenant_id: int) -> QuerySet[Membership]:
    """The tenant's members with their user and roles, in one query per page.

    `role_list` is [{id, code, name}], the Owner role first for the owner (who holds it through
    `Membership.is_owner`, not a role row); `email`, `full_name`, `last_login`, `joined_at` are
    annotated for filtering and ordering."""
    held = MemberRole.objects.filter(user_id=OuterRef(OuterRef("user_id"))).values("role_id")
    roles = (
        Role.objects.filter(
            Q(pk__in=Subquery(held)) | (Q(code=OWNER_ROLE) & Q(Exact(OuterRef("is_owner"), True)))
        )
        .order_by(Case(When(code=OWNER_ROLE, then=Value(0)), default=Value(1)), "name")
        .values(json=JSONObject(id="id", code="code", name="name"))
    )
    return (
        Membership.objects.filter(tenant_id=tenant_id)
        .select_related("user")
        .annotate(
            role_list=ArraySubquery(roles),
            email=F("user__email"),
            full_name=F("user__full_name"),
            last_login=F("user__last_login"),
            joined_at=F("created_at"),
        )
        .order_by("email")
    )


def member_get(*, tenant_id: int, member_id: int) -> Membership:
    """One member of this tenant; `Membership.DoesNotExist` (404) outside it."""
    return member_list(tenant_id=tenant_id).get(pk=member_id)


def member_user_ids_with_role(*, role_code: str) -> QuerySet[MemberRole, int]:
    return MemberRole.objects.filter(role__code=role_code).values_list("user_id", flat=True)


def role_list() -> QuerySet[Role]:
    return Role.objects.annotate(member_count=Count("member_roles")).order_by("-is_builtin", "name")


def role_get(*, role_id: int) -> Role:
    return role_list().get(pk=role_id)


def roles_by_code(codes: list[str]) -> dict[str, Role]:
    return {role.code: role for role in Role.objects.filter(code__in=codes)}


def invitation_list() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("invited_by").prefetch_related("roles")


def invitation_get(*, invitation_id: int) -> Invitation:
    return invitation_list().get(pk=invitation_id)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(*, token: str) -> Invitation | None:
    return invitation_list().filter(token_hash=token_hash(token)).first()


def invitation_open_for(*, email: str) -> Invitation | None:
    return Invitation.objects.filter(
        Q(accepted_at__isnull=True, revoked_at__isnull=True), email__iexact=email
    ).first()


def member_count_active(*, tenant_id: int) -> int:
    return Membership.objects.filter(tenant_id=tenant_id, status=MembershipStatus.ACTIVE).count()


def member_roles_of(*, user_id: int) -> list[dict[str, Any]]:
    """The roles a user holds in the current tenant: [{id, code, name}] by name."""
    roles = Role.objects.filter(member_roles__user_id=user_id).order_by("name")
    return [{"id": r.pk, "code": r.code, "name": r.name} for r in roles]


def my_access_get(*, access: MemberAccess) -> dict[str, Any]:
    """What the app shell needs about the caller here: roles and effective permission codes.

    The owner holds every registered code (and the ownership transfer); others the union of
    their roles' codes, limited to the registered ones."""
    from tenant_apps.access.permissions import OWNERSHIP_TRANSFER
    from tenant_apps.access.registry import permission_codes

    registered = permission_codes()
    if access.is_owner:
        codes = set(registered) | {OWNERSHIP_TRANSFER}
    else:
        codes = set(access.permissions) & registered
    return {
        "is_owner": access.is_owner,
        "roles": member_roles_of(user_id=access.user_id),
        "permissions": sorted(codes),
    }
