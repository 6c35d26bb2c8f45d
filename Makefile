# Two commands a newcomer needs: `make run` and `make test`. Everything installs into .venv.
#
# Dependencies: pyproject.toml says which ranges the project accepts; requirements/lock.txt pins
# every package (the project's and the dev tools', with hashes) and is what `make install` and
# CI install, so every machine runs the same versions. requirements/build.txt pins setuptools
# for building the project itself. Both files are written by pip-compile (pip-tools):
#   make lock      after editing pyproject.toml: re-resolve, keeping every pin that still fits
#   make upgrade   take the newest releases allowed by pyproject.toml, reinstall, regenerate the
#                  translation catalogues built from third-party ones (`make messages`) and check
#                  that no migration is missing; then run `make test lint`, read `git diff` and
#                  commit the lock files together with the regenerated locale/ files.
# ruff is pinned exactly in pyproject.toml; raise that pin by hand (new releases add rules).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCK := requirements/lock.txt
BUILD_LOCK := requirements/build.txt
HOST ?= 127.0.0.1
PORT ?= 8000
# Test workers (pytest-xdist); each gets its own test database. PYTEST_WORKERS=0 runs serially.
PYTEST_WORKERS ?= 2
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock (or: make upgrade)" $(BIN)/pip-compile --quiet \
	--strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links

.PHONY: install lock upgrade run test test-clock lint format bench bench-growth bench-reset messages ci clean

$(STAMP): pyproject.toml $(LOCK) $(BUILD_LOCK)
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is required") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --build-constraint $(BUILD_LOCK) -e .
	@# Fails when pyproject.toml asks for something the lock does not hold: run `make lock`.
	$(BIN)/python -m pip check
	touch $(STAMP)

install: $(STAMP)

# pip-tools comes from the lock; a bare venv (or a pyproject.toml the old lock no longer
# satisfies) gets it straight from PyPI so that the lock can be written at all.
$(BIN)/pip-compile:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip-tools

lock: $(BIN)/pip-compile
	$(PIP_COMPILE) --extra dev --output-file $(LOCK) pyproject.toml
	$(PIP_COMPILE) --all-build-deps --only-build-deps --output-file $(BUILD_LOCK) pyproject.toml
	$(MAKE) install

upgrade: $(BIN)/pip-compile
	$(PIP_COMPILE) --upgrade --extra dev --output-file $(LOCK) pyproject.toml
	$(PIP_COMPILE) --upgrade --all-build-deps --only-build-deps --output-file $(BUILD_LOCK) pyproject.toml
	$(MAKE) install
	$(MAKE) messages
	$(BIN)/python manage.py makemigrations --check --dry-run
	@echo "Upgraded. Now: make test lint; git diff --stat requirements/ locale/"

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Wagtail admin: /admin/, Django admin: /django-admin/)"
	@# HOST and PORT also set SITE_URL in development, so e-mails link to this server.
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Two pytest runs: everything but the browser tests spread over $(PYTEST_WORKERS) workers, then
# the browser tests (live server and chromium) in one process. Both always run, and the target
# fails if either fails. A run that collects no test (pytest's exit code 5) fails too, unless
# PYTEST_ARGS picks a subset that one of the two runs has no share of (the other must pass).
test: install
	@parallel=0; browser=0; \
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS) || parallel=$$?; \
	$(BIN)/python -m pytest -p no:xdist -m browser $(PYTEST_ARGS) || browser=$$?; \
	echo "make test: exit $$parallel for the parallel run, $$browser for the browser run (5: no test ran)"; \
	if [ $(SUBSET) = 1 ]; then \
		if [ $$parallel = 5 ] && [ $$browser = 0 ]; then parallel=0; fi; \
		if [ $$browser = 5 ] && [ $$parallel = 0 ]; then browser=0; fi; \
	fi; \
	[ $$parallel = 0 ] && [ $$browser = 0 ]
SUBSET := $(if $(strip $(PYTEST_ARGS)),1,0)

# The suite (without the browser tests) with the clock set where dates turn, each start running on
# from there: Tashkent's midnight on this year's New Year's Eve (18:56 UTC), then UTC's midnight
# at the end of March next year (04:57 in Tashkent), past the fixed dates tests are written
# around. A test or demo that reads a date in the wrong zone, puts "six hours ago" on the wrong
# day, or works only until its fixture's window closes fails here, not in the CI run that happens
# to start at that hour or that date. Needs Debian's faketime (apt-get install -y faketime);
# PostgreSQL and Redis keep the real clock; the project takes every date from Python's.
CLOCK_STARTS ?= $(shell date -u +%Y)-12-31T18:56:00 $(shell date -u -d '+1 year' +%Y)-03-31T23:57:00
test-clock: install
	@command -v faketime >/dev/null || { echo "make test-clock needs faketime: apt-get install -y faketime"; exit 2; }
	@for start in $(CLOCK_STARTS); do \
		echo "make test-clock: the clock starts at $$start UTC"; \
		TZ=UTC faketime -f "@$$(echo $$start | tr T ' ')" $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS) || exit $$?; \
	done

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The growth bench seeds two PostgreSQL databases the first time and keeps them
# (participation_bench_demo, participation_bench_large: docs/benchmarks.md).
bench: install
	$(BIN)/python -m bench

# Only the growth lines (pages at the demo data set against the large one).
bench-growth: install
	$(BIN)/python -m bench.growth

# Drop the kept bench databases: the next `make bench` seeds them again.
bench-reset: install
	$(BIN)/python -m bench.large --drop --demo
	$(BIN)/python -m bench.large --drop

# Extract strings, then rebuild the generated catalogues and .mo files: Uzbek Cyrillic from Uzbek
# Latin; Karakalpak is hand-translated, and build_locales merges it into Uzbek's list of strings
# (no `-l kaa` here: makemessages would need GNU msgmerge and mark guesses fuzzy).
messages: install
	$(BIN)/python manage.py makemessages -l uz -l ru --add-location=file \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=static_collected --ignore='templates/wagtailusers/*' --ignore='templates/wagtailadmin/*'
	$(BIN)/python manage.py build_locales

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache db.sqlite3 static_collected
