# The commands the README names. `make run` serves the site; `make test` runs the suite.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run serve test lint format migrate seed worker beat messages check-messages check-deploy browser clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.12 is needed: install it, or set PYTHON=/path/to/python3.12"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

migrate: setup
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo
	$(MANAGE) match_all

# A second `make run` finds the demo data and suggestions in place and serves at once.
run: migrate
	$(MANAGE) seed_demo --skip-if-seeded
	$(MANAGE) match_all --skip-if-current
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(MANAGE) runserver $(HOST):$(PORT)

# Production start: static files collected (hashed names, compressed), database migrated,
# gunicorn serving. Needs DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL set.
serve: setup
	$(MANAGE) collectstatic --noinput
	$(MANAGE) migrate --noinput
	$(BIN)/gunicorn accelerator.wsgi:application --bind $(HOST):$(PORT) --workers $${WEB_WORKERS:-3}

# Debian's Chromium serves the browser tests; Playwright's own browser download is not used.
browser:
	@test -x /usr/bin/chromium || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: setup browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: setup
	$(BIN)/celery -A accelerator worker --loglevel=info

beat: setup
	$(BIN)/celery -A accelerator beat --loglevel=info

# Extracts strings into locale/ja and compiles the catalog (needs GNU gettext).
messages: setup
	$(MANAGE) makemessages -l ja --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests
	$(MANAGE) compilemessages -l ja --ignore=.venv

check-messages: messages
	$(BIN)/python -m accelerator.catalog_check locale/ja/LC_MESSAGES/django.po

check-deploy: setup
	DEBUG=false SECRET_KEY=check-deploy-only-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
		ALLOWED_HOSTS=accelerator.example $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
