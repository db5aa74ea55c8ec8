"""Posting an invoice past its customer's credit limit (ADR 0059): the override permission for
the built-in roles that keep the books (sales raise invoices but do not decide credit)."""

from django.db import migrations

from tenant_apps.access.builtin_roles import (
    builtin_role_permissions_add,
    builtin_role_permissions_remove,
)

GRANTS = {
    "owner": ["invoicing.credit_limit.approve"],
    "administrator": ["invoicing.credit_limit.approve"],
    "accountant": ["invoicing.credit_limit.approve"],
}


def forwards(apps, schema_editor):
    builtin_role_permissions_add(apps, GRANTS)


def backwards(apps, schema_editor):
    builtin_role_permissions_remove(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0016_reminder_letters"), ("access", "0002_builtin_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
