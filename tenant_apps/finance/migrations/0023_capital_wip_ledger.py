"""The ledger 1280 Capital Work in Progress (ADR 0077). Apart from 0022: a table with pending
foreign-key checks (the insert, or a rollback's delete) cannot take the index 0022 changes, so
each runs in its own transaction."""

import importlib

from django.db import migrations

seeding = importlib.import_module("tenant_apps.finance.migrations.0012_revaluation_accounts")

# one ledger to start with, under the fixed assets; a company adds one per project (the role
# may be held by several ledgers)
ACCOUNTS = [
    ("capital_wip", "1280", "Capital Work in Progress", "asset", "12", "accumulated_depreciation"),
]


def seed(apps, schema_editor):
    seeding.seed_accounts(apps, ACCOUNTS)


def unseed(apps, schema_editor):
    seeding.unseed_accounts(apps, ACCOUNTS)


class Migration(migrations.Migration):
    dependencies = [("finance", "0022_capital_work_in_progress")]

    operations = [migrations.RunPython(seed, unseed)]
