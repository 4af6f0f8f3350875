# The commands people type. Every install step lives here (or in .ci/run), never only in a shell history.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
ASSETS_STAMP := node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-test assets system-deps demo serve test lint typecheck bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools wheel
	$(BIN)/pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $@

VENDOR := shuangsuiji/core/static/vendor
$(ASSETS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/htmx $(VENDOR)/echarts
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	touch $@

## install: create .venv and install the project into it (plus the front-end packages from npm)
install: $(STAMP) $(ASSETS_STAMP)

install-test: $(TEST_STAMP) $(ASSETS_STAMP) system-deps

assets: $(ASSETS_STAMP)

## system-deps: Debian's Chromium (browser tests, site walks), Noto CJK fonts (PDF documents), poppler (PDF
## previews) and wrk (the portal load benchmark)
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

## demo: migrate, load the demo county, print the demo logins and serve http://$(HOST):$(PORT)
demo: install
	$(BIN)/shuangsuiji demo --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/shuangsuiji serve --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install-test
	$(BIN)/mypy shuangsuiji config

## test: everything CI checks — lint, types, Django checks, migrations, import rules, the test suite
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy shuangsuiji config
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/pytest

## bench: the benchmarks of bench/, each printing its figures and a ratio to a baseline of the same run
bench: install-test
	$(PY) bench/run.py $(BENCH)

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3* .mypy_cache .ruff_cache
