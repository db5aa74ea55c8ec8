"""Startup check: refuse to run behind a transaction-mode connection pooler.

django-tenants sets `search_path` per connection; a transaction-mode pooler (PgBouncer
`pool_mode = transaction`) hands each transaction to whichever server connection is free, so a
request can read another tenant's rows (measured: half of reads). A session-mode pooler or a
direct connection ties one client connection to one backend for its whole life.

Detection: one client connection (`first`, autocommit) notes its backend pid, then, in rounds:

1. `first` runs another transaction. A transaction pooler that prefers the oldest idle server
   (PgBouncer `server_round_robin = 1`) gives it a different backend.
2. A second client opens a transaction and keeps it open. A pooler that prefers the most
   recently used server (PgBouncer's default) hands it `first`'s backend, which a session
   pooler never does while `first` is connected.
3. `first` runs another transaction while that backend is busy: a transaction pooler must give
   it another backend.

Either preference shows itself in one round with an otherwise idle pool; the rounds are repeated
because other clients of a busy pooler take and release servers in between. A direct
connection or a session pooler keeps the same pid throughout and shares it with nobody.
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.conf import settings
from django.core.checks import Error, register
from django.db import connections

CHECK_ID = "erp_platform.E001"
ROUNDS = 3


def _backend_pid(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT pg_backend_pid()").fetchone()
    assert row is not None
    return int(row[0])


def transaction_pooling_evidence(conn_params: dict[str, Any], rounds: int = ROUNDS) -> str | None:
    """What shows that `conn_params` lead through a transaction-mode pooler, or None."""
    params = {k: v for k, v in conn_params.items() if k not in ("cursor_factory", "context")}
    params.setdefault("connect_timeout", 5)
    with psycopg.connect(**params, autocommit=True) as first:
        pid = _backend_pid(first)
        for _ in range(rounds):
            again = _backend_pid(first)
            if again != pid:
                return f"backend pid changed from {pid} to {again} between two transactions"
            with psycopg.connect(**params) as second:  # not autocommit: holds its transaction
                second_pid = _backend_pid(second)
                if second_pid == pid:
                    return (
                        f"backend {pid} of an idle client connection was handed to another "
                        "client connection"
                    )
                during = _backend_pid(first)
                second.rollback()
            if during != pid:
                return f"backend pid changed from {pid} to {during} between two transactions"
    return None


def transaction_pooler_errors(conn_params: dict[str, Any]) -> list[Error]:
    evidence = transaction_pooling_evidence(conn_params)
    if evidence is None:
        return []
    return [
        Error(
            f"The database connection goes through a transaction-mode pooler ({evidence}).",
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
