"""The peers' side of tests/benchmarks/ledger.py, run in the benchmark's own venv (never the
project's): `python _ledger_peers.py hordak|djl DATABASE_URL --entries N --lines M`.

Migrates the peer into its own (empty) database and prints one JSON line with
(a) entries/s posting two-line entries one per transaction through the peer's public API,
(b) trial balance as of a mid-period date over the loaded lines (COPY, triggers off like ours),
(c) one account's ledger for one month with running balances."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _ledger_data import (
    ACCOUNTS,
    GL_ACCOUNT,
    GL_FROM,
    GL_TO,
    TB_DATE,
    entries,
    median,
    settle,
)

HORDAK_TYPES = {"asset": "AS", "liability": "LI", "equity": "EQ", "income": "IN", "expense": "EX"}


def configure(system: str, url: str) -> None:
    import django
    from django.conf import settings

    parts = urlsplit(url)
    apps = ["django.contrib.contenttypes", "django.contrib.auth"]
    if system == "hordak":
        apps += ["mptt", "djmoney", "hordak"]
    else:
        apps += [
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.admin",
            "django.contrib.humanize",
            "django_ledger",
        ]
    settings.configure(
        INSTALLED_APPS=apps,
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": parts.path.lstrip("/"),
                "USER": parts.username or "postgres",
                "PASSWORD": parts.password or "",
                "HOST": parts.hostname or "",
                "PORT": parts.port or 5432,
            }
        },
        DEFAULT_CURRENCY="INR",
        HORDAK_CURRENCIES=["INR"],
        CURRENCIES=["INR"],
        USE_TZ=True,
        TIME_ZONE="UTC",
        SECRET_KEY="bench-only",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {"context_processors": []},
            }
        ],
    )
    import warnings

    warnings.filterwarnings("ignore")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed_runs(run: Any, repeats: int) -> tuple[float, Any]:
    run()  # warm-up, not counted
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return median(times), result


def hordak_posting(accounts: list[Any], count: int, *, seed: int) -> float:
    """(a) one entry per transaction through the public API: transfer_to is atomic itself
    (@db_transaction.atomic), so each call is its own transaction — no outer block, which
    would turn its atomic into a savepoint and cost it two more round trips."""
    from django.db import connection
    from djmoney.money import Money

    def post(index: int, day: dt.date, debit: int, credit: int, amount: Decimal) -> None:
        accounts[credit].transfer_to(
            accounts[debit], Money(amount, "INR"), description=f"E{index}", date=day
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


def hordak_posting_again(args: argparse.Namespace) -> dict[str, Any]:
    """Posting only, on the database a full run left (the benchmark's second measurement)."""
    from hordak.models import Account

    accounts = [Account.objects.get(code=str(i)) for i in range(len(ACCOUNTS))]
    return {"posting_per_s": hordak_posting(accounts, args.entries, seed=11)}


# ---------------------------------------------------------------------------------------------
def hordak(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from hordak.models import Account, Leg

    accounts = [
        Account.objects.create(
            name=f"A{i} {code}", type=HORDAK_TYPES[kind], code=str(i), currencies=["INR"]
        )
        for i, (code, kind) in enumerate(ACCOUNTS)
    ]

    posting_rate = hordak_posting(accounts, args.entries, seed=7)
    progress(f"hordak posting {posting_rate:.0f}/s")

    # (b) load the lines with COPY, triggers off (as for every system)
    load_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SELECT coalesce(max(id), 0) FROM hordak_transaction")
        base_tx = cursor.fetchone()[0] + 1
        cursor.execute("SELECT coalesce(max(id), 0) FROM hordak_leg")
        base_leg = cursor.fetchone()[0] + 1
        ids = [a.pk for a in accounts]
        raw = cursor.cursor
        data = list(entries(args.lines // 2))
        with raw.copy(
            "COPY hordak_transaction (id, uuid, timestamp, date, description) FROM STDIN"
        ) as copy:
            for index, day, *_ in data:
                copy.write_row(
                    (
                        base_tx + index,
                        uuid.uuid4(),
                        dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC),
                        day,
                        "",
                    )
                )
        with raw.copy(
            "COPY hordak_leg (id, uuid, description, account_id, transaction_id, credit, debit, "
            "currency) FROM STDIN"
        ) as copy:
            for index, _day, debit, credit, amount in data:
                copy.write_row(
                    (
                        base_leg + 2 * index,
                        uuid.uuid4(),
                        "",
                        ids[debit],
                        base_tx + index,
                        None,
                        amount,
                        "INR",
                    )
                )
                copy.write_row(
                    (
                        base_leg + 2 * index + 1,
                        uuid.uuid4(),
                        "",
                        ids[credit],
                        base_tx + index,
                        amount,
                        None,
                        "INR",
                    )
                )
        for table in ("hordak_transaction", "hordak_leg"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM hordak_leg")
        line_count = cursor.fetchone()[0]
    load_s = time.perf_counter() - load_started

    progress(f"hordak loaded in {load_s:.0f} s")
    tb_ms, tb = timed_runs(
        lambda: [(a.pk, a.balance) for a in Account.objects.with_balances(as_of=TB_DATE)],
        args.repeats,
    )
    progress(f"hordak TB {tb_ms:.0f} ms")

    def ledger_month() -> list[Any]:
        # `Leg.objects...with_account_balance_after()` is hordak's statement API, but it runs
        # GET_BALANCE once per leg (over 1M legs one call ran for more than six minutes), so
        # the opening balance comes from `get_balance(as_of=...)` and the running balance is
        # summed here.
        account = accounts[GL_ACCOUNT]
        opening = account.get_balance(as_of=GL_FROM - dt.timedelta(days=1))
        balance = sum((m.amount for m in opening.monies()), Decimal(0))
        out = []
        for leg_id, debit, credit in (
            Leg.objects.filter(account=account, transaction__date__range=(GL_FROM, GL_TO))
            .order_by("transaction__date", "id")
            .values_list("id", "debit", "credit")
        ):
            balance += (debit or 0) - (credit or 0)
            out.append((leg_id, debit, credit, balance))
        return out

    gl_ms, gl = timed_runs(ledger_month, args.repeats)
    gl_pk = accounts[GL_ACCOUNT].pk
    tb_balance = next(b for pk, b in tb if pk == gl_pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(coalesce(l.debit, 0) - coalesce(l.credit, 0)) FROM hordak_leg l "
            "JOIN hordak_transaction t ON t.id = l.transaction_id "
            "WHERE l.account_id = %s AND t.date <= %s",
            [gl_pk, TB_DATE],
        )
        sql_balance = cursor.fetchone()[0]
    return {
        "check_tb": str(abs(sum((m.amount for m in tb_balance.monies()), Decimal(0)))),
        "check_sql": str(abs(sql_balance)),
        "system": "django-hordak 2.0",
        "posting_per_s": posting_rate,
        "lines": line_count,
        "load_s": load_s,
        "tb_ms": tb_ms,
        "tb_rows": len(tb),
        "gl_ms": gl_ms,
        "gl_lines": len(gl),
    }


# ---------------------------------------------------------------------------------------------
def djl(args: argparse.Namespace) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django_ledger.models import EntityModel, TransactionModel

    user = get_user_model().objects.create_user("bench", "bench@example.com", "bench-pass")
    entity = EntityModel.create_entity(
        name="Bench Co", admin=user, use_accrual_method=True, fy_start_month=4
    )
    entity.create_chart_of_accounts(assign_as_default=True, commit=True, coa_name="Bench")
    entity.populate_default_coa(activate_accounts=True)
    ledger = entity.create_ledger(name="Bench ledger", posted=True)
    coa_accounts = list(entity.get_default_coa_accounts())
    by_role: dict[str, list[Any]] = {}
    for account in coa_accounts:
        if account.is_root_account() if hasattr(account, "is_root_account") else False:
            continue
        by_role.setdefault(account.balance_type, []).append(account)
    # twenty leaf accounts of the same natural sides as ours (debit: assets/expenses)
    debit_side = [a for a in coa_accounts if a.balance_type == "debit" and a.depth > 2]
    credit_side = [a for a in coa_accounts if a.balance_type == "credit" and a.depth > 2]
    accounts = []
    for _code, kind in ACCOUNTS:
        pool = debit_side if kind in ("asset", "expense") else credit_side
        accounts.append(pool.pop(0))

    def post(index: int, day: dt.date, debit: int, credit: int, amount: Decimal) -> None:
        with transaction.atomic():
            ledger.commit_txs(
                je_timestamp=dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC),
                je_txs=[
                    {
                        "account": accounts[debit],
                        "amount": amount,
                        "tx_type": "debit",
                        "description": f"E{index}",
                    },
                    {
                        "account": accounts[credit],
                        "amount": amount,
                        "tx_type": "credit",
                        "description": f"E{index}",
                    },
                ],
                je_posted=True,
            )

    posting_entries = min(args.entries, args.djl_entries)
    stream = list(entries(posting_entries + 20, seed=7))
    for row in stream[:20]:
        post(*row)
    started = time.perf_counter()
    for row in stream[20:]:
        post(*row)
    posting_rate = posting_entries / (time.perf_counter() - started)

    load_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        raw = cursor.cursor
        data = list(entries(args.lines // 2))
        je_ids = [uuid.uuid4() for _ in data]
        now = dt.datetime.now(dt.UTC)
        with raw.copy(
            "COPY django_ledger_journalentrymodel (created, updated, uuid, je_number, timestamp, "
            "description, activity, origin, posted, locked, entity_unit_id, ledger_id, "
            "is_closing_entry) FROM STDIN"
        ) as copy:
            for (index, day, *_), je_id in zip(data, je_ids, strict=True):
                copy.write_row(
                    (
                        now,
                        now,
                        je_id,
                        f"B{index}",
                        dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC),
                        "",
                        "op",
                        None,
                        True,
                        False,
                        None,
                        ledger.uuid,
                        False,
                    )
                )
        with raw.copy(
            "COPY django_ledger_transactionmodel (created, updated, uuid, tx_type, amount, "
            "description, account_id, journal_entry_id, cleared, reconciled) FROM STDIN"
        ) as copy:
            for (_index, _day, debit, credit, amount), je_id in zip(data, je_ids, strict=True):
                copy.write_row(
                    (
                        now,
                        now,
                        uuid.uuid4(),
                        "debit",
                        amount,
                        "",
                        accounts[debit].uuid,
                        je_id,
                        False,
                        False,
                    )
                )
                copy.write_row(
                    (
                        now,
                        now,
                        uuid.uuid4(),
                        "credit",
                        amount,
                        "",
                        accounts[credit].uuid,
                        je_id,
                        False,
                        False,
                    )
                )
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM django_ledger_transactionmodel")
        line_count = cursor.fetchone()[0]
    load_s = time.perf_counter() - load_started

    def trial_balance() -> Any:
        return entity.digest(user_model=user, to_date=TB_DATE, process_groups=True)

    tb_ms, tb = timed_runs(trial_balance, args.repeats)
    gl_uuid = accounts[GL_ACCOUNT].uuid
    tb_balance = next(
        a["balance"] for a in tb.get_io_data()["accounts"] if a["account_uuid"] == gl_uuid
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(CASE WHEN t.tx_type = 'debit' THEN t.amount ELSE -t.amount END) "
            "FROM django_ledger_transactionmodel t "
            "JOIN django_ledger_journalentrymodel j ON j.uuid = t.journal_entry_id "
            "WHERE t.account_id = %s AND j.timestamp::date <= %s AND j.posted",
            [gl_uuid, TB_DATE],
        )
        sql_balance = cursor.fetchone()[0]

    def ledger_month() -> list[Any]:
        rows = list(
            TransactionModel.objects.filter(
                account=accounts[GL_ACCOUNT],
                journal_entry__timestamp__date__gte=GL_FROM,
                journal_entry__timestamp__date__lte=GL_TO,
                journal_entry__posted=True,
            )
            .order_by("journal_entry__timestamp", "uuid")
            .values_list("uuid", "tx_type", "amount")
        )
        balance = Decimal(0)
        out = []
        for row in rows:
            balance += row[2] if row[1] == "debit" else -row[2]
            out.append((*row, balance))
        return out

    gl_ms, gl = timed_runs(ledger_month, args.repeats)
    return {
        "check_tb": str(abs(tb_balance)),
        "check_sql": str(abs(sql_balance)),
        "system": "django-ledger 0.8",
        "posting_per_s": posting_rate,
        "posting_entries": posting_entries,
        "lines": line_count,
        "load_s": load_s,
        "tb_ms": tb_ms,
        "gl_ms": gl_ms,
        "gl_lines": len(gl),
        "gl_note": "no opening balance (django-ledger has no per-account statement API)",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("system", choices=["hordak", "hordak-posting", "djl"])
    parser.add_argument("url")
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--djl-entries", type=int, default=300)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    configure("hordak" if args.system.startswith("hordak") else args.system, args.url)
    if args.system == "hordak-posting":
        result = hordak_posting_again(args)
    else:
        result = hordak(args) if args.system == "hordak" else djl(args)
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
