"""`tenants_migrate` finds the lagging schemas in one pass and migrates only those."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from shared_apps.tenants import fleet
from shared_apps.tenants.models import Tenant
from shared_apps.tenants.services import standby_tenant_create


def _applied_at(schema: str) -> dict[tuple[str, str], object]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name, applied FROM "{schema}".django_migrations')
        return {(app, name): applied for app, name, applied in cursor.fetchall()}


def _unapply_core(schema: str) -> None:
    call_command(
        "migrate_schemas",
        "core",
        "zero",
        schema_name=schema,
        tenant=True,
        interactive=False,
        verbosity=0,
    )
    connection.set_schema_to_public()


def test_lagging_schemas_finds_exactly_the_schemas_missing_a_leaf(world, db):
    # given an up-to-date fleet, and one schema with its core migrations rolled back
    leaves = fleet.code_leaf_migrations()
    schemas = list(Tenant.objects.order_by("id").values_list("schema_name", flat=True))
    assert fleet.lagging_schemas(schemas, leaves) == []
    _unapply_core(world.beta_schema)

    # when
    lagging = fleet.lagging_schemas([*schemas, "no_such_schema"], leaves)

    # then only that schema (and a schema that does not exist at all) lag
    assert lagging == [world.beta_schema, "no_such_schema"]


def test_tenants_migrate_migrates_only_lagging_schemas_in_parallel_and_resumes(
    committed_db, capsys
):
    # given three extra standby schemas, two of them lagging the code
    created = [standby_tenant_create() for _ in range(3)]
    lagging, fresh_tenant = created[:2], created[2]
    lagging_names = [t.schema_name for t in lagging]
    try:
        for tenant in lagging:
            _unapply_core(tenant.schema_name)
        untouched = {
            s: _applied_at(s)
            for s in Tenant.objects.exclude(schema_name__in=lagging_names).values_list(
                "schema_name", flat=True
            )
        }
        assert fresh_tenant.schema_name in untouched

        # when the check runs, it names the lagging schemas and fails
        with pytest.raises(CommandError, match="2 schemas lag"):
            call_command("tenants_migrate", check=True)
        out = capsys.readouterr().out
        assert all(name in out for name in lagging_names)

        # and a migration run migrates them, with two worker processes
        call_command("tenants_migrate", parallel=2, no_progress=True)

        # then those schemas are complete again and every other schema's history is unchanged
        out = capsys.readouterr().out
        assert "2 lagging; 2 migrated, 0 failed" in out
        assert fleet.lagging_schemas(lagging_names, fleet.code_leaf_migrations()) == []
        for schema, history in untouched.items():
            assert _applied_at(schema) == history, schema
        for name in lagging_names:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT count(*) FROM "{name}".core_companysettings')
                assert cursor.fetchone()[0] == 0  # recreated empty: a migration never backfills

        # and a second run is a no-op
        call_command("tenants_migrate", no_progress=True)
        assert "0 lagging; 0 migrated, 0 failed" in capsys.readouterr().out
    finally:
        for tenant in created:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{tenant.schema_name}" CASCADE')
            tenant.delete()
