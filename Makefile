# Two set-up commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

AZURITE := .azurite/node_modules/.repdash-installed

.PHONY: run test test-fast check bench demo clean azurite

# Re-install when the venv is missing or older than the project definition.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/repdash

# The checked layers first (seconds), then the suite (Azurite first: the Azure Blob tests need it).
test: export PYTHONDONTWRITEBYTECODE :=
test: check azurite
	$(BIN)/python -m pytest -n 2 -q

# The inner loop: every test but the slow ones (tests/conftest.py says which), ≤ 30 s on 2 cores.
# Compiled tests are kept between runs (__pycache__, git-ignored) even where the environment says
# PYTHONDONTWRITEBYTECODE: without them every run rewrites and compiles each test file's asserts again
# (about 8 s of a 40 s run measured here).
test-fast: export PYTHONDONTWRITEBYTECODE :=
test-fast: $(STAMP) azurite
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

# Azure's storage emulator for the tests (tests/support/azurite.py), pinned in .azurite/package.json and its
# lock, installed into .azurite/node_modules (git-ignored). Without npm the Azure tests skip, saying
# why (outside CI: in CI they fail); Debian: apt-get install nodejs npm.
azurite: $(AZURITE)

$(AZURITE): .azurite/package.json .azurite/package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "note: no npm here: the Azure Blob tests will be skipped (apt-get install nodejs npm)"; \
	elif npm ci --prefix .azurite --ignore-scripts --no-audit --no-fund --loglevel=error; then \
		touch $@; \
	else \
		echo "note: npm could not install Azurite: the Azure Blob tests will say why"; test "$$CI" != true; \
	fi

# Lint and format (ruff), the layers' import contracts (import-linter, pyproject.toml), and
# types of the whole package, the core strictly (mypy, pyproject.toml).
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP) azurite
	$(BIN)/python benchmarks/run_all.py

demo: $(STAMP)
	$(BIN)/repdash demo

clean:
	rm -rf $(VENV) build dist .azurite/node_modules
