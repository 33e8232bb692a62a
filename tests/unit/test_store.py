"""The record store: records built from their blobs, a bounded number kept."""

from __future__ import annotations

import pickle

import pytest

from tui.core import store as store_module
from tui.core.store import RecordStore


def blob_store(count: int) -> RecordStore[dict[str, int]]:
    records = [{"n": n} for n in range(count)]
    return RecordStore([f"r{n}" for n in range(count)], [pickle.dumps(r) for r in records])


def test_reading_keeps_only_the_most_recent_records(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "KEPT_RECORDS", 8)
    store = blob_store(100)
    for index in range(100):
        assert store[index] == {"n": index}
    assert len(store._built) == 8
    assert sorted(store._built) == list(range(92, 100))
    kept = store[95]
    assert store[95] is kept  # a kept record is the same object
    store[0]
    assert 95 in store._built and 92 not in store._built  # 95 was read again, 92 is oldest


def test_a_pass_over_every_record_keeps_none() -> None:
    store = blob_store(50)
    assert [record["n"] for record in store] == list(range(50))
    assert list(store.stream()) == list(store)
    assert len(store._built) == 0


class Item:
    def __init__(self, n: int) -> None:
        self.id = f"r{n}"


def test_a_store_of_built_records_keeps_them_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small archive loaded in full keeps its records: they are built already."""
    monkeypatch.setattr(store_module, "KEPT_RECORDS", 8)
    items = [Item(n) for n in range(100)]
    store: RecordStore[Item] = RecordStore.of(items)
    assert all(store[n] is items[n] for n in range(100))
    assert list(store) == items
