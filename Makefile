# vnru — the README's commands.  Every target bootstraps .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: install run test test-latest check lint format bench bench-1m bench-serve lock outdated clean

install: $(STAMP)

# Installs exactly the locked versions (every one hashed), then vnru itself with the
# locked build backend. A changed lock starts from a new .venv, so nothing the old
# lock installed lingers; `make install` is quick when neither file changed.
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "vnru needs Python 3.11 or newer; set PYTHON=python3.11")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCK)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(PIP) check
	@touch $(STAMP)

# Re-resolves the lock from pyproject.toml, keeping every pin that still fits.
# Upgrade one dependency: make lock LOCK_ARGS="--upgrade-package pyyaml"; all: LOCK_ARGS=--upgrade
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --quiet $(LOCK_ARGS) -o $(LOCK)

# What newer releases exist for the locked packages (asks the package index).
outdated: install
	$(PIP) list --outdated --exclude pip --exclude setuptools

run: install
	$(BIN)/vnru $(ARGS)

# Two workers a core: a Pilot test spends part of its time waiting for the app to
# answer, which another worker's test can use (2 cores: 4 workers ~120 s, 2 ~160 s).
WORKERS ?= $(shell $(PYTHON) -c 'import os; print(2 * (os.cpu_count() or 1))')

test: install
	$(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

# The suite against the newest release of every dependency pyproject.toml admits
# (what `pip install .` gives a user today), in its own .venv-latest; the tests
# that check the environment against the lock are left out.
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --disable-pip-version-check --upgrade -e ".[dev]"
	.venv-latest/bin/python -m pytest -n $(WORKERS) -m "not locked" $(PYTEST_ARGS)

# Benchmarks: start-up, load, keystroke and cursor latency, memory at 100,000 events.
# Updates the 100k section of benchmarks/RESULTS.md (a few minutes: the first, uncached load is most of it).
bench: install
	$(BIN)/python -m benchmarks.run --out benchmarks/RESULTS.md $(BENCH_ARGS)

# vnru serve under load: 8 sessions on loopback for 60 s writing notes (none may be lost),
# and the first frame in Chromium; appends a dated section to benchmarks/RESULTS.md.
bench-serve: install
	$(BIN)/python -m benchmarks.serve_load --out benchmarks/RESULTS.md $(BENCH_SERVE_ARGS)

# The same at 1,000,000 events (100,000 articles, 200,000 people, 50,000 agreements,
# split over 1,000 files a collection): generation ~1 min, the cold `vnru index`
# (target <= 15 min), a live-UI probe, starts, keys and one edited record; ~25 min
# in all. Keep the 1.4 GB archive for the next run: BENCH_ARGS="--work DIR --keep".
# Updates the 1M section of benchmarks/RESULTS.md.
bench-1m: install
	$(BIN)/python -m benchmarks.million --out benchmarks/RESULTS.md $(BENCH_ARGS)

check: install
	$(BIN)/ruff format --check tui tests benchmarks
	$(BIN)/ruff check tui tests benchmarks
	$(BIN)/mypy

format: install
	$(BIN)/ruff format tui tests
	$(BIN)/ruff check --fix tui tests

clean:
	rm -rf $(VENV) .venv-latest build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
