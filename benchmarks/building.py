"""Building an archive's index, timed: ``vnru index``.

``vnru index [--data DIR]`` builds or updates the SQLite index of a data
directory and prints the database's path as the last line of its output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ASIDE = ".bench-aside"
"""Suffix of an index moved out of the way while a cold start is measured."""


@dataclass(frozen=True)
class Build:
    """One build of an archive's index, as the benchmark saw it."""

    seconds: float
    """Wall time."""
    cpu_seconds: float
    """User and system time of the process (more than ``seconds``: both cores used)."""
    peak_rss_mb: float
    """The process's peak resident memory."""
    index: Path | None
    """What it built: the database (``vnru index``) or the cache folder."""
    how: str
    """The command timed, for the report."""


def vnru_argv(*args: str) -> list[str]:
    """vnru, run by this interpreter."""
    return [sys.executable, "-m", "tui", *args]


def has_index_command(env: dict[str, str] | None = None) -> bool:
    """Whether this vnru has ``vnru index``."""
    result = subprocess.run(
        vnru_argv("index", "--help"),
        capture_output=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return result.returncode == 0


def run_measured(argv: list[str], env: dict[str, str]) -> tuple[int, str, float, float, float]:
    """Run ``argv`` to its end: (exit code, its output, wall seconds, CPU seconds,
    peak RSS in MB), the last two of this process alone (``wait4``)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **env}
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return (
        process.returncode,
        text,
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
    )


def index_build(data: Path, env: dict[str, str]) -> Build:
    """``vnru index --data DATA``, timed (its output is not a terminal: no progress bar)."""
    argv = vnru_argv("index", "--data", str(data))
    code, text, seconds, cpu, rss = run_measured(argv, env)
    if code != 0:
        raise RuntimeError(f"vnru index exited {code}: {text[-800:]}")
    return Build(seconds, cpu, rss, printed_path(text), "vnru index")


def printed_path(text: str) -> Path | None:
    """The database ``vnru index`` names: its last line, or failing that the last
    line that names a file (None when no line does)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    for line in reversed(lines):
        if line and Path(line).is_file():
            return Path(line)
    return None


def build(data: Path, env: dict[str, str], with_index: bool) -> Build:
    """Build (or update) DATA's index with ``vnru index``, or today's cache without it."""
    if not with_index:
        raise RuntimeError("this vnru has no `vnru index`: the benchmarks time the index")
    return index_build(data, env)


def index_files(index: Path) -> list[Path]:
    """The database and the files SQLite keeps beside it (or the cache folder)."""
    return [index] + [index.with_name(index.name + suffix) for suffix in ("-wal", "-shm")]


def move_aside(index: Path) -> set[str]:
    """Move the index out of the way, so that vnru starts as on a fresh archive;
    returns the names beside it, for :func:`restore`."""
    for path in index_files(index):
        if path.exists():
            path.rename(path.with_name(path.name + ASIDE))
    return set(os.listdir(index.parent)) if index.parent.is_dir() else set()


def restore(index: Path, before: set[str]) -> None:
    """Drop whatever a measured start left where the index was (the index, and
    any new file named after it, such as a half-built temporary copy), and put
    the index back."""
    stem = index.name.split(".")[0]
    left = {path.name for path in index_files(index)}
    if index.parent.is_dir():
        left |= {name for name in set(os.listdir(index.parent)) - before if stem in name}
    for name in left:
        path = index.parent / name
        if name.endswith(ASIDE):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
    for path in index_files(index):
        aside = path.with_name(path.name + ASIDE)
        if aside.exists():
            aside.rename(path)


def remove(index: Path) -> None:
    """Delete the index (the database and SQLite's files beside it, or the cache folder)."""
    for path in index_files(index):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
