"""Audit log writes. Every module's services call `audit_record` for document actions.

`audit_record` writes in the caller's transaction and the current tenant schema: an action that
rolls back leaves no audit event behind, and an event is never written to another tenant.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from erp_platform.tenancy import connection
from tenant_apps.audit.models import AuditEvent

logger = logging.getLogger(__name__)

USER_AGENT_MAX = AuditEvent._meta.get_field("user_agent").max_length or 512


def audit_record(
    *,
    action: str,
    actor: Any = None,
    target_type: str = "",
    target_id: str | int = "",
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Record who did what in the current tenant.

    `actor` defaults to the request's authenticated user. `request` supplies the client's IP and
    user agent. In the public schema there is no tenant to record for: a debug line, no write.
    """
    if not action:
        raise ValueError("audit_record needs an action")
    if connection.schema_name == settings.PUBLIC_SCHEMA_NAME:
        logger.debug("audit %s not recorded: the connection is in the public schema", action)
        return
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None  # AnonymousUser
    AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor,
        actor_email=getattr(actor, "email", "") or "",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        ip=client_ip(request) if request is not None else None,
        user_agent=(
            request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX] if request is not None else ""
        ),
        data=data or {},
    )


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address: REMOTE_ADDR, unless `TRUSTED_PROXY_COUNT` proxies stand in front.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    with N trusted proxies the client is the N-th entry from the right; anything further left
    was written by the client and is not believed. A malformed entry falls back to REMOTE_ADDR.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        return remote
    return _valid_ip(forwarded[-hops]) or remote


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
