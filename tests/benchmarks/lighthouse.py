"""Lighthouse on the production build: the login page and the members page (signed in).

    .venv/bin/python tests/benchmarks/lighthouse.py [--runs 3] [--keep-db] [--preset mobile|desktop]

Standalone (`make bench` runs it). Needs the frontend built (`cd frontend && npm run build`;
built here when missing), Debian's Chromium at /usr/bin/chromium (CHROME_PATH) and the npm
`lighthouse` devDependency. Like the browser tests' harness it creates its own database
`bench_lighthouse_<pid>` on the server named by DATABASE_URL, migrates it, starts Django
(gunicorn) and `next start` on free ports, signs a company up, signs its owner in on the
company's host and passes that session cookie to Lighthouse (`--extra-headers`).

Measured in the same run as a baseline: a minimal static HTML page served by Python's
http.server (the best this machine and Chromium can score; the performance figures of a busy
2-core machine are noisy, so compare against it). Targets: accessibility >= 95, best
practices >= 95, performance >= 90. Prints PASS/MISS; exits 0 either way (a benchmark).
Each page is measured `--runs` times (3) and the run with the median performance score is
reported. Reports (JSON) are kept under tests/benchmarks/artifacts/lighthouse/.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
PY = ROOT / ".venv" / "bin" / "python"
OUT = ROOT / "tests" / "benchmarks" / "artifacts" / "lighthouse"
TARGETS = {"performance": 90, "accessibility": 95, "best-practices": 95}
PASSWORD = "Tough-Steel-Beams-2026"
BASELINE_HTML = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Baseline</title>
<meta name="description" content="A minimal page"></head><body><main><h1>Baseline</h1>
<p>A minimal static page.</p></main></body></html>"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def psql(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def wait_for(url: str, host: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                if response.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not come up in {timeout} s")
        time.sleep(0.3)


class Http:
    """Requests to Django with a chosen Host and a minimal cookie jar (name -> value)."""

    def __init__(self, base: str, host: str) -> None:
        self.base, self.host, self.cookies = base, host, {}

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        headers = {
            "Host": self.host,
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310
            self.base + path, data=data, method=method, headers=headers
        )
        try:
            response = urllib.request.urlopen(request, timeout=60)  # noqa: S310
        except urllib.error.HTTPError as exc:
            response = exc
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        raw = response.read()
        return response.status, (json.loads(raw) if raw else {})


def lighthouse(url: str, name: str, preset: str, cookie: str | None) -> dict[str, float]:
    OUT.mkdir(parents=True, exist_ok=True)
    report = OUT / f"{name}.json"
    cmd = [
        str(FRONTEND / "node_modules" / ".bin" / "lighthouse"),
        url,
        "--output=json",
        f"--output-path={report}",
        "--only-categories=performance,accessibility,best-practices",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        "--quiet",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    if cookie:
        cmd.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(cmd, check=True, env=env, cwd=FRONTEND, timeout=300)
    data = json.loads(report.read_text())
    if data.get("runtimeError"):
        raise RuntimeError(f"{name}: {data['runtimeError']}")
    final = data.get("finalDisplayedUrl") or data.get("finalUrl")
    scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
    audits = data["audits"]
    scores["lcp_ms"] = round(audits["largest-contentful-paint"]["numericValue"])
    scores["cls"] = round(audits["cumulative-layout-shift"]["numericValue"], 3)
    scores["tbt_ms"] = round(audits["total-blocking-time"]["numericValue"])
    scores["final_url"] = final  # type: ignore[assignment]
    failing = [
        f"{a['id']} ({a['score']})"
        for cat in ("accessibility", "best-practices")
        for ref in data["categories"][cat]["auditRefs"]
        if ref["weight"] > 0
        for a in [audits[ref["id"]]]
        if a.get("score") is not None and a["score"] < 1
    ]
    scores["failing"] = failing  # type: ignore[assignment]
    return scores


def serve_baseline() -> tuple[http.server.ThreadingHTTPServer, int]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(BASELINE_HTML)))
            self.end_headers()
            self.wfile.write(BASELINE_HTML)

        def log_message(self, *args: object) -> None:
            pass

    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, port


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is kept")
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL")
    if not base:
        print("DATABASE_URL is not set (make bench sets it)", file=sys.stderr)
        return 2
    if not shutil.which("node"):
        print("node is not on PATH", file=sys.stderr)
        return 2
    if not (FRONTEND / ".next" / "BUILD_ID").exists():
        subprocess.run(["npm", "run", "build"], cwd=FRONTEND, check=True)

    database = f"bench_lighthouse_{os.getpid()}"
    admin = with_database(base, "postgres")
    psql(admin, f"CREATE DATABASE {database}")
    env = {**os.environ, "DATABASE_URL": with_database(base, database)}
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    procs: list[subprocess.Popen[bytes]] = []
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        for cmd in (["tenants_migrate", "-v0"], ["standby_pool_fill"]):
            subprocess.run(
                [str(PY), "manage.py", *cmd],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        django_port, next_port = free_port(), free_port()
        logs = [open(OUT / "django.log", "wb"), open(OUT / "next.log", "wb")]  # noqa: SIM115
        procs.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv/bin/gunicorn"),
                    "erp_platform.wsgi",
                    "--bind",
                    f"127.0.0.1:{django_port}",
                    "--workers",
                    "1",
                    "--threads",
                    "8",
                ],
                cwd=ROOT,
                env=env,
                stdout=logs[0],
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        procs.append(
            subprocess.Popen(
                [str(FRONTEND / "node_modules/.bin/next"), "start", "-p", str(next_port)],
                cwd=FRONTEND,
                env={
                    **os.environ,
                    "DJANGO_URL": f"http://127.0.0.1:{django_port}",
                    "NEXT_TELEMETRY_DISABLED": "1",
                },
                stdout=logs[1],
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        wait_for(f"http://127.0.0.1:{django_port}/healthz", "localhost")
        wait_for(f"http://127.0.0.1:{next_port}/", f"localhost:{next_port}")

        # A company and its owner, signed in on the company's host.
        slug = f"lh{os.getpid()}"
        email = f"ravi@{slug}.test"
        django = f"http://127.0.0.1:{django_port}"
        public = Http(django, f"localhost:{next_port}")
        public.call("GET", "/_allauth/browser/v1/auth/session")
        status, body = public.call(
            "POST",
            "/api/v1/signup/",
            {
                "company_name": "Sharma Steel Works Pvt Ltd",
                "subdomain": slug,
                "full_name": "Ravi Sharma",
                "email": email,
                "password": PASSWORD,
                "state": "27",
            },
        )
        assert status == 201, (status, body)
        tenant = Http(django, f"{slug}.localhost:{next_port}")
        tenant.call("GET", "/_allauth/browser/v1/auth/session")
        status, body = tenant.call(
            "POST", "/_allauth/browser/v1/auth/login", {"email": email, "password": PASSWORD}
        )
        assert status == 200, (status, body)
        cookie = "; ".join(f"{k}={v}" for k, v in tenant.cookies.items())

        baseline_server, baseline_port = serve_baseline()
        pages = [
            ("baseline", f"http://127.0.0.1:{baseline_port}/", None),
            ("login", f"http://{slug}.localhost:{next_port}/login", None),
            ("members", f"http://{slug}.localhost:{next_port}/members", cookie),
        ]
        # Warm the Next server's route caches so the first measured load is not a cold start.
        for name, url, c in pages[1:]:
            with suppress(Exception):
                html = OUT / f"{name}.html"
                subprocess.run(
                    ["curl", "-s", "-o", str(html), "-H", f"Cookie: {c or ''}", url], timeout=60
                )
        results = {}
        for name, url, c in pages:
            runs = [lighthouse(url, f"{name}-{i}", args.preset, c) for i in range(args.runs)]
            # The run with the median performance score stands for the page (Lighthouse's advice).
            runs.sort(key=lambda r: r["performance"])
            results[name] = runs[len(runs) // 2]
            results[name]["all_performance"] = [r["performance"] for r in runs]
        baseline_server.shutdown()
    finally:
        for proc in procs:
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        time.sleep(1.5)
        if not args.keep_db:
            with suppress(Exception):
                psql(admin, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    load = os.getloadavg()
    loads = " ".join(f"{x:.2f}" for x in load)
    print(f"\nLighthouse {args.preset} (simulated throttling), load average {loads}")
    cols = ["performance", "accessibility", "best-practices", "lcp_ms", "cls", "tbt_ms"]
    print(f"{'page':<10}" + "".join(f"{c:>16}" for c in cols))
    for name, s in results.items():
        print(f"{name:<10}" + "".join(f"{s[c]!s:>16}" for c in cols))
    print()
    for name in ("login", "members"):
        s = results[name]
        for category, target in TARGETS.items():
            verdict = "PASS" if s[category] >= target else "MISS"
            baseline = results["baseline"][category]
            print(f"{verdict} {name} {category} {s[category]} (>= {target}; baseline {baseline})")
        if s["failing"]:
            print(f"     {name} audits below 1: {', '.join(s['failing'])}")
        print(f"     {name} final URL: {s['final_url']}")
        print(f"     {name} performance of each run: {s['all_performance']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
