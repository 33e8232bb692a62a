"""Fixtures shared by the test suite: the minimal valid data directory and copies of it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
MINIMAL_DIR = TESTS_DIR / "fixtures" / "minimal"
BROKEN_DIR = TESTS_DIR / "broken"

# No deadline anywhere: a cold or loaded machine can make any example slow.  A
# developer's run explores new examples each time (and keeps failing ones in
# .hypothesis/); CI (CI set, as .ci/run's machine sets it) runs the same examples
# every time, so a red CI is never a roll of the dice.  HYPOTHESIS_PROFILE overrides.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def minimal_dir() -> Path:
    """The committed minimal data directory; tests must not modify it."""
    return MINIMAL_DIR


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the minimal data directory that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL_DIR, target)
    return target


@pytest.fixture(autouse=True)
def data_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty user data directory for each test: the notebook (bookmarks,
    notes) a test writes never reaches the developer's, nor the next test."""
    home = tmp_path_factory.mktemp("data-home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def pytest_configure(config: pytest.Config) -> None:
    """Keep every test's cache and data writes out of the developer's own directories."""
    import tempfile

    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="vnru-test-cache-")
    # Subprocesses and anything before the fixture above runs also stay out.
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="vnru-test-data-")
