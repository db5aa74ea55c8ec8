"""Tenant provisioning and fleet-migration benchmark (standalone; `make bench` runs it).

    .venv/bin/python tests/benchmarks/provisioning.py [--signups 30] [--http 10] ...

Creates its own database `bench_provisioning_<pid>` on the server named by DATABASE_URL (or the
embedded PostgreSQL when DATABASE_URL is unset), migrates it with the project's settings and
every tenant app, and measures in one run:

1. signup through the standby pool (`tenant_provision`, and the operator HTTP endpoint);
2. signup with the pool empty (synchronous clone of the template);
3. django-tenants' default path (`auto_create_schema`: CREATE SCHEMA + all tenant migrations);
4. clone methods: django-tenants' `clone_schema()` vs `pg_dump` of the template;
5. fleet check: no-op `tenants_migrate` vs `migrate_schemas --tenant` over the same schemas.

The post-commit pool refill is only queued (a Redis broker, db 14 by default, purged at the
end): it is background work, not signup latency. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks._common import (  # noqa: E402
    Series,
    create_database,
    django_environment,
    drop_database,
    platform_setup,
    say,
    server_url,
    timed,
    to_public,
    with_database,
)

TEMPLATE = "tenant_template"
DEFAULT_BROKER = "redis://127.0.0.1:6379/14"
# Targets from the provisioning issue.
POOL_P95_TARGET_MS = 300.0
MIGRATIONS_OVER_POOL_TARGET = 20.0
FLEET_RATIO_TARGET = 20.0


# ---------------------------------------------------------------------------------------------
# Small helpers (no Django needed)
# ---------------------------------------------------------------------------------------------
def redis_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 1):
            return True
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------
# Environment, before Django is set up
# ---------------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signups", type=int, default=30, help="pool signups (service call)")
    parser.add_argument("--http", type=int, default=10, help="pool signups through HTTP POST")
    parser.add_argument("--clones", type=int, default=10, help="signups with an empty pool")
    parser.add_argument("--migrations", type=int, default=5, help="auto_create_schema tenants")
    parser.add_argument("--clone-methods", type=int, default=5, help="clones per clone method")
    parser.add_argument("--fleet", type=int, default=200, help="tenant schemas for fleet check")
    parser.add_argument("--broker-url", default=DEFAULT_BROKER, help="Celery broker for refills")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the bench database")
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# PostgreSQL client programs (pg_dump / psql) for the clone comparison
# ---------------------------------------------------------------------------------------------
def _tool_major(binary: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, check=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", out)
    return int(match.group(1)) if match else None


def pg_bin_dir(server_major: int) -> tuple[Path, int]:
    """A folder with pg_dump and psql of major >= the server's, preferring the closest major."""
    candidates: list[Path] = []
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    with suppress(Exception):
        from erp_platform import embedded_db

        candidates.append(embedded_db.bin_dir())
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    found = shutil.which("pg_dump")
    if found:
        candidates.append(Path(found).resolve().parent)
    usable: list[tuple[int, Path]] = []
    for folder in candidates:
        if not ((folder / "pg_dump").exists() and (folder / "psql").exists()):
            continue
        major = _tool_major(folder / "pg_dump")
        if major is not None and major >= server_major:
            usable.append((major, folder))
    if not usable:
        raise RuntimeError(f"no pg_dump with major >= {server_major} found in {candidates}")
    major, folder = min(usable)
    return folder, major


