"""Writes for API tokens: create (the secret is returned once), revoke, note use."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from tenant_apps.apitokens.models import TOKEN_PREFIX_LENGTH, ApiToken
from tenant_apps.apitokens.selectors import token_hash
from tenant_apps.audit.services import audit_record
from tenant_apps.core.exceptions import ApplicationError

TOKEN_SCHEME = "b3"  # noqa: S105 (the token format, not a secret)
SECRET_BYTES = 32
# last_used_at and the "token used" audit event are written at most once per this interval.
USE_RECORD_INTERVAL = dt.timedelta(minutes=1)
TARGET_TYPE = "apitokens.token"


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # the whole `b3_<prefix>_<secret>`; never stored, shown once


def token_generate() -> tuple[str, str]:
    """(prefix, token): 8 hex characters, then 32 random bytes, URL-safe."""
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    return prefix, f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def api_token_create(
    *,
    user: Any,
    name: str,
    expires_at: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> CreatedToken:
    name = name.strip()
    if not name:
        raise ApplicationError(
            "Name the token.", code="invalid", fields={"name": ["This field may not be blank."]}
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ApplicationError(
            "The expiry must be in the future.",
            code="invalid",
            fields={"expires_at": ["The expiry must be in the future."]},
        )
    prefix, secret = token_generate()
    with transaction.atomic(durable=True):
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            token_hash=token_hash(secret),
            expires_at=expires_at,
        )
        audit_record(
            action="apitokens.token.create",
            actor=user,
            target_type=TARGET_TYPE,
            target_id=token.pk,
            data={"name": name, "prefix": prefix, "expires_at": expires_at},
            request=request,
        )
    return CreatedToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken, user: Any, request: HttpRequest | None = None) -> ApiToken:
    """Revoke now. Revoking a revoked token changes nothing."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if changed:
            audit_record(
                action="apitokens.token.revoke",
                actor=user,
                target_type=TARGET_TYPE,
                target_id=token.pk,
                data={"name": token.name, "prefix": token.prefix},
                request=request,
            )
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_use_record(*, token: ApiToken, request: HttpRequest | None = None) -> bool:
    """Note that the token was used: last_used_at and an audit event, at most once a minute.

    The conditional UPDATE decides: of concurrent requests, only the one whose UPDATE changes
    the row writes the audit event; the others change nothing. Returns whether this call wrote.
    """
    now = timezone.now()
    with transaction.atomic():
        changed = (
            ApiToken.objects.filter(pk=token.pk)
            .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - USE_RECORD_INTERVAL))
            .update(last_used_at=now)
        )
        if changed:
            token.last_used_at = now
            audit_record(
                action="apitokens.token.use",
                actor=token.user,
                target_type=TARGET_TYPE,
                target_id=token.pk,
                data={"name": token.name, "prefix": token.prefix},
                request=request,
            )
    return bool(changed)
