"""The notebook store: bookmarks and notes survive, and nothing the user wrote is lost."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from tui.core.files.atomic import set_aside, write_atomically
from tui.core.outputs.notebook import (
    BOOKMARK_MARK,
    BUNDLED,
    NOTE_LIMIT,
    NOTE_MARK,
    Notebook,
    NotebookError,
    data_key,
    notebook_path,
)
from tui.core.paths import default_data_dir
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.opening import load_knowledge_base


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(Path(__file__).resolve().parents[1] / "fixtures" / "minimal")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "vnru" / "notebook.json"


def test_the_notebook_lives_in_the_user_data_directory(data_home: Path) -> None:
    """XDG_DATA_HOME is honoured (the test fixture points it at a temporary directory)."""
    if sys.platform != "linux":
        pytest.skip("XDG_DATA_HOME is the Linux convention")
    assert notebook_path() == data_home / "vnru" / "notebook.json"


def test_a_missing_file_is_an_empty_notebook_without_warnings(path: Path) -> None:
    notebook = Notebook.open(path)
    assert notebook.items == {}
    assert notebook.take_warnings() == []
    assert notebook.read_only is None
    assert not path.exists()  # reading never creates the file


def test_bookmark_and_note_persist_across_opening(kb: KnowledgeBase, path: Path) -> None:
    notebook = Notebook.open(path)
    assert notebook.toggle_bookmark(kb, "ev-ties") is True
    notebook.set_note(kb, "ev-ho-visit", "  Check the date.  ")
    again = Notebook.open(path)
    assert again.is_bookmarked("ev-ties")
    assert again.note("ev-ho-visit") == "Check the date."
    assert not again.is_bookmarked("ev-ho-visit")
    assert again.mark("ev-ties") == BOOKMARK_MARK
    assert again.mark("ev-ho-visit") == NOTE_MARK
    assert again.mark("ev-trade-2023") == ""
    entry = again.entry("ev-ties")
    assert entry is not None
    assert (entry.kind, entry.label) == ("event", "Diplomatic relations established")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "vnru-notebook"
    assert data["version"] == 1


def test_unbookmarking_keeps_the_note_and_an_empty_item_is_dropped(
    kb: KnowledgeBase, path: Path
) -> None:
    notebook = Notebook.open(path)
    notebook.toggle_bookmark(kb, "ev-ties")
    notebook.set_note(kb, "ev-ties", "keep me")
    assert notebook.toggle_bookmark(kb, "ev-ties") is False
    assert Notebook.open(path).note("ev-ties") == "keep me"
    notebook.set_note(kb, "ev-ties", "")
    assert "ev-ties" not in Notebook.open(path).items


def test_the_citation_style_is_remembered(kb: KnowledgeBase, path: Path) -> None:
    notebook = Notebook.open(path)
    assert notebook.citation_style == "plain"
    notebook.set_citation_style("bibtex")
    assert Notebook.open(path).citation_style == "bibtex"


def test_writes_are_atomic_and_leave_no_temporary_files(kb: KnowledgeBase, path: Path) -> None:
    notebook = Notebook.open(path)
    for record_id in ("ev-ties", "ev-ho-visit", "ev-trade-2023"):
        notebook.toggle_bookmark(kb, record_id)
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    json.loads(path.read_text(encoding="utf-8"))  # whole


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression guard for atomicity: a crash mid-write must not truncate the file."""
    target = tmp_path / "file.json"
    write_atomically(target, "old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe garbage",
        b"[]",
        b'{"format": "vnru-notebook", "version": 1, "items": {"x": 3}}',
    ],
    ids=["syntax", "not-utf8", "not-an-object", "bad-item"],
)
def test_a_corrupt_file_is_set_aside_with_a_warning(
    kb: KnowledgeBase, path: Path, content: bytes
) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    notebook = Notebook.open(path)
    warnings = notebook.take_warnings()
    assert len(warnings) == 1
    assert "notebook.json.corrupt" in warnings[0]
    assert (path.parent / "notebook.json.corrupt").read_bytes() == content
    assert notebook.items == {}
    notebook.toggle_bookmark(kb, "ev-ties")  # a new notebook works
    assert Notebook.open(path).is_bookmarked("ev-ties")


def test_an_earlier_corrupt_file_is_never_overwritten(path: Path) -> None:
    path.parent.mkdir(parents=True)
    (path.parent / "notebook.json.corrupt").write_text("first")
    path.write_text("second {")
    Notebook.open(path)
    path.write_text("third {")
    notebook = Notebook.open(path)
    assert (path.parent / "notebook.json.corrupt").read_text() == "first"
    assert (path.parent / "notebook.json.corrupt-2").read_text() == "second {"
    assert (path.parent / "notebook.json.corrupt-3").read_text() == "third {"
    assert "notebook.json.corrupt-3" in notebook.take_warnings()[0]


