"""What a TDS deduction was deducted on (ADR 0060): `PaymentDeduction.tds_base`, GST excluded,
base currency. Expand-only: a nullable column (null on deductions that are not TDS, and on what
code from before writes during a rollout; Form 26Q computes the default for such a row) with a
CHECK that a base is positive. No data is written here (migrations never backfill inline): the
TDS deductions already recorded get their default base from the batched backfill
(`manage.py tds_base_backfill`, the task `tenant_apps.invoicing.tasks.tds_base_backfill`), and
until it has run Form 26Q computes the same default for them."""

from django.db import migrations, models

import tenant_apps.core.fields


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0017_credit_limit_override")]

    operations = [
        migrations.AddField(
            model_name="paymentdeduction",
            name="tds_base",
            field=tenant_apps.core.fields.MoneyField(
                blank=True,
                decimal_places=4,
                default=None,
                help_text="TDS deductions: the amount the TDS was deducted on, GST excluded, "
                "base currency; null on other deductions",
                max_digits=20,
                null=True,
            ),
        ),
        migrations.AddConstraint(
            model_name="paymentdeduction",
            constraint=models.CheckConstraint(
                condition=models.Q(("tds_base__isnull", True), ("tds_base__gt", 0), _connector="OR"),
                name="invoicing_deduction_tds_base_positive",
            ),
        ),
    ]
