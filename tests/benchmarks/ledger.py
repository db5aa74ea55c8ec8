"""Ledger benchmark against django-hordak 2.0 and django-ledger 0.8 (standalone; `make bench`).

    .venv/bin/python tests/benchmarks/ledger.py [--entries 1000] [--lines 1000000] ...

Each system gets its own database `bench_ledger_<system>_<pid>` on the server named by
DATABASE_URL (embedded PostgreSQL when unset); the peers are installed only in the benchmark's
own venv (`.data/bench-venv`, created on first run with uv or pip from PyPI — never a project
dependency) and run there as subprocesses (`_ledger_peers.py`). In one run it measures:

(a) two-line entries posted one per transaction through each system's public API
    (ours: `journal_entry_post_lines` called with no transaction open, which commits the entry
    itself in one round trip — and, shown beside it, inside a caller's durable atomic block;
    hordak: `Account.transfer_to`, which is atomic itself (each call its own transaction);
    django-ledger: `LedgerModel.commit_txs(je_posted=True)`);
(b) trial balance as of a mid-period date (2026-09-15) over `--lines` journal lines loaded
    with COPY into each system with triggers off (`session_replication_role = replica`), the
    same deterministic data for all (`_ledger_data.py`); ours then rebuilds its period/day totals
    (`finance_balances_rebuild()`, timed and shown). Ours is the full report (opening / period /
    closing per account and group); hordak `Account.objects.with_balances(as_of=...)`;
    django-ledger `EntityModel.digest(to_date=...)`. Every TB is checked against a plain SQL
    sum of one account's lines;
(c) one account's ledger for one month with opening and running balances (ours:
    `general_ledger`; hordak: `get_balance(as_of=...)` plus the month's legs — its
    `with_account_balance_after()` runs GET_BALANCE per leg and took minutes; django-ledger: its
    transactions query, without an opening balance).

Targets (issue #5): posting >= 3x hordak; TB < 50 ms and >= 10x faster than hordak.
Databases are dropped at the end (`--keep-db` keeps them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks._common import (
    ROOT,
    create_database,
    django_environment,
    drop_database,
    platform_setup,
    say,
    server_url,
    with_database,
)
from tests.benchmarks._ledger_data import (
    ACCOUNTS,
    FY_START,
    GL_ACCOUNT,
    GL_FROM,
    GL_TO,
    TB_DATE,
    entries,
    median,
    settle,
)

BENCH_VENV = ROOT / ".data" / "bench-venv"
PEER_PINS = [
    "django-hordak==2.0.*",
    "django-ledger==0.8.*",
    "django>=5.2,<5.3",
    "psycopg[binary]>=3.2",
]
POSTING_TARGET = 3.0
TB_TARGET_MS = 50.0
TB_RATIO_TARGET = 10.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000, help="posted entries per system")
    parser.add_argument(
        "--djl-entries", type=int, default=300, help="django-ledger posts (it is slow)"
    )
    parser.add_argument("--lines", type=int, default=1_000_000, help="journal lines loaded")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per query (median)")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--skip-peers", action="store_true", help="ours only (no ratios)")
    return parser.parse_args()


# ---------------------------------------------------------------------------------------------
# The peers' venv
# ---------------------------------------------------------------------------------------------
def bench_python() -> Path:
    python = BENCH_VENV / "bin" / "python"
    probe = [str(python), "-c", "import hordak, django_ledger, django; print(django.VERSION[:2])"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    say(f"creating the peers' venv {BENCH_VENV} (django-hordak 2.0, django-ledger 0.8)")
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(BENCH_VENV)], check=True)
    uv = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
    if Path(uv).exists():
        subprocess.run([uv, "pip", "install", "--python", str(python), *PEER_PINS], check=True)
    else:
        subprocess.run([str(python), "-m", "ensurepip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", *PEER_PINS], check=True)
    subprocess.run(probe, check=True)
    return python


def run_peer(system: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        str(bench_python()),
        str(Path(__file__).with_name("_ledger_peers.py")),
        system,
        url,
        f"--entries={args.entries}",
        f"--djl-entries={args.djl_entries}",
        f"--lines={args.lines}",
        f"--repeats={args.repeats}",
    ]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)  # progress on stderr
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])  # type: ignore[no-any-return]
    raise RuntimeError(f"{system} failed (exit {done.returncode}):\n{done.stdout[-3000:]}")


# ---------------------------------------------------------------------------------------------
# Ours
# ---------------------------------------------------------------------------------------------
def timed_runs(run: Any, repeats: int) -> tuple[float, Any]:
    run()  # warm-up, not counted
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return median(times), result


def lines_read(run: Any) -> int:
    """Journal-line rows PostgreSQL read (sequential + index fetches) while `run` ran."""
    from django.db import connection

    def read() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) "
                "FROM pg_stat_user_tables WHERE relid = 'finance_journalline'::regclass"
            )
            return int(cursor.fetchone()[0])

    before = read()
    run()
    return read() - before


def posting_rate_ours(
    accounts: list[Any], count: int, *, seed: int, in_caller_transaction: bool = False
) -> float:
    """Entries/s of `count` two-line entries, each in its own transaction (after 50 not
    timed), through `journal_entry_post_lines` — in the current tenant schema. Called with no
    transaction open it commits each entry itself (its one-round-trip path); with
    `in_caller_transaction` each call runs in the caller's `transaction.atomic(durable=True)`,
    as invoicing calls it."""
    from contextlib import nullcontext

    from django.db import connection, transaction

    from tenant_apps.finance.services import LineSpec, journal_entry_post_lines

    def post(index: int, day: dt.date, debit: int, credit: int, amount: Decimal) -> None:
        block = transaction.atomic(durable=True) if in_caller_transaction else nullcontext()
        with block:
            journal_entry_post_lines(
                date=day,
                narration=f"E{index}",
                lines=[
                    LineSpec(account=accounts[debit], debit=amount),
                    LineSpec(account=accounts[credit], credit=amount),
                ],
                series="BENCH",
                user=None,
            )

    stream = list(entries(count + 50, seed=seed))
    for row in stream[:50]:
        post(*row)
    with connection.cursor() as cursor:
        settle(cursor)
    started = time.perf_counter()
    for row in stream[50:]:
        post(*row)
    return count / (time.perf_counter() - started)


def ours_posting_again(args: argparse.Namespace, schema: str) -> float:
    """Our posting rate measured again after the peers ran (the machine's load drifts)."""
    from django_tenants.utils import schema_context

    from tenant_apps.finance.models import Account

    with schema_context(schema):
        accounts = [Account.objects.get(code=code) for code, _ in ACCOUNTS]
        return posting_rate_ours(accounts, args.entries, seed=11)


def ours(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    from shared_apps.tenants.services import tenant_provision
    from tenant_apps.finance.models import Account, Period
    from tenant_apps.finance.selectors import general_ledger, trial_balance
    from tenant_apps.finance.services import fiscal_year_ensure

    platform_setup()
    tenant = tenant_provision(name="Bench Ledger Co", subdomain="ledgerbench", state="27")
    schema = tenant.schema_name
    with schema_context(schema):
        with transaction.atomic():
            fiscal_year_ensure(on=FY_START)
        accounts = [Account.objects.get(code=code) for code, _ in ACCOUNTS]
        periods = list(Period.objects.values_list("id", "start_date", "end_date"))

        posting_rate = posting_rate_ours(accounts, args.entries, seed=7)
        posting_in_atomic = posting_rate_ours(
            accounts, args.entries, seed=8, in_caller_transaction=True
        )

        def period_of(day: dt.date) -> int:
            return next(pk for pk, start, end in periods if start <= day <= end)

        load_started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SELECT coalesce(max(id), 0) FROM finance_journalentry")
            base_entry = cursor.fetchone()[0] + 1
            cursor.execute("SELECT coalesce(max(id), 0) FROM finance_journalline")
            base_line = cursor.fetchone()[0] + 1
            raw = cursor.cursor
            data = list(entries(args.lines // 2))
            now = dt.datetime.now(dt.UTC)
            ids = [a.pk for a in accounts]
            with raw.copy(
                "COPY finance_journalentry (id, number, series, date, period_id, narration, "
                "status, currency, exchange_rate, total, source_type, is_closing, created_at, "
                "updated_at) FROM STDIN"
            ) as copy:
                for index, day, _debit, _credit, amount in data:
                    copy.write_row(
                        (
                            base_entry + index,
                            f"BULK/{index}",
                            "BULK",
                            day,
                            period_of(day),
                            "",
                            "posted",
                            "INR",
                            1,
                            amount,
                            "",
                            False,
                            now,
                            now,
                        )
                    )
            with raw.copy(
                "COPY finance_journalline (id, entry_id, line_no, account_id, description, "
                "debit, credit, amount_currency, date, period_id) FROM STDIN"
            ) as copy:
                for index, day, debit, credit, amount in data:
                    period = period_of(day)
                    copy.write_row(
                        (
                            base_line + 2 * index,
                            base_entry + index,
                            1,
                            ids[debit],
                            "",
                            amount,
                            0,
                            amount,
                            day,
                            period,
                        )
                    )
                    copy.write_row(
                        (
                            base_line + 2 * index + 1,
                            base_entry + index,
                            2,
                            ids[credit],
                            "",
                            0,
                            amount,
                            -amount,
                            day,
                            period,
                        )
                    )
            for table in ("finance_journalentry", "finance_journalline"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            cursor.execute("SET session_replication_role = origin")
            copy_s = time.perf_counter() - load_started
            rebuild_started = time.perf_counter()
            cursor.execute("SELECT finance_balances_rebuild()")
            rebuild_s = time.perf_counter() - rebuild_started
            cursor.execute("ANALYZE")
            cursor.execute("SELECT count(*) FROM finance_journalline")
            line_count = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM finance_accountdaybalance")
            day_rows = cursor.fetchone()[0]
        load_s = time.perf_counter() - load_started

        tb_ms, tb = timed_runs(lambda: trial_balance(to_date=TB_DATE), args.repeats)
        gl_ms, gl = timed_runs(
            lambda: general_ledger(
                account=accounts[GL_ACCOUNT], from_date=GL_FROM, to_date=GL_TO, limit=1_000_000
            ),
            args.repeats,
        )
        row = next(r for r in tb.rows if r.account_id == accounts[GL_ACCOUNT].pk)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sum(debit - credit) FROM finance_journalline "
                "WHERE account_id = %s AND date <= %s",
                [accounts[GL_ACCOUNT].pk, TB_DATE],
            )
            sql_balance = cursor.fetchone()[0]
        lines_read_by_tb = lines_read(lambda: trial_balance(to_date=TB_DATE))
    return {
        "schema": schema,
        "system": "ours (B3 MACBIS finance)",
        "check_tb": str(abs(row.values["closing_debit"] - row.values["closing_credit"])),
        "check_sql": str(abs(sql_balance)),
        "posting_per_s": posting_rate,
        "posting_in_atomic_per_s": posting_in_atomic,
        "lines": line_count,
        "load_s": load_s,
        "copy_s": copy_s,
        "rebuild_s": rebuild_s,
        "day_rows": day_rows,
        "tb_ms": tb_ms,
        "tb_rows": len(tb.rows),
        "tb_lines_read": lines_read_by_tb,
        "gl_ms": gl_ms,
        "gl_lines": len(gl.lines),
    }


# ---------------------------------------------------------------------------------------------
def commit_floor(url: str, count: int) -> dict[str, float]:
    """What any ledger can reach on this server with one durable commit per entry: plain
    psycopg, no ORM, no triggers, no numbering — (1) one row per committed transaction,
    (2) a header row plus two line rows per committed transaction, (3) the same in ONE round
    trip (`BEGIN; WITH header AS (INSERT …) INSERT lines …; COMMIT` as one message, as ours
    sends its posting): the fastest a header and two lines can be committed from Python."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TABLE floor_one (id bigserial PRIMARY KEY, amount numeric(20,4));"
            "CREATE TABLE floor_entry (id bigserial PRIMARY KEY, day date, narration text);"
            "CREATE TABLE floor_line (id bigserial PRIMARY KEY, entry_id bigint"
            " REFERENCES floor_entry, account int, debit numeric(20,4), credit numeric(20,4));"
        )
        conn.commit()
        started = time.perf_counter()
        for index in range(count):
            conn.execute("INSERT INTO floor_one (amount) VALUES (%s)", (index,))
            conn.commit()
        one = count / (time.perf_counter() - started)
        started = time.perf_counter()
        for index in range(count):
            entry_id = conn.execute(
                "INSERT INTO floor_entry (day, narration) VALUES (%s, %s) RETURNING id",
                (dt.date(2026, 6, 1), f"floor {index}"),
            ).fetchone()[0]  # type: ignore[index]
            conn.execute(
                "INSERT INTO floor_line (entry_id, account, debit, credit)"
                " VALUES (%s, 1, %s, 0), (%s, 2, 0, %s)",
                (entry_id, index, entry_id, index),
            )
            conn.commit()
        entry = count / (time.perf_counter() - started)
    one_trip_sql = (
        "BEGIN; WITH e AS (INSERT INTO floor_entry (day, narration) VALUES (%s, %s) RETURNING id)"
        " INSERT INTO floor_line (entry_id, account, debit, credit) SELECT e.id, v.a, v.d, v.c"
        " FROM e, (VALUES (1, %s::numeric, 0::numeric), (2, 0, %s)) v(a, d, c); COMMIT"
    )
    with psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor) as conn:
        started = time.perf_counter()
        for index in range(count):
            conn.execute(
                one_trip_sql, (dt.date(2026, 6, 1), f"floor {index}", index + 1, index + 1)
            )
        one_trip = count / (time.perf_counter() - started)
    return {"one_row_per_s": one, "raw_entry_per_s": entry, "raw_entry_one_trip_per_s": one_trip}


def ratio(slow: float, fast: float) -> float:
    return slow / fast if fast else float("inf")


def report(results: dict[str, dict[str, Any]], load: tuple[float, ...], loadafter: Any) -> None:
    us = results["ours"]
    say("")
    say("== Ledger benchmark " + "=" * 70)
    say(f"load average before {load[0]:.2f} / after {loadafter[0]:.2f} (2-core machine: noisy)")
    say(
        f"{'system':<28}{'posting entries/s':>18}{'TB ms':>10}{'GL month ms':>13}"
        f"{'lines':>10}{'load s':>9}  TB check"
    )
    for key, result in results.items():
        if key == "floor":
            continue
        check = "ok" if Decimal(result["check_tb"]) == Decimal(result["check_sql"]) else "MISMATCH"
        say(
            f"{result['system']:<28}{result['posting_per_s']:>18.1f}{result['tb_ms']:>10.1f}"
            f"{result['gl_ms']:>13.1f}{result['lines']:>10}{result['load_s']:>9.1f}  {check}"
        )
    say(
        f"ours: COPY {us['copy_s']:.1f} s + totals rebuild {us['rebuild_s']:.1f} s; "
        f"{us['day_rows']} day-total rows; journal lines read by one TB: "
        f"{us['tb_lines_read']}; GL month {us['gl_lines']} lines"
    )
    if "hordak" not in results:
        return
    hordak = results["hordak"]
    posting = ratio(us["posting_per_s"], hordak["posting_per_s"])
    tb = ratio(hordak["tb_ms"], us["tb_ms"])
    say("")
    say(
        f"posting: ours {us['posting_per_s']:.0f}/s | hordak {hordak['posting_per_s']:.0f}/s | "
        f"{posting:.1f}x (target >= {POSTING_TARGET:.0f}x) "
        f"{'PASS' if posting >= POSTING_TARGET else 'MISS'} — each entry its own transaction "
        "through each public API (each commits itself)"
    )
    say(
        f"posting inside a caller's atomic block (as invoicing posts): ours "
        f"{us['posting_in_atomic_per_s']:.0f}/s | "
        f"{ratio(us['posting_in_atomic_per_s'], hordak['posting_per_s']):.1f}x hordak"
    )
    say(
        f"trial balance: ours {us['tb_ms']:.1f} ms (target < {TB_TARGET_MS:.0f} ms "
        f"{'PASS' if us['tb_ms'] < TB_TARGET_MS else 'MISS'}) | hordak {hordak['tb_ms']:.1f} ms | "
        f"{tb:.1f}x (target >= {TB_RATIO_TARGET:.0f}x) "
        f"{'PASS' if tb >= TB_RATIO_TARGET else 'MISS'}"
    )
    say(
        f"account ledger, one month: ours {us['gl_ms']:.1f} ms | hordak {hordak['gl_ms']:.1f} ms "
        f"({ratio(hordak['gl_ms'], us['gl_ms']):.1f}x)"
    )
    if "floor" in results:
        floor = results["floor"]
        say(
            f"commit floor (plain psycopg, same server, same run): one row per commit "
            f"{floor['one_row_per_s']:.0f}/s; raw two-line entry per commit "
            f"{floor['raw_entry_per_s']:.0f}/s; the same in one round trip "
            f"{floor['raw_entry_one_trip_per_s']:.0f}/s; {POSTING_TARGET:.0f}x hordak would need "
            f"{POSTING_TARGET * hordak['posting_per_s']:.0f}/s"
        )
        need_ms = 1000 / (POSTING_TARGET * hordak["posting_per_s"])
        floor_ms = 1000 / floor["raw_entry_one_trip_per_s"]
        ours_ms = 1000 / us["posting_per_s"]
        say(
            f"time per entry at {POSTING_TARGET:.0f}x hordak: {need_ms:.3f} ms; writing a header "
            f"and two lines with no rules in one round trip takes {floor_ms:.3f} ms, leaving "
            f"{need_ms - floor_ms:.3f} ms for the Python API, numbering, period check, balance "
            f"check, totals and foreign keys (ours spends {ours_ms - floor_ms:.3f} ms)"
        )
    if "djl" in results:
        djl = results["djl"]
        say(
            f"django-ledger: posting {djl['posting_per_s']:.0f}/s "
            f"({ratio(us['posting_per_s'], djl['posting_per_s']):.1f}x), TB {djl['tb_ms']:.1f} ms "
            f"({ratio(djl['tb_ms'], us['tb_ms']):.1f}x), GL month {djl['gl_ms']:.1f} ms "
            f"({ratio(djl['gl_ms'], us['gl_ms']):.1f}x; {djl['gl_note']})"
        )


def main() -> int:
    args = parse_args()
    base_url = server_url()
    pid = os.getpid()
    names = {s: f"bench_ledger_{s}_{pid}" for s in ("ours", "hordak", "djl")}
    admin_url = with_database(base_url, "postgres")
    say(
        f"ledger benchmark on {unquote(urlsplit(base_url).hostname or 'local socket')}: "
        f"{args.entries} posts, {args.lines} lines, databases {', '.join(names.values())}"
    )
    load_before = os.getloadavg()
    results: dict[str, dict[str, Any]] = {}
    try:
        for name in names.values():
            create_database(admin_url, name)
        django_environment(with_database(base_url, names["ours"]))
        import django

        django.setup()
        started = time.perf_counter()
        results["ours"] = ours(args)
        say(f"ours done in {time.perf_counter() - started:.0f} s: {results['ours']}")
        if not args.skip_peers:
            for system in ("hordak", "djl"):
                started = time.perf_counter()
                results[system] = run_peer(system, with_database(base_url, names[system]), args)
                say(f"{system} done in {time.perf_counter() - started:.0f} s: {results[system]}")
            # posting once more after the peers, ours then hordak's (the reverse order of the
            # first runs), so a load drift during the run does not favour either side: each
            # figure is the mean of its two runs
            again = ours_posting_again(args, results["ours"]["schema"])
            first = results["ours"]["posting_per_s"]
            results["ours"]["posting_runs"] = [first, again]
            results["ours"]["posting_per_s"] = (first + again) / 2
            say(f"ours posting again: {again:.0f}/s (first {first:.0f}/s)")
            hordak_again = run_peer(
                "hordak-posting", with_database(base_url, names["hordak"]), args
            )["posting_per_s"]
            hordak_first = results["hordak"]["posting_per_s"]
            results["hordak"]["posting_runs"] = [hordak_first, hordak_again]
            results["hordak"]["posting_per_s"] = (hordak_first + hordak_again) / 2
            say(f"hordak posting again: {hordak_again:.0f}/s (first {hordak_first:.0f}/s)")
            results["floor"] = commit_floor(with_database(base_url, names["ours"]), args.entries)
            say(f"commit floor: {results['floor']}")
        report(results, load_before, os.getloadavg())
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            for name in names.values():
                drop_database(admin_url, name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
