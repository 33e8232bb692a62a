"""The index: built once, updated file by file, never served stale or damaged."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from tui.core.files import loading
from tui.core.index.build import sort_blob, update_index
from tui.core.index.schema import SCHEMA_VERSION, index_path
from tui.core.kinds import KINDS
from tui.core.problems import DataError
from tui.core.queries import opening
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.opening import (
    IndexDamaged,
    IndexStale,
    cached_knowledge_base,
    check_current,
    open_index,
    open_knowledge_base,
)

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "minimal"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the minimal data directory."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """An empty directory for indexes."""
    return tmp_path / "cache"


def snapshot(kb: KnowledgeBase) -> dict[str, object]:
    """Everything a user sees, as plain data, to compare two builds."""
    return {
        **{kind.collection: [r.model_dump() for r in kb.store(kind.collection)] for kind in KINDS},
        "rows": {kind.collection: list(kb.rows[kind.collection]) for kind in KINDS},
        "person_events": dict(kb.person_events),
        "source_records": dict(kb.source_records),
        "spans": [kb.span_of(c) for e in kb.events for c in e.citations],
    }


def parsed_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the data files the build parses from now on."""
    seen: list[str] = []
    real = loading.parse_file

    def spy(root, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(name)
        return real(root, name, *args, **kwargs)

    monkeypatch.setattr(loading, "parse_file", spy)
    return seen


def edit_first_title(path: Path, suffix: str = " (edited)") -> None:
    status = path.stat()
    text = path.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith("title:"))
    path.write_text(text.replace(first, first + suffix, 1), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # same mtime: content decides


def test_the_second_open_reads_nothing_and_matches(data: Path, cache: Path) -> None:
    cold, cold_current = open_knowledge_base(data, directory=cache)
    warm, warm_current = open_knowledge_base(data, directory=cache)
    assert (cold_current, warm_current) == (False, True)
    assert snapshot(warm) == snapshot(cold)


def test_the_database_records_its_schema_and_holds_the_contract_tables(
    data: Path, cache: Path
) -> None:
    path = update_index(data, directory=cache).path
    assert path == index_path(data, cache)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        for table in ("events", "people", "agreements", "organizations", "sources", "citations"):
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            assert "id" in columns if table != "citations" else "record" in columns
        quote, start, end, source = db.execute(
            'SELECT quote, start, "end", source FROM citations LIMIT 1'
        ).fetchone()
        article = (
            data / db.execute("SELECT path FROM articles WHERE source = ?", (source,)).fetchone()[0]
        ).read_text(encoding="utf-8")
        assert " ".join(article[start:end].split()) == " ".join(quote.split())


def test_only_the_changed_file_is_read_again(
    data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    update_index(data, directory=cache)
    seen = parsed_files(monkeypatch)
    edit_first_title(data / "events.yaml")
    kb, current = open_knowledge_base(data, directory=cache)
    assert not current
    assert seen == ["events.yaml"]
    assert any(event.title.endswith("(edited)") for event in kb.events)
    from tui.core.queries.matching import Query
    from tui.core.queries.search import Listing

    assert Listing(kb, "events").filter(Query.parse("edited"))  # the text index followed
    seen.clear()
    assert open_knowledge_base(data, directory=cache)[1]
    assert seen == []


def test_an_update_gives_what_a_fresh_build_gives(data: Path, cache: Path, tmp_path: Path) -> None:
    update_index(data, directory=cache)
    edit_first_title(data / "events.yaml")
    people = data / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("name: ", "name: X ", 1), "utf-8")
    updated, _ = open_knowledge_base(data, directory=cache)
    fresh, _ = open_knowledge_base(data, directory=tmp_path / "fresh")
    assert snapshot(updated) == snapshot(fresh)


def test_a_changed_article_is_indexed_again(data: Path, cache: Path) -> None:
    update_index(data, directory=cache)
    article = next((data / "sources").iterdir())
    article.write_text(
        article.read_text(encoding="utf-8") + "\nZebrafinch closing line.\n", "utf-8"
    )
    with pytest.raises(IndexStale):
        check_current(data, index_path(data, cache))
    built = update_index(data, directory=cache)
    assert (built.files_read, built.articles_read) == (0, 1)
    kb, _ = open_knowledge_base(data, directory=cache)
    from tui.core.queries.global_search import SearchIndex

    assert any(hit.kind == "source" for hit in SearchIndex(kb).search("zebrafinch"))


def test_a_broken_edit_is_reported_and_the_index_left_as_it_was(data: Path, cache: Path) -> None:
    before, _ = open_knowledge_base(data, directory=cache)
    expected = snapshot(before)
    events = data / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8") + "- id: broken\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing required field"):
        update_index(data, directory=cache)
    # (Opened as it is: any way vnru opens it sees the edit and updates it again.)
    unchanged = open_index(index_path(data, cache), data)
    assert snapshot(unchanged) == expected
    assert cached_knowledge_base(data, directory=cache, defer_check=True) is None


def test_a_removed_split_file_takes_its_records_with_it(data: Path, cache: Path) -> None:
    text = (data / "events.yaml").read_text(encoding="utf-8")
    records = ["- " + part for part in re.split(r"^- ", text, flags=re.M)[1:]]
    (data / "events").mkdir()
    (data / "events" / "later.yaml").write_text("".join(records[1:]), encoding="utf-8")
    (data / "events.yaml").write_text(records[0], encoding="utf-8")
    both, _ = open_knowledge_base(data, directory=cache)
    total = len(both.events)
    (data / "events" / "later.yaml").unlink()
    after, current = open_knowledge_base(data, directory=cache)
    assert not current
    assert len(after.events) == 1 < total


@pytest.mark.parametrize("damage", ["garbage", "truncate", "flip"])
def test_a_damaged_database_is_rebuilt_not_trusted(data: Path, cache: Path, damage: str) -> None:
    cold, _ = open_knowledge_base(data, directory=cache)
    expected = snapshot(cold)
    path = index_path(data, cache)
    content = bytearray(path.read_bytes())
    if damage == "garbage":
        content = bytearray(b"not a database at all" * 64)
    elif damage == "truncate":
        content = content[: len(content) // 3]
    else:
        for at in range(4096, len(content), 4096):  # the type byte of every page after the first
            content[at] ^= 0xFF
    path.write_bytes(bytes(content))
    with pytest.raises((IndexDamaged, IndexStale)):
        check_current(data, path, thorough=True)
    rebuilt, _ = open_knowledge_base(data, directory=cache)
    assert snapshot(rebuilt) == expected


def test_an_index_of_another_schema_is_rebuilt(data: Path, cache: Path) -> None:
    path = update_index(data, directory=cache).path
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    assert cached_knowledge_base(data, directory=cache) is None
    assert update_index(data, directory=cache).files_read > 0


def test_a_first_build_that_fails_leaves_no_database(data: Path, cache: Path) -> None:
    events = data / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8") + "- id: broken\n", encoding="utf-8")
    with pytest.raises(DataError):
        update_index(data, directory=cache)
    assert list(cache.iterdir()) == []  # neither the database nor a staging file


def test_sort_keys_as_bytes_sort_as_the_keys() -> None:
    keys = [
        (2024, 5),
        (2024,),
        (-44, 1),
        (0, (2024, 5, 1), "b"),
        (0, (2024, 5), "a"),
        ("nguyen", "nguyễn"),
        ("ng", "z"),
        ("ng uyen", "a"),
        (1, (), "z"),
        (0, (), "a"),
    ]
    groups: dict[type, list[tuple[object, ...]]] = {}
    for key in keys:
        groups.setdefault(type(key[0]), []).append(key)
    for group in groups.values():
        assert sorted(group, key=sort_blob) == sorted(group)  # type: ignore[type-var]


def test_a_large_build_parses_in_worker_processes_and_gives_the_same_index(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes (used from PARALLEL_BYTES of data files on) must give what
    parsing in this process gives, problems included."""
    from tui.core.index import build

    serial, _ = open_knowledge_base(data, directory=tmp_path / "serial")
    monkeypatch.setattr(build, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(build.os, "cpu_count", lambda: 2)
    parallel, _ = open_knowledge_base(data, directory=tmp_path / "parallel")
    assert snapshot(parallel) == snapshot(serial)
    events = data / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8") + "- id: broken\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing required field"):
        update_index(data, directory=tmp_path / "parallel-broken")


def test_an_update_sees_what_an_edit_broke_in_files_it_did_not_read(
    data: Path, cache: Path
) -> None:
    """Checks of an update look at the files it read and at whatever pointed to a
    record it removed: a person deleted from people.yaml leaves the events that
    name it (in events.yaml, unchanged) linking to nothing, and an id taken by
    an edited file that an unchanged one already uses is a duplicate."""
    update_index(data, directory=cache)
    people = data / "people.yaml"
    original = people.read_text(encoding="utf-8")
    people.write_text(original.replace("- id: putin\n", "- id: someone-else\n", 1), "utf-8")
    with pytest.raises(DataError) as error:
        update_index(data, directory=cache)
    assert "people links to 'putin', but that id is no record" in str(error.value)
    assert str(error.value).count("events.yaml") >= 2  # both events naming him
    first_event = re.search(r"^- id: (\S+)", (data / "events.yaml").read_text(), re.M)
    assert first_event is not None
    people.write_text(original.replace("- id: ho-chi-minh\n", f"- id: {first_event.group(1)}\n"))
    with pytest.raises(DataError, match=r"duplicate id; already used at events\.yaml:"):
        update_index(data, directory=cache)
    people.write_text(original, "utf-8")
    # The failed updates changed nothing: the file is back as indexed, so not read again.
    assert update_index(data, directory=cache).files_read == 0
    kb, _ = open_knowledge_base(data, directory=cache)
    assert "putin" in kb.by_id


def test_workers_start_where_stderr_is_not_a_file(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: inside the explorer, sys.stderr is Textual's stand-in, whose
    fileno() is -1; multiprocessing handed it to its helper process and the first
    opening of a large archive ended with "bad value(s) in fds_to_keep"."""
    import io
    import sys

    from tui.core.index import build

    class StandIn(io.StringIO):
        def fileno(self) -> int:
            return -1

    monkeypatch.setattr(build, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(build.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(sys, "stderr", StandIn())
    assert update_index(data, directory=tmp_path / "index").files_read > 1


def test_an_edited_data_file_is_seen_before_the_interface_opens(data: Path, cache: Path) -> None:
    """Regression guard for the edit-then-open path of a large archive: a data file
    changed since the index was built makes cached_knowledge_base(defer_check=True)
    give nothing, so the explorer goes straight to the update behind its progress
    screen instead of first showing the old records; an article is left to verify."""
    open_knowledge_base(data, directory=cache)
    assert cached_knowledge_base(data, directory=cache, defer_check=True) is not None
    article = next((data / "sources").iterdir())
    article.write_text(article.read_text(encoding="utf-8") + "\nA late line.\n", "utf-8")
    deferred = cached_knowledge_base(data, directory=cache, defer_check=True)
    assert deferred is not None and deferred.verify is not None
    with pytest.raises(IndexStale):
        deferred.verify()
    events = data / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cached_knowledge_base(data, directory=cache, defer_check=True) is None


def test_a_data_file_added_since_the_index_was_built_is_seen_before_the_interface_opens(
    data: Path, cache: Path
) -> None:
    """A split file added since the index was built changed its folder: the check
    before a large archive's first frame lists the data files again and finds it."""
    open_knowledge_base(data, directory=cache)
    (data / "events").mkdir()
    (data / "events" / "later.yaml").write_text("[]\n", encoding="utf-8")
    assert cached_knowledge_base(data, directory=cache, defer_check=True) is None
    assert update_index(data, directory=cache).files_read == 1


def test_the_check_before_the_first_frame_lists_no_folder_unchanged_since_the_index(
    data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing a large archive's folders took 50-65 ms of its start (the sources'
    folder holds every article): the data files the index was built from are taken
    as they are while no folder has changed since it was written, and ``verify``
    (after the first frame) still lists them."""
    path = update_index(data, directory=cache).path
    written = path.stat().st_mtime_ns
    for folder in (data, *(entry for entry in data.iterdir() if entry.is_dir())):
        os.utime(folder, ns=(written - 10**9, written - 10**9))
    listed: list[str] = []
    real = opening.collection_files

    def recording(root: Path, name: str) -> list[str]:
        listed.append(name)
        return real(root, name)

    monkeypatch.setattr(opening, "collection_files", recording)
    deferred = cached_knowledge_base(data, directory=cache, defer_check=True)
    assert deferred is not None and not listed
    deferred.verify()
    assert listed


def test_a_file_too_recent_to_trust_is_hashed_once_then_trusted(
    data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data file written just before its index was built is compared by content
    at the next start; once it has been still long enough, that start records its
    status, and later starts compare its times only (before, it was hashed before
    every first frame until some other file changed)."""
    from tui.core.files import datadir

    monkeypatch.setattr(datadir, "STABLE_NS", 10**18)  # every file is too recent
    monkeypatch.setattr(opening, "STABLE_NS", 10**18)
    path = update_index(data, directory=cache).path
    with sqlite3.connect(path) as db:
        untrusted = {name for (name,) in db.execute("SELECT path FROM files WHERE mtime_ns = -1")}
    assert "events.yaml" in untrusted
    hashed: list[str] = []
    real = opening.digest_of

    def counting(file: Path) -> str | None:
        hashed.append(file.name)
        return real(file)

    monkeypatch.setattr(opening, "digest_of", counting)
    check_current(data, path)
    assert "events.yaml" in hashed, "still too recent: compared by content"
    hashed.clear()
    check_current(data, path)
    assert "events.yaml" in hashed, "and again, while it is"
    monkeypatch.setattr(opening, "STABLE_NS", 0)  # time has passed
    hashed.clear()
    check_current(data, path)
    assert "events.yaml" in hashed, "compared once more, and found unchanged"
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM files WHERE mtime_ns = -1").fetchone() == (0,)
    hashed.clear()
    check_current(data, path)
    assert hashed == [], "trusted now: its times are enough"
    edit_first_title(data / "events.yaml")  # same mtime, new content: its ctime moved
    with pytest.raises(IndexStale):
        check_current(data, path)


def test_an_index_that_cannot_be_written_is_still_read(
    data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording a settled file's status is a favour: an index this user cannot
    write (or one a build holds) is checked and opened all the same."""
    from tui.core.files import datadir

    monkeypatch.setattr(datadir, "STABLE_NS", 10**18)
    path = update_index(data, directory=cache).path
    monkeypatch.setattr(opening, "STABLE_NS", 0)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")  # a build is writing it (readers may read)
    try:
        check_current(data, path)
        assert cached_knowledge_base(data, directory=cache) is not None
    finally:
        holder.rollback()
        holder.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM files WHERE mtime_ns = -1").fetchone()[0] > 0


def test_an_index_being_written_is_stale_not_damaged(
    data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index another vnru holds locked (a build writing its pages) cannot be read
    for the moment: the check says so (stale: update it), and never removes it as
    damaged, which threw away a build in progress."""
    path = update_index(data, directory=cache).path
    monkeypatch.setattr(opening, "BUSY_SECONDS", 0.05)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(IndexStale, match="being written"):
            check_current(data, path)
        assert cached_knowledge_base(data, directory=cache) is None
    finally:
        holder.rollback()
        holder.close()
    assert path.exists()
    check_current(data, path)  # readable again, and current
