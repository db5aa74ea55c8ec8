#!/usr/bin/env bash
# `make run`: database (embedded unless DATABASE_URL is set), migrations, standby pool, demo
# company, then the API on :8000 (and a Celery worker when CELERY_BROKER_URL is set).
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
$PY manage.py demo_create

if [ -n "${CELERY_BROKER_URL:-}" ]; then
  .venv/bin/celery -A erp_platform worker -l INFO --concurrency 2 &
  PIDS+=($!)
fi

if [ "${RELOAD:-0}" = 1 ]; then
  $PY manage.py runserver "0.0.0.0:$PORT" &
else
  .venv/bin/gunicorn erp_platform.wsgi --bind "0.0.0.0:$PORT" --workers "${WEB_WORKERS:-2}" \
    --access-logfile - &
fi
PIDS+=($!)
echo
echo "  API docs:   http://demo.localhost:$PORT/api/docs/"
echo "  Health:     http://localhost:$PORT/healthz"
echo "  Operators:  http://localhost:$PORT/admin/"
echo "  Ctrl-C stops everything."
wait "${PIDS[@]}"
