"""`access.member.export` (the members list as Excel/CSV) for the Owner and Administrator roles."""

from django.db import migrations

from tenant_apps.access.builtin_roles import (
    builtin_role_permissions_add,
    builtin_role_permissions_remove,
)

GRANTS = {"owner": ["access.member.export"], "administrator": ["access.member.export"]}


def forwards(apps, schema_editor):
    builtin_role_permissions_add(apps, GRANTS)


def backwards(apps, schema_editor):
    builtin_role_permissions_remove(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_builtin_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
