"""Tenant export and import: one company's whole schema in one file, and back.

An export is a plain `.tar` holding

- `manifest.json`: format version, the tenant (id, schema, name, status, timestamps), its
  domains, its members (by e-mail), the leaf migrations applied in its schema, the PostgreSQL
  versions, and when the export was made;
- `schema.dump`: `pg_dump -Fc -n <schema> --no-owner --no-privileges`, one consistent snapshot.

Import restores the dump with `pg_restore --single-transaction --exit-on-error`, so a failed
restore leaves nothing behind, then adopts the schema in one transaction:

- a Tenant row with the manifest's schema name exists and its schema is missing (a lost
  schema): the schema is restored into it, the row keeps its status;
- no such row (a deleted company, or another installation): a new Tenant (id from the table's
  sequence) is created and the restored schema renamed to its `t_<id>`;
- the schema already exists: refused (`tenant_import_conflict`), nothing is touched.

Domains and memberships in the manifest are re-created where the domain is free and the user
exists (the rest are skipped and logged). Tenant tables reference global users (created_by,
updated_by): a restore into a database without those users fails and leaves nothing.

pg_dump and pg_restore are separate processes: they see only committed data, connect with the
parameters Django uses, and must be at least the server's major version.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tenants.utils import schema_exists
from psycopg import sql

from erp_platform.tenancy import connection
from shared_apps.accounts.models import Membership, User
from shared_apps.tenants.fleet import code_leaf_migrations, lagging_schemas
from shared_apps.tenants.models import Domain, Tenant, TenantStatus
from tenant_apps.core.exceptions import ApplicationError

logger = logging.getLogger(__name__)

FORMAT = "b3-tenant-export"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DUMP_NAME = "schema.dump"
SCHEMA_RE = re.compile(r"^t_[0-9]{1,18}$")
EXPORTABLE = (TenantStatus.ACTIVE, TenantStatus.SUSPENDED, TenantStatus.ARCHIVED)
SYSTEM_PG_DIR = Path("/usr/lib/postgresql")
# libpq connection parameters Django may hold, and the environment variables pg_dump reads.
LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "dbname": "PGDATABASE",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


# ---------------------------------------------------------------------------------------------
# PostgreSQL client programs
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PgTools:
    """A folder holding pg_dump and pg_restore of one PostgreSQL major version."""

    bin_dir: Path
    major: int

    @property
    def pg_dump(self) -> str:
        return str(self.bin_dir / "pg_dump")

    @property
    def pg_restore(self) -> str:
        return str(self.bin_dir / "pg_restore")


def _candidate_bin_dirs() -> list[Path]:
    """Where client programs may live: the embedded server's, Debian's per-version folders,
    then PATH."""
    found: list[Path] = []
    try:
        from erp_platform import embedded_db

        found.append(embedded_db.bin_dir())
    except ImportError:  # no pgserver package (a production image)
        pass
    found.extend(sorted(SYSTEM_PG_DIR.glob("*/bin")))
    on_path = shutil.which("pg_dump")
    if on_path:
        found.append(Path(on_path).parent)
    return list(dict.fromkeys(found))


def _major_version(program: Path) -> int | None:
    try:
        completed = subprocess.run(
            [str(program), "--version"], capture_output=True, text=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\)\s+(\d+)", completed.stdout)  # "pg_dump (PostgreSQL) 16.4"
    return int(match.group(1)) if match else None


def pg_tools(*, min_major: int) -> PgTools:
    """The pg_dump/pg_restore pair of the lowest major version that is at least `min_major`."""
    usable: list[PgTools] = []
    candidates = _candidate_bin_dirs()
    for bin_dir in candidates:
        programs = [bin_dir / "pg_dump", bin_dir / "pg_restore"]
        if not all(p.is_file() and os.access(p, os.X_OK) for p in programs):
            continue
        major = _major_version(programs[0])
        if major is not None and major >= min_major:
            usable.append(PgTools(bin_dir=bin_dir, major=major))
    if not usable:
        looked = ", ".join(str(d) for d in candidates) or "nowhere"
        raise ApplicationError(
            f"No pg_dump/pg_restore of PostgreSQL {min_major} or newer was found "
            f"(looked in {looked}).",
            code="pg_tools_missing",
        )
    return min(usable, key=lambda tools: tools.major)


def _server_major() -> int:
    return int(connection.pg_version) // 10000


def _pg_env() -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the connection parameters Django uses."""
    env = dict(os.environ)
    params: dict[str, Any] = connection.get_connection_params()
    for key, variable in LIBPQ_ENV.items():
        if params.get(key) not in (None, ""):
            env[variable] = str(params[key])
    return env


def _run(args: list[str], *, code: str) -> None:
    completed = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        program = Path(args[0]).name
        raise ApplicationError(
            f"{program} failed ({completed.returncode}): {completed.stderr.strip()[-2000:]}",
            code=code,
        )


