"""An index database read a page at a time: each collection's records, ids and
list rows in display order, built from SQL on demand and a few hundred kept."""

from __future__ import annotations

import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from tui.core.kinds import KindSpec, model_of


class Index:
    """An index database opened for reading, one connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._order: dict[str, array[int]] = {}
        self._positions: dict[str, array[int]] = {}
        self._lock = threading.Lock()

    def db(self) -> sqlite3.Connection:
        """This thread's connection."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
            connection.execute("PRAGMA query_only = 1")
            self._local.connection = connection
        return connection

    def order(self, collection: str) -> array[int]:
        """The record numbers (rid) of ``collection`` in display order."""
        found = self._order.get(collection)
        if found is None:
            found = self._blob(f"order/{collection}")
            self._order[collection] = found
        return found

    def positions(self, collection: str) -> array[int]:
        """Each record number's display position (indexed by rid)."""
        found = self._positions.get(collection)
        if found is None:
            found = self._blob(f"positions/{collection}")
            self._positions[collection] = found
        return found

    def _blob(self, key: str) -> array[int]:
        row = self.db().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        numbers = array("q")
        if row is not None:
            numbers.frombytes(row[0])
        return numbers


class Store(Sequence[Any]):
    """One collection's records in display order, built from the index on demand."""

    def __init__(self, index: Index, kind: KindSpec) -> None:
        self.database = index
        self.kind = kind
        self._kept: OrderedDict[int, Any] = OrderedDict()
        self.ids = IdColumn(self)
        self.rows = RowColumns(self)

    def __len__(self) -> int:
        return len(self.database.order(self.kind.collection))

    @overload
    def __getitem__(self, position: int) -> Any: ...

    @overload
    def __getitem__(self, position: slice) -> list[Any]: ...

    def __getitem__(self, position: int | slice) -> Any:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        rid = self.database.order(self.kind.collection)[position]
        record = self._kept.get(rid)
        if record is not None:
            self._kept.move_to_end(rid)
            return record
        (payload,) = (
            self.database.db()
            .execute(f"SELECT record FROM {self.kind.collection} WHERE rid = ?", (rid,))
            .fetchone()
        )
        record = model_of(self.kind).model_validate_json(payload)
        self._kept[rid] = record
        if len(self._kept) > 512:
            self._kept.popitem(last=False)
        return record

    def __iter__(self) -> Iterator[Any]:
        return self.stream()

    def stream(self, batch: int = 1024) -> Iterator[Any]:
        """Every record in display order, read a batch at a time and not kept."""
        model = model_of(self.kind)
        for payload in self._column("record", batch):
            yield model.model_validate_json(payload)

    def _column(self, column: str, batch: int) -> Iterator[Any]:
        order = self.database.order(self.kind.collection)
        table = self.kind.collection
        db = self.database.db()
        for start in range(0, len(order), batch):
            rids = order[start : start + batch]
            marks = ",".join("?" * len(rids))
            found = dict(
                db.execute(f'SELECT rid, "{column}" FROM {table} WHERE rid IN ({marks})', rids)
            )
            for rid in rids:
                yield found[rid]

    def release(self) -> None:
        """Drop the records kept for quick re-reading."""
        self._kept.clear()

    def positions_where(self, column: str, value: str) -> list[int]:
        """Display positions of the records whose list ``column`` holds ``value``."""
        if column not in self.kind.columns:
            raise KeyError(column)
        positions = self.database.positions(self.kind.collection)
        rows = self.database.db().execute(
            f'SELECT rid FROM {self.kind.collection} WHERE "{column}" = ?', (value,)
        )
        return sorted(positions[rid] for (rid,) in rows)

    def position_of(self, record_id: str) -> int | None:
        """Where ``record_id`` sits in display order (None: not in this collection)."""
        row = (
            self.database.db()
            .execute(f"SELECT rid FROM {self.kind.collection} WHERE id = ?", (record_id,))
            .fetchone()
        )
        return None if row is None else self.database.positions(self.kind.collection)[row[0]]


class IdColumn(Sequence[str]):
    """A collection's ids in display order."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __len__(self) -> int:
        return len(self._store)

    @overload
    def __getitem__(self, position: int) -> str: ...

    @overload
    def __getitem__(self, position: slice) -> list[str]: ...

    def __getitem__(self, position: int | slice) -> str | list[str]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        store = self._store
        rid = store.database.order(store.kind.collection)[position]
        kept = store.rows.kept_id(rid)  # a row on screen: its id came with it
        if kept is not None:
            return kept
        (found,) = (
            store.database.db()
            .execute(f"SELECT id FROM {store.kind.collection} WHERE rid = ?", (rid,))
            .fetchone()
        )
        return str(found)

    def __iter__(self) -> Iterator[str]:
        return self._store._column("id", 4096)


class RowColumns(Sequence[tuple[str, ...]]):
    """What each list row shows (:attr:`KindSpec.columns`), in display order; the
    rows read last are kept, with their ids."""

    def __init__(self, store: Store) -> None:
        self._store = store
        kind = store.kind
        columns = ", ".join(f'"{column}"' for column in kind.columns)
        self._query = f"SELECT id, {columns} FROM {kind.collection} WHERE rid = ?"
        self._many = f"SELECT rid, id, {columns} FROM {kind.collection} WHERE rid IN "
        self._kept: OrderedDict[int, tuple[str, tuple[str, ...]]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._store)

    @overload
    def __getitem__(self, position: int) -> tuple[str, ...]: ...

    @overload
    def __getitem__(self, position: slice) -> list[tuple[str, ...]]: ...

    def __getitem__(self, position: int | slice) -> tuple[str, ...] | list[tuple[str, ...]]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        store = self._store
        rid = store.database.order(store.kind.collection)[position]
        kept = self._kept.get(rid)
        if kept is None:
            record_id, *row = store.database.db().execute(self._query, (rid,)).fetchone()
            kept = self._keep(rid, record_id, tuple(row))
        return kept[1]

    def load(self, positions: Iterable[int]) -> None:
        """Read the rows at ``positions`` that are not kept, in one query (the rows
        a list is about to draw: a query each cost as much again)."""
        order = self._store.database.order(self._store.kind.collection)
        rids = [rid for rid in (order[p] for p in positions) if rid not in self._kept]
        if not rids:
            return
        marks = ",".join("?" * len(rids))
        for rid, record_id, *row in self._store.database.db().execute(
            f"{self._many}({marks})", rids
        ):
            self._keep(rid, record_id, tuple(row))

    def kept_id(self, rid: int) -> str | None:
        """The id of the record ``rid`` if its row is kept."""
        kept = self._kept.get(rid)
        return None if kept is None else kept[0]

    def _keep(self, rid: int, record_id: str, row: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
        kept = self._kept[rid] = (str(record_id), row)
        if len(self._kept) > 1024:
            self._kept.popitem(last=False)
        return kept
