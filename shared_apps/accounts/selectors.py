"""Reads for accounts: who a user is, which companies they belong to, how they signed in."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from shared_apps.accounts.models import Membership, User
from shared_apps.tenants.models import Domain, TenantStatus

# allauth keeps the steps of the current session's sign-in here (password, mfa, ...).
AUTHENTICATION_RECORDS_SESSION_KEY = "account_authentication_methods"
AUTHENTICATION_RECORDS_USER_SESSION_KEY = "account_authentication_methods_user"
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def email_is_registered(email: str) -> bool:
    """Whether any account uses this address, as its login or as one of its addresses."""
    email = email.strip()
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def user_email_verified(user: AbstractBaseUser) -> bool:
    return EmailAddress.objects.filter(user_id=user.pk, verified=True).exists()


def user_has_mfa(user: AbstractBaseUser) -> bool:
    """An authenticator app or a passkey (recovery codes alone are not a second factor)."""
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def authentication_records(request: HttpRequest) -> list[dict[str, Any]]:
    """The sign-in steps allauth recorded in this session for the signed-in user."""
    user = request.user
    if not user.is_authenticated:
        return []
    if request.session.get(AUTHENTICATION_RECORDS_USER_SESSION_KEY) != str(user.pk):
        return []
    records = request.session.get(AUTHENTICATION_RECORDS_SESSION_KEY)
    return list(records) if isinstance(records, list) else []


def session_has_mfa(request: HttpRequest) -> bool:
    """Whether this session's sign-in was completed with a second factor."""
    return any(record.get("method") == "mfa" for record in authentication_records(request))


def is_member(user: Any, tenant: Any) -> bool:
    """Whether `user` is a member of `tenant` (active or suspended)."""
    return (
        bool(user.is_authenticated)
        and Membership.objects.filter(user_id=user.pk, tenant_id=tenant.pk).exists()
    )


def user_memberships(user: AbstractBaseUser) -> QuerySet[Membership]:
    """The user's companies for the switcher, in a fixed number of queries (two)."""
    primary_domains = Prefetch(
        "tenant__domains", queryset=Domain.objects.filter(is_primary=True), to_attr="primary"
    )
    return (
        Membership.objects.filter(user_id=user.pk)
        .exclude(tenant__status__in=[TenantStatus.STANDBY, TenantStatus.TEMPLATE])
        .select_related("tenant")
        .prefetch_related(primary_domains)
        .order_by("tenant__name", "tenant_id")
    )


def membership_domain(membership: Membership) -> str:
    """The primary domain of a membership from `user_memberships` (prefetched)."""
    domains = getattr(membership.tenant, "primary", None)
    if domains is None:
        domain = membership.tenant.get_primary_domain()
        return domain.domain if domain else ""
    return domains[0].domain if domains else ""


def host_url(request: HttpRequest, domain: str, path: str = "/") -> str:
    """`<scheme>://<domain>[:<port>]<path>` with the scheme and port the request came in on."""
    port = request.get_port()
    suffix = f":{port}" if port not in ("80", "443") else ""
    return f"{request.scheme}://{domain}{suffix}{path}"
