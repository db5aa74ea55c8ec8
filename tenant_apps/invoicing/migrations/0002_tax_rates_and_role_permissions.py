"""Seed the GST rates (data, not constants) and grant the invoicing permissions to the
built-in roles. Rates with a `valid_to` are history kept for old documents and reports."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

from tenant_apps.access.builtin_roles import (
    builtin_role_permissions_add,
    builtin_role_permissions_remove,
)

GST_START = dt.date(2017, 7, 1)
GST_2_0 = dt.date(2025, 9, 22)  # the 56th GST Council rate rationalisation took effect

# code, name, rate, cess, valid_from, valid_to
RATES = [
    ("GST0", "GST 0% (nil rated)", "0", "0", GST_START, None),
    ("GST0_1", "GST 0.1% (supplies to merchant exporters)", "0.1", "0", dt.date(2017, 10, 23), None),
    ("GST0_25", "GST 0.25% (rough precious stones)", "0.25", "0", GST_START, None),
    ("GST1_5", "GST 1.5% (cut and polished stones)", "1.5", "0", GST_START, None),
    ("GST3", "GST 3% (gold, silver, jewellery)", "3", "0", GST_START, None),
    ("GST5", "GST 5%", "5", "0", GST_START, None),
    ("GST12", "GST 12%", "12", "0", GST_START, None),
    ("GST18", "GST 18%", "18", "0", GST_START, None),
    ("GST28", "GST 28%", "28", "0", GST_START, None),
    ("GST40", "GST 40% (demerit goods)", "40", "0", GST_2_0, None),
    # Compensation cess on goods that moved to the 40% slab: history since GST 2.0.
    ("GST28_CESS12", "GST 28% + cess 12% (aerated waters)", "28", "12", GST_START, dt.date(2025, 9, 21)),
    ("GST28_CESS15", "GST 28% + cess 15% (mid-size cars)", "28", "15", GST_START, dt.date(2025, 9, 21)),
    ("GST28_CESS22", "GST 28% + cess 22% (SUVs)", "28", "22", GST_START, dt.date(2025, 9, 21)),
    ("GST28_CESS1", "GST 28% + cess 1% (small petrol cars)", "28", "1", GST_START, dt.date(2025, 9, 21)),
]

DOCS = ("invoice", "bill", "note")
ALL = [
    *[f"invoicing.{r}.{a}" for r in DOCS for a in ("view", "create", "change", "delete", "approve", "export")],
    "invoicing.payment.view",
    "invoicing.payment.create",
    "invoicing.payment.delete",
    "invoicing.payment.export",
    "invoicing.tax_rate.view",
    "invoicing.tax_rate.create",
    "invoicing.tax_rate.change",
    "invoicing.setting.view",
    "invoicing.setting.change",
    "invoicing.report.view",
    "invoicing.report.export",
]
VIEW = [c for c in ALL if c.endswith(".view")]


def _edit(resource):
    return [f"invoicing.{resource}.{a}" for a in ("view", "create", "change", "delete", "export")]


GRANTS = {
    "owner": ALL,
    "administrator": ALL,
    "accountant": ALL,
    "sales": [*_edit("invoice"), *VIEW],
    "purchasing": [*_edit("bill"), *VIEW],
    "read_only": VIEW,
}


def forwards(apps, schema_editor):
    TaxRate = apps.get_model("invoicing", "TaxRate")
    for code, name, rate, cess, valid_from, valid_to in RATES:
        TaxRate.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "rate": Decimal(rate),
                "cess_rate": Decimal(cess),
                "valid_from": valid_from,
                "valid_to": valid_to,
            },
        )
    builtin_role_permissions_add(apps, GRANTS)


def backwards(apps, schema_editor):
    builtin_role_permissions_remove(apps, GRANTS)
    apps.get_model("invoicing", "TaxRate").objects.filter(code__in=[r[0] for r in RATES]).delete()
    # Fire the deferred foreign-key checks of the delete now: unapplying 0001 next in the same
    # transaction alters these tables, which PostgreSQL refuses while trigger events are pending.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0001_initial"), ("access", "0002_builtin_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
