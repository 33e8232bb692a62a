"""Lazy containers that keep a large knowledge base cheap to open.

At 100,000 events, turning every record into an object up front costs most of
a second and hundreds of megabytes.  A :class:`RecordStore` keeps each record
as a small pickled blob and builds the object the first time it is read; the
lists only ever read the rows on screen, the detail pane one record.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from tui.core.sanitize import clean_text

T = TypeVar("T")


class IndexedSequence(Sequence[T]):
    """A sequence given by ``__len__`` and ``_item``: slices, negative indexes and
    bounds come from here (the stores, blob tables and row tables of the cache)."""

    __slots__ = ()

    def _item(self, index: int) -> T:
        """Item ``index``, already in range."""
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._item(index)


#: How many built records a store keeps (the most recently read): a session
#: reads the few on screen, and 100,000 kept records would be ~700 MB.
KEPT_RECORDS = 2048


class RecordStore(IndexedSequence[T], Generic[T]):
    """A sequence of records stored as pickled blobs, built on access.

    The last :data:`KEPT_RECORDS` records read by index are kept; iterating
    builds each record and keeps none (a pass over every record, such as an
    export, never holds them all).
    """

    __slots__ = ("_blobs", "_built", "_limit", "ids")

    def __init__(self, ids: Sequence[str], blobs: Sequence[bytes]) -> None:
        self.ids: Sequence[str] = ids if not isinstance(ids, list) else tuple(ids)
        """Record ids, in the store's order."""
        self._blobs = blobs
        self._built: OrderedDict[int, T] = OrderedDict()
        self._limit: int | None = KEPT_RECORDS

    @classmethod
    def of(cls, records: Sequence[Any]) -> RecordStore[T]:
        """A store holding ``records`` (already built, and pickled for the cache)."""
        store: RecordStore[T] = cls(
            [record.id for record in records],
            [pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL) for record in records],
        )
        store._built = OrderedDict(enumerate(records))
        store._limit = None  # already built: keeping them costs nothing more
        return store

    def release(self) -> None:
        """Forget the built records (they are rebuilt from their blobs when read).

        At 100,000 records the built objects are most of the memory, and the
        lists only ever need the few on screen.
        """
        self._built = OrderedDict()
        self._limit = KEPT_RECORDS

    def __len__(self) -> int:
        return len(self._blobs)

    def _item(self, index: int) -> T:
        built = self._built
        record = built.get(index)
        if record is None:
            record = pickle.loads(self._blobs[index])
            built[index] = record
            if self._limit is not None and len(built) > self._limit:
                built.popitem(last=False)
        elif self._limit is not None:
            built.move_to_end(index)
        return record

    def __iter__(self) -> Iterator[T]:
        return self.stream()

    def stream(self) -> Iterator[T]:
        """Every record in order, built from its blob and not kept (one pass over
        100,000 records without holding them all)."""
        for index in range(len(self)):
            record = self._built.get(index)
            yield record if record is not None else pickle.loads(self._blobs[index])

    @property
    def blobs(self) -> Sequence[bytes]:
        """The pickled records, for writing the cache."""
        return self._blobs


class RecordIndex(Mapping[str, Any]):
    """Every record by id across several stores, built lazily by the stores.

    The id table itself is made on first use: at 100,000 records it costs
    ~30 ms, which the first frame does not need to pay.
    """

    __slots__ = ("_stores", "_table")

    def __init__(self, stores: Sequence[RecordStore[Any]]) -> None:
        self._stores = stores
        self._table: dict[str, tuple[int, int]] | None = None

    @property
    def _where(self) -> dict[str, tuple[int, int]]:
        if self._table is None:
            table: dict[str, tuple[int, int]] = {}
            for number, store in enumerate(self._stores):
                for index, record_id in enumerate(store.ids):
                    table.setdefault(record_id, (number, index))
            self._table = table
        return self._table

    def locate(self, record_id: str) -> tuple[int, int]:
        """(store number, position in it) of ``record_id`` (KeyError when absent)."""
        return self._where[record_id]

    def __getitem__(self, record_id: str) -> Any:
        number, index = self._where[record_id]
        return self._stores[number][index]

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


class ArticleTexts(Mapping[str, str]):
    """Article text by source id, read from the data directory when first needed.

    The texts were checked when the knowledge base was built (every quote was
    found in them); reading them lazily keeps tens of megabytes of articles
    out of memory until the reader or an excerpt asks for one.
    """

    __slots__ = ("_cache", "_limit", "_paths")

    def __init__(
        self,
        paths: Mapping[str, Path | str],
        preloaded: Mapping[str, str] | None = None,
        limit: int = 256,
    ) -> None:
        self._paths = dict(paths)
        self._cache: OrderedDict[str, str] = OrderedDict(preloaded or {})
        self._limit = max(limit, len(self._cache))

    def __getitem__(self, source_id: str) -> str:
        text = self._cache.get(source_id)
        if text is not None:
            self._cache.move_to_end(source_id)
            return text
        path = Path(self._paths[source_id])
        text = clean_text(path.read_text(encoding="utf-8"))
        self._cache[source_id] = text
        while len(self._cache) > self._limit:
            self._cache.popitem(last=False)
        return text

    def __contains__(self, source_id: object) -> bool:
        return source_id in self._paths

    @property
    def paths(self) -> Mapping[str, Path | str]:
        """Where each article is read from."""
        return self._paths

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


class Lazy(Generic[T]):
    """A value computed (or loaded) on first use, then kept.

    Thread-safe: the interface may ask for it while a background worker is
    already loading it, and then waits for that load instead of repeating it.
    """

    __slots__ = ("_done", "_factory", "_lock", "_value")

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._done = False
        self._value: T | None = None
        self._lock = threading.Lock()

    @classmethod
    def ready(cls, value: T) -> Lazy[T]:
        """A Lazy that already holds ``value``."""
        lazy: Lazy[T] = cls(lambda: value)
        lazy._value, lazy._done = value, True
        return lazy

    def get(self) -> T:
        """The value, computing it the first time."""
        if not self._done:
            with self._lock:
                if not self._done:
                    self._value = self._factory()
                    self._done = True
        return self._value  # type: ignore[return-value]

    @property
    def is_ready(self) -> bool:
        """True once the value exists."""
        return self._done
