"""Every folder under tests/broken/ is a data directory broken in exactly one way.

Each holds an ``expected.txt``: lines that must all appear in the error output
(lines starting with ``#`` describe the case). The loader must raise a
``DataError`` naming them, and ``vnru validate`` must print them to stderr and
exit 1 without a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app import VnruApp
from tui.cli import main
from tui.core.problems import DataError
from tui.core.queries.opening import load_knowledge_base

TESTS_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = TESTS_DIR.parent
BROKEN_DIR = TESTS_DIR / "broken"
CASES = sorted(path.name for path in BROKEN_DIR.iterdir() if path.is_dir())


def _link_outside(data: Path) -> Path:
    """sources/a.txt becomes a symlink to an article outside the data directory."""
    outside = data.parent / "outside.txt"
    outside.write_text(
        (BROKEN_DIR / "quote-not-found" / "sources" / "a.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (data / "sources").mkdir()
    (data / "sources" / "a.txt").symlink_to(outside)
    return data


def _a_file(data: Path) -> Path:
    return data / "events.yaml"


def _fifo(name: str) -> Callable[[Path], Path]:
    """A named pipe where a file is expected: a plain read would wait for a writer forever."""

    def prepare(data: Path) -> Path:
        (data / name).parent.mkdir(exist_ok=True)
        os.mkfifo(data / name)
        return data

    return prepare


def _source_loop(data: Path) -> Path:
    (data / "sources").mkdir()
    (data / "sources" / "a.txt").symlink_to("b.txt")
    (data / "sources" / "b.txt").symlink_to("a.txt")
    return data


def _events_loop(data: Path) -> Path:
    (data / "events.yaml").symlink_to("events.yaml")
    return data


def _directory_loop(data: Path) -> Path:
    loop = data / "loop"
    loop.symlink_to("loop")
    return loop


def _missing_directory(data: Path) -> Path:
    return data / "no-such-directory"


def _unreadable(name: str) -> Callable[[Path], Path]:
    def prepare(data: Path) -> Path:
        if os.geteuid() == 0:
            pytest.skip("root reads files whatever their mode")
        (data / name).chmod(0)
        return data

    return prepare


def _unreadable_directory(data: Path) -> Path:
    if os.geteuid() == 0:
        pytest.skip("root reads directories whatever their mode")
    target = data / "data"
    target.mkdir(mode=0)
    return target


def _events_file(text: str) -> Callable[[Path], Path]:
    """Write a large or deep events.yaml at test time rather than commit it."""

    def prepare(data: Path) -> Path:
        (data / "events.yaml").write_text(text, encoding="utf-8")
        return data

    return prepare


# Cases git cannot hold as plain files (or that are too large to commit): each gets
# the copied folder and returns the path to hand to the loader.
PREPARE: dict[str, Callable[[Path], Path]] = {
    "symlink-outside": _link_outside,
    "file-instead-of-directory": _a_file,
    "fifo-source-file": _fifo("sources/a.txt"),
    "fifo-data-file": _fifo("events.yaml"),
    "symlink-loop-source": _source_loop,
    "symlink-loop-data-file": _events_loop,
    "symlink-loop-directory": _directory_loop,
    "missing-directory": _missing_directory,
    "unreadable-source-file": _unreadable("sources/a.txt"),
    "unreadable-data-file": _unreadable("events.yaml"),
    "unreadable-directory": _unreadable_directory,
    "deeply-nested": _events_file("- " + "[" * 100_000 + "]" * 100_000 + "\n"),
    "huge-single-line": _events_file("- id: ev-huge\n  description: " + "x" * 3 * 2**20 + "\n"),
    "large-flow-style-file": _events_file("[" + "1," * 1_100_000 + "1]\n"),
}


def expected_lines(case: str) -> list[str]:
    text = (BROKEN_DIR / case / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.fixture
def broken(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, list[str]]:
    """A copy of the case folder (without expected.txt) and the lines it must produce."""
    case: str = request.param
    data = tmp_path / "data"
    shutil.copytree(BROKEN_DIR / case, data, ignore=shutil.ignore_patterns("expected.txt"))
    target = PREPARE.get(case, lambda path: path)(data)
    return target, expected_lines(case)


def test_every_case_says_what_to_expect() -> None:
    assert len(CASES) >= 25
    for case in CASES:
        assert expected_lines(case), f"{case}/expected.txt names no expected output"


@pytest.mark.parametrize("broken", CASES, indirect=True)
def test_loader_reports_the_problem(broken: tuple[Path, list[str]]) -> None:
    target, expected = broken
    with pytest.raises(DataError) as error:
        load_knowledge_base(target)
    message = str(error.value)
    for line in expected:
        assert line in message


@pytest.mark.parametrize("broken", CASES, indirect=True)
def test_validate_command_reports_the_problem(broken: tuple[Path, list[str]]) -> None:
    target, expected = broken
    result = subprocess.run(
        [sys.executable, "-m", "tui", "validate", str(target)],
        cwd=REPO_ROOT,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for char in ("\x1b", "\x07", "\x9b", "\x00"):
        assert char not in result.stderr, f"{char!r} would reach the terminal"
    for line in expected:
        assert line in result.stderr
    assert result.returncode == 1, result.stderr


@pytest.mark.parametrize("broken", CASES, indirect=True)
def test_explore_reports_the_problem_before_any_ui_starts(
    broken: tuple[Path, list[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``vnru --data DIR`` answers as ``vnru validate DIR`` does, before the interface."""
    target, expected = broken

    def run(_app: object) -> None:
        raise AssertionError("the interface started on a broken directory")

    monkeypatch.setattr(VnruApp, "run", run)
    assert main(["--data", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    for line in expected:
        assert line in captured.err


def test_validate_command_accepts_the_minimal_directory(minimal_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "validate", str(minimal_dir)],
        cwd=REPO_ROOT,
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == (
        f"OK: {minimal_dir}: 2 sources, 9 events, 3 people, 3 agreements, "
        "1 organisation, 0 places, 0 figures, 17 citations\n"
    )


def test_debug_flag_shows_the_traceback(tmp_path: Path) -> None:
    """--debug is the one way to get a traceback for a data problem."""
    with pytest.raises(DataError):
        main(["--debug", "validate", str(tmp_path)])
