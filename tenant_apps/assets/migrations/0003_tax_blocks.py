"""Income-tax depreciation (ADR 0075 addendum): each category's block of assets and its rate
(Appendix I of the Income-tax Rules), the blocks' opening written-down values; the seeded
categories take their blocks."""

import django.db.models.deletion
import tenant_apps.core.fields
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

# (category, block, rate %)
BLOCKS = [
    ("Factory buildings", "Buildings 10%", 10),
    ("Plant and machinery", "Plant and machinery 15%", 15),
    ("Tools and dies", "Plant and machinery 15%", 15),
    ("Furniture and fittings", "Furniture and fittings 10%", 10),
    ("Motor vehicles", "Plant and machinery 15%", 15),
    ("Computers (end-user devices)", "Computers 40%", 40),
]


def forwards(apps, schema_editor):
    AssetCategory = apps.get_model("assets", "AssetCategory")
    for name, block, rate in BLOCKS:
        AssetCategory.objects.filter(name=name, tax_block="").update(tax_block=block, tax_rate=rate)


def backwards(apps, schema_editor):
    pass  # the fields go with the migration


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0002_grants_and_categories"),
        ("finance", "0021_fixed_asset_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TaxBlockOpening",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("block", models.CharField(max_length=100)),
                ("year_start", models.DateField()),
                (
                    "wdv",
                    tenant_apps.core.fields.MoneyField(
                        decimal_places=4, default=Decimal("0"), max_digits=20
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("block", "year_start"), name="assets_tax_opening_once_a_year"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("wdv__gte", 0)), name="assets_tax_opening_wdv"
                    ),
                ],
                "ordering": ["block", "year_start"],
            },
        ),
        migrations.AddField(
            model_name="assetcategory",
            name="tax_block",
            field=models.CharField(blank=True, default="", max_length=100),
        ),
        migrations.AddField(
            model_name="assetcategory",
            name="tax_rate",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
        ),
        migrations.AddConstraint(
            model_name="assetcategory",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("tax_block", ""), ("tax_rate__isnull", True)),
                    models.Q(
                        models.Q(("tax_block", ""), _negated=True),
                        ("tax_rate__gt", 0),
                        ("tax_rate__lte", 100),
                    ),
                    _connector="OR",
                ),
                name="assets_category_tax_block",
            ),
        ),
        migrations.AddField(
            model_name="taxblockopening",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="taxblockopening",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
