"""E-mailed receipts and payment advices (ADR 0051): a sent e-mail may name a payment, the
CHECK now holds exactly one of document / payment / statement, and the `send` permission on
payments for the built-in roles that record them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from tenant_apps.access.builtin_roles import (
    builtin_role_permissions_add,
    builtin_role_permissions_remove,
)

GRANTS = {
    "owner": ["invoicing.payment.send"],
    "administrator": ["invoicing.payment.send"],
    "accountant": ["invoicing.payment.send"],
}


def forwards(apps, schema_editor):
    builtin_role_permissions_add(apps, GRANTS)


def backwards(apps, schema_editor):
    builtin_role_permissions_remove(apps, GRANTS)


class Migration(migrations.Migration):

    dependencies = [
        ('invoicing', '0010_revaluation'),
        ('partners', '0003_builtin_role_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('access', '0002_builtin_roles'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='sentemail',
            name='invoicing_sent_email_document_or_statement',
        ),
        migrations.AddField(
            model_name='sentemail',
            name='payment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='emails', to='invoicing.payment'),
        ),
        migrations.AddConstraint(
            model_name='sentemail',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('document__isnull', False), ('payment__isnull', True), ('statement_from__isnull', True), ('statement_side', ''), ('statement_to__isnull', True)), models.Q(('document__isnull', True), ('payment__isnull', False), ('statement_from__isnull', True), ('statement_side', ''), ('statement_to__isnull', True)), models.Q(('document__isnull', True), ('payment__isnull', True), ('statement_from__isnull', False), ('statement_side__in', ['receivable', 'payable']), ('statement_to__isnull', False)), _connector='OR'), name='invoicing_sent_email_one_subject'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
