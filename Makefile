# The two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test bench install install-test lock translations db seed lint extract-messages world-map clean

# The site and one mail/task worker (Huey on SQLite in instance/); stopping the site stops both.
run: install translations db seed
	$(BIN)/huey_consumer alumni.worker.huey --workers 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# Two pytest workers (pytest-xdist): each test has its own database copy, and each worker
# starts its own PostgreSQL and SMTP servers, so the halves never meet. `TEST_WORKERS=0` runs
# everything in one process (easier to debug).
TEST_WORKERS ?= 2
test: install-test translations
	bash scripts/ensure-test-system.sh
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Not part of `make test`: minutes of load on loopback (needs Debian's wrk).
BACKEND ?= sqlite
bench: install-test translations
	bash scripts/ensure-test-system.sh --bench
	$(BIN)/python bench/run.py --backend $(BACKEND) --record

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs come from the lock files, pinned and hashed; the project itself goes in editable
# without dependencies, so nothing unpinned is ever resolved. A changed lock reinstalls.
# `pip check` catches a pyproject.toml whose dependencies were changed without `make lock`.
install: $(VENV)/.installed
$(VENV)/.installed: requirements/run.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/run.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $@

install-test: $(VENV)/.installed-test
$(VENV)/.installed-test: requirements/lock.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $(VENV)/.installed $@

# After changing dependencies in pyproject.toml: regenerate the locks, then `make test`.
# Existing pins are kept unless they no longer fit; to move on, pass pip-compile's options:
# `make lock LOCK_ARGS=--upgrade` (everything) or `LOCK_ARGS='-P flask'` (one package).
# requirements/lock.txt is runtime + the test extra; run.txt is runtime only, held to the
# same versions. pip-tools lives in a venv of its own so it never enters the tested set.
LOCK_BIN := $(VENV)/lock-tools/bin
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_BIN)/pip-compile --quiet --strip-extras \
	--generate-hashes --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: | $(LOCK_BIN)/pip-compile
	$(PIP_COMPILE) --extra test -o requirements/lock.txt pyproject.toml
	$(PIP_COMPILE) -c requirements/lock.txt -o requirements/run.txt pyproject.toml

$(LOCK_BIN)/pip-compile:
	$(PYTHON) -m venv $(VENV)/lock-tools
	$(LOCK_BIN)/python -m pip install --quiet pip-tools==7.6.2

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

# Not part of `make run` or `make test`: they use the committed alumni/societies/data/world-110m.json.
# This rebuilds it from the npm package world-atlas (Natural Earth's countries, checked against the
# tarball's hash) and Debian's iso-codes (ISO 3166 numeric to alpha-2); needs npm, once.
WORLD_ATLAS := world-atlas-2.0.2.tgz
WORLD_ATLAS_SHA256 := 032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97
world-map:
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cd "$$tmp" && npm pack --silent world-atlas@2.0.2 >/dev/null && \
	echo "$(WORLD_ATLAS_SHA256)  $(WORLD_ATLAS)" | sha256sum --check --quiet && \
	tar xzf $(WORLD_ATLAS) && cd "$(CURDIR)" && \
	$(PYTHON) scripts/build_world_map.py "$$tmp/package" > alumni/societies/data/world-110m.json

clean:
	rm -rf $(VENV) instance .pytest_cache
