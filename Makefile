# Everyday commands. Every target uses the project's own virtualenv by path
# (.venv/bin/...), so nothing needs activating; `make install` creates it.

VENV        := .venv
BIN         := $(VENV)/bin
PYTHON_BOOT := $(shell command -v python3.11 2>/dev/null || command -v python3)
MANAGE      := $(BIN)/python manage.py
STAMP       := $(VENV)/.installed
SEED        := data/proposal-2020-21.json
SEED_ES     := data/translations/proposal-2020-21.es.json
PYTEST_ARGS ?=
BENCH_ARGS  ?=

.DEFAULT_GOAL := help
.PHONY: help install run test lint check-migrations bench bench-exports clean

help: ## List the targets
	@echo "Targets:"
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "} {printf "  make %-17s %s\n", $$1, $$2}'
	@echo "Pass options to pytest with PYTEST_ARGS, e.g. make test PYTEST_ARGS='-k reconcile -x'"

install: $(STAMP) ## Create .venv (Python 3.11) and install the project with its dev tools

# The stamp makes a repeated `make install` a no-op until pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { \
		test -n "$(PYTHON_BOOT)" || { echo "Python 3.11 (or python3) not found" >&2; exit 1; }; \
		echo "Creating $(VENV) with $(PYTHON_BOOT)"; \
		$(PYTHON_BOOT) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

run: install ## Migrate, create demo users, load the 2020–21 proposal, serve on 127.0.0.1:8000
	$(MANAGE) migrate --noinput
	$(MANAGE) create_demo_users >/dev/null  # the import needs admin; passwords come last
	$(MANAGE) import_proposal $(SEED) --if-absent --by admin
	$(MANAGE) import_xliff 2020-21 $(SEED_ES) --if-untranslated --by admin
	$(MANAGE) create_demo_users --reset
	$(MANAGE) runserver 127.0.0.1:8000

# pytest's own exit status goes through unchanged: 5 (no tests collected) fails too.
# One worker per core (pytest-xdist); each has its own test database and live server. A worker
# left idle takes tests from the other's queue (worksteal), so the long browser tests do not
# end the run on one worker alone.
test: install ## Run the tests on every core (options in PYTEST_ARGS)
	$(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

lint: install ## ruff check; the format check only reports
	$(BIN)/ruff check .
	-$(BIN)/ruff format --check .

check-migrations: install ## Fail when a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

# Needs a PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
# on which it creates and drops its own databases, cinterfor_bench_*; one to two minutes on 2 cores.
bench: install ## Each role's pages at 1× and 100× on PostgreSQL + gunicorn, imports, exports: one table, each aim met or missed (options in BENCH_ARGS)
	$(MANAGE) bench_pages $(BENCH_ARGS)

bench-exports: install ## Time exporting the 2020–21 proposal as DOCX, PDF and XLSX on the development database (LibreOffice beside it if installed)
	$(MANAGE) migrate --noinput
	$(MANAGE) shell -c "from django.contrib.auth import get_user_model as U; U().objects.get_or_create(username='bench')"
	$(MANAGE) import_proposal $(SEED) --if-absent --by bench
	$(MANAGE) bench_exports 2020-21

clean: ## Remove .venv, caches and collected static files (keeps db.sqlite3 and media/)
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
