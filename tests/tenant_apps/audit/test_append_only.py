"""The database refuses to change or remove audit events, whatever code asks."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from psycopg import sql

from tenant_apps.audit.models import AuditEvent
from tenant_apps.audit.services import audit_record
from tests.conftest import in_schema

TABLE = AuditEvent._meta.db_table


def _rows(schema_name: str) -> list[tuple]:
    with in_schema(schema_name):
        return list(
            AuditEvent.objects.order_by("id").values_list("id", "action", "target_id", "data")
        )


def _one_event(schema_name: str, user) -> AuditEvent:
    with in_schema(schema_name):
        audit_record(
            action="finance.invoice.post",
            actor=user,
            target_type="finance.invoice",
            target_id=7,
            data={"number": "INV/26-27/00001"},
        )
        return AuditEvent.objects.latest("id")


def test_orm_update_is_refused(users, tenant_alpha):
    # given
    event = _one_event(tenant_alpha.schema_name, users["owner_alpha"])
    before = _rows(tenant_alpha.schema_name)
    # when
    with (
        in_schema(tenant_alpha.schema_name),
        pytest.raises(IntegrityError, match=r"append-only: UPDATE on .*audit_auditevent"),
        transaction.atomic(),
    ):
        AuditEvent.objects.filter(pk=event.pk).update(action="finance.invoice.void")
    # then
    assert _rows(tenant_alpha.schema_name) == before


def test_orm_delete_is_refused(users, tenant_alpha):
    # given
    event = _one_event(tenant_alpha.schema_name, users["owner_alpha"])
    before = _rows(tenant_alpha.schema_name)
    # when
    with (
        in_schema(tenant_alpha.schema_name),
        pytest.raises(IntegrityError, match=r"append-only: DELETE on .*audit_auditevent"),
        transaction.atomic(),
    ):
        event.delete()
    # then
    assert _rows(tenant_alpha.schema_name) == before


@pytest.mark.parametrize(
    ("statement", "operation"),
    [
        (f"UPDATE {TABLE} SET action = 'x.y.z', data = '{{}}'", "UPDATE"),
        (f"DELETE FROM {TABLE}", "DELETE"),
        (f"TRUNCATE {TABLE}", "TRUNCATE"),
    ],
)
def test_raw_sql_update_delete_and_truncate_are_refused(users, tenant_alpha, statement, operation):
    # given
    _one_event(tenant_alpha.schema_name, users["owner_alpha"])
    before = _rows(tenant_alpha.schema_name)
    assert before != []
    with connection.cursor() as cursor:
        # the insert's deferred foreign-key check would otherwise block TRUNCATE by itself
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # when
    with (
        in_schema(tenant_alpha.schema_name),
        pytest.raises(IntegrityError) as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    # then
    diag = refused.value.__cause__.diag
    assert diag.sqlstate == "23001"  # restrict_violation
    assert diag.message_primary == (
        f"The audit log is append-only: {operation} on "
        f"{tenant_alpha.schema_name}.{TABLE} is refused."
    )
    assert diag.message_hint == (
        "Audit events are never changed or removed; record a new event instead."
    )
    assert _rows(tenant_alpha.schema_name) == before


def test_the_refusal_holds_in_every_tenant_schema_and_names_no_schema(tenant_alpha, tenant_beta):
    # given the template was migrated once and each tenant is a clone of it
    schemas = ["tenant_template", tenant_alpha.schema_name, tenant_beta.schema_name]
    # when
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT n.nspname, t.tgname, p.prosrc
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_proc p ON p.oid = t.tgfoid AND p.pronamespace = n.oid
            WHERE c.relname = %s AND n.nspname = ANY(%s) AND NOT t.tgisinternal
            ORDER BY n.nspname, t.tgname
            """,
            [TABLE, schemas],
        )
        rows = cursor.fetchall()
    # then each schema has both triggers on a function of its own, whose body names no schema
    assert [(schema, trigger) for schema, trigger, _ in rows] == [
        (schema, trigger)
        for schema in sorted(schemas)
        for trigger in ("audit_event_append_only", "audit_event_no_truncate")
    ]
    for _, _, body in rows:
        assert all(schema not in body for schema in schemas)


def test_the_refusal_survives_a_schema_rename(users, tenant_alpha):
    # given alpha's schema renamed (rolled back with the test's transaction)
    _one_event(tenant_alpha.schema_name, users["owner_alpha"])
    before = _rows(tenant_alpha.schema_name)
    renamed = f"{tenant_alpha.schema_name}_renamed"
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                sql.Identifier(tenant_alpha.schema_name), sql.Identifier(renamed)
            )
        )
    # when
    with (
        pytest.raises(IntegrityError, match=rf"DELETE on {renamed}\.{TABLE} is refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(renamed, TABLE)))
    # then
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                sql.Identifier(renamed), sql.Identifier(tenant_alpha.schema_name)
            )
        )
    assert _rows(tenant_alpha.schema_name) == before


def test_inserts_are_allowed(users, tenant_alpha):
    # given
    before = len(_rows(tenant_alpha.schema_name))
    # when
    _one_event(tenant_alpha.schema_name, users["owner_alpha"])
    # then
    assert len(_rows(tenant_alpha.schema_name)) == before + 1