def test_set_aside_numbers_past_existing_files(tmp_path: Path) -> None:
    target = tmp_path / "x"
    for text in ("a", "b", "c"):
        target.write_text(text)
        set_aside(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.corrupt", "x.corrupt-2", "x.corrupt-3"]


def test_a_newer_format_is_shown_read_only_and_never_changed(kb: KnowledgeBase, path: Path) -> None:
    path.parent.mkdir(parents=True)
    newer = {
        "format": "vnru-notebook",
        "version": 2,
        "items": {
            "ev-ties": {
                "kind": "event",
                "label": "Ties",
                "data": "bundled",
                "bookmarked": True,
                "note": "n",
                "created": "2025-01-01T00:00:00Z",
                "updated": "2025-01-01T00:00:00Z",
                "colour": "red",
            }
        },
    }
    text = json.dumps(newer)
    path.write_text(text)
    notebook = Notebook.open(path)
    assert "newer vnru" in notebook.take_warnings()[0]
    assert notebook.is_bookmarked("ev-ties")  # shown as far as understood
    with pytest.raises(NotebookError, match="newer vnru"):
        notebook.toggle_bookmark(kb, "ev-ho-visit")
    assert notebook.is_bookmarked("ev-ho-visit")  # kept for the session
    assert path.read_text() == text  # the file is untouched


def test_an_unreadable_file_opens_read_only_and_is_left_alone(
    kb: KnowledgeBase, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    real_read = Path.read_bytes

    def unreadable(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    notebook = Notebook.open(path)
    assert "could not be read (Permission denied)" in notebook.take_warnings()[0]
    with pytest.raises(NotebookError, match="Not saved"):
        notebook.toggle_bookmark(kb, "ev-ties")
    monkeypatch.undo()
    assert path.read_text() == "{}"
    assert not (path.parent / "notebook.json.corrupt").exists()


def test_a_failed_save_says_why_and_keeps_the_change_for_the_session(
    kb: KnowledgeBase, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.core.outputs.notebook as notebook_module

    notebook = Notebook.open(path)

    def full_disk(target: Path, text: str, private: bool = False) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(notebook_module, "write_atomically", full_disk)
    with pytest.raises(NotebookError, match=r"No space left on device.*for this session only"):
        notebook.set_note(kb, "ev-ties", "unsaved")
    assert notebook.note("ev-ties") == "unsaved"


def test_two_windows_never_undo_each_other(kb: KnowledgeBase, path: Path) -> None:
    """A change is applied to the file as it is on disk, not to a stale copy."""
    first = Notebook.open(path)
    second = Notebook.open(path)
    first.toggle_bookmark(kb, "ev-ties")
    second.set_note(kb, "ev-ho-visit", "from the second window")
    merged = Notebook.open(path)
    assert merged.is_bookmarked("ev-ties")
    assert merged.note("ev-ho-visit") == "from the second window"


def test_a_too_long_note_is_refused(kb: KnowledgeBase, path: Path) -> None:
    notebook = Notebook.open(path)
    with pytest.raises(NotebookError, match="at most"):
        notebook.set_note(kb, "ev-ties", "x" * (NOTE_LIMIT + 1))
    assert notebook.note("ev-ties") == ""


def test_items_missing_from_the_data_are_kept_and_shown(
    kb: KnowledgeBase, path: Path, minimal_dir: Path, tmp_path: Path
) -> None:
    notebook = Notebook.open(path)
    notebook.toggle_bookmark(kb, "ev-ties")
    notebook.set_note(kb, "ev-ho-visit", "a note")
    changed = tmp_path / "changed"
    shutil.copytree(minimal_dir, changed)
    events = changed / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("id: ev-ties", "id: ev-ties-renamed"), encoding="utf-8")
    # the same archive, updated in place: its items keep their data key
    notebook2 = Notebook.open(path)
    for entry in notebook2.items.values():
        assert entry.data == data_key(minimal_dir)
    moved = load_knowledge_base(changed)
    items = notebook2.items_for(moved)
    # made in another directory and absent here: hidden, but counted
    assert [i.record_id for i in items] == ["ev-ho-visit"]
    assert notebook2.hidden_count(moved) == 1
    # in the directory they were made in, a missing record stays listed
    same_place = load_knowledge_base(minimal_dir)
    assert [(i.record_id, i.present) for i in notebook2.items_for(same_place)] == [
        ("ev-ties", True),
        ("ev-ho-visit", True),
    ]
    fake = Notebook.open(path)
    fake.items["ev-gone"] = fake.items["ev-ties"].model_copy(update={"label": "Gone"})
    listed = fake.items_for(same_place)
    assert listed[-1].record_id == "ev-gone" and not listed[-1].present
    fake.toggle_bookmark(same_place, "ev-gone")  # still editable while missing
    assert not fake.is_bookmarked("ev-gone")


def test_items_are_listed_events_first_in_timeline_order(kb: KnowledgeBase, path: Path) -> None:
    notebook = Notebook.open(path)
    for record_id in ("putin", "ev-statement", "ev-ties", "a"):
        notebook.toggle_bookmark(kb, record_id)
    assert [i.record_id for i in notebook.items_for(kb)] == [
        "ev-ties",
        "ev-statement",
        "putin",
        "a",
    ]


def test_the_bundled_data_has_a_stable_key() -> None:
    """Bookmarks in the bundled data survive reinstalling vnru (its path changes)."""
    assert data_key(default_data_dir()) == BUNDLED


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_exports_get_ordinary_permissions_and_the_notebook_private_ones(
    kb: KnowledgeBase, path: Path, tmp_path: Path
) -> None:
    """Regression guard: temporary files are owner-only; an export must not stay so."""
    old = os.umask(0o022)
    try:
        export = tmp_path / "brief.md"
        write_atomically(export, "x")
        assert export.stat().st_mode & 0o777 == 0o644
        Notebook.open(path).toggle_bookmark(kb, "ev-ties")
        assert path.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


def test_bookmarked_places_and_figures_are_listed_in_the_registrys_order(path: Path) -> None:
    """Regression: the order of kinds was a table of five, and a bookmarked figure
    or place (kinds added later) raised KeyError when the Bookmarks view opened."""
    kb = load_knowledge_base(default_data_dir())
    notebook = Notebook.open(path)
    for record_id in ("bilateral-trade-2020", "hanoi", "vladimir-putin"):
        notebook.toggle_bookmark(kb, record_id)
    assert [i.record_id for i in notebook.items_for(kb)] == [
        "vladimir-putin",
        "hanoi",
        "bilateral-trade-2020",
    ]
