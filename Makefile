# `make run`: set everything up and serve the site with the Abraham Accords (SQLite by default)
# as production does: gunicorn, debug off, compressed static files (bin/serve).
# `make dev`: the same data with Django's development server (debug on, auto-reload).
# `make test`: install the test dependencies and run the whole suite.
# DATABASE_URL=postgres://... switches every target to PostgreSQL.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test lint format migrate seed collectstatic bench clean catalogues

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_seed

run: $(VENV)/.installed
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) exec bin/serve

dev: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core for the browser tests' accessibility check, pinned in package-lock.json. Without npm
# that one test is skipped locally (CI installs npm and requires it).
NODE_DEPS := $(if $(shell command -v npm),node_modules/.installed,)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# One process per core (pytest-xdist), each with its own test database and browser; a test
# file runs whole in one of them, so its tests share their fixtures and the Redis database it
# uses. `make test PYTEST_ARGS=-n0` runs everything in one process.
test: $(VENV)/.installed-test $(NODE_DEPS)
	$(PY) -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The translation catalogues' .mo files are committed (a fresh clone needs no GNU gettext);
# after editing locale/*/LC_MESSAGES/django.po, this recompiles them with polib.
catalogues: $(VENV)/.installed
	$(PY) manage.py compile_catalogues

collectstatic: $(VENV)/.installed
	$(PY) manage.py collectstatic --noinput

# Requests per second of /api/events/ against a bare Django view, under gunicorn (needs wrk).
bench: $(VENV)/.installed
	bench/api_rps.sh

# Removes the virtualenv and collected static files; the database in var/ is kept.
clean:
	rm -rf $(VENV) var/static
