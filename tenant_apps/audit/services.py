"""Audit log writes. Every module's services call `audit_record` for document actions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def audit_record(
    *,
    action: str,
    actor: Any = None,
    target_type: str = "",
    target_id: str | int = "",
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Record who did what in the current tenant (placeholder until the audit app lands)."""
