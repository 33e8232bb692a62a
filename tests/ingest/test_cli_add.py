"""``vnru add``: the JSON contract, what is written, and what is refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.index.reader import load_knowledge_base
from tui.ingest.archive import default_archive
from tui.ingest.inbox import Inbox

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
BUNDLED = Path(__file__).resolve().parents[2] / "data"
HTML = ARTICLES / "lavrov-hanoi.html"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A copy of the bundled data, to add to."""
    target = tmp_path / "archive"
    shutil.copytree(BUNDLED, target)
    return target


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_dry_run_json_follows_the_contract(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(archive)
    assert main(["add", str(HTML), "--data", str(archive), "--dry-run", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    source = payload["source"]
    assert set(source) == {"id", "title", "outlet", "author", "published", "url", "text"}
    text = source["text"]
    assert payload["suggestions"]
    kinds = {s["kind"] for s in payload["suggestions"]}
    assert kinds <= {"event", "person", "agreement", "organization", "place", "figure"}
    assert {"event", "person", "organization", "figure"} <= kinds
    for suggestion in payload["suggestions"]:
        assert text[suggestion["start"] : suggestion["end"]] == suggestion["quote"]
        if suggestion["kind"] == "event":
            assert suggestion["date"] and suggestion["date_certainty"] in ("stated", "inferred")
        if suggestion["kind"] == "figure":
            assert "value" in suggestion and "unit" in suggestion and "conflicts" in suggestion
    assert any(s.get("match") == "dang-minh-khoi" for s in payload["suggestions"])
    assert snapshot(archive) == before  # a dry run writes nothing


def test_adding_appends_the_source_as_text_and_fills_the_inbox(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources_before = (archive / "sources.yaml").read_text(encoding="utf-8")
    assert main(["add", str(HTML), "--data", str(archive), "--no-review"]) == 0
    out = capsys.readouterr().out
    assert f"vnru --data {archive}" in out
    sources_after = (archive / "sources.yaml").read_text(encoding="utf-8")
    assert sources_after.startswith(sources_before)  # comments and formatting kept
    kb = load_knowledge_base(archive)
    [new] = [s for s in kb.sources if s.outlet == "Hanoi Courier"]
    assert new.byline == "Lê Thị Thu Hằng"
    assert new.published == "2024-07-06"
    assert kb.texts[new.id] == read_text(archive / new.file)
    [(source_id, pending)] = list(Inbox(archive).articles())
    assert source_id == new.id and pending.open


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_same_article_twice_is_refused_with_its_id(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", str(HTML), "--data", str(archive), "--no-review"]) == 0
    capsys.readouterr()
    before = snapshot(archive)
    assert main(["add", str(HTML), "--data", str(archive), "--no-review"]) == 1
    err = capsys.readouterr().err
    assert "already in the archive as source 'hanoi-courier-2024-07-lavrov-in-hanoi" in err
    assert snapshot(archive) == before


def test_a_batch_with_one_bad_article_writes_nothing(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(archive)
    missing = tmp_path / "missing.html"
    assert main(["add", str(HTML), str(missing), "--data", str(archive)]) == 1
    assert f"{missing}: no such file" in capsys.readouterr().err
    assert snapshot(archive) == before


def test_the_bundled_data_is_never_written(capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(BUNDLED)
    assert main(["add", str(HTML), "--data", str(BUNDLED)]) == 1
    assert "never written" in capsys.readouterr().err
    assert snapshot(BUNDLED) == before


def test_the_default_archive_is_created_empty_and_valid_on_first_use(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = default_archive()
    assert not root.exists()
    assert main(["add", str(ARTICLES / "dateline-moscow.txt"), "--no-review"]) == 0
    kb = load_knowledge_base(root)
    assert [s.title for s in kb.sources] == [
        "Vietnam and Russia agree to expand energy cooperation"
    ]
    assert len(kb.events) == 0
    assert str(root) in capsys.readouterr().out


def test_many_articles_in_one_command(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = sorted(str(p) for p in ARTICLES.iterdir())
    assert main(["add", *paths, "--data", str(archive), "--no-review", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert len(payload["added"]) == len(paths)
    kb = load_knowledge_base(archive)
    assert len(kb.sources) == 5 + len(paths)
    files = sorted(s.file for s in kb.sources)
    assert len(set(files)) == len(files)
