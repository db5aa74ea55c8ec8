"""Writes for accounts: business signup, more companies for a user, sign-in and the login
hand-off from the public host to a company's host.

Signup order and why (tenant_provision runs its own durable transaction, so it cannot be wrapped
in an outer one):

1. validate everything, reporting every bad field at once; nothing is written on a 400;
2. create the user and their e-mail address (one transaction);
3. provision the company from the standby pool (its own transaction);
   if that fails (a concurrent signup took the subdomain, the pool and the fallback clone
   failed...), delete the user from step 2 again (nothing else refers to it yet) and re-raise;
4. make the user the owner (one transaction); the access app maps `is_owner` to the Owner role.

A failure in step 4 would leave an ownerless company: it cannot happen short of the database
failing (the tenant is new, so the unique constraints cannot clash), and operators can see and
archive such a company in the console.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest

from erp_platform.cache import global_key
from shared_apps.accounts import selectors
from shared_apps.accounts.models import Membership, MembershipStatus, User
from shared_apps.tenants.models import Tenant
from shared_apps.tenants.selectors import subdomain_is_available
from shared_apps.tenants.services import tenant_provision
from tenant_apps.core.exceptions import ApplicationError
from tenant_apps.core.services import company_fields_validate

logger = logging.getLogger(__name__)

NAME_MAX = 200
EMAIL_REGISTERED = (
    "An account with this e-mail address already exists. Log in, then add the company from "
    "your account."
)
HANDOFF_SALT = "accounts.login-handoff"


class RateLimitedError(ApplicationError):
    status_code = 429


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------
def company_errors(
    *, company_name: str, subdomain: str, gstin: str = "", state: str = ""
) -> dict[str, list[str]]:
    """Every problem with a new company's fields (empty when fine), without writing anything."""
    errors: dict[str, list[str]] = {}
    name = company_name.strip()
    if not name:
        errors["company_name"] = ["Give the company a name."]
    elif len(name) > NAME_MAX:
        errors["company_name"] = [f"Use at most {NAME_MAX} characters."]
    sub = subdomain.strip()
    _, sub_errors = subdomain_is_available(sub)
    if sub_errors:
        errors["subdomain"] = sub_errors
    errors.update(company_fields_validate(gstin=gstin.strip().upper(), state=state.strip()))
    return errors


def signup_errors(
    *,
    company_name: str,
    subdomain: str,
    full_name: str,
    email: str,
    password: str,
    gstin: str = "",
    state: str = "",
) -> tuple[dict[str, list[str]], bool]:
    """Every problem with a business signup, and whether the e-mail is already registered."""
    errors = company_errors(
        company_name=company_name, subdomain=subdomain, gstin=gstin, state=state
    )
    if not full_name.strip():
        errors["full_name"] = ["Tell us your name."]
    elif len(full_name.strip()) > NAME_MAX:
        errors["full_name"] = [f"Use at most {NAME_MAX} characters."]
    email = email.strip()
    registered = False
    if not email:
        errors["email"] = ["Enter your e-mail address."]
    else:
        try:
            validate_email(email)
        except DjangoValidationError:
            errors["email"] = ["Enter a valid e-mail address."]
        else:
            if selectors.email_is_registered(email):
                registered = True
                errors["email"] = [EMAIL_REGISTERED]
    if not password:
        errors["password"] = ["Choose a password."]
    else:
        try:
            validate_password(password, user=User(email=email, full_name=full_name.strip()))
        except DjangoValidationError as exc:
            errors["password"] = list(exc.messages)
    return errors, registered


def _raise_for(errors: dict[str, list[str]], *, registered: bool = False) -> None:
    if not errors:
        return
    if registered:
        raise ApplicationError(EMAIL_REGISTERED, code="email_registered", fields=errors)
    detail = next(iter(errors.values()))[0] if len(errors) == 1 else "Some fields need attention."
    raise ApplicationError(detail, code="invalid", fields=errors)


def signup_rate_limit(*, request: HttpRequest) -> None:
    """Count one business signup from the request's IP; 429 past ACCOUNT_RATE_LIMITS."""
    if not ratelimit.consume(request, action="business_signup"):
        raise RateLimitedError(
            "Too many sign-ups from your network. Try again later.", code="rate_limited"
        )


# ---------------------------------------------------------------------------------------------
# Accounts and companies
# ---------------------------------------------------------------------------------------------
def user_create(*, email: str, password: str, full_name: str = "") -> User:
    """A new account with its (unverified, primary) e-mail address."""
    with transaction.atomic(durable=True):
        user = User.objects.create_user(email.strip(), password, full_name=full_name.strip())
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    return user


def owner_membership_create(*, user: User, tenant: Tenant) -> Membership:
    with transaction.atomic(durable=True):
        return Membership.objects.create(
            user=user, tenant=tenant, is_owner=True, status=MembershipStatus.ACTIVE
        )


