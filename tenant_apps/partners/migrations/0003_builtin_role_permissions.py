"""Grant the partners permissions to the built-in roles (see access 0002 for the roles)."""

from django.db import migrations

from tenant_apps.access.builtin_roles import (
    builtin_role_permissions_add,
    builtin_role_permissions_remove,
)

ALL = [f"partners.partner.{a}" for a in ("view", "create", "change", "delete", "export")]
EDIT = [f"partners.partner.{a}" for a in ("view", "create", "change", "export")]
VIEW = ["partners.partner.view"]

GRANTS = {
    "owner": ALL,
    "administrator": ALL,
    "accountant": ALL,
    "sales": EDIT,
    "purchasing": EDIT,
    "storekeeper": VIEW,
    "production_planner": VIEW,
    "read_only": VIEW,
}


def forwards(apps, schema_editor):
    builtin_role_permissions_add(apps, GRANTS)


def backwards(apps, schema_editor):
    builtin_role_permissions_remove(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_partner_details_contacts"),
        ("access", "0002_builtin_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
