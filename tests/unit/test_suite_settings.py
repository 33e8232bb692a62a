"""The suite's own settings: CI sees the same hypothesis examples every run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = (
    "import tests.conftest\n"
    "from hypothesis import settings\n"
    "print(settings.default.derandomize, settings.default.database, settings.default.deadline)\n"
)


@pytest.mark.parametrize(
    ("ci", "expected"), [("true", "True None None"), (None, "False")], ids=["ci", "developer"]
)
def test_ci_runs_the_same_hypothesis_examples_every_time(ci: str | None, expected: str) -> None:
    """Regression: conftest.py said CI was derandomised while no profile set it."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    if ci is not None:
        env["CI"] = ci
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith(expected), out
