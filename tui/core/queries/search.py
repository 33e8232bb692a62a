"""Filtering one list over the index; how a query matches is
:mod:`tui.core.queries.matching`'s (searching everything is
:mod:`tui.core.queries.global_search`'s)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from array import array
from collections import deque
from collections.abc import Callable, Sequence
from itertools import compress, repeat
from typing import Any

from tui.core.folding import fold
from tui.core.kinds import BY_COLLECTION
from tui.core.queries.finding import until
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.matching import Query, candidates, fts_query
from tui.core.topics import topic_mask


class Listing:
    """One collection's filter: FTS5 finds the candidates, smart case and
    diacritics typed by the user are then checked in the text the row stands for."""

    __slots__ = ("_head", "_kb", "_kind")

    def __init__(self, kb: KnowledgeBase, collection: str) -> None:
        self._kb = kb
        self._kind = BY_COLLECTION[collection]
        self._head: list[tuple[str, str]] | None = None  # see read_head

    def read_head(self) -> None:
        """Keep the first :data:`HEAD_ROWS` rows' text, as written and folded, for
        :meth:`begin`: a large list's first rows lie all over the index, and reading
        them took most of a keystroke's time (a few hundred rows, 6–8 ms, at
        1,000,000 events). Called from a worker when the filter box opens."""
        if self._head is not None or len(self) <= QUICK_LIST:
            return
        rids = self._kb.index.order(self._kind.collection)[:HEAD_ROWS]
        texts: dict[int, str] = {}
        for start in range(0, len(rids), 500):
            texts.update(self._shown(rids[start : start + 500]))
        self._head = [(texts[rid], fold(texts[rid])) for rid in rids]

    def _shown(self, rids: array[int]) -> dict[int, str]:
        """The filtered text of the records ``rids``, by rid."""
        marks = ",".join("?" * len(rids))
        table = f"{self._kind.collection}_text"
        rows = self._kb.index.db().execute(
            f"SELECT rid, shown FROM {table} WHERE rid IN ({marks})", rids
        )
        return dict(rows)

    def __len__(self) -> int:
        return len(self._kb.store(self._kind.collection))

    def begin(
        self,
        query: Query,
        *,
        topic: str | None = None,
        years: tuple[int | None, int | None] | None = None,
    ) -> tuple[Sequence[int], bool]:
        """What :meth:`filter` would return, as far as it is quick to find: every
        position (and True), or the first ones in display order (and False: the
        rest is :meth:`filter`'s, to be found in the background).

        A query matching much of a large list ("t", "talks") costs the index
        hundreds of milliseconds, though a screenful of its rows is among the
        first few dozen: those are found by reading the rows in display order.
        A query matching few rows is left to the index for a moment, unless
        one of its words is a prefix of one or two letters: the index gathers
        every word such a prefix begins in one step, which its deadline cannot
        interrupt ("phan anh s" took it 200 ms at 1,000,000 events).
        """
        narrowed = topic is not None or (years is not None and years != (None, None))
        if len(self) <= QUICK_LIST or query.empty or narrowed:
            return self.filter(query, topic=topic, years=years), True
        first, complete, scanned = self._first_rows(query)
        if complete or query.short_prefix() or len(first) * len(self) > RARE * scanned:
            return first, complete  # the index would take long: the rest comes later
        deadline = time.perf_counter() + INDEX_SECONDS
        found = self.filter_unless(query, lambda: time.perf_counter() > deadline)
        return (first, False) if found is None else (found, True)

    def filter_unless(
        self,
        query: Query,
        stop: Callable[[], bool],
        *,
        topic: str | None = None,
        years: tuple[int | None, int | None] | None = None,
    ) -> Sequence[int] | None:
        """:meth:`filter`, given up (None) as soon as ``stop()`` is true: it is
        asked between steps of the index's work, from the thread that filters."""
        found = None
        with until(self._kb.index.db(), stop, STOP_STEPS):
            found = self.filter(query, topic=topic, years=years, stop=stop)
        return found

    def filter_until(
        self,
        query: Query,
        cancel: Cancel,
        *,
        topic: str | None = None,
        years: tuple[int | None, int | None] | None = None,
    ) -> Sequence[int] | None:
        """:meth:`filter` in a worker thread, given up (None) once ``cancel`` is set."""
        db = self._kb.index.db()
        cancel.watch(db)
        found = None
        try:
            with until(db, cancel.is_set, None):
                found = self.filter(query, topic=topic, years=years, stop=cancel.is_set)
        finally:
            cancel.watch(None)
        return found

    def _first_rows(self, query: Query) -> tuple[array[int], bool, int]:
        """The positions that match ``query`` among the first rows in display order
        (until :data:`FIRST_ROWS` are found or :data:`SCAN_SECONDS` have passed),
        whether that was every row, and how many rows were read."""
        order = self._kb.index.order(self._kind.collection)
        deadline = time.perf_counter() + SCAN_SECONDS
        matches = query.folded_matcher()
        found = array("q")
        start, step = 0, FIRST_ROWS
        head = self._head or []
        while start < len(head):  # the rows read ahead, then (below) the index's pages
            for at in range(start, min(start + 256, len(head))):
                if matches(*head[at]):
                    found.append(at)
                    if len(found) >= FIRST_ROWS:
                        return found, at + 1 >= len(order), at + 1
            start = min(start + 256, len(head))
            if time.perf_counter() > deadline:
                return found, start >= len(order), start
        while start < len(order):
            rids = order[start : start + step]
            texts = self._shown(rids)
            found.extend(
                start + at for at, rid in enumerate(rids) if matches(texts[rid], fold(texts[rid]))
            )
            start += len(rids)
            if len(found) >= FIRST_ROWS or time.perf_counter() > deadline:
                break
            step = min(step * 2, 256)
        return found, start >= len(order), start

    def filter(
        self,
        query: Query,
        *,
        topic: str | None = None,
        years: tuple[int | None, int | None] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> Sequence[int]:
        """Positions of the rows that match ``query``, a topic and a year range, in
        display order (``stop``: see :meth:`filter_unless`): an array, which the
        collector need not look into, or every position as a range."""
        table = self._kind.collection
        timeline = self._kind.name == "event"
        if not timeline:
            topic, years = None, None
        if years == (None, None):
            years = None
        found = candidates(query, f"fts_{table}", ("shown",))
        exact = query.unsettled()
        if found is None and topic is None and years is None:
            return range(len(self))
        positions = self._kb.index.positions(table)
        db = self._kb.index.db()
        expression = fts_query(query, "shown")
        if not exact and topic is None and years is None and expression is not None:
            # The common case, words alone: the index answers without reading a row.
            # As one string, made by SQLite without the interpreter (a row at a time,
            # a tuple each, held it, and the collector's passes over them stopped the
            # interface for up to 60 ms at 1,000,000 rows), then read a piece at a time.
            (matched,) = db.execute(
                f"SELECT group_concat(rowid) FROM fts_{table} WHERE fts_{table} MATCH ?",
                (expression,),
            ).fetchone()
            if matched is not None and matched.count(",") + 1 == len(self):
                return range(len(self))  # every row ("talks"): nothing to read or order
            return _in_order(_numbers(matched or "", stop), positions, stop)
        conditions: list[str] = []
        values: list[Any] = []
        if found is not None:
            conditions.append(found[0].replace("rowid IN", "t.rid IN"))
            values += found[1]
        if topic is not None:
            conditions.append("t.rid IN (SELECT rid FROM events_facets WHERE topics & ?)")
            values.append(topic_mask((topic,)))
        if years is not None:
            low = years[0] if years[0] is not None else -(10**9)
            high = years[1] if years[1] is not None else 10**9
            conditions.append(
                "t.rid IN (SELECT rid FROM events_facets WHERE last_year >= ? AND first_year <= ?)"
            )
            values += [low, high]
        where = " AND ".join(conditions) or "1"
        if exact:
            rows = db.execute(f"SELECT t.rid, t.shown FROM {table}_text t WHERE {where}", values)
            rids = array("q", (rid for rid, text in rows if query.matches_text(text, exact)))
        else:  # topic or years: the narrow table of facets is enough
            (matched,) = db.execute(
                f"SELECT group_concat(t.rid) FROM {table}_facets t WHERE {where}", values
            ).fetchone()
            rids = _numbers(matched or "", stop)
        return _in_order(rids, positions, stop)


QUICK_LIST = 50_000
"""Lists of up to this many rows are filtered at once, whatever the query."""
FIRST_ROWS = 64
"""Rows :meth:`Listing.begin` finds before it leaves the rest to the background:
more than a screenful."""
HEAD_ROWS = 4096
"""Rows at the top of a large list whose text :meth:`Listing.read_head` keeps."""
SCAN_SECONDS = 0.006
"""How long :meth:`Listing.begin` reads rows in display order for a query's first rows."""
INDEX_SECONDS = 0.015
"""How long :meth:`Listing.begin` lets the index look for a rare query's every row."""
RARE = 20_000
"""A query whose first rows promise more matches than this is left to the
background at once: the index would not find them all within :data:`INDEX_SECONDS`."""
STOP_STEPS = 2000
"""SQLite's steps between two questions to a filter's ``stop``."""


def _in_order(
    rids: array[int], positions: array[int], stop: Callable[[], bool] | None = None
) -> array[int]:
    """The display positions of ``rids``, sorted, a piece at a time (:data:`PIECE`),
    so that ``stop`` is asked between pieces and the interface's thread gets the
    interpreter. Up to an eighth of the list, each piece is sorted and the sorted
    pieces are merged (Python's sort finds them already in order); more are marked
    in a table of every position, which is then read in order."""
    if len(rids) <= len(positions) // 8:
        runs: list[int] = []
        for start in range(0, len(rids), PIECE):
            _check(stop)
            runs += sorted(map(positions.__getitem__, rids[start : start + PIECE]))
        runs.sort()
        return array("q", runs)
    marks = bytearray(len(positions))
    for start in range(0, len(rids), PIECE):
        _check(stop)
        chunk = map(positions.__getitem__, rids[start : start + PIECE])
        deque(map(marks.__setitem__, chunk, repeat(1)), maxlen=0)  # the loop in C
    found = array("q")
    for start in range(0, len(marks), 8 * PIECE):
        _check(stop)
        end = start + 8 * PIECE
        found.extend(compress(range(start, end), marks[start:end]))
    return found


def _numbers(text: str, stop: Callable[[], bool] | None = None) -> array[int]:
    """The integers of SQLite's ``group_concat`` (``"3,1,2"``), a piece at a time
    (each read as JSON: twice as quick as ``int`` on each)."""
    found = array("q")
    start, size = 0, 8 * PIECE  # characters: about PIECE numbers of six digits and a comma
    while start < len(text):
        _check(stop)
        end = text.find(",", start + size)
        end = len(text) if end < 0 else end
        found.fromlist(json.loads(f"[{text[start:end]}]"))
        start = end + 1
    return found


def _check(stop: Callable[[], bool] | None) -> None:
    if stop is not None and stop():
        raise sqlite3.OperationalError("interrupted")


PIECE = 16_384
"""Numbers handled between two questions to a filter's ``stop`` (about a millisecond)."""


class Cancel:
    """Stops a filter running in another thread: a query in SQLite at once (the
    connection is interrupted from the thread that cancels, rather than asked from
    inside SQLite, which would need the interpreter every few thousand steps), and
    the work around it between pieces."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    def is_set(self) -> bool:
        """True once :meth:`set` was called."""
        return self._event.is_set()

    def set(self) -> None:
        """Stop the filter (from any thread)."""
        with self._lock:
            self._event.set()
            if self._db is not None:
                self._db.interrupt()

    def watch(self, db: sqlite3.Connection | None) -> None:
        """Interrupt ``db``'s query when set (called by the thread that filters,
        with None when it is done)."""
        with self._lock:
            self._db = db
            if db is not None and self._event.is_set():
                db.interrupt()
