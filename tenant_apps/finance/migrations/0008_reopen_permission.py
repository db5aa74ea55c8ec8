"""Grant `finance.year_reopen.approve` (reopening a closed fiscal year) to the built-in roles
that can close a year (`finance.period.approve`): owner, administrator, accountant."""

from django.db import migrations

from tenant_apps.access.builtin_roles import (
    builtin_role_permissions_add,
    builtin_role_permissions_remove,
)

REOPEN = ["finance.year_reopen.approve"]
GRANTS = {"owner": REOPEN, "administrator": REOPEN, "accountant": REOPEN}


def forwards(apps, schema_editor):
    builtin_role_permissions_add(apps, GRANTS)


def backwards(apps, schema_editor):
    builtin_role_permissions_remove(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("finance", "0007_entry_indexes"), ("access", "0002_builtin_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
