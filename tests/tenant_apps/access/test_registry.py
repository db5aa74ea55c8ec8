"""The permission registry and the built-in roles every tenant is seeded with."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import ImproperlyConfigured

from shared_apps.tenants.models import TEMPLATE_SCHEMA
from tenant_apps.access.models import Role
from tenant_apps.access.registry import permission_codes, permission_parse, permissions_by_module
from tests.conftest import in_schema

BUILTIN_CODES = [
    "owner",
    "administrator",
    "accountant",
    "sales",
    "purchasing",
    "storekeeper",
    "production_planner",
    "hr",
    "read_only",
]
ACCESS_CODES = [
    "access.member.view",
    "access.member.change",
    "access.member.export",
    "access.role.view",
    "access.role.create",
    "access.role.change",
    "access.role.delete",
    "access.invitation.view",
    "access.invitation.create",
    "access.invitation.delete",
]
seed_migration = importlib.import_module("tenant_apps.access.migrations.0002_builtin_roles")


def _later_grant_migrations() -> list:
    """Every tenant app's data migration that extends the built-in roles after the seed (they
    import `builtin_role_permissions_add`), in app then migration order."""
    found = []
    for config in global_apps.get_app_configs():
        if not config.name.startswith("tenant_apps."):
            continue
        folder = Path(config.path) / "migrations"
        for file in sorted(folder.glob("[0-9]*.py")):
            module = importlib.import_module(f"{config.name}.migrations.{file.stem}")
            if module is not seed_migration and hasattr(module, "builtin_role_permissions_add"):
                found.append(module)
    return found


TENANT_APP_LABELS = [
    c.label for c in global_apps.get_app_configs() if c.name.startswith("tenant_apps.")
]


def _builtin_roles(schema_name: str) -> dict[str, Role]:
    with in_schema(schema_name):
        return {role.code: role for role in Role.objects.filter(is_builtin=True)}


def test_registry_collects_each_apps_codes_grouped_by_module():
    # when
    grouped = permissions_by_module()
    # then
    assert list(grouped)[:2] == ["core", "access"]
    # every tenant app that declares codes has its group, in app order, and nothing else does
    assert {"core", "access", "audit", "apitokens"} <= set(grouped)
    assert list(grouped) == [label for label in TENANT_APP_LABELS if label in grouped]
    assert {code.split(".")[0] for code in permission_codes()} == set(grouped)
    assert [p.code for p in grouped["core"]] == [
        "core.company.view",
        "core.company.change",
        "core.sequence.view",
    ]
    assert [p.code for p in grouped["access"]] == ACCESS_CODES
    assert [p.code for p in grouped["audit"]] == ["audit.event.view", "audit.event.export"]
    assert {p.code for p in grouped["apitokens"]} == {
        "apitokens.token.view",
        "apitokens.token.create",
        "apitokens.token.delete",
    }


@pytest.mark.parametrize(
    "code",
    [
        "core.company",
        "core.company.transfer",
        "Core.company.view",
        "core..view",
        "core.company.view.",
    ],
)
def test_a_malformed_code_is_refused(code):
    # when / then
    with pytest.raises(ImproperlyConfigured):
        permission_parse(code)


def test_a_code_declared_under_another_apps_label_is_refused():
    # when / then
    with pytest.raises(ImproperlyConfigured, match="declared by app 'access'"):
        permission_parse("core.company.view", module="access")


@pytest.mark.parametrize("schema", ["alpha", "beta", "template"])
def test_every_schema_has_the_builtin_roles(world, db, schema):
    # given
    schema_name = {
        "alpha": world.alpha_schema,
        "beta": world.beta_schema,
        "template": TEMPLATE_SCHEMA,
    }[schema]
    # when
    roles = _builtin_roles(schema_name)
    # then
    assert sorted(roles) == sorted(BUILTIN_CODES)
    assert [roles[code].name for code in BUILTIN_CODES] == [
        "Owner",
        "Administrator",
        "Accountant",
        "Sales",
        "Purchasing",
        "Storekeeper",
        "Production planner",
        "HR",
        "Read-only",
    ]


def test_owner_and_administrator_hold_every_registered_permission(world, db):
    # when
    roles = _builtin_roles(world.alpha_schema)
    # then
    assert permission_codes() <= set(roles["owner"].permissions)
    assert permission_codes() <= set(roles["administrator"].permissions)


def test_read_only_holds_every_view_permission_and_nothing_else(world, db):
    # when
    read_only = set(_builtin_roles(world.alpha_schema)["read_only"].permissions)
    # then
    assert {code for code in permission_codes() if code.endswith(".view")} <= read_only
    assert {code.rsplit(".", 1)[1] for code in read_only} == {"view"}
    assert "finance.journal.view" in read_only


def test_specialist_roles_hold_their_modules_and_no_admin_rights(world, db):
    # when
    roles = _builtin_roles(world.alpha_schema)
    # then
    assert "finance.journal.approve" in roles["accountant"].permissions
    assert "sales.quotation.create" in roles["sales"].permissions
    assert "procurement.order.approve" in roles["purchasing"].permissions
    assert "inventory.stock.create" in roles["storekeeper"].permissions
    assert "production.order.create" in roles["production_planner"].permissions
    assert "hr.payroll.approve" in roles["hr"].permissions
    for code in ["accountant", "sales", "purchasing", "storekeeper", "production_planner", "hr"]:
        assert "core.company.view" in roles[code].permissions
        assert not [p for p in roles[code].permissions if p.startswith("access.")], code
        assert "core.company.change" not in roles[code].permissions


def test_the_seed_migration_is_reversible(world, db):
    # given
    before = {code: sorted(r.permissions) for code, r in _builtin_roles(world.alpha_schema).items()}
    # when
    with in_schema(world.alpha_schema):
        seed_migration.unseed(global_apps, None)
        emptied = Role.objects.filter(is_builtin=True).count()
        seed_migration.seed(global_apps, None)
        for migration in _later_grant_migrations():  # later grants, re-applied
            migration.forwards(global_apps, None)
    # then
    assert emptied == 0
    after = {code: sorted(r.permissions) for code, r in _builtin_roles(world.alpha_schema).items()}
    assert after == before
