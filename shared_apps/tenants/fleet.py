"""Fleet migrations: find the schemas that lag the code's migrations and migrate only those.

One catalog query lists which schemas exist and have a `django_migrations` table; one query per
500 schemas counts, in each, how many of the code's leaf migrations are applied. A schema with
all leaves applied is up to date (migrations apply in dependency order, so a leaf implies its
ancestors). Re-running after an interruption resumes where it stopped: what is done is no longer
lagging.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

from django.db import connections
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

from erp_platform.tenancy import connection

logger = logging.getLogger(__name__)
CHUNK = 500


def code_leaf_migrations() -> set[tuple[str, str]]:
    """The leaf migration of every app, as the code defines them."""
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    return set(loader.graph.leaf_nodes())


def lagging_schemas(schemas: Iterable[str], leaves: set[tuple[str, str]]) -> list[str]:
    """The schemas (in the given order) missing any of `leaves` in their django_migrations."""
    wanted = list(dict.fromkeys(schemas))
    if not wanted:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT n.nspname
            FROM pg_namespace n
            JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'django_migrations'
            WHERE n.nspname = ANY(%s)
            """,
            [wanted],
        )
        with_table = {row[0] for row in cursor.fetchall()}
    complete: set[str] = set()
    leaf_rows = sql.SQL(", ").join(
        sql.SQL("({}, {})").format(sql.Literal(app), sql.Literal(name))
        for app, name in sorted(leaves)
    )
    candidates = [s for s in wanted if s in with_table]
    for start in range(0, len(candidates), CHUNK):
        chunk = candidates[start : start + CHUNK]
        branches = sql.SQL(" UNION ALL ").join(
            sql.SQL(
                "SELECT {name} AS schema_name, count(*) AS applied FROM {table} m "
                "JOIN leaves l ON l.app = m.app AND l.name = m.name"
            ).format(name=sql.Literal(s), table=sql.Identifier(s, "django_migrations"))
            for s in chunk
        )
        query = sql.SQL("WITH leaves(app, name) AS (VALUES {rows}) {branches}").format(
            rows=leaf_rows, branches=branches
        )
        with connection.cursor() as cursor:
            cursor.execute(query.as_string(cursor.connection))
            complete.update(name for name, applied in cursor.fetchall() if applied == len(leaves))
    return [s for s in wanted if s not in complete]


def _worker_init(database_settings: dict[str, Any]) -> None:
    """Set up Django in a spawned worker, on exactly the parent's database (which may differ
    from the environment's, e.g. a test database)."""
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"].update(database_settings)  # type: ignore[typeddict-item]


def migrate_one_schema(schema_name: str) -> tuple[str, str | None]:
    """Migrate one tenant schema; returns (schema, error or None). Runs in a worker process."""
    from django.core.management import call_command

    try:
        call_command(
            "migrate_schemas", schema_name=schema_name, tenant=True, interactive=False, verbosity=0
        )
    except Exception as exc:
        logger.exception("migrating %s failed", schema_name)
        return schema_name, f"{type(exc).__name__}: {exc}"
    finally:
        connections.close_all()
    return schema_name, None


@dataclass
class FleetResult:
    checked: int = 0
    lagging: list[str] = field(default_factory=list)
    migrated: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def migrate_schemas_in_parallel(
    schemas: list[str],
    *,
    parallel: int,
    on_done: Callable[[str, str | None], None] | None = None,
) -> tuple[list[str], dict[str, str]]:
    migrated: list[str] = []
    failed: dict[str, str] = {}

    def record(name: str, error: str | None) -> None:
        if error:
            failed[name] = error
        else:
            migrated.append(name)
        if on_done:
            on_done(name, error)

    if parallel <= 1 or len(schemas) <= 1:
        for name in schemas:
            record(*migrate_one_schema(name))
        connection.set_schema_to_public()
        return migrated, failed

    connections.close_all()
    # spawn, not fork: a forked child would share the parent's pooled database sockets.
    with ProcessPoolExecutor(
        max_workers=min(parallel, len(schemas)),
        mp_context=get_context("spawn"),
        initializer=_worker_init,
        initargs=({k: connection.settings_dict[k] for k in ("NAME", "HOST", "PORT", "USER")},),
    ) as pool:
        futures = [pool.submit(migrate_one_schema, name) for name in schemas]
        for future in as_completed(futures):
            record(*future.result())
    return migrated, failed
