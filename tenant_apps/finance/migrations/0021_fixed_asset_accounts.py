"""The fixed asset register (ADR 0075): three roles. The template's 1290 Accumulated
Depreciation and 5250 Depreciation take the first two where they are still plain ledgers; a
chart without them gets them; 5297 Profit/Loss on Sale of Fixed Assets (expense, beside
Depreciation) is added to every chart, where a disposal books what the asset fetched above or
below its book value."""

import importlib

from django.db import migrations, models

seeding = importlib.import_module("tenant_apps.finance.migrations.0012_revaluation_accounts")

# (role, code, name, type, parent group code, the role whose group it joins otherwise; "-": none,
# the ledger goes to the top of the chart)
ACCOUNTS = [
    ("accumulated_depreciation", "1290", "Accumulated Depreciation", "asset", "12", "-"),
    ("depreciation", "5250", "Depreciation", "expense", "52", "round_off"),
    (
        "asset_disposal",
        "5297",
        "Profit/Loss on Sale of Fixed Assets",
        "expense",
        "52",
        "depreciation",
    ),
]
TAKEN_OVER = {"accumulated_depreciation": "1290", "depreciation": "5250"}


def seed(apps, schema_editor):
    Account = apps.get_model("finance", "Account")
    for role, code in TAKEN_OVER.items():
        if not Account.objects.filter(role=role).exists():
            Account.objects.filter(code=code, is_group=False, role="").update(role=role)
    seeding.seed_accounts(apps, ACCOUNTS)


def unseed(apps, schema_editor):
    # plain SQL: the ORM's delete would collect the models that point at accounts, whose tables
    # a rollback of the whole schema may have dropped already
    schema_editor.execute("DELETE FROM finance_account WHERE role = %s", ["asset_disposal"])
    schema_editor.execute(
        "UPDATE finance_account SET role = '' WHERE role = ANY(%s)", [list(TAKEN_OVER)]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0020_itc_reversed_account"),
    ]

    operations = [
        migrations.AlterField(
            model_name="account",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("bank", "Bank"),
                    ("cash", "Cash"),
                    ("receivable", "Trade receivables"),
                    ("payable", "Trade payables"),
                    ("receivable_revaluation", "Receivables - FX revaluation"),
                    ("payable_revaluation", "Payables - FX revaluation"),
                    ("sales", "Sales"),
                    ("sales_export", "Export sales"),
                    ("sales_return", "Sales returns"),
                    ("purchase", "Purchases"),
                    ("purchase_return", "Purchase returns"),
                    ("tax_output_cgst", "Output CGST"),
                    ("tax_output_sgst", "Output SGST"),
                    ("tax_output_igst", "Output IGST"),
                    ("tax_output_cess", "Output cess"),
                    ("tax_input_cgst", "Input CGST"),
                    ("tax_input_sgst", "Input SGST"),
                    ("tax_input_igst", "Input IGST"),
                    ("tax_input_cess", "Input cess"),
                    ("tax_rcm_cgst", "CGST payable - reverse charge"),
                    ("tax_rcm_sgst", "SGST payable - reverse charge"),
                    ("tax_rcm_igst", "IGST payable - reverse charge"),
                    ("tax_rcm_cess", "Cess payable - reverse charge"),
                    ("itc_reversed", "Input credit reversed (Rule 37)"),
                    ("tds_payable", "TDS payable"),
                    ("tds_receivable", "TDS receivable"),
                    ("advance_from_customer", "Advances from customers"),
                    ("advance_to_vendor", "Advances to vendors"),
                    ("stock", "Stock in hand"),
                    ("work_in_progress", "Work in progress"),
                    ("cogs", "Cost of goods sold"),
                    ("accumulated_depreciation", "Accumulated depreciation"),
                    ("depreciation", "Depreciation"),
                    ("asset_disposal", "Profit/loss on sale of fixed assets"),
                    ("round_off", "Round off"),
                    ("discount_allowed", "Discount allowed"),
                    ("discount_received", "Discount received"),
                    ("exchange_difference", "Exchange gain/loss"),
                    ("exchange_unrealised", "Unrealised exchange gain/loss"),
                    ("capital", "Capital"),
                    ("retained_earnings", "Retained earnings"),
                    ("opening_balance", "Opening balance adjustment"),
                ],
                default="",
                max_length=32,
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
