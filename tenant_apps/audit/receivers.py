"""Cross-cutting hooks feeding the audit log (CONVENTIONS.md: signals only for hooks)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from erp_platform.tenancy import connection
from tenant_apps.audit.services import audit_record

LOGIN_ACTION = "auth.login"


def record_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """`user_logged_in`: a login on a tenant host is recorded in that tenant's log.

    A login on the public host belongs to no company and is not recorded here.
    """
    if connection.schema_name == settings.PUBLIC_SCHEMA_NAME:
        return
    audit_record(
        action=LOGIN_ACTION,
        actor=user,
        target_type="accounts.user",
        target_id=user.pk,
        request=request,
    )