def business_signup(
    *,
    company_name: str,
    subdomain: str,
    full_name: str,
    email: str,
    password: str,
    gstin: str = "",
    state: str = "",
) -> tuple[User, Tenant]:
    """A new account and its first company, owned by it (see the module docstring)."""
    errors, registered = signup_errors(
        company_name=company_name,
        subdomain=subdomain,
        full_name=full_name,
        email=email,
        password=password,
        gstin=gstin,
        state=state,
    )
    _raise_for(errors, registered=registered)
    user = user_create(email=email, password=password, full_name=full_name)
    try:
        tenant = tenant_provision(
            name=company_name, subdomain=subdomain.strip(), gstin=gstin, state=state
        )
    except BaseException:
        logger.warning("provisioning failed for new account %s: removing the account", user.pk)
        _user_remove_after_failed_signup(user)
        raise
    owner_membership_create(user=user, tenant=tenant)
    return user, tenant


def _user_remove_after_failed_signup(user: User) -> None:
    with transaction.atomic(durable=True):
        EmailAddress.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk).delete()


def company_create(
    *, user: User, company_name: str, subdomain: str, gstin: str = "", state: str = ""
) -> Tenant:
    """Another company for a signed-in user, who becomes its owner."""
    _raise_for(
        company_errors(company_name=company_name, subdomain=subdomain, gstin=gstin, state=state)
    )
    tenant = tenant_provision(
        name=company_name, subdomain=subdomain.strip(), gstin=gstin, state=state
    )
    owner_membership_create(user=user, tenant=tenant)
    return tenant


def email_verification_send(*, request: HttpRequest, user: User) -> None:
    """Send the verification link for the user's primary address, after the commit."""
    address = EmailAddress.objects.filter(user=user, primary=True, verified=False).first()
    if address is None:
        return

    def send() -> None:
        # allauth's mailer reads the request from its context (links use the request's host).
        with allauth_context.request_context(request):
            address.send_confirmation(request, signup=True)

    transaction.on_commit(send)


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------
def session_login(
    *, request: HttpRequest, user: User, records: list[dict[str, Any]] | None = None
) -> None:
    """Sign `user` in on this request's session, with the sign-in steps allauth checks for
    reauthentication (a password step now, unless `records` carries them over)."""
    get_account_adapter(request).login(request, user)
    if records is None:
        records = [{"method": "password", "at": time.time(), "email": user.email}]
    request.session[selectors.AUTHENTICATION_RECORDS_SESSION_KEY] = records
    request.session[selectors.AUTHENTICATION_RECORDS_USER_SESSION_KEY] = str(user.pk)


def _handoff_cache_key(jti: str) -> str:
    return global_key(f"login-handoff:{jti}")


def login_handoff_create(*, request: HttpRequest, tenant: Tenant) -> str:
    """A signed, single-use token (valid LOGIN_HANDOFF_MAX_AGE seconds) that signs the current
    user in on `tenant`'s host. Host-only cookies (development) do not carry the public host's
    session to `<sub>.localhost`; this does."""
    user = request.user
    if not user.is_authenticated:
        raise ApplicationError("Sign in first.", code="not_authenticated")
    jti = secrets.token_urlsafe(18)
    cache.set(
        _handoff_cache_key(jti),
        {
            "user_id": user.pk,
            "tenant_id": tenant.pk,
            "records": selectors.authentication_records(request),
        },
        timeout=settings.LOGIN_HANDOFF_MAX_AGE,
    )
    return signing.dumps({"jti": jti, "t": tenant.pk}, salt=HANDOFF_SALT, compress=True)


def login_handoff_redeem(*, request: HttpRequest, token: str, tenant: Tenant) -> User:
    """Sign in on `tenant`'s host with a hand-off token; every token works once."""
    invalid = ApplicationError(
        "This sign-in link has expired or was already used. Sign in with your e-mail address.",
        code="handoff_invalid",
    )
    try:
        claims = signing.loads(token, salt=HANDOFF_SALT, max_age=settings.LOGIN_HANDOFF_MAX_AGE)
    except signing.BadSignature as exc:
        raise invalid from exc
    if not isinstance(claims, dict) or claims.get("t") != tenant.pk:
        raise invalid
    key = _handoff_cache_key(str(claims.get("jti")))
    data = cache.get(key)
    # delete() is atomic: of two concurrent redeems, only one sees True.
    if not data or not cache.delete(key) or data["tenant_id"] != tenant.pk:
        raise invalid
    user = User.objects.filter(pk=data["user_id"], is_active=True).first()
    if (
        user is None
        or not Membership.objects.filter(
            user=user, tenant=tenant, status=MembershipStatus.ACTIVE
        ).exists()
    ):
        raise invalid
    session_login(request=request, user=user, records=data["records"] or None)
    return user


def user_profile_update(*, user: User, full_name: str) -> User:
    """The signed-in user's own name (shown in menus, the audit log's snapshots, e-mails)."""
    with transaction.atomic(durable=True):
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.full_name = full_name.strip()
        locked.save(update_fields=["full_name"])
    return locked