# ---------------------------------------------------------------------------------------------
# Migrations
# ---------------------------------------------------------------------------------------------
def _applied_leaf_migrations(schema_name: str) -> list[list[str]]:
    """The migrations applied in `schema_name` that no other applied migration of the same
    app follows: `[[app, name], ...]`, sorted."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT app, name FROM {}").format(
                sql.Identifier(schema_name, "django_migrations")
            )
        )
        applied = {(str(app), str(name)) for app, name in cursor.fetchall()}
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    leaves = []
    for key in applied:
        node = graph.node_map.get(key)
        children = node.children if node is not None else set()
        if not any(child.key in applied and child.key[0] == key[0] for child in children):
            leaves.append([key[0], key[1]])
    return sorted(leaves)


def _unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return [
        f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in graph.nodes
    ]


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------
def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _manifest(*, tenant: Tenant, tools: PgTools, created_at: Any) -> dict[str, Any]:
    domains = Domain.objects.filter(tenant=tenant).order_by("-is_primary", "domain")
    members = Membership.objects.filter(tenant=tenant).select_related("user").order_by("id")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "tenant": {
            "id": tenant.pk,
            "schema_name": tenant.schema_name,
            "name": tenant.name,
            "status": tenant.status,
            "status_reason": tenant.status_reason,
            "created_at": _iso(tenant.created_at),
            "activated_at": _iso(tenant.activated_at),
            "suspended_at": _iso(tenant.suspended_at),
            "archived_at": _iso(tenant.archived_at),
        },
        "domains": [{"domain": d.domain, "is_primary": d.is_primary} for d in domains],
        "members": [
            {"email": m.user.email, "is_owner": m.is_owner, "status": m.status} for m in members
        ],
        "migrations": _applied_leaf_migrations(tenant.schema_name),
        "server_major": _server_major(),
        "pg_dump_major": tools.major,
    }


def tenant_export(*, tenant: Tenant, directory: Path | str | None = None) -> Path:
    """Write `<schema>-<UTC time>.tar` (manifest + pg_dump of the tenant's schema) into
    `directory` (default `settings.TENANT_EXPORT_DIR`) and return its path."""
    schema_name = tenant.schema_name
    if tenant.status not in EXPORTABLE or not SCHEMA_RE.match(schema_name):
        raise ApplicationError(
            f"Only a company can be exported, not a {tenant.status} tenant ({schema_name}).",
            code="tenant_export_invalid",
        )
    connection.set_schema_to_public()
    if not schema_exists(schema_name):
        raise ApplicationError(
            f"Tenant {schema_name} has no schema to export.", code="tenant_schema_missing"
        )
    target_dir = Path(directory) if directory is not None else Path(settings.TENANT_EXPORT_DIR)
    target_dir.mkdir(parents=True, exist_ok=True)
    tools = pg_tools(min_major=_server_major())
    created_at = timezone.now()
    target = target_dir / f"{schema_name}-{created_at:%Y%m%dT%H%M%S%fZ}.tar"
    with tempfile.TemporaryDirectory(prefix="tenant-export-") as work:
        dump = Path(work) / DUMP_NAME
        _run(
            [
                tools.pg_dump,
                "--format=custom",
                f'--schema="{schema_name}"',
                "--no-owner",
                "--no-privileges",
                f"--file={dump}",
            ],
            code="tenant_export_failed",
        )
        manifest = _manifest(tenant=tenant, tools=tools, created_at=created_at)
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size = len(body)
            info.mtime = int(created_at.timestamp())
            info.mode = 0o600
            tar.addfile(info, io.BytesIO(body))
            tar.add(dump, arcname=DUMP_NAME)
        partial.chmod(0o600)  # a whole company's data
        partial.replace(target)
    logger.info("exported %s (%s) to %s", schema_name, tenant.name, target)
    return target


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------
def _invalid(path: Path, reason: str) -> ApplicationError:
    return ApplicationError(
        f"{path} is not a tenant export: {reason}", code="tenant_import_invalid"
    )


def _archive_read(path: Path, work: Path) -> tuple[dict[str, Any], Path]:
    """The manifest and the dump (copied into `work`) of an export file."""
    dump = work / DUMP_NAME
    try:
        with tarfile.open(path, "r:") as tar:
            manifest_file = tar.extractfile(tar.getmember(MANIFEST_NAME))
            dump_file = tar.extractfile(tar.getmember(DUMP_NAME))
            if manifest_file is None or dump_file is None:
                raise _invalid(path, "its members are not regular files")
            manifest = json.load(manifest_file)
            with dump.open("wb") as out:
                shutil.copyfileobj(dump_file, out)
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise _invalid(path, str(exc)) from exc
    tenant = manifest.get("tenant") if isinstance(manifest, dict) else None
    if (
        not isinstance(tenant, dict)
        or manifest.get("format") != FORMAT
        or manifest.get("format_version") != FORMAT_VERSION
    ):
        raise _invalid(path, f"expected {FORMAT} version {FORMAT_VERSION}")
    if not SCHEMA_RE.match(str(tenant.get("schema_name", ""))):
        raise _invalid(path, f"bad schema name {tenant.get('schema_name')!r}")
    if tenant.get("status") not in EXPORTABLE:
        raise _invalid(path, f"bad tenant status {tenant.get('status')!r}")
    return manifest, dump


def _conflict(schema_name: str) -> ApplicationError:
    return ApplicationError(
        f"Schema {schema_name} already exists: drop or rename it before importing.",
        code="tenant_import_conflict",
    )


def _schema_drop(schema_name: str) -> None:
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema_name))
        )


def _next_tenant_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Tenant._meta.db_table])
        return int(cursor.fetchone()[0])


def _tenant_create(*, manifest: dict[str, Any], source_schema: str) -> Tenant:
    """A new Tenant row for the restored schema, which becomes its `t_<id>`. In the caller's
    transaction: the rename is undone with the row."""
    data = manifest["tenant"]
    tenant_id = _next_tenant_id()
    tenant = Tenant(
        id=tenant_id,
        schema_name=f"t_{tenant_id}",
        name=data["name"],
        status=data["status"],
        status_reason=data.get("status_reason") or "",
        activated_at=parse_datetime(data["activated_at"]) if data.get("activated_at") else None,
        suspended_at=parse_datetime(data["suspended_at"]) if data.get("suspended_at") else None,
        archived_at=parse_datetime(data["archived_at"]) if data.get("archived_at") else None,
    )
    tenant.save(force_insert=True)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                sql.Identifier(source_schema), sql.Identifier(tenant.schema_name)
            )
        )
    return tenant


def _domains_restore(*, tenant: Tenant, domains: list[dict[str, Any]]) -> None:
    for entry in domains:
        try:
            with transaction.atomic():
                Domain.objects.create(
                    domain=entry["domain"], tenant=tenant, is_primary=bool(entry["is_primary"])
                )
        except IntegrityError:
            owner = Domain.objects.filter(domain=entry["domain"]).values_list("tenant_id").first()
            if owner is None or owner[0] != tenant.pk:
                logger.warning(
                    "domain %s is taken (tenant %s): not re-created for %s",
                    entry["domain"],
                    owner[0] if owner else "?",
                    tenant.schema_name,
                )


def _members_restore(*, tenant: Tenant, members: list[dict[str, Any]]) -> None:
    users = {u.email: u for u in User.objects.filter(email__in=[m["email"] for m in members])}
    for entry in members:
        user = users.get(entry["email"])
        if user is None:
            logger.warning(
                "member %s has no account here: not re-added to %s",
                entry["email"],
                tenant.schema_name,
            )
            continue
        try:
            with transaction.atomic():
                Membership.objects.create(
                    user=user, tenant=tenant, is_owner=entry["is_owner"], status=entry["status"]
                )
        except IntegrityError:
            logger.info(
                "member %s of %s kept as it is (already a member, or the tenant has an owner)",
                entry["email"],
                tenant.schema_name,
            )


def tenant_import(*, path: Path | str) -> Tenant:
    """Restore an export made by `tenant_export`; return the tenant that now owns the data."""
    if connection.in_atomic_block:
        raise RuntimeError("tenant_import runs its own transactions; call it outside one")
    path = Path(path)
    connection.set_schema_to_public()
    with tempfile.TemporaryDirectory(prefix="tenant-import-") as work:
        manifest, dump = _archive_read(path, Path(work))
        source_schema: str = manifest["tenant"]["schema_name"]
        unknown = _unknown_migrations(manifest)
        if unknown:
            raise ApplicationError(
                f"The export was made by newer code: unknown migrations {', '.join(unknown)}.",
                code="tenant_import_incompatible",
            )
        if schema_exists(source_schema):
            raise _conflict(source_schema)
        tools = pg_tools(min_major=max(_server_major(), int(manifest.get("pg_dump_major", 0))))
        try:
            _run(
                [
                    tools.pg_restore,
                    "--single-transaction",
                    "--exit-on-error",
                    "--no-owner",
                    "--no-privileges",
                    f"--dbname={connection.get_connection_params()['dbname']}",
                    str(dump),
                ],
                code="tenant_import_failed",
            )
        except ApplicationError:
            if schema_exists(source_schema):  # someone else restored it meanwhile
                raise _conflict(source_schema) from None
            raise
    # From here the restored schema is ours: any failure drops it again.
    try:
        if lagging_schemas([source_schema], code_leaf_migrations()):
            call_command(
                "migrate_schemas",
                schema_name=source_schema,
                tenant=True,
                interactive=False,
                verbosity=0,
            )
        connection.set_schema_to_public()
        with transaction.atomic(durable=True):
            tenant = Tenant.objects.select_for_update().filter(schema_name=source_schema).first()
            if tenant is None:
                tenant = _tenant_create(manifest=manifest, source_schema=source_schema)
            _domains_restore(tenant=tenant, domains=manifest.get("domains", []))
            _members_restore(tenant=tenant, members=manifest.get("members", []))
    except BaseException:
        _schema_drop(source_schema)
        raise
    logger.info("imported %s from %s as %s", source_schema, path, tenant.schema_name)
    return tenant
