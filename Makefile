# The CEP website. `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test screenshots lint format worker beat check-deploy clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

# The virtualenv is rebuilt only when the pins change.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed ## Set up everything and serve the site on http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	@echo
	@$(BIN)/python manage.py create_local_admin
	@echo "Site:  http://$(HOST):$(PORT)/    Admin: http://$(HOST):$(PORT)/admin/"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(BIN)/.installed ## Run checks, migrations check, ruff and the whole test suite
	DJANGO_SETTINGS_MODULE=cep_site.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cep_site.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

screenshots: $(BIN)/.installed ## Full-page screenshots of every public page type (375, 768, 1280 px) in test-artifacts/screenshots/
	$(BIN)/pytest -m screenshots tests/browser/test_layout.py $(PYTEST_ARGS)

lint: $(BIN)/.installed ## Lint and check formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed ## Fix lint and formatting where ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: $(BIN)/.installed ## Run a Celery worker (needs REDIS_URL)
	DJANGO_SETTINGS_MODULE=cep_site.settings.dev $(BIN)/python -m cep_site.worker --loglevel=info

beat: $(BIN)/.installed ## Run the Celery beat scheduler, exactly one (needs REDIS_URL)
	DJANGO_SETTINGS_MODULE=cep_site.settings.dev $(BIN)/celery -A cep_site beat --loglevel=info

clean: ## Remove the virtualenv, the local database and uploaded media
	rm -rf $(VENV) db.sqlite3 media staticfiles test-artifacts
