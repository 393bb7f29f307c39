# Report archive. `make site` builds site/, `make test` runs every test.
# Both set up what they need on first use (a virtual environment in .venv/,
# and for the tests Debian's Chromium, nginx, Java and unzip).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
VENDORED := scripts/vendor/node_modules/.package-lock.json
export NO_MKDOCS_2_WARNING := 1

.PHONY: site docs offline serve test unit lint bench bench-search-10000 test-tools clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --group test
	touch $@

# Browser assets from npm, pinned by scripts/vendor/package-lock.json.
$(VENDORED): scripts/vendor/package.json scripts/vendor/package-lock.json
	npm ci --prefix scripts/vendor --no-audit --no-fund --silent
	touch $@

## site: generate docs/<lang>/ from seeds/ and build site/ (strict; BUILD_ARGS="--languages fr,de" builds a part)
site: $(INSTALLED) $(VENDORED)
	$(PY) scripts/build.py --strict $(BUILD_ARGS)

## docs: generate docs/<lang>/ only
docs: $(INSTALLED)
	$(PY) scripts/build.py --strict --no-site

## offline: dist/report-archive.zip, the site to read from disk with no network
offline: site
	$(PY) scripts/offline.py

## serve: live preview on http://127.0.0.1:8000/ that follows edits to seeds/
serve: $(INSTALLED) $(VENDORED)
	$(PY) scripts/serve.py

## test: the checks (lint), then every test (unit, golden, site, browser, hosting)
test: lint $(INSTALLED) $(VENDORED) test-tools
	$(PY) -m pytest

## lint: ruff (lint and format) over the code, mypy (strict) over the build's package
lint: $(INSTALLED)
	$(PY) -m ruff check scripts tests bench
	$(PY) -m ruff format --check scripts tests bench
	$(PY) -m mypy

## unit: the fast tests only (no MkDocs build, no browser)
unit: $(INSTALLED)
	$(PY) -m pytest -m "not site and not browser"

## bench: time the build on synthetic archives (N = 100, 400, 1000) and the search in Chromium
## (N = 1000, 3000 per language); minutes; build/bench.md
bench: $(INSTALLED) $(VENDORED) test-tools
	$(PY) -m bench

## bench-search-10000: the search alone at 10,000 reports × 4 languages (a long build)
bench-search-10000: $(INSTALLED) $(VENDORED) test-tools
	$(PY) -m bench --search-only --search-sizes 10000 --output build/bench-search-10000.md

test-tools:
	@bash scripts/ensure-test-tools.sh

clean:
	$(PYTHON) scripts/clean.py
