# Two entry points: `make run` (demo portal on http://127.0.0.1:5000) and `make test`.
# Every step is idempotent: a second run reuses the virtual environment and packages.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := portal

.PHONY: help setup run test lint bench bench-chat bench-insights bench-search bench-relevance bench-load audit translations messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 18

setup: $(VENV)/.installed static/vendor/.copied translations ## Create .venv, install Python and npm packages, compile translations

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11 (or newer).")'
	@test -x $(BIN)/python || { echo "Creating the virtual environment in $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "Installing Python packages"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm was not found: install Node.js (with npm), then run make again."; exit 1; }
	@echo "Installing front-end packages from the npm registry"
	@npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.copied: node_modules/.installed
	@mkdir -p static/vendor
	@cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	@touch $@

translations: $(VENV)/.installed ## Compile the .po catalogues
	@$(BIN)/pybabel compile --statistics -d portal/translations 2>&1 | sed 's/^/  /'

run: setup ## Serve the demo portal on http://127.0.0.1:5000
	@$(BIN)/flask db upgrade
	@$(BIN)/flask demo load
	@$(BIN)/flask search reindex
	@echo "\nServing the portal on http://127.0.0.1:5000 (Ctrl+C stops it)"
	@FLASK_DEBUG=1 $(BIN)/flask --env-file content/brand/demo.env run --host 127.0.0.1 --port 5000

test: setup ## Run the test suite (PYTEST_ARGS=... to choose)
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup ## Serve with gunicorn and time the main pages with wrk (BENCH_ARGS=...)
	@$(BIN)/python bench/http_bench.py $(BENCH_ARGS)

bench-chat: setup ## Time chat message delivery with 200 chats open (BENCH_ARGS=...)
	@$(BIN)/python bench/chat_bench.py $(BENCH_ARGS)

bench-load: setup ## Load-test with Locust (LOAD_ARGS=...)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	@$(BIN)/python bench/load.py $(LOAD_ARGS)

audit: setup ## Audit pages with Lighthouse and the Nu HTML Checker (AUDIT_ARGS=...)
	@$(BIN)/python bench/audit.py $(AUDIT_ARGS)

lint: $(VENV)/.installed ## ruff (lint and format) and mypy
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/mypy

bench-insights: $(VENV)/.installed ## Time /insights/ over a year of generated data (BENCH_ARGS=...)
	@$(BIN)/python bench/insights_bench.py $(BENCH_ARGS)

bench-search: $(VENV)/.installed ## Whoosh beside SQLite FTS5 on synthetic corpora (BENCH_ARGS=...)
	@$(BIN)/python bench/search_bench.py $(BENCH_ARGS)
	@$(BIN)/python bench/dense_bench.py $(DENSE_ARGS)

bench-relevance: $(VENV)/.installed ## Measure search relevance on the test sets (RELEVANCE_ARGS=...)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	@$(BIN)/python bench/search_relevance.py $(RELEVANCE_ARGS)

clean: ## Remove .venv, node_modules and static/vendor
	rm -rf $(VENV) node_modules static/vendor

messages: $(VENV)/.installed ## Extract messages and update the .po files
	@$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --project=portal -o portal/translations/messages.pot .
	@$(BIN)/pybabel update --no-fuzzy-matching -w 100 -i portal/translations/messages.pot -d portal/translations
