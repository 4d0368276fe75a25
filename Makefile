# One set of commands for people and CI. Everything runs inside .venv, made from requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The address the demo is served on: the sign-in sheet and notification links say this one.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: demo serve test test-fast lint format lock install worker messages audit-deps bench bench-web bench-servers bench-web-compare bench-tasks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

## Serve the demo on http://$(HOST):$(PORT) (default 127.0.0.1:8000) with SQLite, demo data and
## a task worker; `make demo PORT=8101` serves and prints another port.
## The worker (db_worker) and the care scheduler (enqueues due care work every minute) run in the
## background and stop when the server stops.
demo: export DEBUG = 1
demo: export STEGVIS_DEMO = 1
demo: export SITE_URL := $(SITE_URL)
demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) demo --site-url $(SITE_URL)
	$(MANAGE) db_worker & worker=$$!; \
	$(MANAGE) care_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

## Serve like production (docs/operations.md, Serving): gunicorn (deploy/gunicorn.conf.py), the
## task worker and the care scheduler, with the settings from the environment (DATABASE_URL,
## SECRET_KEY, AUDIT_HMAC_KEYS, AUDIT_HMAC_KEY_ID, ALLOWED_HOSTS; see deploy/stegvis.env.example).
## Refuses to start, naming what is missing, before anything else runs.
serve: install
	$(BIN)/python -m stegvis.operations.preflight
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) check --deploy
	$(MANAGE) db_worker & worker=$$!; \
	$(MANAGE) care_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} $(BIN)/gunicorn --config deploy/gunicorn.conf.py

# Tests run in parallel, one process and one test database per core (pytest-xdist). Tests that
# share data built once are kept together (tests/plugins/parallel.py). `TEST_WORKERS=0` runs
# them in one process; PYTEST_ARGS goes last, so it can override these too (`-n 0`, `-p ...`).
TEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadgroup
# Bytecode is written even where the machine turns it off (PYTHONDONTWRITEBYTECODE): each worker
# and each of the hundred-odd processes the suite starts (servers, workers, manage.py) would
# compile the project again (about 0.5 s each), and pytest would rewrite every test module's
# asserts in each worker. __pycache__ is ignored by git.
TEST_ENV := PYTHONDONTWRITEBYTECODE=

## Run the whole test suite (unit, integration, browser), in parallel.
test: install
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

## The suite without browser tests, for quick loops (in parallel too).
test-fast: install
	$(TEST_ENV) $(BIN)/python -m pytest -m "not browser and not slow" $(PYTEST_PARALLEL) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Re-pin dependencies after editing pyproject.toml.
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

## Extract and compile translations (needs GNU gettext; the compiled .mo files are committed).
messages: install
	DEBUG=1 $(MANAGE) makemessages -l sv --ignore=.venv --ignore=tests --no-obsolete
	DEBUG=1 $(MANAGE) compilemessages --ignore=.venv

## Audit requirements.lock for known vulnerabilities; fails when no service can be asked.
audit-deps: install
	.ci/audit-deps

worker: install
	$(MANAGE) db_worker

bench: install
	$(BIN)/python benchmarks/instruments_bench.py

## Stegvis's pages under load against a bare-Django floor on PostgreSQL (docs/scaling.md);
## BENCH_ENROLLMENTS, BENCH_USERS, BENCH_SECONDS, ... or BENCH_WEB_ARGS="--pages Hantera".
bench-web: install
	$(BIN)/python -m benchmarks.web run $(BENCH_WEB_ARGS)

## The same pages under gunicorn and granian, alternated in one run (how the server was chosen).
bench-servers: install
	$(BIN)/python -m benchmarks.web servers $(BENCH_WEB_ARGS)

## The task queue's tasks a second on the database and RQ backends, 1 and 2 workers (DATABASE_URL: a
## migrated PostgreSQL; Redis at 127.0.0.1:6379/14 or --redis-url; ADR 0013)
bench-tasks: install
	$(BIN)/python benchmarks/tasks_bench.py $(BENCH_TASKS_ARGS)

## Per-page ratios of two runs: make bench-web-compare A=var/bench/web-1.json B=var/bench/web-2.json
bench-web-compare: install
	$(BIN)/python -m benchmarks.web compare $(A) $(B)

clean:
	rm -rf $(VENV) db.sqlite3 media-private

## Generate a national-scale data set (docs/scaling.md): make loadscale N=10000 [DATABASE_URL=...]
.PHONY: loadscale
loadscale: install
	DEBUG=1 $(MANAGE) migrate -v0 && DEBUG=1 $(MANAGE) loadscale --enrollments $(or $(N),10000)
