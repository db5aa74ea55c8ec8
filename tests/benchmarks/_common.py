"""Set-up shared by the standalone benchmarks (`make bench` skips files starting with `_`):
the server to run on, throw-away databases, timing series and output."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolation percentile (numpy's default), q in [0, 100]."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Series:
    label: str
    ms: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return percentile(self.ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.ms, 95)

    def row(self) -> str:
        return (
            f"  {self.label:<46} n={len(self.ms):<4} p50 {self.p50:>9.1f} ms   "
            f"p95 {self.p95:>9.1f} ms   max {max(self.ms, default=float('nan')):>9.1f} ms"
        )


@contextmanager
def timed(into: list[float]) -> Iterator[None]:
    started = time.perf_counter()
    yield
    into.append((time.perf_counter() - started) * 1000)


def with_database(url: str, name: str) -> str:
    """`url` with its database swapped for `name` (host, port, user, socket dir and query kept)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def say(message: str) -> None:
    print(message, flush=True)


def to_public() -> None:
    """Point the default connection at the public schema (django-tenants' wrapper)."""
    from django.db import connection

    tenant_connection: Any = connection
    tenant_connection.set_schema_to_public()


def server_url() -> str:
    """The server to benchmark on: DATABASE_URL, else the embedded PostgreSQL (like make)."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url
    from erp_platform import embedded_db

    return embedded_db.ensure_running()


def create_database(admin_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    assert name.startswith("bench_"), name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(admin_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    assert name.startswith("bench_"), name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def django_environment(db_url: str) -> None:
    """Environment for the project's settings on a benchmark database (before django.setup)."""
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "erp_platform.settings"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["TENANT_STANDBY_POOL_SIZE"] = "0"
    os.environ.pop("REDIS_URL", None)  # local-memory cache: the bench shares no cache


def platform_setup() -> None:
    """Migrate the public schema and build the tenant template (Django set up)."""
    from django.core.management import call_command

    from shared_apps.tenants.services import tenant_template_ensure

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    tenant_template_ensure()
    to_public()
