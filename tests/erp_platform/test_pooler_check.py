"""The transaction-pooler startup check against a real PgBouncer.

Each test starts /usr/sbin/pgbouncer on a free loopback port in front of the PostgreSQL server
the suite uses (the embedded one behind a unix socket, or a server on 127.0.0.1). PgBouncer
refuses to run as root, so under root it runs as the user that can reach the server: the owner
of the socket directory (embedded: `pgserver`), else `postgres`.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from erp_platform.checks import CHECK_ID, check_no_transaction_pooler, transaction_pooler_errors
from erp_platform.startup import refuse_unsafe_database

PGBOUNCER = Path("/usr/sbin/pgbouncer")
DEFAULT_SOCKET_DIR = "/var/run/postgresql"
START_TIMEOUT = 10.0


@dataclass(frozen=True)
class Bouncer:
    host: str
    port: int
    pool_mode: str


def _server_location() -> tuple[str, int]:
    """Host (socket directory or address) and port of the server the tests use."""
    settings_dict = connections["default"].settings_dict
    host = str(settings_dict["HOST"] or DEFAULT_SOCKET_DIR)
    port = int(settings_dict["PORT"] or 5432)
    return host, port


def _run_as_user(host: str) -> pwd.struct_passwd | None:
    """Who pgbouncer runs as: None (ourselves) unless we are root, which pgbouncer refuses."""
    if os.geteuid() != 0:
        return None
    if host.startswith("/"):
        return pwd.getpwuid(os.stat(host).st_uid)
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return pwd.getpwnam("nobody")  # any unprivileged user reaches a TCP server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the pgbouncer we started (SIGTERM: immediate shutdown), by its pid."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture
def start_pgbouncer(db: None) -> Iterator[Callable[..., Bouncer]]:
    """`start_pgbouncer("transaction", extra_config)`: a running PgBouncer in that pool mode,
    stopped and removed at teardown. Fails (never skips) when PgBouncer is missing or does
    not start."""
    started: list[tuple[subprocess.Popen[bytes], str]] = []

    def start(pool_mode: str, extra_config: str = "") -> Bouncer:
        if not os.access(PGBOUNCER, os.X_OK):
            pytest.fail(f"{PGBOUNCER} is missing: install Debian's pgbouncer package")
        host, port = _server_location()
        user = _run_as_user(host)
        workdir = tempfile.mkdtemp(prefix="pgbouncer-test-")
        listen_port = _free_port()
        config = Path(workdir) / "pgbouncer.ini"
        auth_file = Path(workdir) / "userlist.txt"
        log_file = Path(workdir) / "pgbouncer.log"
        output_file = Path(workdir) / "output.log"
        db_user = connections["default"].settings_dict["USER"] or "postgres"
        db_password = connections["default"].settings_dict["PASSWORD"] or ""
        # trust: clients are not asked for a password; pgbouncer logs in to the server with it.
        auth_file.write_text(f'"{db_user}" "{db_password}"\n')
        config.write_text(
            "[databases]\n"
            f"* = host={host} port={port}\n"
            "[pgbouncer]\n"
            "listen_addr = 127.0.0.1\n"
            f"listen_port = {listen_port}\n"
            "unix_socket_dir =\n"
            "auth_type = trust\n"
            f"auth_file = {auth_file}\n"
            f"pool_mode = {pool_mode}\n"
            "default_pool_size = 5\n"
            "max_client_conn = 50\n"
            f"logfile = {log_file}\n"
            "ignore_startup_parameters = extra_float_digits,options\n"
            f"{extra_config}\n"
        )
        command = [str(PGBOUNCER), str(config)]
        as_user: dict[str, Any] = {}
        if user is not None:
            for path in (workdir, config, auth_file):
                os.chown(path, user.pw_uid, user.pw_gid)
            # Like `runuser -u <user> --`, without runuser's 2 s grace period at SIGTERM.
            as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        with output_file.open("wb") as output:
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, **as_user)
        started.append((process, workdir))
        deadline = time.monotonic() + START_TIMEOUT
        while not _accepts(listen_port):
            if process.poll() is not None or time.monotonic() > deadline:
                _stop(process)
                log = log_file.read_text() if log_file.exists() else ""
                pytest.fail(f"pgbouncer did not start ({command}):\n{output_file.read_text()}{log}")
            time.sleep(0.05)
        return Bouncer(host="127.0.0.1", port=listen_port, pool_mode=pool_mode)

    yield start

    for process, workdir in started:
        _stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def _params_through(bouncer: Bouncer) -> dict[str, Any]:
    """The parameters Django connects with, with host and port replaced by the bouncer's."""
    params = connections["default"].get_connection_params()
    return {**params, "host": bouncer.host, "port": bouncer.port}


