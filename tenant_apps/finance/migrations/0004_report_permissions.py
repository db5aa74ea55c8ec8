"""Grant the ledger's codes the built-in roles' seed (access 0002) did not know: the reports.

account/journal/period codes are already in the seed's frozen catalogue (`finance.*`)."""

from django.db import migrations

from tenant_apps.access.builtin_roles import (
    builtin_role_permissions_add,
    builtin_role_permissions_remove,
)

REPORTS = ["finance.report.view", "finance.report.export"]
GRANTS = {
    "owner": REPORTS,
    "administrator": REPORTS,
    "accountant": REPORTS,
    "read_only": ["finance.report.view"],
}


def forwards(apps, schema_editor):
    builtin_role_permissions_add(apps, GRANTS)


def backwards(apps, schema_editor):
    builtin_role_permissions_remove(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("finance", "0003_chart_of_accounts_template"), ("access", "0002_builtin_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
