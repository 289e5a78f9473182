# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=

export FLASK_APP := wsgi

.PHONY: run test lint translations messages demo-reset clean

run: $(VENV)/.installed translations
	APP_ENV=development $(BIN)/flask db upgrade
	APP_ENV=development $(BIN)/flask demo load
	APP_ENV=development $(BIN)/flask run --debug --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test node_modules/.installed translations
	$(BIN)/flake8 app tests migrations wsgi.py
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/flake8 app tests migrations wsgi.py

# Compile the translation catalogues (the .mo files are build output, not committed).
translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d app/translations -D messages >/dev/null

# After changing UI text: extract the strings and merge them into the Swedish catalogue.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F app/translations/babel.cfg -k _l -k lazy_gettext \
		--ignore-dirs=".* node_modules" --no-location --sort-output \
		--project=Medborgardialog -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations \
		--width=100 --ignore-obsolete
	rm app/translations/messages.pot

# Reload the demo with fresh dates (development only: deletes the local SQLite database).
demo-reset: $(VENV)/.installed
	rm -f instance/medborgardialog.sqlite3
	APP_ENV=development $(BIN)/flask db upgrade
	APP_ENV=development $(BIN)/flask demo load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed setup.cfg
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Test-only tools from npm: axe-core (accessibility) and the W3C Nu HTML checker.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules .pytest_cache .coverage htmlcov *.egg-info
	find app -name '*.mo' -delete
