# Sourced by make: exports DATABASE_URL, starting the embedded PostgreSQL when it is unset.
# Tests default to the loopback Redis when REDIS_URL is unset and Redis answers.
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL="$(.venv/bin/python -m erp_platform.embedded_db start)" || {
    echo "could not start the embedded PostgreSQL" >&2; return 1; }
  export DATABASE_URL
fi
