"""The long schemathesis run over the API (standalone; `make bench` runs it).

    .venv/bin/python tests/benchmarks/fuzz_api.py [--examples 50] [--random] [--only REGEX]

The suite runs a small bounded version of this (tests/fuzz/test_schemathesis.py: signup and the
tenant admin APIs, 8 cases per operation and mode). Here every operation of our own API
(`/api/v1/...`) on both hosts gets `--examples` valid and as many invalid cases:

1. alpha's host, as alpha's owner with a Bearer API token: access, core, audit, tokens, me;
2. the public host, anonymous with a CSRF cookie + header: signup and the subdomain check;
3. the public host, as the operator (a session cookie): the operator tenant console, another
   company, me. Last, because it suspends and archives tenants.

Checks: no 5xx, and every 4xx in the error shape {"detail", "code", "fields"}
(tests/fuzz/harness.py). Requests go through Django's WSGI handler in-process and commit (so
on-commit work runs too) in its own database `bench_fuzz_api_<pid>` on the server named by
DATABASE_URL (or the embedded PostgreSQL), dropped at the end unless `--keep-db`. Local-memory
cache, eager Celery, e-mail kept in memory; the business signup limit (10 an hour per IP) is
raised so every generated signup reaches validation.

Prints a table per operation (cases, statuses, findings), every finding with the request and
the server's traceback, and exits 1 when there is any: a finding is a defect, not a slow figure.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import time
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def say(message: str) -> None:
    print(message, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--examples", type=int, default=50, help="cases per operation and mode (valid, invalid)"
    )
    parser.add_argument(
        "--random", action="store_true", help="a fresh random seed (default: derandomized)"
    )
    parser.add_argument("--only", default="", help="only operations whose label matches")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the bench database")
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# The database (before Django is set up)
# ---------------------------------------------------------------------------------------------
def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url
    from erp_platform import embedded_db

    return embedded_db.ensure_running()


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def recreate_database(admin_url: str, name: str, *, create: bool) -> None:
    import psycopg
    from psycopg import sql

    assert name.startswith("bench_"), name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------
def build_world() -> Any:
    from django.core.management import call_command

    from erp_platform.tenancy import connection
    from tests.conftest import _build_world  # the suite's world: alpha, beta and their people

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    world = _build_world()
    connection.set_schema_to_public()
    return world


def session_of(user: Any) -> Any:
    from django.conf import settings
    from django.test import Client

    from tests.fuzz.harness import Credentials

    client = Client(HTTP_HOST=settings.BASE_DOMAIN)
    client.force_login(user)
    return Credentials(cookies={settings.SESSION_COOKIE_NAME: client.cookies["sessionid"].value})


def passes(world: Any) -> list[tuple[Any, Any, dict[str, int]]]:
    """(surface, credentials, known ids) in the order they run."""
    from django.conf import settings

    from shared_apps.accounts.models import User
    from tests.fuzz.harness import Surface, combine, csrf_pair, owner_token

    alpha_host = f"alpha.{settings.BASE_DOMAIN}"
    public = settings.BASE_DOMAIN
    operator = User.objects.get(pk=world.operator_id)
    return [
        (Surface("alpha as owner", alpha_host, r"^/api/v1/"), owner_token(world), {}),
        (Surface("public, anonymous", public, r"^/api/v1/signup/"), csrf_pair(), {}),
        (
            Surface("public as operator", public, r"^/api/v1/(?!signup/)"),
            combine(csrf_pair(), session_of(operator)),
            {"id": world.beta_id},
        ),
    ]


# Run last on their host: they change who the fuzzer is (ownership) or what it may do.
LAST = ("transfer-ownership", "/deactivate/", "/archive/", "/suspend/", "DELETE /api/v1/tokens/")


def run(args: argparse.Namespace) -> tuple[list[Any], float]:
    from django.conf import settings

    from tests.fuzz.harness import (
        alpha_objects,
        fuzz_operation,
        in_process_app,
        load_schema,
        operations,
    )

    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "business_signup": "1000/m/ip"}
    started = time.perf_counter()
    world = build_world()
    say(f"set-up: world built in {time.perf_counter() - started:.1f} s")
    results = []
    fuzz_started = time.perf_counter()
    with in_process_app() as app:
        for surface, credentials, extra_ids in passes(world):
            schema = load_schema(app, surface.host)
            selected = operations(schema, surface)
            ids = {**alpha_objects(world), **extra_ids} if "alpha" in surface.name else extra_ids
            labels = sorted(selected, key=lambda label: any(part in label for part in LAST))
            say(f"== {surface.name} ({surface.host}): {len(labels)} operations")
            for label in labels:
                if args.only and not re.search(args.only, label):
                    continue
                op_started = time.perf_counter()
                result = fuzz_operation(
                    selected[label],
                    host=surface.host,
                    credentials=credentials,
                    max_examples=args.examples,
                    known_ids=ids,
                    derandomize=not args.random,
                )
                elapsed = time.perf_counter() - op_started
                statuses = " ".join(f"{k}:{v}" for k, v in sorted(result.statuses.items()))
                say(
                    f"  {label:<66} n={result.requests:<4} {elapsed:>5.1f} s  {statuses}"
                    + (f"  FINDINGS {len(result.findings)}" if result.findings else "")
                )
                results.append(result)
    return results, time.perf_counter() - fuzz_started


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run_started = time.perf_counter()
    base_url = server_url()
    db_name = f"bench_fuzz_api_{os.getpid()}"
    admin_url = with_database(base_url, "postgres")
    os.environ["DATABASE_URL"] = with_database(base_url, db_name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "erp_platform.settings"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["TENANT_STANDBY_POOL_SIZE"] = "0"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.pop("REDIS_URL", None)  # local-memory cache: the run shares no cache
    os.environ.pop("CELERY_BROKER_URL", None)  # eager

    say(f"bench database {db_name} on {unquote(urlsplit(base_url).hostname or 'local socket')}")
    recreate_database(admin_url, db_name, create=True)
    try:
        import django

        django.setup()
        # Thousands of 4xx warnings ("Not Found", too many fields); a 5xx is logged and reported.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        logging.getLogger("django.security").setLevel(logging.ERROR)
        results, fuzz_s = run(args)
    finally:
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
            recreate_database(admin_url, db_name, create=False)

    findings = [finding for result in results for finding in result.findings]
    requests = sum(result.requests for result in results)
    say("")
    for finding in findings:
        say(str(finding))
        say("")
    say(
        f"fuzz_api: {len(results)} operations, {requests} requests in {fuzz_s:.1f} s "
        f"({requests / fuzz_s if fuzz_s else 0:.0f}/s), {args.examples} cases per operation and "
        f"mode, {'random' if args.random else 'derandomized'}; total "
        f"{time.perf_counter() - run_started:.1f} s; load {os.getloadavg()[0]:.2f}"
    )
    say(f"findings: {len(findings)} {'FAIL' if findings else 'PASS'}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
