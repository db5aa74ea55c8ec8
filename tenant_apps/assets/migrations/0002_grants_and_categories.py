"""Who keeps the fixed asset register (ADR 0075), and its categories seeded from Schedule II's
useful lives (Part C) on the template chart's fixed asset ledgers. A chart whose ledger is gone
or changed (a group, another code) gets no category for it; admins add their own."""

from django.db import migrations

from tenant_apps.access.builtin_roles import (
    builtin_role_permissions_add,
    builtin_role_permissions_remove,
)

ALL = [
    "assets.category.view",
    "assets.category.create",
    "assets.category.change",
    "assets.asset.view",
    "assets.asset.create",
    "assets.asset.change",
    "assets.asset.delete",
    "assets.asset.export",
    "assets.depreciation.view",
    "assets.depreciation.create",
    "assets.depreciation.delete",
]
VIEW = ["assets.category.view", "assets.asset.view", "assets.depreciation.view"]
GRANTS = {"owner": ALL, "administrator": ALL, "accountant": ALL, "read_only": VIEW}

# (name, useful life in months, the asset ledger's code); written-down value, 5 % residual
CATEGORIES = [
    ("Factory buildings", 360, "1210"),
    ("Plant and machinery", 180, "1220"),
    ("Tools and dies", 180, "1230"),
    ("Furniture and fittings", 120, "1240"),
    ("Motor vehicles", 96, "1250"),
    ("Computers (end-user devices)", 36, "1260"),
]


def forwards(apps, schema_editor):
    builtin_role_permissions_add(apps, GRANTS)
    Account = apps.get_model("finance", "Account")
    AssetCategory = apps.get_model("assets", "AssetCategory")
    ledgers = Account.objects.filter(is_group=False, is_active=True)
    accumulated = ledgers.filter(role="accumulated_depreciation").first()
    expense = ledgers.filter(role="depreciation").first()
    if accumulated is None or expense is None:
        return
    for name, months, code in CATEGORIES:
        account = ledgers.filter(code=code, type="asset").first()
        if account is None or AssetCategory.objects.filter(name=name).exists():
            continue
        AssetCategory.objects.create(
            name=name,
            method="wdv",
            useful_life_months=months,
            residual_percent=5,
            asset_account=account,
            accumulated_account=accumulated,
            depreciation_account=expense,
        )


def backwards(apps, schema_editor):
    builtin_role_permissions_remove(apps, GRANTS)
    apps.get_model("assets", "AssetCategory").objects.filter(
        name__in=[c[0] for c in CATEGORIES], assets__isnull=True
    ).delete()
    # check the deferred foreign keys now: unapplying 0001 next drops the table, which
    # PostgreSQL refuses while checks queued by these deletes are pending (one transaction)
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_builtin_roles"),
        ("assets", "0001_initial"),
        ("finance", "0021_fixed_asset_accounts"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
