#!/usr/bin/env bash
# `make run`: database (embedded unless DATABASE_URL is set), migrations, standby pool, demo
# company, then the API on :8000 (and a Celery worker when CELERY_BROKER_URL is set) and the web
# app (Next.js, frontend/) on :3000, which proxies /api, /_allauth, /admin, /static to Django.
# RELOAD=1 (`make dev`): Django's runserver and `next dev` with hot reload.
# Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
STARTED_DB=0
PIDS=()

cleanup() {
  trap - INT TERM EXIT
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$STARTED_DB" = 1 ]; then
    echo "stopping the embedded PostgreSQL"
    $PY -m erp_platform.embedded_db stop
  fi
}
trap cleanup INT TERM EXIT

if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL="$($PY -m erp_platform.embedded_db start)"
  export DATABASE_URL
  STARTED_DB=1
  echo "embedded PostgreSQL: $DATABASE_URL"
fi

$PY manage.py tenants_migrate
$PY manage.py collectstatic --noinput -v0
$PY manage.py standby_pool_fill
$PY manage.py billing_plans_seed -v0  # the pricing page's plans (billing itself is off without STRIPE_SECRET_KEY)
$PY manage.py demo_create

# The web app: npm ci when node_modules is missing, a production build unless RELOAD=1.
WEB_PORT="${WEB_PORT:-3000}"
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DJANGO_URL="http://127.0.0.1:$PORT"
if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
  (cd frontend && npm ci --no-audit --no-fund)
fi
if [ "${RELOAD:-0}" != 1 ]; then
  (cd frontend && npm run build)
fi

if [ -n "${CELERY_BROKER_URL:-}" ]; then
  .venv/bin/celery -A erp_platform worker -l INFO --concurrency 2 &
  PIDS+=($!)
fi

if [ "${RELOAD:-0}" = 1 ]; then
  $PY manage.py runserver "0.0.0.0:$PORT" &
else
  # Without Redis the cache is per process, and the one-time signup hand-off lives in the cache:
  # one process with threads then, so every request sees it.
  if [ -n "${REDIS_URL:-}" ]; then WORKERS="${WEB_WORKERS:-2}"; else WORKERS=1; fi
  .venv/bin/gunicorn erp_platform.wsgi --bind "0.0.0.0:$PORT" --workers "$WORKERS" --threads 4 --graceful-timeout 5 \
    --access-logfile - &
fi
PIDS+=($!)
if [ "${RELOAD:-0}" = 1 ]; then
  (cd frontend && exec node_modules/.bin/next dev -p "$WEB_PORT") &
else
  (cd frontend && exec node_modules/.bin/next start -p "$WEB_PORT") &
fi
PIDS+=($!)
echo
echo "  Web app:    http://localhost:$WEB_PORT  (public site, signup)"
echo "  Demo:       http://demo.localhost:$WEB_PORT  (admin@demo.localhost / demo-admin-2026)"
echo "  API docs:   http://demo.localhost:$PORT/api/docs/"
echo "  Health:     http://localhost:$PORT/healthz"
echo "  Operators:  http://localhost:$PORT/admin/"
echo "  Ctrl-C stops everything."
wait "${PIDS[@]}"
