# The two commands that matter are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CKAN_PORT ?= 5000
# Absolute links (APIs, DCAT, downloads) follow the port unless BASE_URL is set.
BASE_URL ?= http://127.0.0.1:$(PORT)
export BASE_URL

.PHONY: install run test lint format schedule ckan ckan-stop services services-stop

# The stamp makes the environment self-healing: it is rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py search_rebuild --no-progress
	$(PY) manage.py ensure_admin
	@# One process: its local-memory cache sees every publish, so the GraphQL response
	@# cache is exact there (settings keep it off by default, for workers sharing none).
	GRAPHQL_RESPONSE_CACHE_SECONDS=$${GRAPHQL_RESPONSE_CACHE_SECONDS:-300} $(PY) manage.py serve --port $(PORT)

# The tests that need PostgreSQL, Redis or chromium skip without them (fail under CI=true);
# installing them needs root (or sudo), so a refusal here does not stop the other tests.
test: install
	@devtools/services.sh start || [ "$${CI:-}" != true ]
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# PostgreSQL and Redis on 127.0.0.1 and chromium, from Debian's packages (idempotent).
services:
	@devtools/services.sh start

services-stop:
	@devtools/services.sh stop

# A real local CKAN 2.12 to publish to by hand (set up once in ~/.cache/minhbach, then cached);
# prints CKAN_URL=... and CKAN_API_TOKEN=... for `make run`. Progress goes to stderr.
ckan: install
	@$(PY) -m devtools.ckan.local_ckan start --port $(CKAN_PORT)

ckan-stop: install
	@$(PY) -m devtools.ckan.local_ckan stop --port $(CKAN_PORT)
