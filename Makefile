# Two commands for a newcomer: `make run` (set up and serve) and `make test` (set up and test).
# Every step is idempotent: running either twice is fine and fast.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# pyenv honours .python-version; elsewhere take python3.12, then whatever python3 there is.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast setup venv db content index static browser-deps bench clean fixtures


run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on the default search engine (Whoosh); the search tests run once more on
# the SQLite FTS5 engine (KB_SEARCH_ENGINE=sqlite).
SEARCH_TESTS = tests/search/ tests/security/test_hostile_search_input.py
test: venv static browser-deps
	$(PY) -m pytest $(PYTEST_ARGS)
	KB_SEARCH_ENGINE=sqlite $(PY) -m pytest -q $(SEARCH_TESTS)

# While working: everything but the tests marked slow (processes, threads, big inputs) and the
# browser tests, on the default engine. `make test` before a merge runs them all.
test-fast: venv static
	$(PY) -m pytest -q -m "not slow and not browser" $(PYTEST_ARGS)

setup: venv db content index static

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

db: venv
	$(PY) manage.py migrate --noinput -v0

content: db
	$(PY) manage.py kb_load_content

index: content
	@if $(PY) manage.py help kb_rebuild_index >/dev/null 2>&1; then $(PY) manage.py kb_rebuild_index; fi

static: venv
	$(PY) manage.py collectstatic --noinput -v0

# Benchmarks (by hand, never in the test suite): own database and index under var/bench/.
# e.g. make bench BENCH_ARGS="--sizes 0,1000 --write"
bench: venv static
	$(PY) bench/run.py $(BENCH_ARGS)

# Regenerate fixtures/*.json from the seed articles and their mapping (KB_SEEDS_DIR).
KB_SEEDS_DIR ?= ../shared/seeds
fixtures: venv
	$(PY) manage.py kb_import $(KB_SEEDS_DIR)/000_92c9ce71aca96dfa.txt \
		$(KB_SEEDS_DIR)/004_f0337e897363c926.txt \
		--mapping fixtures/import-mappings/seeds.json --publish --emit-fixture fixtures/

# The browser suite drives Debian's chromium through Playwright; it never downloads a browser.
browser-deps:
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: using /usr/bin/chromium"; \
	else echo "Browser tests SKIPPED: /usr/bin/chromium not found (apt-get install chromium)"; fi

clean:
	rm -rf $(VENV) var staticfiles db.sqlite3 db.sqlite3-*
