"""Appending records as text: the user's file is kept byte for byte, a bad change writes nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tui.core.index.reader import load_knowledge_base
from tui.core.models import Citation
from tui.ingest.appending import WriteError, add_citation, append_record, undo

BUNDLED = Path(__file__).resolve().parents[2] / "data"
QUOTE = (
    "According to the diplomat, the enforcement of the agreement has helped raise "
    "Vietnam-Russia trade to US$5.7 billion by 2020, despite the impact of the COVID-19 pandemic."
)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    target = tmp_path / "archive"
    shutil.copytree(BUNDLED, target)
    return target


def event(record_id: str = "2020-trade-figure", **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": record_id,
        "date": "2020",
        "title": "Trade: US$5.7 billion",
        "description": "Bilateral trade by 2020.",
        "topics": ["trade-economy"],
        "citations": [{"source": "vov-2021-03-strategic-partnership", "quote": QUOTE}],
    }
    record.update(changes)
    return record


def test_an_append_keeps_the_file_as_it_was_before_it(archive: Path) -> None:
    path = archive / "events.yaml"
    before = path.read_text(encoding="utf-8")
    change = append_record(archive, "event", event())
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before) and after != before
    assert "# " in after[: len(before)]  # the user's comments are still there
    kb = load_knowledge_base(archive)
    assert kb.by_id["2020-trade-figure"].title == "Trade: US$5.7 billion"  # type: ignore[union-attr]
    undo(change)
    assert path.read_text(encoding="utf-8") == before


def test_an_invalid_record_writes_nothing(archive: Path) -> None:
    before = (archive / "events.yaml").read_bytes()
    with pytest.raises(WriteError, match="topics"):
        append_record(archive, "event", event(topics=["gardening"]))
    assert (archive / "events.yaml").read_bytes() == before


def test_a_file_that_would_not_parse_after_the_append_is_left_alone(archive: Path) -> None:
    path = archive / "events.yaml"
    path.write_text("[]\n", encoding="utf-8")  # a flow-style list: '- ' cannot follow it
    with pytest.raises(WriteError, match="block-style"):
        append_record(archive, "event", event())
    assert path.read_text(encoding="utf-8") == "[]\n"


def test_a_write_that_fails_midway_loses_nothing(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The atomic write's rename fails (a full disk, say): the file is as it was."""
    before = (archive / "events.yaml").read_bytes()

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(WriteError, match="No space left"):
        append_record(archive, "event", event())
    assert (archive / "events.yaml").read_bytes() == before
    assert not [p for p in archive.iterdir() if p.name.endswith(".tmp")]


def test_a_folder_collection_gets_the_record_in_its_last_file(archive: Path) -> None:
    (archive / "events").mkdir()
    shutil.move(archive / "events.yaml", archive / "events" / "a.yaml")
    (archive / "events" / "b.yaml").write_text("# more events\n", encoding="utf-8")
    append_record(archive, "event", event())
    assert "2020-trade-figure" in (archive / "events" / "b.yaml").read_text(encoding="utf-8")
    assert load_knowledge_base(archive).by_id["2020-trade-figure"]


def test_a_citation_is_inserted_into_its_record_and_nothing_else_changes(archive: Path) -> None:
    path = archive / "people.yaml"
    before = path.read_text(encoding="utf-8")
    kb = load_knowledge_base(archive)
    cited = len(kb.by_id["dmitry-peskov"].citations)  # type: ignore[union-attr]
    citation = Citation(source="vov-2021-03-strategic-partnership", quote=QUOTE)
    change = add_citation(archive, "person", "dmitry-peskov", citation, "people.yaml")
    after = path.read_text(encoding="utf-8")
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert removed == []
    assert len(after.splitlines()) > len(before.splitlines())
    record = load_knowledge_base(archive).by_id["dmitry-peskov"]
    assert len(record.citations) == cited + 1  # type: ignore[union-attr]
    assert record.citations[-1] == citation  # type: ignore[union-attr]
    undo(change)
    assert path.read_text(encoding="utf-8") == before


def test_undo_refuses_when_the_file_changed_since(archive: Path) -> None:
    change = append_record(archive, "event", event())
    with (archive / "events.yaml").open("a", encoding="utf-8") as stream:
        stream.write("# a comment the user added\n")
    with pytest.raises(WriteError, match="changed since"):
        undo(change)
