"""Startup check: refuse to run behind a transaction-mode connection pooler.

django-tenants sets `search_path` per connection; a transaction-mode pooler (PgBouncer
`pool_mode = transaction`) hands each transaction to whichever server connection is free, so a
request can read another tenant's rows (measured: half of reads). Detection: on one client
connection, the backend pid must stay the same across transactions. To make a transaction
pooler show itself, a second client holds a transaction open in between, keeping the first
server connection busy.
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.conf import settings
from django.core.checks import Error, register
from django.db import connections

CHECK_ID = "erp_platform.E001"


def backend_pids_across_transactions(conn_params: dict[str, Any]) -> tuple[int, int]:
    """The backend pid seen by one client connection in two transactions, with a second
    client holding a transaction open in between."""
    params = {k: v for k, v in conn_params.items() if k not in ("cursor_factory", "context")}
    params.setdefault("connect_timeout", 5)
    with psycopg.connect(**params, autocommit=True) as first:
        pid_before = first.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[index]
        with psycopg.connect(**params) as second:  # not autocommit: holds its transaction
            second.execute("SELECT pg_backend_pid()")
            pid_after = first.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[index]
            second.rollback()
    return int(pid_before), int(pid_after)


def transaction_pooler_errors(conn_params: dict[str, Any]) -> list[Error]:
    before, after = backend_pids_across_transactions(conn_params)
    if before == after:
        return []
    return [
        Error(
            "The database connection goes through a transaction-mode pooler "
            f"(backend pid changed from {before} to {after} between two transactions).",
            hint="django-tenants leaks rows between tenants under transaction pooling. Connect "
            "to PostgreSQL directly or through PgBouncer in session mode.",
            id=CHECK_ID,
        )
    ]


@register("pooler")
def check_no_transaction_pooler(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not getattr(settings, "POOLER_CHECK_ENABLED", True):
        return []
    wrapper = connections["default"]
    try:
        return transaction_pooler_errors(wrapper.get_connection_params())
    except psycopg.OperationalError:
        return []  # no database reachable: other checks and commands report that themselves
