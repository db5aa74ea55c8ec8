"""The permission registry: every code `<module>.<resource>.<action>` of every installed app.

Each app declares `PERMISSIONS = ["<app label>.<resource>.<action>", ...]` in its
`permissions.py`; an app without one declares none.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

ACTIONS = ("view", "create", "change", "delete", "approve", "send", "export")
CODE_RE = re.compile(
    r"^(?P<module>[a-z][a-z0-9_]*)\.(?P<resource>[a-z][a-z0-9_]*)\.(?P<action>\w+)$"
)

TENANT_APP_PACKAGE = "tenant_apps."

MODULE_LABELS = {
    "core": "Company",
    "access": "Users and roles",
    "audit": "Audit log",
    "apitokens": "API tokens",
    "partners": "Business partners",
    "finance": "Finance (ledger)",
    "invoicing": "Invoicing and payments",
    "banking": "Bank reconciliation",
    "assets": "Fixed assets",
}


@dataclass(frozen=True)
class Permission:
    code: str
    module: str
    resource: str
    action: str

    @property
    def label(self) -> str:
        return f"{self.action.capitalize()} {self.resource.replace('_', ' ')}"


def permission_parse(code: str, *, module: str | None = None) -> Permission:
    """A `Permission` from its code; ImproperlyConfigured when the code breaks the rules."""
    match = CODE_RE.match(code)
    if match is None or match["action"] not in ACTIONS:
        raise ImproperlyConfigured(
            f"{code!r} is not a permission code <module>.<resource>.<action> "
            f"(actions: {', '.join(ACTIONS)})."
        )
    if module is not None and match["module"] != module:
        raise ImproperlyConfigured(f"{code!r} is declared by app {module!r}: use its label.")
    return Permission(code, match["module"], match["resource"], match["action"])


def _declared(label: str, module_name: str) -> Iterable[str]:
    try:
        module = importlib.import_module(f"{module_name}.permissions")
    except ModuleNotFoundError as exc:
        if exc.name != f"{module_name}.permissions":
            raise
        return []
    return getattr(module, "PERMISSIONS", [])


@cache
def permissions_all() -> tuple[Permission, ...]:
    """Every registered permission, in app order, then declaration order."""
    seen: dict[str, Permission] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith(TENANT_APP_PACKAGE):
            continue  # permissions guard tenant APIs; third-party `permissions` modules differ
        for code in _declared(config.label, config.name):
            permission = permission_parse(code, module=config.label)
            if code in seen:
                raise ImproperlyConfigured(f"Permission {code!r} is declared twice.")
            seen[code] = permission
    return tuple(seen.values())


@cache
def permission_codes() -> frozenset[str]:
    return frozenset(p.code for p in permissions_all())


def permissions_by_module() -> dict[str, list[Permission]]:
    grouped: dict[str, list[Permission]] = {}
    for permission in permissions_all():
        grouped.setdefault(permission.module, []).append(permission)
    return grouped


def module_label(module: str) -> str:
    if module in MODULE_LABELS:
        return MODULE_LABELS[module]
    try:
        return str(apps.get_app_config(module).verbose_name)
    except LookupError:
        return module.capitalize()