def rewrite_dump(dump: str, source: str, target: str, *, session_settings: bool = True) -> str:
    """Rename schema `source` to `target` in a plain pg_dump of that schema.

    Only SQL is rewritten, never COPY data lines. `session_settings=False` drops the dump's
    session SET lines (for running it on an application connection).
    """
    ident = re.compile(rf'(?<![\w"$]){re.escape(source)}(?=[.;\s]|$)')
    out: list[str] = []
    in_copy = False
    for line in dump.splitlines(keepends=True):
        if in_copy:
            out.append(line)
            if line.rstrip("\r\n") == "\\.":
                in_copy = False
            continue
        if line.startswith("--") or not line.strip():
            continue
        if not session_settings and line.startswith("\\"):
            continue  # psql meta-commands (\\restrict and \\unrestrict of recent pg_dump)
        if not session_settings and (
            line.startswith("SET ") or line.startswith("SELECT pg_catalog.set_config(")
        ):
            continue
        if line.startswith("COPY "):
            in_copy = True
            out.append(ident.sub(target, line, count=1))
        elif line.startswith("INSERT INTO "):
            out.append(ident.sub(target, line, count=1))  # the table name only, not the values
        else:
            out.append(ident.sub(target, line))
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# The benchmark (Django set up)
# ---------------------------------------------------------------------------------------------
@dataclass
class Results:
    pool_service: Series = field(default_factory=lambda: Series("pool signup, tenant_provision()"))
    pool_http: Series = field(default_factory=lambda: Series("pool signup, HTTP POST operator API"))
    clone_path: Series = field(default_factory=lambda: Series("empty pool, synchronous clone"))
    migrations_path: Series = field(
        default_factory=lambda: Series("auto_create_schema, all tenant migrations")
    )
    fill_per_schema: Series = field(
        default_factory=lambda: Series("pool refill per schema, mean (background)")
    )
    clone_methods: dict[str, Series] = field(default_factory=dict)
    fleet_schemas: int = 0
    tenants_migrate_s: float = 0.0
    migrate_schemas_s: float = 0.0
    tenants_migrate_summary: str = ""
    refills_queued: int = 0
    notes: list[str] = field(default_factory=list)


