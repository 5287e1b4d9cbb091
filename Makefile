# The two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test bench install install-test translations db seed lint extract-messages clean

run: install translations db seed
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: install-test translations
	bash scripts/ensure-test-system.sh
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Not part of `make test`: minutes of load on loopback (needs Debian's wrk).
BACKEND ?= sqlite
bench: install-test translations
	bash scripts/ensure-test-system.sh --bench
	$(BIN)/python bench/run.py --backend $(BACKEND) --record

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install-test: $(VENV)/.installed-test
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

translations: install
	$(BIN)/pybabel -q compile -d translations

db: install
	$(BIN)/flask db upgrade

seed: install
	$(BIN)/flask seed --examples

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# After changing user-facing strings: extract them, merge into every catalog, then translate
# the new entries in translations/{ja,es}/LC_MESSAGES/messages.po (English is filled in).
extract-messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -k lazy_pgettext:1c,2 -k pgettext:1c,2 \
		--no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching
	$(BIN)/python scripts/fill_english_catalog.py translations/en/LC_MESSAGES/messages.po

clean:
	rm -rf $(VENV) instance .pytest_cache
