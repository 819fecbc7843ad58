# Two set-up commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check bench demo clean

# Re-install when the venv is missing or older than the project definition.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/repdash

# The checked layers first (seconds), then the suite.
test: check
	$(BIN)/python -m pytest -n 2 -q

# Lint and format (ruff), the layers' import contracts (import-linter, pyproject.toml), and
# types of the core, the store and sync (mypy, pyproject.toml).
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

demo: $(STAMP)
	$(BIN)/repdash demo

clean:
	rm -rf $(VENV) build dist
