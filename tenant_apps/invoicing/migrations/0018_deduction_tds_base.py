"""What a TDS deduction was deducted on (ADR 0060): `PaymentDeduction.tds_base`, GST excluded,
base currency. Expand-only: a nullable column (null on deductions that are not TDS, and on what
code from before writes during a rollout; Form 26Q computes the default for such a row) with a
CHECK that a base is positive. The TDS deductions already recorded get the default base from
what their payments settled (`services.tds.tds_base_backfill`, batched by id), so Form 26Q of
past quarters reports the amount without GST."""

from django.db import migrations, models

import tenant_apps.core.fields


def backfill(apps, schema_editor):
    from tenant_apps.invoicing.services.tds import tds_base_backfill

    tds_base_backfill(
        deduction_model=apps.get_model("invoicing", "PaymentDeduction"),
        allocation_model=apps.get_model("invoicing", "Allocation"),
    )


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
        # the column goes back with the reversal of AddField: nothing to undo
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
