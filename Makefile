# Two entry points for newcomers (see README): `make site` and `make test`.
# Each sets up what it needs first, so both work on a fresh clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint typecheck js unit serve clean golden parity messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/playbook build

serve: $(STAMP)
	$(BIN)/playbook serve

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks scripts
	$(BIN)/ruff format --check generator tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# axe-core (accessibility checks in the browser tests) comes from npm, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

unit: $(STAMP) node_modules/.installed
	scripts/ensure-chromium
	$(BIN)/python -m pytest

# The browser workbench (generator/workbench/*.js): JSDoc types checked by TypeScript, then
# the unit tests and the parity suite (tests/js/) under Node.
js: node_modules/.installed
	npx --no-install tsc -p tsconfig.json
	node --test tests/js/

test: lint typecheck js unit

# After an intended change to a rule the browser shares (conditions, due dates, answers,
# scores, the project-file writer): rewrite tests/fixtures/parity/cases.json from Python, port
# the change to generator/workbench/, and check that `make js` passes again.
parity: $(STAMP)
	$(BIN)/python -m tests.support.parity

# After an intended change to the rendered pages: rewrite tests/fixtures/golden/, then review
# the diff (git diff tests/fixtures/golden) like any other change.
golden: $(STAMP)
	$(BIN)/python -m pytest tests/render/test_golden.py --update-golden -q

# After changing the site's own text (a template, a workbench module, an N_() in Python):
# extract every message into generator/locale/messages.pot and merge it into each language's
# messages.po (babel.cfg says where to look). Then translate what is new (msgstr "") or marked
# fuzzy, and remove the fuzzy mark; tests/render/test_i18n.py fails until that is done.
# A new language: pybabel init -i generator/locale/messages.pot -d generator/locale -l LANG
LOCALE := generator/locale
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg --sort-output --add-location=file --no-wrap \
		--omit-header -k Nn_:1,2 -o $(LOCALE)/messages.pot generator
	$(BIN)/pybabel -q update -i $(LOCALE)/messages.pot -d $(LOCALE) --no-wrap \
		--ignore-pot-creation-date --ignore-obsolete

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
