"""The embedded PostgreSQL used when ``DATABASE_URL`` is unset.

``make run`` and ``make test`` work on a machine with no database server: the ``pgserver``
package carries PostgreSQL binaries and runs a private server with its data under ``.data/pg``
(git-ignored). It listens on a unix socket inside the data directory only.

    python -m erp_platform.embedded_db start   # starts it (if needed) and prints its URL
    python -m erp_platform.embedded_db stop    # stops it
    python -m erp_platform.embedded_db url     # prints the URL of the running server
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("EMBEDDED_PG_DATA", BASE_DIR / ".data" / "pg"))
DATABASE_NAME = "erp"

logger = logging.getLogger(__name__)
# platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); its fallback is fine.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
logging.getLogger("pgserver").setLevel(logging.WARNING)


def _server():  # type: ignore[no-untyped-def]
    import pgserver  # imported lazily: only the embedded path needs it

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process; `stop` (or make's trap) stops it.
    return pgserver.get_server(DATA_DIR, cleanup_mode=None)


def bin_dir() -> Path:
    """Folder with the embedded server's client programs (pg_dump, pg_restore, psql)."""
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def url_for(socket_dir: str, port: int, database: str = DATABASE_NAME) -> str:
    return f"postgres://postgres@{quote(socket_dir, safe='')}:{port}/{database}"


def ensure_running() -> str:
    """Start the embedded server when it is not running; return a DATABASE_URL for it."""
    server = _server()
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return url_for(socket_dir, int(info.port))


def stop() -> None:
    if not (DATA_DIR / "PG_VERSION").exists():
        return
    pg_ctl = bin_dir() / "pg_ctl"
    cmd = [str(pg_ctl), "-D", str(DATA_DIR), "-m", "fast", "stop"]
    if os.geteuid() == 0:  # pgserver runs the server as its own system user when we are root
        cmd = ["runuser", "-u", "pgserver", "--", *cmd]
    subprocess.run(cmd, check=False, capture_output=True)


def main(argv: list[str]) -> int:
    action = argv[1] if len(argv) > 1 else "start"
    if action in ("start", "url"):
        print(ensure_running())
        return 0
    if action == "stop":
        stop()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
