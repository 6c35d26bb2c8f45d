# Two commands a newcomer needs: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test bench messages ci clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is required") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Wagtail admin: /admin/, Django admin: /django-admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench

# Extract strings, then rebuild the generated catalogues (Uzbek Cyrillic, Karakalpak) and .mo files.
messages: install
	$(BIN)/python manage.py makemessages -l uz -l ru --add-location=file \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=static_collected --ignore='templates/wagtailusers/*'
	$(BIN)/python manage.py build_locales

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) .pytest_cache db.sqlite3 static_collected
