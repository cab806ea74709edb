# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
DEMO_CSV := conference/demo/apa-2027-program.csv

# Test workers (pytest-xdist): one per core; PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= auto

.PHONY: run test lint bench load cluster demo browser-tools calendar-tools lighthouse-tools screenshots

# uv (pinned in requirements-dev.txt) installs the requirements in about a third of pip's time; like pip here,
# it trusts the system's certificate store.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "$$(grep '^uv==' requirements-dev.txt)"
	$(BIN)/uv pip install --quiet --system-certs --python $(BIN)/python -r requirements-dev.txt
	touch $@

## Serve on SQLite with the demo APA program at http://127.0.0.1:5000
run: demo
	$(FLASK) run --host 127.0.0.1 --port 5000

## Build the database and import the demo program (again: nothing changes)
demo: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) schedule import $(DEMO_CSV) --conference apa-2027 \
		--name "APA Annual Meeting 2027 (demo)" --timezone America/New_York

## Two app nodes (gunicorn) behind HAProxy on PostgreSQL and Redis, the demo program imported, at
## http://127.0.0.1:8000 until Ctrl-C (CLUSTER_DATABASE_URL; ARGS="--pgbouncer --nodes 3 --port 0")
cluster: $(VENV)/.installed
	$(BIN)/python benchmarks/cluster.py $(ARGS)

## The whole test suite on every core (each worker on its own database); set TEST_DATABASE_URL for PostgreSQL
test: $(VENV)/.installed browser-tools calendar-tools
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal

## ruff's lint rules and formatting (pyproject.toml), checked without changing a file
lint: $(VENV)/.installed
	$(BIN)/ruff check . ; status=$$?; $(BIN)/ruff format --check . && exit $$status

AXE := .browser-tools/node_modules/axe-core/axe.min.js
## axe-core for the browser tests' accessibility checks (from npm; skipped with a message without npm)
browser-tools: $(AXE)
$(AXE):
	@if command -v npm >/dev/null; then npm install --prefix .browser-tools --no-save --no-audit --no-fund axe-core@4.14.1; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

ICAL_JS := .calendar-tools/node_modules/ical.js/dist/ical.js
## ical.js (Thunderbird's and Nextcloud's parser) for the calendar feed's tests (from npm; skipped with a message without npm)
calendar-tools: $(ICAL_JS)
$(ICAL_JS):
	@if command -v npm >/dev/null; then npm install --prefix .calendar-tools --no-save --no-audit --no-fund ical.js@2.2.1; \
	else echo "npm not found: the feed will not be read with ical.js in the tests"; fi

LIGHTHOUSE := .lighthouse-tools/node_modules/.bin/lighthouse
## Lighthouse for `make bench`'s phone-app scores (from npm; skipped with a message without npm)
lighthouse-tools: $(LIGHTHOUSE)
$(LIGHTHOUSE):
	@if command -v npm >/dev/null; then npm install --prefix .lighthouse-tools --no-save --no-audit --no-fund lighthouse@12.8.2; \
	else echo "npm not found: make bench will skip Lighthouse"; fi

## Photograph the app for the manifest's screenshots (static/screenshots/, committed)
screenshots: $(VENV)/.installed
	$(BIN)/python benchmarks/make_screenshots.py

$(VENV)/.bench: requirements-bench.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

## Read path and imports as ratios in one table (SQLite and PostgreSQL), then Excel imports, login sessions,
## the calendar feed, the summary email, the phone app in Chromium and its Lighthouse scores (see README)
bench: $(VENV)/.bench lighthouse-tools
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/import_bench.py
	$(BIN)/python benchmarks/session_bench.py
	$(BIN)/python benchmarks/calendar_bench.py
	$(BIN)/python benchmarks/summary_bench.py
	$(BIN)/python benchmarks/pwa_bench.py
	$(BIN)/python benchmarks/lighthouse_bench.py

## 200 simulated users against gunicorn on PostgreSQL, then 1,000 phones against HAProxy and two nodes, and
## two nodes against one, driven by Locust (see README)
load: $(VENV)/.bench
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/cluster_load.py --reuse
