"""Input credit on bills unpaid 180 days (ADR 0074): the role of the ledger that holds the credit
reversed until the bills are paid, and the ledger, 1155 Input Credit Reversed (Rule 37) in 1150
GST Input Credit, added to every tenant schema whose chart has none (as 0012 adds its ledgers:
beside the input IGST ledger where 1150 was moved, the next free code where 1155 is taken)."""

import importlib

from django.db import migrations, models

seeding = importlib.import_module("tenant_apps.finance.migrations.0012_revaluation_accounts")

# (role, code, name, type, parent group code, the role whose group it joins otherwise)
ACCOUNTS = [
    (
        "itc_reversed",
        "1155",
        "Input Credit Reversed (Rule 37)",
        "asset",
        "1150",
        "tax_input_igst",
    ),
]


def seed(apps, schema_editor):
    seeding.seed_accounts(apps, ACCOUNTS)


def unseed(apps, schema_editor):
    seeding.unseed_accounts(apps, ACCOUNTS)


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0019_reverse_charge_accounts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='account',
            name='role',
            field=models.CharField(blank=True, choices=[('bank', 'Bank'), ('cash', 'Cash'), ('receivable', 'Trade receivables'), ('payable', 'Trade payables'), ('receivable_revaluation', 'Receivables - FX revaluation'), ('payable_revaluation', 'Payables - FX revaluation'), ('sales', 'Sales'), ('sales_export', 'Export sales'), ('sales_return', 'Sales returns'), ('purchase', 'Purchases'), ('purchase_return', 'Purchase returns'), ('tax_output_cgst', 'Output CGST'), ('tax_output_sgst', 'Output SGST'), ('tax_output_igst', 'Output IGST'), ('tax_output_cess', 'Output cess'), ('tax_input_cgst', 'Input CGST'), ('tax_input_sgst', 'Input SGST'), ('tax_input_igst', 'Input IGST'), ('tax_input_cess', 'Input cess'), ('tax_rcm_cgst', 'CGST payable - reverse charge'), ('tax_rcm_sgst', 'SGST payable - reverse charge'), ('tax_rcm_igst', 'IGST payable - reverse charge'), ('tax_rcm_cess', 'Cess payable - reverse charge'), ('itc_reversed', 'Input credit reversed (Rule 37)'), ('tds_payable', 'TDS payable'), ('tds_receivable', 'TDS receivable'), ('advance_from_customer', 'Advances from customers'), ('advance_to_vendor', 'Advances to vendors'), ('stock', 'Stock in hand'), ('work_in_progress', 'Work in progress'), ('cogs', 'Cost of goods sold'), ('round_off', 'Round off'), ('discount_allowed', 'Discount allowed'), ('discount_received', 'Discount received'), ('exchange_difference', 'Exchange gain/loss'), ('exchange_unrealised', 'Unrealised exchange gain/loss'), ('capital', 'Capital'), ('retained_earnings', 'Retained earnings'), ('opening_balance', 'Opening balance adjustment')], default='', max_length=32),
        ),
        migrations.RunPython(seed, unseed),
    ]
