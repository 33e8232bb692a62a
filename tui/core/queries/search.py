"""Filtering one list over the index; how a query matches is
:mod:`tui.core.queries.matching`'s (searching everything is
:mod:`tui.core.queries.global_search`'s)."""

from __future__ import annotations

import sqlite3
import time
from array import array
from collections.abc import Callable
from itertools import compress
from typing import Any

from tui.core.kinds import BY_COLLECTION
from tui.core.queries.finding import until
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.matching import Query, candidates, fts_query
from tui.core.topics import topic_mask


class Listing:
    """One collection's filter: FTS5 finds the candidates, smart case and
    diacritics typed by the user are then checked in the text the row stands for."""

    __slots__ = ("_kb", "_kind")

    def __init__(self, kb: KnowledgeBase, collection: str) -> None:
        self._kb = kb
        self._kind = BY_COLLECTION[collection]

    def __len__(self) -> int:
        return len(self._kb.store(self._kind.collection))

    def begin(
        self,
        query: Query,
        *,
        topic: str | None = None,
        years: tuple[int | None, int | None] | None = None,
    ) -> tuple[list[int], bool]:
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
    ) -> list[int] | None:
        """:meth:`filter`, given up (None) as soon as ``stop()`` is true: it is
        asked between steps of the index's work, from the thread that filters."""
        found = None
        with until(self._kb.index.db(), stop, STOP_STEPS):
            found = self.filter(query, topic=topic, years=years, stop=stop)
        return found

    def _first_rows(self, query: Query) -> tuple[list[int], bool, int]:
        """The positions that match ``query`` among the first rows in display order
        (until :data:`FIRST_ROWS` are found or :data:`SCAN_SECONDS` have passed),
        whether that was every row, and how many rows were read."""
        table = self._kind.collection
        order = self._kb.index.order(table)
        db = self._kb.index.db()
        deadline = time.perf_counter() + SCAN_SECONDS
        matches = query.word_matcher()
        found: list[int] = []
        start, step = 0, FIRST_ROWS
        while start < len(order):
            rids = order[start : start + step]
            marks = ",".join("?" * len(rids))
            texts = dict(
                db.execute(f"SELECT rid, shown FROM {table}_text WHERE rid IN ({marks})", rids)
            )
            found += (start + at for at, rid in enumerate(rids) if matches(texts[rid]))
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
    ) -> list[int]:
        """Positions of the rows that match ``query``, a topic and a year range, in
        display order (``stop``: see :meth:`filter_unless`)."""
        table = self._kind.collection
        timeline = self._kind.name == "event"
        if not timeline:
            topic, years = None, None
        if years == (None, None):
            years = None
        found = candidates(query, f"fts_{table}", ("shown",))
        exact = query.unsettled()
        if found is None and topic is None and years is None:
            return list(range(len(self)))
        positions = self._kb.index.positions(table)
        db = self._kb.index.db()
        expression = fts_query(query, "shown")
        if not exact and topic is None and years is None and expression is not None:
            # The common case, words alone: the index answers without reading a row.
            # Row by row, which lets the interface thread in between rows (one JSON
            # array was a third quicker, but its parse held the interpreter for
            # 60 ms at 1,000,000 rows, delaying the next keystroke's frame).
            matched = db.execute(
                f"SELECT rowid FROM fts_{table} WHERE fts_{table} MATCH ?", (expression,)
            )
            rids: list[int] = []
            while batch := matched.fetchmany(65536):
                if stop is not None and stop():
                    raise sqlite3.OperationalError("interrupted")
                rids += [rid for (rid,) in batch]
            return _in_order(rids, positions, stop)
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
            shown = [positions[rid] for rid, text in rows if query.matches_text(text, exact)]
        else:  # topic or years: the narrow table of facets is enough
            rows = db.execute(f"SELECT t.rid FROM {table}_facets t WHERE {where}", values)
            shown = [positions[rid] for (rid,) in rows]
        shown.sort()
        return shown


QUICK_LIST = 50_000
"""Lists of up to this many rows are filtered at once, whatever the query."""
FIRST_ROWS = 64
"""Rows :meth:`Listing.begin` finds before it leaves the rest to the background:
more than a screenful."""
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
    rids: list[int], positions: array[int], stop: Callable[[], bool] | None = None
) -> list[int]:
    """The display positions of ``rids``, sorted: for a large share of the list,
    marked in a table of every position and read back in order (twice as fast as
    sorting them; for a quarter of 1,000,000 rows or fewer, sorting is faster)."""
    if len(rids) < len(positions) // 4:
        return sorted(positions[rid] for rid in rids)
    marks = bytearray(len(positions))
    for start in range(0, len(rids), 65536):
        if stop is not None and stop():
            raise sqlite3.OperationalError("interrupted")
        for rid in rids[start : start + 65536]:
            marks[positions[rid]] = 1
    return list(compress(range(len(marks)), marks))
