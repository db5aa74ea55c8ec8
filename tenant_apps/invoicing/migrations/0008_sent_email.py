"""E-mailed documents and statements (ADR 0049): their sending history, and the `send`
permission on invoices, notes and reports (a party's statement) for the built-in roles that
raise them."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from tenant_apps.access.builtin_roles import (
    builtin_role_permissions_add,
    builtin_role_permissions_remove,
)

SEND = ["invoicing.invoice.send", "invoicing.note.send", "invoicing.report.send"]
GRANTS = {
    "owner": SEND,
    "administrator": SEND,
    "accountant": SEND,
    "sales": ["invoicing.invoice.send"],
}


def forwards(apps, schema_editor):
    builtin_role_permissions_add(apps, GRANTS)


def backwards(apps, schema_editor):
    builtin_role_permissions_remove(apps, GRANTS)


class Migration(migrations.Migration):

    dependencies = [
        ('invoicing', '0007_deduction_tds_section'),
        ('partners', '0003_builtin_role_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('access', '0002_builtin_roles'),
    ]

    operations = [
        migrations.CreateModel(
            name='SentEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('statement_side', models.CharField(blank=True, help_text='receivable or payable, for a statement', max_length=10)),
                ('statement_from', models.DateField(blank=True, null=True)),
                ('statement_to', models.DateField(blank=True, null=True)),
                ('to', django.contrib.postgres.fields.ArrayField(base_field=models.EmailField(max_length=254), help_text='Recipients', size=None)),
                ('cc', django.contrib.postgres.fields.ArrayField(base_field=models.EmailField(max_length=254), blank=True, default=list, size=None)),
                ('subject', models.CharField(max_length=200)),
                ('message', models.TextField(max_length=5000)),
                ('attachment', models.CharField(help_text='File name of the attached PDF', max_length=100)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='emails', to='invoicing.document')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='emails', to='partners.partner')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('to__len__gte', 1)), name='invoicing_sent_email_has_recipient'), models.CheckConstraint(condition=models.Q(models.Q(('document__isnull', False), ('statement_from__isnull', True), ('statement_side', ''), ('statement_to__isnull', True)), models.Q(('document__isnull', True), ('statement_from__isnull', False), ('statement_side__in', ['receivable', 'payable']), ('statement_to__isnull', False)), _connector='OR'), name='invoicing_sent_email_document_or_statement')],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
