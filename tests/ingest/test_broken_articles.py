"""Every folder under tests/broken_articles/ is an input ``vnru add`` must refuse.

Each holds an ``expected.txt`` (lines starting with ``#`` describe the case;
the others must all appear in the error output) and, unless the case is made by
the test (:data:`MADE`), the input itself as ``article.*``. The command must
print one line per problem, exit 1 without a traceback, and write nothing: the
archive it was given does not even come into being.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.cli import main

BROKEN = Path(__file__).resolve().parents[1] / "broken_articles"
CASES = sorted(path.name for path in BROKEN.iterdir() if path.is_dir())
ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "dateline-moscow.txt"


def _too_large(tmp: Path, _archive: Path) -> Path:
    path = tmp / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(6 * 1024 * 1024)  # sparse: no 6 MiB written to disk
    return path


def _directory(tmp: Path, _archive: Path) -> Path:
    path = tmp / "saved.html"
    path.mkdir()
    return path


def _missing(tmp: Path, _archive: Path) -> Path:
    return tmp / "no-such-article.html"


def _escapes(tmp: Path, archive: Path) -> Path:
    outside = tmp / "outside"
    outside.mkdir()
    archive.mkdir()
    (archive / "sources.yaml").write_text("# sources\n", encoding="utf-8")
    (archive / "events.yaml").write_text("# events\n", encoding="utf-8")
    (archive / "sources").symlink_to(outside, target_is_directory=True)
    return ARTICLE


MADE: dict[str, Callable[[Path, Path], Path]] = {
    "too-large": _too_large,
    "directory": _directory,
    "missing": _missing,
    "escapes-data-dir": _escapes,
}


def expected_lines(case: str) -> list[str]:
    text = (BROKEN / case / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def files_under(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    } | {"<outside>": b"".join(p.read_bytes() for p in sorted(root.parent.glob("outside/*")))}


def test_cases_are_found() -> None:
    assert len(CASES) >= 10
    assert set(MADE) <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_a_broken_article_is_refused_and_nothing_is_written(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    if case in MADE:
        path = MADE[case](tmp_path, archive)
    else:
        [path] = sorted((BROKEN / case).glob("article.*"))
    before = files_under(archive)
    existed = archive.exists()
    assert main(["add", str(path), "--data", str(archive), "--no-review"]) == 1
    err = capsys.readouterr().err
    for line in expected_lines(case):
        assert line in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert archive.exists() == existed
    assert files_under(archive) == before


def test_a_case_without_its_input_fails_loudly() -> None:
    """Guard: every case not made by the test carries its input file."""
    for case in CASES:
        if case not in MADE:
            assert list((BROKEN / case).glob("article.*")), case
    assert os.path.isdir(BROKEN)
