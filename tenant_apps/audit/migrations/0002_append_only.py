"""The audit log is append-only in the database: UPDATE, DELETE and TRUNCATE are refused.

The function and triggers are created unqualified, so they land in the schema being migrated
(django-tenants puts the tenant schema first on the search_path). Nothing names a schema: a
clone of the template gets its own copy, and a renamed schema keeps working. The message names
the schema from TG_TABLE_SCHEMA at the time of the refusal.
"""

from django.db import migrations

CREATE = [
    """
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % on %.% is refused.',
        TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'Audit events are never changed or removed; record a new event instead.';
END;
$$
""",
    """
CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()
""",
    """
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()
""",
]

DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_refuse_change()",
]


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
