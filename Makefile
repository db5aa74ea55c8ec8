# B3 MACBIS ERP. `make run` brings the product up; `make test` runs the whole suite.
# With DATABASE_URL unset both use an embedded PostgreSQL under .data/ (pgserver).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY312 := $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) $(shell command -v python3.12 2>/dev/null))
PYTHON_FOR_VENV ?= $(if $(PY312),$(PY312),python3)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON_FOR_VENV)
VENV := .venv
PY := $(VENV)/bin/python
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
# The embedded database: started when DATABASE_URL is unset, its URL exported to every step.
WITH_DB := source infra/dev/with-db.sh &&
# pytest-xdist: one worker per core (each worker has its own test database)
PYTEST_ARGS ?= -n auto

.PHONY: help install run dev test test-e2e frontend-install frontend-build check-api lint lint-infra bench migrate demo db-stop clean

help:
	@echo "make run    - install, migrate, fill the standby pool, create the demo company, serve :8000"
	@echo "make test   - the whole suite (lint, migrations check, pytest, API types check, browser tests)"
	@echo "make test-e2e - browser tests only (Playwright on /usr/bin/chromium, artifacts in tests/e2e/artifacts/)"
	@echo "make bench  - benchmarks under tests/benchmarks/ (not run by CI)"
	@echo "make dev    - like run, with autoreload"
	@echo "make lint-infra - lint Dockerfiles, compose, nginx, Helm (linters from PyPI)"
	@echo "make db-stop- stop the embedded PostgreSQL"

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

install: $(VENV)/.synced

migrate: install
	$(WITH_DB) $(PY) manage.py tenants_migrate

demo: migrate
	$(WITH_DB) $(PY) manage.py demo_create

run: install
	@bash infra/dev/run.sh

dev: install
	@RELOAD=1 bash infra/dev/run.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(WITH_DB) $(PY) manage.py makemigrations --check --dry-run
	$(WITH_DB) $(VENV)/bin/mypy erp_platform shared_apps tenant_apps

test: export REDIS_URL ?= redis://127.0.0.1:6379/15
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(WITH_DB) $(PY) manage.py makemigrations --check --dry-run && \
	  $(VENV)/bin/mypy erp_platform shared_apps tenant_apps && \
	  $(PY) -m pytest $(PYTEST_ARGS)
	$(MAKE) check-api
	$(MAKE) test-e2e

# Frontend (Next.js in frontend/). npm ci from package-lock.json; browsers are never downloaded.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export NEXT_TELEMETRY_DISABLED := 1
frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

frontend-install: frontend/node_modules/.package-lock.json

frontend-build: frontend-install
	cd frontend && npm run build

# Fails when frontend/lib/api/schema.*.ts no longer match Django's OpenAPI schema.
check-api: install frontend-install
	cd frontend && npm run check:api

test-e2e: install frontend-build
	ln -sfn ../../frontend/node_modules tests/e2e/node_modules
	$(WITH_DB) cd frontend && npm run test:e2e

fuzz: install
	$(WITH_DB) $(PY) tests/benchmarks/fuzz_api.py $(FUZZ_ARGS)

lint-infra:
	bash infra/lint.sh

bench: install
	$(WITH_DB) for f in tests/benchmarks/[!_]*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

db-stop:
	$(PY) -m erp_platform.embedded_db stop

clean: db-stop
	rm -rf .data media staticfiles
