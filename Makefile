# Two entry points: `make run` (demo portal on http://127.0.0.1:5000) and `make test`.
# Every step is idempotent: a second run reuses the virtual environment and packages.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := portal

.PHONY: setup run test lint bench bench-chat bench-insights bench-search bench-relevance bench-load audit translations messages clean

setup: $(VENV)/.installed static/vendor/.copied translations

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

translations: $(VENV)/.installed
	@$(BIN)/pybabel compile --statistics -d portal/translations 2>&1 | sed 's/^/  /'

run: setup
	@$(BIN)/flask db upgrade
	@$(BIN)/flask demo load
	@echo "\nServing the portal on http://127.0.0.1:5000 (Ctrl+C stops it)"
	@FLASK_DEBUG=1 $(BIN)/flask run --host 127.0.0.1 --port 5000

test: setup
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	@$(BIN)/python bench/http_bench.py $(BENCH_ARGS)

bench-chat: setup
	@$(BIN)/python bench/chat_bench.py $(BENCH_ARGS)

bench-load: setup
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	@$(BIN)/python bench/load.py $(LOAD_ARGS)

audit: setup
	@$(BIN)/python bench/audit.py $(AUDIT_ARGS)

lint: $(VENV)/.installed
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

bench-insights: $(VENV)/.installed
	@$(BIN)/python bench/insights_bench.py $(BENCH_ARGS)

bench-search: $(VENV)/.installed
	@$(BIN)/python bench/search_bench.py $(BENCH_ARGS)

bench-relevance: $(VENV)/.installed
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	@$(BIN)/python bench/search_relevance.py $(RELEVANCE_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor

messages: $(VENV)/.installed
	@$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --project=portal -o portal/translations/messages.pot .
	@$(BIN)/pybabel update --no-fuzzy-matching -w 100 -i portal/translations/messages.pot -d portal/translations
