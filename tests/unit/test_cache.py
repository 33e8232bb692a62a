"""The knowledge-base cache: used when valid, rebuilt when anything changed or broke."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tui.core.cache import (
    CacheCorrupt,
    cached_knowledge_base,
    entry_name,
    fingerprint,
    open_knowledge_base,
    stamps_path,
)
from tui.core.knowledge import KnowledgeBase
from tui.core.problems import DataError

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "minimal"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the minimal data directory."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """An empty cache directory."""
    return tmp_path / "cache"


def entry_of(data: Path, cache: Path) -> Path:
    return cache / entry_name(data, fingerprint(data))


def snapshot(kb: KnowledgeBase) -> dict[str, object]:
    """Everything a user sees, as plain data, to compare two loads."""
    return {
        "events": [event.model_dump() for event in kb.events],
        "people": [person.model_dump() for person in kb.people],
        "agreements": [agreement.model_dump() for agreement in kb.agreements],
        "organizations": [org.model_dump() for org in kb.organizations],
        "sources": [source.model_dump() for source in kb.sources],
        "person_events": dict(kb.person_events),
        "source_records": dict(kb.source_records),
        "spans": [kb.span_of(c) for e in kb.events for c in e.citations],
        "search": kb.search.corpus,
    }


def test_second_open_comes_from_the_cache_and_matches(data: Path, cache: Path) -> None:
    cold, cold_hit = open_knowledge_base(data, directory=cache)
    warm, warm_hit = open_knowledge_base(data, directory=cache)
    assert (cold_hit, warm_hit) == (False, True)
    assert snapshot(warm) == snapshot(cold)


def test_a_changed_yaml_file_is_never_served_stale(data: Path, cache: Path) -> None:
    """The YAML files are keyed by content: an edit gives a new entry, the old one goes."""
    open_knowledge_base(data, directory=cache)
    old_entry = entry_of(data, cache)
    events = data / "events.yaml"
    stat = events.stat()
    text = events.read_text(encoding="utf-8")
    first_title = next(line for line in text.splitlines() if line.strip().startswith("title:"))
    events.write_text(text.replace(first_title, first_title + " (edited)", 1), encoding="utf-8")
    os.utime(events, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: content decides
    kb, hit = open_knowledge_base(data, directory=cache)
    assert not hit
    assert any(event.title.endswith("(edited)") for event in kb.events)
    assert not old_entry.exists()
    assert entry_of(data, cache).is_dir()


def test_a_changed_article_invalidates_the_entry(data: Path, cache: Path) -> None:
    open_knowledge_base(data, directory=cache)
    article = next((data / "sources").iterdir())
    article.write_text(
        article.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8"
    )
    _kb, hit = open_knowledge_base(data, directory=cache)
    assert not hit


def test_an_edit_that_breaks_the_data_is_reported_not_hidden_by_the_cache(
    data: Path, cache: Path
) -> None:
    open_knowledge_base(data, directory=cache)
    events = data / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8") + "- id: broken\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing required field"):
        open_knowledge_base(data, directory=cache)


@pytest.mark.parametrize(
    ("file", "damage"),
    [
        ("core.pickle", "garbage"),
        ("core.pickle", "truncate"),
        ("core.pickle", "flip"),
        ("records.bin", "truncate"),
        ("records.bin", "flip"),
        ("records.bin", "garbage"),
        ("links.pickle", "garbage"),
        ("links.pickle", "truncate"),
        ("links.pickle", "flip"),
    ],
)
def test_a_corrupt_entry_is_rebuilt_not_trusted(
    data: Path, cache: Path, file: str, damage: str
) -> None:
    cold, _ = open_knowledge_base(data, directory=cache)
    target = entry_of(data, cache) / file
    content = bytearray(target.read_bytes())
    if damage == "garbage":
        content = bytearray(b"\x80\x05not a pickle at all" * 8)
    elif damage == "truncate":
        content = content[: len(content) // 2]
    else:
        content[len(content) * 3 // 4] ^= 0xFF
    target.write_bytes(bytes(content))
    assert cached_knowledge_base(data, directory=cache) is None  # refused...
    rebuilt, hit = open_knowledge_base(data, directory=cache)
    assert not hit  # ...and rebuilt from the data files
    assert snapshot(rebuilt) == snapshot(cold)
    assert open_knowledge_base(data, directory=cache)[1]  # the new entry is good


@pytest.mark.parametrize("damage", ["garbage", "truncate", "flip", "empty"])
def test_a_corrupt_search_file_is_rebuilt_from_the_records(
    data: Path, cache: Path, damage: str
) -> None:
    cold, _ = open_knowledge_base(data, directory=cache)
    target = entry_of(data, cache) / "search.bin"
    content = bytearray(target.read_bytes())
    if damage == "garbage":
        content = bytearray(b"VNRU-CACHE frames\n" + b"\x80\x05garbage" * 9)
    elif damage == "truncate":
        content = content[: len(content) * 2 // 3]
    elif damage == "flip":
        content[len(content) * 3 // 4] ^= 0xFF
    else:
        content = bytearray()
    target.write_bytes(bytes(content))
    warm, hit = open_knowledge_base(data, directory=cache)
    assert hit
    assert warm.search.corpus == cold.search.corpus
    assert warm.search.collections == cold.search.collections
    assert warm.search.articles == cold.search.articles
    # ...and the file was written anew, so the next start reads it instead of rebuilding
    from tui.core.cache import _read_frames
    from tui.core.search import assemble_search

    assert assemble_search(_read_frames(target)).corpus == cold.search.corpus


def test_an_unwritable_cache_directory_only_costs_speed(data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    kb, hit = open_knowledge_base(data, directory=blocker / "vnru")
    assert not hit
    assert len(kb.events) > 0


def test_corrupt_cache_is_an_error_type_of_its_own() -> None:
    """CacheCorrupt never escapes as a DataError: the data itself is fine."""
    assert not issubclass(CacheCorrupt, DataError)


def test_an_unchanged_yaml_file_is_not_hashed_again(
    data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Warm start budget: the data files' digests are reused while their status
    is unchanged (and was stable when recorded)."""
    import hashlib

    from tui.core import cache as cache_module

    monkeypatch.setattr(cache_module, "_STABLE_NS", 0)
    first = fingerprint(data, stamps_path(cache, data))
    calls: list[object] = []
    real = hashlib.file_digest
    monkeypatch.setattr(
        hashlib, "file_digest", lambda *args, **kwargs: calls.append(args) or real(*args, **kwargs)
    )
    assert fingerprint(data, stamps_path(cache, data)) == first
    assert calls == []


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(
    data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression guard for the digest reuse: an edit of the same length with its
    modification time put back changes the change time, so it is re-hashed."""
    from tui.core import cache as cache_module

    monkeypatch.setattr(cache_module, "_STABLE_NS", 0)
    events = data / "events.yaml"
    first = fingerprint(data, stamps_path(cache, data))
    before = events.stat()
    text = events.read_text(encoding="utf-8").replace("a", "b", 1)
    # The same edit again until the change time moves: within one tick of the file
    # system's clock an edit cannot be told apart (what _STABLE_NS guards against).
    for _ in range(1000):
        events.write_text(text, encoding="utf-8")
        os.utime(events, ns=(before.st_atime_ns, before.st_mtime_ns))
        if events.stat().st_ctime_ns != before.st_ctime_ns:
            break
        time.sleep(0.001)
    assert events.stat().st_size == before.st_size
    assert events.stat().st_mtime_ns == before.st_mtime_ns
    assert fingerprint(data, stamps_path(cache, data)) != first


def test_a_damaged_stamps_file_only_costs_a_hash(data: Path, cache: Path) -> None:
    stamps = stamps_path(cache, data)
    first = fingerprint(data, stamps)
    stamps.parent.mkdir(parents=True, exist_ok=True)
    stamps.write_text('{"format": "x", "files": [1, 2', encoding="utf-8")
    assert fingerprint(data, stamps) == first


def test_a_deferred_check_still_catches_a_damaged_records_file(data: Path, cache: Path) -> None:
    """Large archives open without the records file's whole checksum; ``verify``
    (run in the background by the app) catches the damage and removes the entry."""
    open_knowledge_base(data, directory=cache)
    entry = entry_of(data, cache)
    good = cached_knowledge_base(data, directory=cache, defer_check=True)
    assert good is not None and good.verify is not None
    good.verify()  # an intact entry passes
    records = entry / "records.bin"
    content = bytearray(records.read_bytes())
    content[len(content) // 2] ^= 0xFF
    records.write_bytes(bytes(content))
    damaged = cached_knowledge_base(data, directory=cache, defer_check=True)
    assert damaged is not None and damaged.verify is not None
    with pytest.raises(CacheCorrupt):
        damaged.verify()
    assert not entry.exists()  # removed: the next open rebuilds it
    assert cached_knowledge_base(data, directory=cache) is None


def test_a_deferred_check_catches_a_changed_article(data: Path, cache: Path) -> None:
    """A large archive's first frame may come before the articles are stamped:
    ``verify`` compares them afterwards and drops the entry when one changed."""
    from tui.core.cache import CacheStale

    open_knowledge_base(data, directory=cache)
    entry = entry_of(data, cache)
    unchanged = cached_knowledge_base(data, directory=cache, defer_check=True)
    assert unchanged is not None and unchanged.verify is not None
    unchanged.verify()
    article = next((data / "sources").iterdir())
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    stale = cached_knowledge_base(data, directory=cache, defer_check=True)
    assert stale is not None and stale.verify is not None  # opened before the stamp...
    with pytest.raises(CacheStale):
        stale.verify()  # ...which then refuses it
    assert not entry.exists()
    assert cached_knowledge_base(data, directory=cache) is None


def test_an_added_or_removed_article_is_a_change(data: Path, cache: Path) -> None:
    open_knowledge_base(data, directory=cache)
    extra = data / "sources" / "extra.txt"
    extra.write_text("A new article.\n", encoding="utf-8")
    assert cached_knowledge_base(data, directory=cache) is None
    open_knowledge_base(data, directory=cache)
    extra.unlink()
    assert cached_knowledge_base(data, directory=cache) is None


def test_writing_stamps_removes_the_older_json_stamps(
    data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stamps were JSON before cache format 11: the old file is cleared away."""
    from tui.core import cache as cache_module

    monkeypatch.setattr(cache_module, "_STABLE_NS", 0)
    stamps = stamps_path(cache, data)
    old = stamps.with_suffix(".json")
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text('{"format": 9, "files": {}}', encoding="utf-8")
    fingerprint(data, stamps)
    assert stamps.is_file() and not old.exists()
