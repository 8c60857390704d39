# Isfahan Nama — developer and operator entry points. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python >= 3.12 on PATH (pyenv picks 3.12 from .python-version).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3; do \
  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
  && { echo $$p; break; }; done)
UV_VERSION := 0.13.9
VENV := .venv
BIN := $(VENV)/bin
NAMA := $(BIN)/nama
export NAMA_SMS_FILE ?= $(CURDIR)/var/sms-outbox.jsonl

.PHONY: help run test check lint format typecheck migrations-check pytest setup setup-dev \
        assets static system-check clean bench bench-gis bench-queue bench-payments lock

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 is required (e.g. apt-get install python3.12 python3.12-venv)."; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): install python3-venv (apt-get install python3-venv)."; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.base-installed: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements/base.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements/dev.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@ $(VENV)/.base-installed

setup: $(VENV)/.base-installed assets system-check ## Install locked runtime dependencies and assets

setup-dev: $(VENV)/.dev-installed assets system-check ## Install locked dependencies with dev tools

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is required for the web assets (apt-get install npm)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json ## Copy the npm assets (Bootstrap RTL, Vazirmatn, htmx…) into static files
	$(BIN)/python scripts/vendor_assets.py

system-check: ## Say in one line what system library is missing, if any
	@$(BIN)/python scripts/check_system.py

static: ## Collect static files under var/static
	$(NAMA) collectstatic --no-input --verbosity 0

run: setup static ## Set up, migrate, load the demo data and run the web server + worker at :8000
	$(NAMA) migrate
	$(NAMA) demo
	@echo "Isfahan Nama: http://127.0.0.1:8000  (Ctrl-C stops the web server and the worker)"
	$(NAMA) up

test: check ## Set up with dev tools, then lint, type-check, check migrations and run all tests

check: setup-dev lint typecheck migrations-check pytest ## Same as test

lint: $(VENV)/.dev-installed ## ruff format check + lint
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(VENV)/.dev-installed ## Format and auto-fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(VENV)/.dev-installed ## mypy --strict
	$(BIN)/mypy .

migrations-check: $(VENV)/.dev-installed ## Fail when models and migrations disagree
	NAMA_ENV=test $(NAMA) makemigrations --check --dry-run

pytest: $(VENV)/.dev-installed ## Run the test suite (PYTEST_ARGS=... to pass options)
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.dev-installed ## Run every benchmark in bench/
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

bench-gis: $(VENV)/.dev-installed ## GIS benchmarks: setbacks vs geopandas/PostGIS, import, API latency (BENCH_GIS_ARGS=--parcels N)
	$(BIN)/python bench/bench_gis_setbacks.py $(BENCH_GIS_ARGS)
	$(BIN)/python bench/bench_gis_import.py $(BENCH_GIS_ARGS)
	$(BIN)/python bench/bench_gis_api.py $(BENCH_GIS_ARGS)

BENCH_QUEUE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
bench-queue: $(VENV)/.dev-installed ## Work queue and search with 1,000,000 requests: SQLite, then PostgreSQL in a scratch database on BENCH_QUEUE_DATABASE_URL's server (BENCH_QUEUE_ARGS=--requests N)
	DATABASE_URL= $(BIN)/python bench/bench_queue.py $(BENCH_QUEUE_ARGS)
	$(BIN)/python bench/bench_queue.py --database-url $(BENCH_QUEUE_DATABASE_URL) $(BENCH_QUEUE_ARGS)

BENCH_PAYMENTS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
bench-payments: $(VENV)/.dev-installed ## Payment callback storm on PostgreSQL: 10,000 payments, 20% duplicated and 5% tampered callbacks from 8 clients vs 1 (BENCH_PAYMENTS_ARGS=--payments N --clients C)
	$(BIN)/python bench/bench_payments.py --database-url $(BENCH_PAYMENTS_DATABASE_URL) $(BENCH_PAYMENTS_ARGS)

lock: ## Re-lock Python dependencies after editing pyproject.toml
	$(BIN)/uv pip compile pyproject.toml -q --generate-hashes --python-version 3.12 -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml -q --extra dev --generate-hashes --python-version 3.12 -o requirements/dev.txt

clean: ## Remove the virtualenv, node_modules and built files (keeps var/ data)
	rm -rf $(VENV) node_modules nama/static/vendor var/static
