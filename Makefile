# vnru — the README's commands.  Every target bootstraps .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test check lint format bench clean

install: $(STAMP)

# Re-installs only when pyproject.toml changes: `make install` is quick when nothing did.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "vnru needs Python 3.11 or newer; set PYTHON=python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

run: install
	$(BIN)/vnru $(ARGS)

test: install
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# Benchmarks: start-up, load, keystroke and cursor latency, memory at 100,000 events.
# Writes benchmarks/RESULTS.md (a few minutes: the first, uncached load is most of it).
bench: install
	$(BIN)/python -m benchmarks.run --out benchmarks/RESULTS.md $(BENCH_ARGS)

check: install
	$(BIN)/ruff format --check tui tests benchmarks
	$(BIN)/ruff check tui tests benchmarks
	$(BIN)/mypy

format: install
	$(BIN)/ruff format tui tests
	$(BIN)/ruff check --fix tui tests

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
