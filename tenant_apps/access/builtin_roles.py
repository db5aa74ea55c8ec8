"""Helpers for data migrations that extend the built-in roles.

A module that lands with permission codes the seed (`migrations/0002_builtin_roles.py`) did not
know adds them in its own reversible data migration::

    def forwards(apps, schema_editor):
        builtin_role_permissions_add(apps, {"administrator": CODES, "read_only": VIEW_CODES})

    def backwards(apps, schema_editor):
        builtin_role_permissions_remove(apps, {"administrator": CODES, "read_only": VIEW_CODES})

The owner holds every permission through `Membership.is_owner` whatever its role row says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def builtin_role_permissions_add(apps: Any, grants: Mapping[str, Iterable[str]]) -> None:
    Role = apps.get_model("access", "Role")
    for role in Role.objects.filter(is_builtin=True, code__in=list(grants)):
        role.permissions = sorted(set(role.permissions) | set(grants[role.code]))
        role.save(update_fields=["permissions"])


def builtin_role_permissions_remove(apps: Any, grants: Mapping[str, Iterable[str]]) -> None:
    Role = apps.get_model("access", "Role")
    for role in Role.objects.filter(is_builtin=True, code__in=list(grants)):
        role.permissions = sorted(set(role.permissions) - set(grants[role.code]))
        role.save(update_fields=["permissions"])
