"""Period-end exchange revaluation (ADR 0047): three roles and their ledgers.

- 1132 Receivables - FX Revaluation (asset, in 1130 Sundry Debtors)
- 2112 Payables - FX Revaluation (liability, in 2110 Sundry Creditors)
- 5285 Unrealised Exchange Gain/Loss (expense, beside 5280 Exchange Gain/Loss)

Added to every tenant schema that has no account with the role yet (the template, the standby
pool and new tenants run this migration too). Where an admin moved things, each ledger goes into
the group holding its neighbour (the receivable, payable or exchange difference account); where
the code is taken by another account, the ledger takes the next free one."""

from django.db import connections, migrations, models

# (role, code, name, type, parent group code, the role whose group it joins otherwise)
ACCOUNTS = [
    (
        "receivable_revaluation",
        "1132",
        "Receivables - FX Revaluation",
        "asset",
        "1130",
        "receivable",
    ),
    ("payable_revaluation", "2112", "Payables - FX Revaluation", "liability", "2110", "payable"),
    (
        "exchange_unrealised",
        "5285",
        "Unrealised Exchange Gain/Loss",
        "expense",
        "52",
        "exchange_difference",
    ),
]


def _free_code(Account, code):
    candidate, n = code, 0
    while Account.objects.filter(code=candidate).exists():
        n += 1
        candidate = f"{code}-{n}"
    return candidate


def seed_accounts(apps, accounts):
    """Add each (role, code, name, type, parent group code, neighbour role) ledger whose role
    no account holds yet (later migrations seed theirs with this too)."""
    Account = apps.get_model("finance", "Account")
    for role, code, name, type_, parent_code, neighbour in accounts:
        if Account.objects.filter(role=role).exists():
            continue
        parent = Account.objects.filter(code=parent_code, is_group=True).first()
        if parent is None:
            beside = Account.objects.filter(role=neighbour).first()
            parent = beside.parent if beside is not None else None
        Account.objects.create(
            code=_free_code(Account, code),
            name=name,
            type=type_,
            role=role,
            is_group=False,
            parent=parent,
        )


def unseed_accounts(apps, accounts):
    Account = apps.get_model("finance", "Account")
    # a ledger with postings is protected by its lines: unapplying then fails loudly. Plain
    # SQL: the ORM's delete would collect the models that point at accounts, whose tables a
    # rollback of the whole schema may have dropped already.
    with connections[Account.objects.db].cursor() as cursor:
        cursor.execute(
            "DELETE FROM finance_account WHERE role = ANY(%s)", [[role for role, *_ in accounts]]
        )


def seed(apps, schema_editor):
    seed_accounts(apps, ACCOUNTS)


def unseed(apps, schema_editor):
    unseed_accounts(apps, ACCOUNTS)


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0011_party_line_index"),
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
                    ("tds_payable", "TDS payable"),
                    ("tds_receivable", "TDS receivable"),
                    ("advance_from_customer", "Advances from customers"),
                    ("advance_to_vendor", "Advances to vendors"),
                    ("stock", "Stock in hand"),
                    ("work_in_progress", "Work in progress"),
                    ("cogs", "Cost of goods sold"),
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
