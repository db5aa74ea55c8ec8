/**
 * Starts what the browser tests need and stops it afterwards:
 * - its own PostgreSQL database `e2e_<pid>` (on the server in DATABASE_URL), migrated, with the
 *   standby pool filled;
 * - Django (gunicorn, one process with threads: the in-memory cache holds the one-time signup
 *   hand-off, so every request must reach the same process) on a free port, no Redis (no
 *   rate-limit leftovers between runs);
 * - the built Next server (`next start`) on a free port, proxying to that Django.
 * Writes the Next URL to tests/e2e/.state.json for the tests.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, "../..");
export const FRONTEND = join(REPO, "frontend");
const STATE = join(here, ".state.json");
const PY = join(REPO, ".venv/bin/python");
const LOGS = join(here, "artifacts");

export type State = { nextPort: number; djangoPort: number; database: string; pids: number[]; adminUrl: string; stripePort?: number };

/** Billing runs against the fake Stripe server (tests/fakes/stripe_server.py) in every browser test. */
const STRIPE_WEBHOOK_SECRET = "whsec_e2e_fake";

export function readState(): State {
  return JSON.parse(readFileSync(STATE, "utf8")) as State;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? ok(address.port) : fail(new Error("no port"))));
    });
  });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function psql(adminUrl: string, sql: string) {
  execFileSync(PY, ["-c", `import psycopg,sys\nwith psycopg.connect(sys.argv[1], autocommit=True) as c: c.execute(sys.argv[2])`, adminUrl, sql], { stdio: "inherit" });
}

async function waitFor(url: string, host: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url, { headers: { host }, redirect: "manual" });
      if (r.status < 500) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} did not come up in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function start(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; log: string }): ChildProcess {
  const fd = openSync(join(LOGS, opts.log), "w");
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", fd, fd], detached: true });
  child.unref();
  return child;
}

export async function setup() {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("DATABASE_URL is not set (run through `make test-e2e`)");
  if (!existsSync(join(FRONTEND, ".next/BUILD_ID"))) throw new Error("frontend is not built (npm run build)");
  mkdirSync(LOGS, { recursive: true });
  const database = `e2e_${process.pid}`;
  const adminUrl = withDatabase(base, "postgres");
  psql(adminUrl, `CREATE DATABASE ${database}`);
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: withDatabase(base, database) };
  delete env.REDIS_URL;
  delete env.CELERY_BROKER_URL;
  const [djangoPort, nextPort, stripePort] = [await freePort(), await freePort(), await freePort()];
  Object.assign(env, {
    STRIPE_SECRET_KEY: "sk_test_e2e_fake",
    STRIPE_WEBHOOK_SECRET,
    STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
    // the suite signs up more companies from one address than the production limit allows
    BUSINESS_SIGNUP_RATE: "1000/h/ip",
  });
  const manage = (...args: string[]) => execFileSync(PY, ["manage.py", ...args], { cwd: REPO, env, stdio: ["ignore", "ignore", "inherit"] });
  manage("tenants_migrate", "-v0");
  manage("billing_plans_seed", "--placeholder-price-ids");
  manage("standby_pool_fill");

  const stripe = start(PY, ["-m", "tests.fakes.stripe_server", "--port", String(stripePort), "--webhook-url", `http://127.0.0.1:${djangoPort}/api/v1/billing/webhooks/stripe/`, "--webhook-secret", STRIPE_WEBHOOK_SECRET], {
    cwd: REPO, env, log: "stripe.log",
  });
  const django = start(join(REPO, ".venv/bin/gunicorn"), ["erp_platform.wsgi", "--bind", `127.0.0.1:${djangoPort}`, "--workers", "1", "--threads", "8", "--access-logfile", "-"], {
    cwd: REPO, env, log: "django.log",
  });
  const next = start(join(FRONTEND, "node_modules/.bin/next"), ["start", "-p", String(nextPort)], {
    cwd: FRONTEND,
    env: { ...process.env, DJANGO_URL: `http://127.0.0.1:${djangoPort}`, NEXT_TELEMETRY_DISABLED: "1" },
    log: "next.log",
  });
  const state: State = { nextPort, djangoPort, database, adminUrl, stripePort, pids: [django.pid!, next.pid!, stripe.pid!] };
  writeFileSync(STATE, JSON.stringify(state));
  try {
    await waitFor(`http://127.0.0.1:${djangoPort}/healthz`, "localhost", 60_000);
    await waitFor(`http://127.0.0.1:${nextPort}/`, `localhost:${nextPort}`, 60_000);
    await waitFor(`http://127.0.0.1:${stripePort}/healthz`, "127.0.0.1", 30_000);
  } catch (error) {
    await teardown();
    throw error;
  }
}

export async function teardown() {
  if (!existsSync(STATE)) return;
  const state = readState();
  for (const pid of state.pids) {
    try {
      process.kill(-pid, "SIGTERM"); // the process group this harness started
    } catch {}
  }
  await new Promise((r) => setTimeout(r, 1500));
  try {
    psql(state.adminUrl, `DROP DATABASE IF EXISTS ${state.database} WITH (FORCE)`);
  } catch (error) {
    console.error("could not drop the e2e database", error);
  }
  rmSync(STATE, { force: true });
}