def _warm(bouncer: Bouncer, servers: int) -> None:
    """Leave `servers` idle server connections in the bouncer's pool, as in a running system."""
    params = {
        k: v for k, v in _params_through(bouncer).items() if k not in ("cursor_factory", "context")
    }
    clients = [psycopg.connect(**params) for _ in range(servers)]
    try:
        pids = {client.execute("SELECT pg_backend_pid()").fetchone()[0] for client in clients}  # type: ignore[index]
        assert len(pids) == servers
    finally:
        for client in clients:
            client.rollback()  # a clean release: a server left in a transaction is dropped
            client.close()


# PgBouncer hands out idle servers most-recently-used first by default, oldest first with
# `server_round_robin = 1`; a pool is cold at start and warm in a running system.
POOL_SHAPES = [
    pytest.param("", 0, id="lifo-cold"),
    pytest.param("", 3, id="lifo-warm"),
    pytest.param("server_round_robin = 1", 0, id="round-robin-cold"),
    pytest.param("server_round_robin = 1", 2, id="round-robin-warm"),
    pytest.param("server_round_robin = 1", 4, id="round-robin-warmer"),
]


@pytest.mark.parametrize(("extra_config", "idle_servers"), POOL_SHAPES)
def test_transaction_mode_pgbouncer_is_one_error(
    start_pgbouncer: Callable[..., Bouncer], extra_config: str, idle_servers: int
):
    # given
    bouncer = start_pgbouncer("transaction", extra_config)
    _warm(bouncer, idle_servers)
    # when
    errors = transaction_pooler_errors(_params_through(bouncer))
    # then
    assert [error.id for error in errors] == [CHECK_ID]
    assert errors[0].msg.startswith(
        "The database connection goes through a transaction-mode pooler (backend "
    )


@pytest.mark.parametrize(("extra_config", "idle_servers"), POOL_SHAPES)
def test_session_mode_pgbouncer_passes(
    start_pgbouncer: Callable[..., Bouncer], extra_config: str, idle_servers: int
):
    # given
    bouncer = start_pgbouncer("session", extra_config)
    _warm(bouncer, idle_servers)
    # when
    errors = transaction_pooler_errors(_params_through(bouncer))
    # then
    assert errors == []


def test_direct_connection_passes(db: None):
    # given the server the suite uses, no pooler in between
    params = connections["default"].get_connection_params()
    # when
    errors = transaction_pooler_errors(params)
    # then
    assert errors == []


def test_registered_check_passes_on_a_direct_connection(db: None):
    # given the default database as configured
    # when
    errors = check_no_transaction_pooler()
    # then
    assert errors == []


def test_startup_refuses_a_transaction_mode_pgbouncer(
    start_pgbouncer: Callable[..., Bouncer], monkeypatch: pytest.MonkeyPatch
):
    # given Django's default database configured to go through a transaction-mode pgbouncer
    bouncer = start_pgbouncer("transaction")
    settings_dict = connections["default"].settings_dict
    monkeypatch.setitem(settings_dict, "HOST", bouncer.host)
    monkeypatch.setitem(settings_dict, "PORT", bouncer.port)
    assert connections["default"].get_connection_params()["port"] == bouncer.port
    # when
    with pytest.raises(ImproperlyConfigured) as refused:
        refuse_unsafe_database()
    # then
    assert str(refused.value).startswith(
        "The database connection goes through a transaction-mode pooler (backend "
    )
    assert "PgBouncer in session mode" in str(refused.value)


def test_startup_accepts_a_session_mode_pgbouncer(
    start_pgbouncer: Callable[..., Bouncer], monkeypatch: pytest.MonkeyPatch
):
    # given Django's default database configured to go through a session-mode pgbouncer
    bouncer = start_pgbouncer("session")
    settings_dict = connections["default"].settings_dict
    monkeypatch.setitem(settings_dict, "HOST", bouncer.host)
    monkeypatch.setitem(settings_dict, "PORT", bouncer.port)
    assert connections["default"].get_connection_params()["port"] == bouncer.port
    # when / then: it does not refuse
    refuse_unsafe_database()
