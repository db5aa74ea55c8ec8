"""A matched entry is not reversed until its bank match is undone (ADR 0055), and the
reconciliation statement's export permission.

`banking_entry_reversal_guard` fires when a posted journal entry turns `reversed` (what
`journal_entry_reverse` does after posting the mirror entry, in the same transaction) and refuses
it with SQLSTATE LG006 while a line of the entry is in `banking_bankmatch`; the finance app turns
that into the `entry_bank_matched` refusal (a 400). Like the ledger's triggers (ADR 0030) the
function pins `search_path` to `TG_TABLE_SCHEMA`, so it reads the tenant schema written to."""

from django.db import migrations

from tenant_apps.access.builtin_roles import (
    builtin_role_permissions_add,
    builtin_role_permissions_remove,
)

EXPORT = ["banking.reconciliation.export"]
GRANTS = {"owner": EXPORT, "administrator": EXPORT, "accountant": EXPORT}

GUARD = """
CREATE OR REPLACE FUNCTION banking_entry_reversal_guard() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_path text := current_setting('search_path');
    v_line integer;
BEGIN
    PERFORM set_config('search_path', quote_ident(TG_TABLE_SCHEMA), true);
    SELECT l.line_no INTO v_line
    FROM finance_journalline l
    JOIN banking_bankmatch m ON m.journal_line_id = l.id
    WHERE l.entry_id = OLD.id
    LIMIT 1;
    PERFORM set_config('search_path', v_path, true);
    IF v_line IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'LG006',
            MESSAGE = format('Journal entry %s is matched to a bank statement line: unmatch it '
                             'on the bank reconciliation page before reversing or cancelling it.',
                             OLD.number);
    END IF;
    RETURN NEW;
END
$fn$;

DROP TRIGGER IF EXISTS banking_entry_reversal_guard ON finance_journalentry;
CREATE TRIGGER banking_entry_reversal_guard
    BEFORE UPDATE OF status ON finance_journalentry
    FOR EACH ROW
    WHEN (OLD.status = 'posted' AND NEW.status = 'reversed')
    EXECUTE FUNCTION banking_entry_reversal_guard();
"""

UNGUARD = """
DROP TRIGGER IF EXISTS banking_entry_reversal_guard ON finance_journalentry;
DROP FUNCTION IF EXISTS banking_entry_reversal_guard();
"""


def forwards(apps, schema_editor):
    builtin_role_permissions_add(apps, GRANTS)


def backwards(apps, schema_editor):
    builtin_role_permissions_remove(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("banking", "0001_initial"),
        ("finance", "0013_multiple_bank_ledgers"),
        ("access", "0002_builtin_roles"),
    ]

    operations = [
        migrations.RunSQL(GUARD, UNGUARD),
        migrations.RunPython(forwards, backwards),
    ]
