"""Writes for the access app: roles, member roles and status, ownership, invitations, seats.

Every service takes the tenant it acts in and checks it is the connection's tenant (members
are public rows: a service must never touch another company's). Services own their
transaction; e-mails leave on commit; each change is audited.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from erp_platform.tenancy import connection
from shared_apps.accounts.models import Membership, MembershipStatus
from shared_apps.billing.services import seats_changed as billing_seats_changed
from tenant_apps.access import selectors
from tenant_apps.access.models import ADMINISTRATOR_ROLE, OWNER_ROLE, Invitation, MemberRole, Role
from tenant_apps.access.registry import permission_codes
from tenant_apps.audit.services import audit_record
from tenant_apps.core.exceptions import ApplicationError, ConflictError
from tenant_apps.core.selectors import company_settings_get

INVITATION_SALT = "tenant_apps.access.invitation"
INVITATION_TTL_DEFAULT = dt.timedelta(days=7)


class AccessDenied(ApplicationError):
    """The caller may use the endpoint but not do this particular thing."""

    status_code = 403


def invitation_ttl() -> dt.timedelta:
    days = getattr(settings, "ACCESS_INVITATION_TTL_DAYS", None)
    return dt.timedelta(days=days) if days else INVITATION_TTL_DEFAULT


def _assert_current(tenant: Any) -> None:
    current = getattr(connection, "tenant", None)
    if current is None or current.pk != tenant.pk:
        raise RuntimeError(f"access service called for tenant {tenant.pk} on another tenant")


def _actor_access(actor: Any, tenant: Any) -> selectors.MemberAccess:
    access = selectors.member_access_get(user_id=actor.pk, tenant_id=tenant.pk)
    if access is None or not access.is_active():
        raise AccessDenied("You are not an active member of this company.", code="not_member")
    return access


def _grant_check(actor: Any, tenant: Any, codes: set[str]) -> None:
    """Nobody hands out a permission they do not hold themselves."""
    access = _actor_access(actor, tenant)
    missing = codes - access.permissions
    if not access.is_owner and missing:
        raise AccessDenied(
            "You cannot grant permissions you do not hold: " + ", ".join(sorted(missing)) + ".",
            code="permission_escalation",
        )


# ---------------------------------------------------------------------------------------------
# Seats
# ---------------------------------------------------------------------------------------------
def seats_available(tenant: Any) -> int | None:
    """Seats left for new members and open invitations; None when unlimited.

    The plan's seat limit comes from billing (shared_apps.billing: none in development mode,
    none on plans without a limit); the optional `ACCESS_SEAT_LIMIT` setting still caps it.
    Runs on the tenant's connection.
    """
    from shared_apps.billing.selectors import seats_available_for

    limit = getattr(settings, "ACCESS_SEAT_LIMIT", None)
    billing_enabled = bool(getattr(settings, "STRIPE_SECRET_KEY", ""))
    if limit is None and not billing_enabled:
        return None
    used = selectors.member_count_active(tenant_id=tenant.pk)
    used += Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).count()
    available = seats_available_for(tenant_id=tenant.pk, used=used)
    if limit is not None:
        capped = max(0, int(limit) - used)
        available = capped if available is None else min(available, capped)
    return available


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------
def _permissions_validate(
    codes: list[str], *, allowed_extra: frozenset[str] = frozenset()
) -> list[str]:
    unknown = sorted(set(codes) - permission_codes() - allowed_extra)
    if unknown:
        message = "Unknown permissions: " + ", ".join(unknown) + "."
        raise ApplicationError(
            message, code="unknown_permission", fields={"permissions": [message]}
        )
    return sorted(set(codes))


def _name_taken(name: str, *, exclude: int | None = None) -> bool:
    roles = Role.objects.filter(name__iexact=name)
    if exclude is not None:
        roles = roles.exclude(pk=exclude)
    return roles.exists()


def role_create(
    *,
    actor: Any,
    tenant: Any,
    name: str,
    permissions: list[str],
    description: str = "",
    code: str = "",
    request: HttpRequest | None = None,
) -> Role:
    _assert_current(tenant)
    codes = _permissions_validate(permissions)
    code = code or slugify(name).replace("-", "_")[:64]
    errors: dict[str, list[str]] = {}
    if not code:
        errors["code"] = ["Give the role a code of letters, digits and underscores."]
    elif Role.objects.filter(code=code).exists():
        errors["code"] = [f"A role with code '{code}' already exists."]
    if _name_taken(name):
        errors["name"] = [f"A role named '{name}' already exists."]
    if errors:
        raise ApplicationError("The role is not valid.", code="invalid", fields=errors)
    with transaction.atomic(durable=True):
        _grant_check(actor, tenant, set(codes))
        role = Role.objects.create(
            code=code,
            name=name,
            description=description,
            permissions=codes,
            created_by=actor,
            updated_by=actor,
        )
        audit_record(
            action="access.role.created",
            actor=actor,
            target_type="access.role",
            target_id=role.pk,
            data={"code": role.code, "name": role.name, "permissions": codes},
            request=request,
        )
    return selectors.role_get(role_id=role.pk)


def role_update(
    *, actor: Any, tenant: Any, role: Role, data: dict[str, Any], request: HttpRequest | None = None
) -> Role:
    _assert_current(tenant)
    if not role.can_edit():
        raise AccessDenied("The Owner role cannot be changed.", code="role_locked")
    with transaction.atomic(durable=True):
        role = Role.objects.select_for_update().get(pk=role.pk)
        before = {
            "name": role.name,
            "description": role.description,
            "permissions": role.permissions,
        }
        if "name" in data:
            if _name_taken(data["name"], exclude=role.pk):
                message = f"A role named '{data['name']}' already exists."
                raise ApplicationError(message, code="invalid", fields={"name": [message]})
            role.name = data["name"]
        if "description" in data:
            role.description = data["description"]
        if "permissions" in data:
            # Codes of modules not installed yet stay valid on the role that already holds them.
            codes = _permissions_validate(
                data["permissions"], allowed_extra=frozenset(role.permissions)
            )
            _grant_check(actor, tenant, set(codes) - set(role.permissions))
            role.permissions = codes
        role.updated_by = actor
        role.save(update_fields=["name", "description", "permissions", "updated_by", "updated_at"])
        audit_record(
            action="access.role.updated",
            actor=actor,
            target_type="access.role",
            target_id=role.pk,
            data={
                "before": before,
                "after": {
                    "name": role.name,
                    "description": role.description,
                    "permissions": role.permissions,
                },
            },
            request=request,
        )
    return selectors.role_get(role_id=role.pk)


def role_delete(*, actor: Any, tenant: Any, role: Role, request: HttpRequest | None = None) -> None:
    _assert_current(tenant)
    if not role.can_delete():
        raise AccessDenied("Built-in roles cannot be deleted.", code="role_builtin")
    with transaction.atomic(durable=True):
        role = Role.objects.select_for_update().get(pk=role.pk)
        in_use = MemberRole.objects.filter(role=role).count()
        if in_use:
            raise ConflictError(
                f"{in_use} member(s) hold this role: give them another role first.",
                code="role_in_use",
            )
        audit_record(
            action="access.role.deleted",
            actor=actor,
            target_type="access.role",
            target_id=role.pk,
            data={"code": role.code, "name": role.name, "permissions": role.permissions},
            request=request,
        )
        role.invitations.clear()
        role.delete()


# ---------------------------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------------------------
def _roles_resolve(role_ids: list[int]) -> list[Role]:
    roles = list(Role.objects.filter(pk__in=set(role_ids)).order_by("name"))
    missing = sorted(set(role_ids) - {role.pk for role in roles})
    if missing:
        message = "Unknown roles: " + ", ".join(str(pk) for pk in missing) + "."
        raise ApplicationError(message, code="unknown_role", fields={"roles": [message]})
    if any(role.is_owner_role() for role in roles):
        message = "The Owner role is not assigned: transfer ownership instead."
        raise ApplicationError(
            message, code="owner_role_not_assignable", fields={"roles": [message]}
        )
    return roles


def _member_lock(tenant: Any, member_id: int) -> Membership:
    return Membership.objects.select_for_update().get(pk=member_id, tenant_id=tenant.pk)


def member_roles_set(
    *,
    actor: Any,
    tenant: Any,
    member: Membership,
    role_ids: list[int],
    request: HttpRequest | None = None,
) -> Membership:
    """Replace a member's roles. The owner's are not changed: they hold everything."""
    _assert_current(tenant)
    roles = _roles_resolve(role_ids)
    with transaction.atomic(durable=True):
        member = _member_lock(tenant, member.pk)
        if member.is_owner:
            raise AccessDenied(
                "The owner holds every permission; transfer ownership to change that.",
                code="owner_protected",
            )
        current = {mr.role_id: mr for mr in MemberRole.objects.filter(user_id=member.user_id)}
        wanted = {role.pk for role in roles}
        added = [role for role in roles if role.pk not in current]
        _grant_check(actor, tenant, {code for role in added for code in role.permissions})
        MemberRole.objects.filter(
            user_id=member.user_id, role_id__in=set(current) - wanted
        ).delete()
        MemberRole.objects.bulk_create(
            [
                MemberRole(user_id=member.user_id, role_id=pk, created_by=actor)
                for pk in sorted(wanted - set(current))
            ]
        )
        audit_record(
            action="access.member.roles_changed",
            actor=actor,
            target_type="accounts.membership",
            target_id=member.pk,
            data={"user_id": member.user_id, "before": sorted(current), "after": sorted(wanted)},
            request=request,
        )
    return selectors.member_get(tenant_id=tenant.pk, member_id=member.pk)


def _member_status_set(
    *, actor: Any, tenant: Any, member: Membership, status: str, request: HttpRequest | None
) -> Membership:
    _assert_current(tenant)
    with transaction.atomic(durable=True):
        member = _member_lock(tenant, member.pk)
        if member.is_owner:
            raise AccessDenied(
                "The owner cannot be deactivated; transfer ownership first.",
                code="owner_protected",
            )
        if member.user_id == actor.pk:
            raise AccessDenied("You cannot change your own membership.", code="self_change")
        if member.status != status:
            before = member.status
            member.status = status
            member.save(update_fields=["status"])
            billing_seats_changed(tenant_id=tenant.pk)
            action = (
                "access.member.reactivated"
                if status == MembershipStatus.ACTIVE
                else "access.member.deactivated"
            )
            audit_record(
                action=action,
                actor=actor,
                target_type="accounts.membership",
                target_id=member.pk,
                data={"user_id": member.user_id, "before": before, "after": status},
                request=request,
            )
    return selectors.member_get(tenant_id=tenant.pk, member_id=member.pk)


def member_deactivate(
    *, actor: Any, tenant: Any, member: Membership, request: HttpRequest | None = None
) -> Membership:
    return _member_status_set(
        actor=actor,
        tenant=tenant,
        member=member,
        status=MembershipStatus.SUSPENDED,
        request=request,
    )


def member_reactivate(
    *, actor: Any, tenant: Any, member: Membership, request: HttpRequest | None = None
) -> Membership:
    if member.status != MembershipStatus.ACTIVE:
        seats = seats_available(tenant)
        if seats == 0:
            raise ApplicationError("Every seat of your plan is taken.", code="seat_limit")
    return _member_status_set(
        actor=actor, tenant=tenant, member=member, status=MembershipStatus.ACTIVE, request=request
    )


def ownership_transfer(
    *, actor: Any, tenant: Any, member: Membership, request: HttpRequest | None = None
) -> Membership:
    """Make `member` the owner. The old owner stays a member, as Administrator.

    One transaction; both rows locked in id order; the old owner's flag is cleared before the
    new one is set (the partial unique constraint allows one owner per tenant at any moment).
    """
    _assert_current(tenant)
    with transaction.atomic(durable=True):
        rows = {
            m.pk: m
            for m in Membership.objects.select_for_update()
            .filter(tenant_id=tenant.pk, user_id__in=[actor.pk, member.user_id])
            .order_by("pk")
        }
        old = next((m for m in rows.values() if m.user_id == actor.pk), None)
        new = rows.get(member.pk)
        if old is None or not old.is_owner or old.status != MembershipStatus.ACTIVE:
            raise AccessDenied("Only the owner can transfer ownership.", code="owner_only")
        if new is None:
            raise Membership.DoesNotExist
        if new.pk == old.pk:
            raise ApplicationError("You already own this company.", code="already_owner")
        if new.status != MembershipStatus.ACTIVE:
            raise ApplicationError(
                "Ownership can only go to an active member.", code="member_inactive"
            )
        old.is_owner = False
        old.save(update_fields=["is_owner"])
        new.is_owner = True
        new.save(update_fields=["is_owner"])
        administrator = Role.objects.get(code=ADMINISTRATOR_ROLE)
        MemberRole.objects.get_or_create(
            user_id=old.user_id, role=administrator, defaults={"created_by": actor}
        )
        audit_record(
            action="access.ownership.transferred",
            actor=actor,
            target_type="accounts.membership",
            target_id=new.pk,
            data={"from_user_id": old.user_id, "to_user_id": new.user_id},
            request=request,
        )
    return selectors.member_get(tenant_id=tenant.pk, member_id=new.pk)


# ---------------------------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------------------------
def _token_new(tenant: Any) -> str:
    return signing.dumps({"t": tenant.pk, "n": secrets.token_urlsafe(24)}, salt=INVITATION_SALT)


def invitation_url(*, link_base: str, token: str) -> str:
    return f"{link_base.rstrip('/')}/invite/accept?{urlencode({'token': token})}"


def _invitation_email_send(
    *, invitation: Invitation, token: str, link_base: str, inviter: Any
) -> None:
    company = company_settings_get()
    context = {
        "company_name": company.name or company.legal_name or "your company",
        "inviter_name": getattr(inviter, "full_name", "") or getattr(inviter, "email", "Someone"),
        "email": invitation.email,
        "role_names": ", ".join(role.name for role in invitation.roles.all()),
        "accept_url": invitation_url(link_base=link_base, token=token),
        "expires_at": timezone.localtime(invitation.expires_at),
    }
    subject = render_to_string("access/invitation_subject.txt", context).strip()
    body = render_to_string("access/invitation_body.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [invitation.email], fail_silently=False)
    )


def invitation_create(
    *,
    actor: Any,
    tenant: Any,
    email: str,
    role_ids: list[int],
    link_base: str,
    request: HttpRequest | None = None,
) -> Invitation:
    _assert_current(tenant)
    email = email.strip().lower()
    roles = _roles_resolve(role_ids)
    if Membership.objects.filter(tenant_id=tenant.pk, user__email__iexact=email).exists():
        raise ConflictError(f"{email} is already a member.", code="already_member")
    if seats_available(tenant) == 0:
        raise ApplicationError(
            "Every seat of your plan is taken: deactivate a member or upgrade the plan.",
            code="seat_limit",
        )
    now = timezone.now()
    token = _token_new(tenant)
    with transaction.atomic(durable=True):
        _grant_check(actor, tenant, {code for role in roles for code in role.permissions})
        previous = selectors.invitation_open_for(email=email)
        if previous is not None:
            if not previous.is_expired():
                raise ConflictError(
                    f"{email} already has an open invitation: resend it instead.",
                    code="already_invited",
                )
            previous.revoked_at = now
            previous.save(update_fields=["revoked_at", "updated_at"])
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    email=email,
                    invited_by=actor,
                    token_hash=selectors.token_hash(token),
                    expires_at=now + invitation_ttl(),
                    sent_at=now,
                    created_by=actor,
                    updated_by=actor,
                )
        except IntegrityError as exc:  # a concurrent invitation for the same address
            raise ConflictError(
                f"{email} already has an open invitation: resend it instead.",
                code="already_invited",
            ) from exc
        invitation.roles.set(roles)
        audit_record(
            action="access.invitation.created",
            actor=actor,
            target_type="access.invitation",
            target_id=invitation.pk,
            data={"email": email, "roles": [role.code for role in roles]},
            request=request,
        )
        _invitation_email_send(
            invitation=invitation, token=token, link_base=link_base, inviter=actor
        )
    return selectors.invitation_get(invitation_id=invitation.pk)


def invitation_resend(
    *,
    actor: Any,
    tenant: Any,
    invitation: Invitation,
    link_base: str,
    request: HttpRequest | None = None,
) -> Invitation:
    """A new token and a new expiry; the old link stops working."""
    _assert_current(tenant)
    now = timezone.now()
    token = _token_new(tenant)
    with transaction.atomic(durable=True):
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open():
            raise ApplicationError(
                f"This invitation is {invitation.status}; it cannot be resent.",
                code="invitation_closed",
            )
        invitation.token_hash = selectors.token_hash(token)
        invitation.expires_at = now + invitation_ttl()
        invitation.sent_at = now
        invitation.updated_by = actor
        invitation.save(
            update_fields=["token_hash", "expires_at", "sent_at", "updated_by", "updated_at"]
        )
        audit_record(
            action="access.invitation.resent",
            actor=actor,
            target_type="access.invitation",
            target_id=invitation.pk,
            data={"email": invitation.email},
            request=request,
        )
        _invitation_email_send(
            invitation=invitation, token=token, link_base=link_base, inviter=actor
        )
    return selectors.invitation_get(invitation_id=invitation.pk)


def invitation_revoke(
    *, actor: Any, tenant: Any, invitation: Invitation, request: HttpRequest | None = None
) -> Invitation:
    _assert_current(tenant)
    with transaction.atomic(durable=True):
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ApplicationError(
                "This invitation was accepted; deactivate the member instead.",
                code="invitation_closed",
            )
        if invitation.revoked_at is None:
            invitation.revoked_at = timezone.now()
            invitation.updated_by = actor
            invitation.save(update_fields=["revoked_at", "updated_by", "updated_at"])
            audit_record(
                action="access.invitation.revoked",
                actor=actor,
                target_type="access.invitation",
                target_id=invitation.pk,
                data={"email": invitation.email},
                request=request,
            )
    return selectors.invitation_get(invitation_id=invitation.pk)


def _invitation_for_token(*, tenant: Any, token: str, lock: bool = False) -> Invitation:
    """The open invitation a token names, or the reason it cannot be used."""
    invalid = ApplicationError(
        "This invitation link is not valid. Ask for a new one.", code="invitation_invalid"
    )
    try:
        payload = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature as exc:
        raise invalid from exc
    if not isinstance(payload, dict) or payload.get("t") != tenant.pk:
        raise invalid
    queryset = Invitation.objects.select_for_update() if lock else Invitation.objects.all()
    invitation = queryset.filter(token_hash=selectors.token_hash(token)).first()
    if invitation is None:
        raise invalid
    if invitation.accepted_at is not None:
        raise ApplicationError("This invitation has already been used.", code="invitation_used")
    if invitation.revoked_at is not None:
        raise ApplicationError("This invitation was withdrawn.", code="invitation_revoked")
    if invitation.is_expired():
        raise ApplicationError(
            "This invitation has expired. Ask for a new one.", code="invitation_expired"
        )
    return invitation


def invitation_check(*, tenant: Any, token: str) -> Invitation:
    """For the accept page: the invitation a token names, if it can still be accepted."""
    _assert_current(tenant)
    return _invitation_for_token(tenant=tenant, token=token)


def invitation_accept(
    *, user: Any, tenant: Any, token: str, request: HttpRequest | None = None
) -> Membership:
    """The logged-in user joins the company with the invited roles. Single use."""
    _assert_current(tenant)
    with transaction.atomic(durable=True):
        invitation = _invitation_for_token(tenant=tenant, token=token, lock=True)
        if invitation.email.lower() != (user.email or "").lower():
            raise AccessDenied(
                "This invitation was sent to another e-mail address. Log in as that user.",
                code="invitation_email_mismatch",
            )
        if Membership.objects.filter(tenant_id=tenant.pk, user_id=user.pk).exists():
            raise ConflictError("You are already a member of this company.", code="already_member")
        membership = Membership.objects.create(
            user_id=user.pk, tenant_id=tenant.pk, status=MembershipStatus.ACTIVE
        )
        billing_seats_changed(tenant_id=tenant.pk)
        roles = [role for role in invitation.roles.all() if role.code != OWNER_ROLE]
        MemberRole.objects.bulk_create(
            [
                MemberRole(user_id=user.pk, role=role, created_by=invitation.invited_by)
                for role in roles
            ],
            ignore_conflicts=True,
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        audit_record(
            action="access.invitation.accepted",
            actor=user,
            target_type="access.invitation",
            target_id=invitation.pk,
            data={"email": invitation.email, "roles": [role.code for role in roles]},
            request=request,
        )
    return selectors.member_get(tenant_id=tenant.pk, member_id=membership.pk)