class Bench:
    def __init__(self, args: argparse.Namespace, db_url: str, broker: str | None) -> None:
        self.args = args
        self.db_url = db_url
        self.broker = broker
        self.results = Results()
        self.seq = 0
        self.load_before = os.getloadavg()

    # -- helpers ------------------------------------------------------------------------------
    def next_subdomain(self, prefix: str) -> str:
        self.seq += 1
        return f"{prefix}-{self.seq:04d}"

    def standby_count(self) -> int:
        from shared_apps.tenants.models import Tenant, TenantStatus

        return Tenant.objects.filter(status=TenantStatus.STANDBY).count()

    def fill_pool(self, size: int) -> None:
        from shared_apps.tenants.services import standby_pool_fill

        before = self.standby_count()
        started = time.perf_counter()
        made = standby_pool_fill(size=size)
        elapsed = (time.perf_counter() - started) * 1000
        if made:
            self.results.fill_per_schema.ms.extend([elapsed / made] * made)
        if self.standby_count() != max(before, size):
            raise RuntimeError(f"pool fill to {size} left {self.standby_count()} standby")

    # -- set-up -------------------------------------------------------------------------------
    def setup_database(self) -> None:
        from django.db import connection

        from shared_apps.accounts.models import User

        started = time.perf_counter()
        platform_setup()
        self.operator = User.objects.create_superuser("ops@bench.test", "bench-password-123")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
                [TEMPLATE],
            )
            self.template_tables = int(cursor.fetchone()[0])
            cursor.execute("SHOW server_version_num")
            self.server_major = int(cursor.fetchone()[0]) // 10000
            cursor.execute("SELECT version()")
            self.server_version = str(cursor.fetchone()[0]).split(" on ")[0]
        from django.apps import apps
        from django.conf import settings

        self.tenant_models = sum(
            len(list(apps.get_app_config(label.rsplit(".", 1)[-1]).get_models()))
            for label in settings.TENANT_APPS
        )
        say(
            f"set-up: public migrated, template ready in {time.perf_counter() - started:.1f} s; "
            f"{self.server_version}; tenant apps {settings.TENANT_APPS} "
            f"({self.tenant_models} models, {self.template_tables} tables in the template)"
        )

    # -- 1. pool signup -----------------------------------------------------------------------
    def bench_pool(self) -> None:
        from django.test import Client

        from shared_apps.tenants.models import TenantStatus
        from shared_apps.tenants.services import tenant_provision

        n, h = self.args.signups, self.args.http
        say(f"1. pool signup: filling the standby pool with {n + h + 2} schemas ...")
        self.fill_pool(n + h + 2)
        say(f"   pool refill cost: {self.results.fill_per_schema.p50:.0f} ms per schema")

        # Warm-up (first broker publish, imports): one signup, not counted.
        tenant_provision(name="Warm-up Co", subdomain=self.next_subdomain("warm"))
        for i in range(n):
            with timed(self.results.pool_service.ms):
                tenant = tenant_provision(
                    name=f"Bench Pool Co {i}", subdomain=self.next_subdomain("pool"), state="27"
                )
            assert tenant.status == TenantStatus.ACTIVE

        to_public()
        client = Client(HTTP_HOST="localhost")
        client.force_login(self.operator)
        # Warm-up (URL conf, DRF, session and auth code paths): a list and one signup, not counted.
        client.get("/api/v1/operator/tenants/")
        client.post(
            "/api/v1/operator/tenants/",
            json.dumps({"name": "Warm-up Http Co", "subdomain": self.next_subdomain("warm")}),
            content_type="application/json",
        )
        for i in range(h):
            body = {"name": f"Bench Http Co {i}", "subdomain": self.next_subdomain("http")}
            with timed(self.results.pool_http.ms):
                response = client.post(
                    "/api/v1/operator/tenants/", json.dumps(body), content_type="application/json"
                )
            if response.status_code != 201:
                raise RuntimeError(f"HTTP signup: {response.status_code} {response.content!r}")
        left = self.standby_count()
        if left != 0:
            self.results.notes.append(f"pool not drained after signups: {left} standby left")
        say(self.results.pool_service.row())
        say(self.results.pool_http.row())

    # -- 2. clone path ------------------------------------------------------------------------
    def bench_clone_and_migrations_paths(self) -> None:
        """Signups with the pool empty (synchronous clone) and django-tenants' default path.

        Both need an empty pool, so their runs are interleaved: load from other work on the
        machine then falls on both alike.
        """
        from shared_apps.tenants.models import Tenant, TenantStatus

        left = self.standby_count()
        if left:  # drain: the clone path is the empty-pool fallback
            Tenant.objects.filter(status=TenantStatus.STANDBY).update(
                status=TenantStatus.ARCHIVED, status_reason="bench drain"
            )
        n_clone, n_mig = self.args.clones, self.args.migrations
        say(
            f"2+3. empty pool: {n_clone} signups cloning the template synchronously, interleaved "
            f"with {n_mig} django-tenants auto_create_schema tenants (CREATE SCHEMA + every "
            "tenant migration) ..."
        )
        schedule = sorted(
            [((i + 0.5) / n_clone, "clone", i) for i in range(n_clone)]
            + [((i + 0.5) / n_mig, "mig", i) for i in range(n_mig)]
        )
        for _, kind, i in schedule:
            if kind == "clone":
                self._clone_path_signup(i)
            else:
                self._migrations_path_tenant(i)
        assert self.standby_count() == 0
        say(self.results.clone_path.row())
        say(self.results.migrations_path.row())

    def _clone_path_signup(self, i: int) -> None:

        from shared_apps.tenants.services import tenant_provision

        to_public()
        subdomain = self.next_subdomain("clone")
        with timed(self.results.clone_path.ms):
            tenant_provision(name=f"Bench Clone Co {i}", subdomain=subdomain, state="29")

    def _migrations_path_tenant(self, i: int) -> None:
        """django-tenants' default: a Tenant saved with auto_create_schema=True, plus a Domain."""
        from django_tenants.utils import schema_context

        from shared_apps.tenants.models import Domain, Tenant, TenantStatus
        from shared_apps.tenants.services import _reserve_tenant_id, domain_for
        from tenant_apps.core.services import company_settings_personalise, tenant_defaults_seed

        to_public()
        subdomain = self.next_subdomain("mig")
        name = f"Bench Migrated Co {i}"
        with timed(self.results.migrations_path.ms):
            tenant_id = _reserve_tenant_id()
            tenant = Tenant(
                id=tenant_id, schema_name=f"t_{tenant_id}", name=name, status=TenantStatus.ACTIVE
            )
            tenant.auto_create_schema = True  # the save runs create_schema -> migrate_schemas
            tenant.save(verbosity=0, force_insert=True)
            Domain.objects.create(domain=domain_for(subdomain), tenant=tenant, is_primary=True)
            with schema_context(tenant.schema_name):
                tenant_defaults_seed()  # what the template carries, so both end up equal
            company_settings_personalise(schema_name=tenant.schema_name, name=name)
        to_public()

    # -- 4. clone methods ---------------------------------------------------------------------
    def _schema_tables(self, schema: str) -> tuple[int, int, int]:
        """(tables, constraints, indexes) in `schema`: a clone must match the template."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
                [schema],
            )
            tables = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT count(*) FROM pg_constraint k JOIN pg_namespace n "
                "ON n.oid = k.connamespace WHERE n.nspname = %s",
                [schema],
            )
            constraints = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE schemaname = %s",
                [schema],
            )
            indexes = int(cursor.fetchone()[0])
        return tables, constraints, indexes

    def _drop_schema(self, schema: str) -> None:
        from django.db import connection
        from psycopg import sql

        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE")
                .format(sql.Identifier(schema))
                .as_string(cursor.connection)
            )

    def _pg_tools(self) -> tuple[str, str, int, Path]:
        bin_dir, tool_major = pg_bin_dir(self.server_major)
        return str(bin_dir / "pg_dump"), str(bin_dir / "psql"), tool_major, bin_dir

    def _dump_template(self, *extra: str) -> str:
        pg_dump = self._pg_tools()[0]
        cmd = [pg_dump, "--no-owner", "-n", TEMPLATE, *extra, f"--dbname={self.db_url}"]
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout

    def _clone_in_process(self, inserts_dump: str, schema: str) -> None:
        """Run a rewritten `pg_dump --inserts` of the template on the app's own connection."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(rewrite_dump(inserts_dump, TEMPLATE, schema, session_settings=False))

    def bench_clone_methods(self) -> None:
        from django.db import connection, transaction
        from django_tenants.clone import CloneSchema

        n = self.args.clone_methods
        pg_dump, psql, tool_major, bin_dir = self._pg_tools()
        say(
            f"4. clone methods, {n} clones each (pg_dump/psql {tool_major} from {bin_dir}, "
            f"server {self.server_major}) ..."
        )
        dump_cmd = [pg_dump, "--no-owner", "-n", TEMPLATE, f"--dbname={self.db_url}"]
        psql_cmd = [
            psql,
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            f"--dbname={self.db_url}",
        ]
        want = self._schema_tables(TEMPLATE)
        made: list[str] = []

        def django_tenants_clone(schema: str) -> None:
            CloneSchema().clone_schema(TEMPLATE, schema, "DATA", set_connection=True)

        def clone_function_only(schema: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT clone_schema(%s, %s, 'DATA')", [TEMPLATE, schema])

        def pg_dump_clone(schema: str) -> None:
            dump = subprocess.run(dump_cmd, capture_output=True, text=True, check=True).stdout
            subprocess.run(
                psql_cmd,
                input=rewrite_dump(dump, TEMPLATE, schema),
                capture_output=True,
                text=True,
                check=True,
            )

        template_dump = subprocess.run(dump_cmd, capture_output=True, text=True, check=True).stdout

        def cached_dump_psql(schema: str) -> None:
            subprocess.run(
                psql_cmd,
                input=rewrite_dump(template_dump, TEMPLATE, schema),
                capture_output=True,
                text=True,
                check=True,
            )

        inserts_dump = self._dump_template("--inserts")

        def cached_dump_in_process(schema: str) -> None:
            with transaction.atomic():
                self._clone_in_process(inserts_dump, schema)

        methods: list[tuple[str, str, Callable[[str], None]]] = [
            ("django-tenants CloneSchema().clone_schema", "cs", django_tenants_clone),
            ("  clone_schema() SQL call only (fn installed)", "cf", clone_function_only),
            ("pg_dump | rewrite | psql, per clone", "pd", pg_dump_clone),
            ("cached rewritten dump | psql", "pc", cached_dump_psql),
            ("cached dump (--inserts), app connection", "pi", cached_dump_in_process),
        ]
        try:
            # Round-robin (one clone of each method per round), so machine load hits all alike.
            # CloneSchema goes first in each round: it (re)installs the clone_schema() function.
            for i in range(n):
                for label, prefix, clone in methods:
                    series = self.results.clone_methods.setdefault(label, Series(label))
                    schema = f"bench_{prefix}_{i}"
                    to_public()
                    with timed(series.ms):
                        clone(schema)
                    made.append(schema)
                    got = self._schema_tables(schema)
                    if got != want:
                        raise RuntimeError(
                            f"{label}: {schema} has {got} tables/constraints/indexes, not {want}"
                        )
        except subprocess.CalledProcessError as exc:
            raise RuntimeError(f"{exc.cmd[0]} failed: {exc.stderr}") from exc
        finally:
            to_public()
            for schema in made:
                self._drop_schema(schema)
        for series in self.results.clone_methods.values():
            say(series.row())

    def fast_standby_create(self, count: int) -> None:
        """`count` standby tenants, each a clone of the template made from one cached dump."""
        from django.db import transaction

        from shared_apps.tenants.models import Tenant, TenantStatus
        from shared_apps.tenants.services import _reserve_tenant_id

        inserts_dump = self._dump_template("--inserts")
        want = self._schema_tables(TEMPLATE)
        to_public()
        for i in range(count):
            with transaction.atomic():
                tenant_id = _reserve_tenant_id()
                tenant = Tenant(
                    id=tenant_id, schema_name=f"t_{tenant_id}", status=TenantStatus.STANDBY
                )
                tenant.save(force_insert=True)
                self._clone_in_process(inserts_dump, tenant.schema_name)
            if i in (0, count - 1) and self._schema_tables(tenant.schema_name) != want:
                raise RuntimeError(f"fast clone {tenant.schema_name} differs from the template")

    # -- 5. fleet -----------------------------------------------------------------------------
    def bench_fleet(self) -> None:
        from django.core.management import call_command

        from shared_apps.tenants.models import Tenant

        to_public()
        total = Tenant.objects.count()  # every tenant schema: template, active, standby ...
        target = self.args.fleet
        if total < target:
            say(
                f"5. fleet: {target - total} more standby tenants to reach {target} "
                "(fast clone: cached template dump run in-process) ..."
            )
            started = time.perf_counter()
            self.fast_standby_create(target - total)
            say(f"   made in {time.perf_counter() - started:.1f} s")
        self.results.fleet_schemas = Tenant.objects.count()
        say(f"5. fleet: {self.results.fleet_schemas} tenant schemas, nothing to migrate")

        out = io.StringIO()
        started = time.perf_counter()
        call_command("tenants_migrate", no_progress=True, stdout=out)
        self.results.tenants_migrate_s = time.perf_counter() - started
        self.results.tenants_migrate_summary = out.getvalue().strip()
        say(
            f"   tenants_migrate: {self.results.tenants_migrate_s:.2f} s -- "
            f"{self.results.tenants_migrate_summary}"
        )

        to_public()
        started = time.perf_counter()
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
        self.results.migrate_schemas_s = time.perf_counter() - started
        to_public()
        say(f"   migrate_schemas --tenant: {self.results.migrate_schemas_s:.2f} s")

    # -- report -------------------------------------------------------------------------------
    def report(self, total_s: float) -> str:
        r = self.results
        lines: list[str] = []

        def verdict(ok: bool) -> str:
            return "PASS" if ok else "MISS"

        def ratio(a: float, b: float) -> float:
            return a / b if b else float("inf")

        lines.append("")
        lines.append("=" * 100)
        lines.append(
            f"PROVISIONING BENCHMARK  {time.strftime('%Y-%m-%d %H:%M')}  {self.server_version}, "
            f"{os.cpu_count()} cores"
        )
        load_after = os.getloadavg()
        lines.append(
            "load average (1/5/15 min) at start "
            + "/".join(f"{x:.2f}" for x in self.load_before)
            + ", at end "
            + "/".join(f"{x:.2f}" for x in load_after)
            + " (other work on the machine skews every figure)"
        )
        lines.append(
            f"tenant apps: {self.tenant_models} models, {self.template_tables} tables per schema; "
            f"refill: {'queued to ' + self.broker if self.broker else 'not queued (no broker)'}"
        )
        lines.append("-" * 100)
        lines.append("Latency (ms)")
        for series in (
            r.pool_service,
            r.pool_http,
            r.clone_path,
            r.migrations_path,
            r.fill_per_schema,
        ):
            lines.append(series.row())
        lines.append("Clone methods (ms, one schema from the template)")
        for series in r.clone_methods.values():
            lines.append(series.row())
        lines.append("-" * 100)
        lines.append("Against baselines")
        pool, http = r.pool_service, r.pool_http
        lines.append(
            f"  pool signup p95 {pool.p95:.1f} ms | target < {POOL_P95_TARGET_MS:.0f} ms | "
            f"{verdict(pool.p95 < POOL_P95_TARGET_MS)}"
        )
        lines.append(
            f"  pool signup HTTP p50 {http.p50:.1f} ms, p95 {http.p95:.1f} ms | "
            f"target < {POOL_P95_TARGET_MS:.0f} ms | {verdict(http.p95 < POOL_P95_TARGET_MS)}"
        )
        mig = ratio(r.migrations_path.p95, pool.p95)
        lines.append(
            f"  pool signup p95 {pool.p95:.1f} ms | migrations path p95 "
            f"{r.migrations_path.p95:.1f} ms | {mig:.1f}x (target >= "
            f"{MIGRATIONS_OVER_POOL_TARGET:.0f}x) {verdict(mig >= MIGRATIONS_OVER_POOL_TARGET)}"
        )
        lines.append(
            f"  pool signup p95 {pool.p95:.1f} ms | clone path p95 {r.clone_path.p95:.1f} ms | "
            f"{ratio(r.clone_path.p95, pool.p95):.1f}x (no target)"
        )
        lines.append(
            f"  clone path p95 {r.clone_path.p95:.1f} ms | migrations path p95 "
            f"{r.migrations_path.p95:.1f} ms | "
            f"{ratio(r.migrations_path.p95, r.clone_path.p95):.1f}x (no target)"
        )
        methods = list(r.clone_methods.values())
        if methods:
            base = methods[0]
            for other in methods[1:]:
                lines.append(
                    f"  {other.label.strip()} p50 {other.p50:.1f} ms | {base.label} p50 "
                    f"{base.p50:.1f} ms | {ratio(base.p50, other.p50):.1f}x"
                )
        fleet = ratio(r.migrate_schemas_s, r.tenants_migrate_s)
        lines.append(
            f"  tenants_migrate no-op {r.tenants_migrate_s:.2f} s | migrate_schemas "
            f"{r.migrate_schemas_s:.2f} s ({r.fleet_schemas} schemas, "
            f"{1000 * r.migrate_schemas_s / max(r.fleet_schemas, 1):.0f} ms each) | {fleet:.1f}x "
            f"(target >= {FLEET_RATIO_TARGET:.0f}x) {verdict(fleet >= FLEET_RATIO_TARGET)}"
        )
        lines.append("-" * 100)
        lines.append(f"refill tasks queued during the run (purged): {r.refills_queued}")
        for note in r.notes:
            lines.append(f"note: {note}")
        lines.append(f"total run time {total_s:.0f} s")
        lines.append("=" * 100)
        return "\n".join(lines)


def purge_broker() -> int:
    from erp_platform.celery import app

    with suppress(Exception):
        return int(app.control.purge() or 0)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run_started = time.perf_counter()
    base_url = server_url()
    db_name = f"bench_provisioning_{os.getpid()}"
    db_url = with_database(base_url, db_name)
    admin_url = with_database(base_url, "postgres")

    broker: str | None = args.broker_url if redis_reachable(args.broker_url) else None
    django_environment(db_url)
    if broker:
        os.environ["CELERY_BROKER_URL"] = broker  # .delay() publishes and returns
    else:
        os.environ.pop("CELERY_BROKER_URL", None)

    say(f"bench database {db_name} on {unquote(urlsplit(base_url).hostname or 'local socket')}")
    create_database(admin_url, db_name)
    bench: Bench | None = None
    try:
        import django

        django.setup()
        if broker is None:
            # No Redis: refills would run inline (eager). Keep them out of signup latency.
            from shared_apps.tenants import services

            services._queue_pool_refill = lambda: None  # type: ignore[assignment]
        else:
            purge_broker()
        bench = Bench(args, db_url, broker)
        if broker is None:
            bench.results.notes.append("Redis unreachable: the refill was skipped, not queued")
        bench.setup_database()
        bench.bench_pool()
        bench.bench_clone_and_migrations_paths()
        bench.bench_clone_methods()
        bench.bench_fleet()
    finally:
        if broker:
            queued = purge_broker()
            if bench is not None:
                bench.results.refills_queued = queued
        with suppress(Exception):
            from django.db import connections

            for conn in connections.all():
                conn.close()
                close_pool: Any = getattr(conn, "close_pool", None)
                if close_pool:
                    close_pool()
        if args.keep_db:
            say(f"kept database {db_name}")
        else:
            drop_database(admin_url, db_name)
    say(bench.report(time.perf_counter() - run_started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
