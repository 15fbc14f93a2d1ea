# The CEP website. `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs in one process per CPU and one more (pytest-xdist): it spends a good part of its time waiting for
# Chromium, workers, servers and e-mail, which the extra process fills (on 2 CPUs: 471 s with 3, 559 s with 2).
# PARALLEL= runs it in one. Tests are handed out one by one in pytest-django's order, so in each process the
# transactional tests, which empty its database, come last.
PARALLEL ?= -n $(shell echo $$(( $$(nproc) + 1 )))

.DEFAULT_GOAL := help
.PHONY: help run test test-fast screenshots editor-guide lint format worker beat check-deploy clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

# The virtualenv is rebuilt only when the pins change: `make run` needs the runtime pins only, the checks and
# tests add the tools of requirements-dev.txt.
$(BIN)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed: $(BIN)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Links in pages, feeds, calendar files and e-mails name the address the site is served at.
run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
run: $(BIN)/.runtime ## Set up everything and serve the site on http://127.0.0.1:8000 (PORT=8101 for another port)
	@echo "Migrating the database and loading the demo content…"
	@$(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(BIN)/python manage.py load_demo_content --verbosity 0
	@echo "Site:  http://$(HOST):$(PORT)/    Admin: http://$(HOST):$(PORT)/admin/"
	@$(BIN)/python manage.py create_local_admin
	@echo
	@$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(BIN)/.installed ## Run checks, migrations check, ruff and the whole test suite
	DJANGO_SETTINGS_MODULE=cep_site.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cep_site.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest $(PARALLEL) $(PYTEST_ARGS)

# The inner loop runs on SQLite and the in-process cache whatever the environment names: the tests that need the real
# services are the ones it leaves out.
test-fast: $(BIN)/.installed ## The inner loop: the suite without browser, real-service, process and whole-demo tests
	env -u DATABASE_URL -u REDIS_URL $(BIN)/pytest $(PARALLEL) -m "not browser and not postgres and not redis and not slow and not screenshots" $(PYTEST_ARGS)

screenshots: $(BIN)/.installed ## Full-page screenshots of every public page type (375, 768, 1280 px) in test-artifacts/screenshots/
	$(BIN)/pytest -m screenshots tests/browser/test_layout.py $(PYTEST_ARGS)

editor-guide: $(BIN)/.installed ## Walk the editor guide's tasks in Chromium and refresh its screenshots in docs/editors/
	EDITOR_GUIDE_SCREENSHOTS=docs/editors $(BIN)/pytest tests/browser/test_editor_guide.py $(PYTEST_ARGS)

lint: $(BIN)/.installed ## Lint, check formatting and the import layers (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(BIN)/.installed ## Fix lint and formatting where ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: $(BIN)/.runtime ## Run a Celery worker (needs REDIS_URL)
	DJANGO_SETTINGS_MODULE=cep_site.settings.dev $(BIN)/python -m cep_site.worker --loglevel=info

beat: $(BIN)/.runtime ## Run the Celery beat scheduler, exactly one (needs REDIS_URL)
	DJANGO_SETTINGS_MODULE=cep_site.settings.dev $(BIN)/celery -A cep_site beat --loglevel=info

clean: ## Remove the virtualenv, the local database and uploaded media
	rm -rf $(VENV) db.sqlite3 media staticfiles test-artifacts
