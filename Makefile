# Quick start: `make run` serves the site with demo content; `make test` runs the whole suite.
# Both install what is missing first (Debian packages, the virtual environment, axe-core).

PYTHON ?= python3.11
VENV := .venv
INSTALLED := $(VENV)/.installed

.PHONY: run test stop status lint install

run: install
	scripts/run.sh

test: install node_modules/axe-core/axe.min.js
	scripts/install-system.sh --browser
	scripts/test.sh $(PYTEST_ARGS)

stop:
	scripts/stack.sh stop

status:
	scripts/stack.sh status

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(VENV)/bin/bandit -c pyproject.toml -r icis members meetings awards news mentorship -q
	scripts/audit.sh

install: $(INSTALLED)
	scripts/install-system.sh

$(INSTALLED): pyproject.toml
	scripts/install-system.sh
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --editable '.[dev]'
	touch $@

node_modules/axe-core/axe.min.js: package.json package-lock.json
	scripts/install-system.sh --browser
	npm ci --no-audit --no-fund --silent
	touch $@
