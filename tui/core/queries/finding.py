"""How a global search finds each kind's matching rows within a time budget:
ranked when they are few, the index's matches for rare words, and the first
matches of reading the rows in order for words most rows have.

bm25 scores every match before the first row comes back, and a prefix ("t",
"talks") makes FTS5 gather every word it begins before it answers at all: a
word in every title of 1,000,000 events took two seconds to rank and 55 ms to
answer unranked, while reading rows in the index's order finds a hundred of
its matches among the first few hundred.  Whichever way they are found, the
rows are the same matches in the index's order, unless ranking finished.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tui.core.folding import fold
from tui.core.queries.matching import WORD, Query, candidates, fts_query

RANK_SECONDS = 0.03
"""How long after it starts one search may still rank, over every kind it ranks."""
SCAN_SECONDS = 0.06
"""How long after it starts one search may still scan, over every kind it scans."""
LEAST_SCAN_SECONDS = 0.005
"""How long a scan may read rows however late it starts: time enough to find the
rows of a word they nearly all have, the only kind of word that is scanned for."""
TEST_SECONDS = 0.05
"""How long the rows the index finds for a query's rarer words may be tested for
the others, however late it starts."""
STEPS = 1000
"""SQLite virtual-machine steps between two looks at the clock."""
BATCH = 256
"""Rows a scan reads at a time."""


class Budget:
    """The time one search has for ranking and scanning, shared by its queries."""

    __slots__ = ("_rank_until", "_scan_until")

    def __init__(self, rank: float = RANK_SECONDS, scan: float = SCAN_SECONDS) -> None:
        now = time.perf_counter()
        self._rank_until = now + rank
        self._scan_until = now + scan

    def ranking(self) -> float:
        """Seconds left for ranking (never below zero)."""
        return max(0.0, self._rank_until - time.perf_counter())

    def scanning(self) -> float:
        """Seconds the next scan may take."""
        return max(LEAST_SCAN_SECONDS, self._scan_until - time.perf_counter())

    def testing(self) -> float:
        """Seconds the next test of the index's rows may take: they are the rows of
        a rare word, so fewer, and more likely to be all the matches there are."""
        return max(TEST_SECONDS, self._scan_until - time.perf_counter())


@contextmanager
def until(
    db: sqlite3.Connection, stop: Callable[[], bool], steps: int | None = STEPS
) -> Iterator[None]:
    """Run the block's queries until ``stop()`` is true, asked every ``steps`` of
    SQLite's work (None: not asked; whoever makes ``stop()`` true interrupts
    ``db`` too): the query then stops, and so does the block, quietly (what it
    set before stays as it was)."""
    if steps is not None:
        db.set_progress_handler(stop, steps)
    try:
        yield
    except sqlite3.OperationalError as error:
        if not ("interrupt" in str(error) and stop()):
            raise
    finally:
        if steps is not None:
            db.set_progress_handler(None, 0)


def _after(seconds: float) -> Callable[[], bool]:
    """A ``stop`` for :func:`until`: true once ``seconds`` have passed."""
    deadline = time.perf_counter() + seconds
    return lambda: time.perf_counter() > deadline


def rows_within(
    db: sqlite3.Connection, query: tuple[str, list[Any]], count: int, seconds: float
) -> list[tuple[Any, ...]] | None:
    """Up to ``count`` rows of ``query`` (SQL, values), or None when SQLite has not
    given them within ``seconds``."""
    rows = None
    if seconds > 0:
        with until(db, _after(seconds)):
            rows = db.execute(*query).fetchmany(count)
    return rows


@dataclass(frozen=True, slots=True)
class Scan:
    """What :func:`first_matching` found."""

    rows: list[tuple[int]]
    """The matching rows, ``(rowid,)``, in the order read."""
    read: int
    """How many rows were read."""
    finished: bool
    """True when every row was read."""


def first_matching(
    db: sqlite3.Connection,
    query: tuple[str, list[Any]],
    matches: Callable[[str], bool],
    count: int,
    seconds: float,
    batch: int = BATCH,
) -> Scan:
    """The first ``count`` rows of ``query`` (SQL giving a rowid and a text, and its
    values) whose text ``matches``, as far as they are found within ``seconds``:
    the rows found by then when time runs out."""
    found: list[tuple[int]] = []
    read, finished = 0, False
    with until(db, _after(seconds)):
        rows = db.execute(*query)
        while len(found) < count and not finished:
            some = rows.fetchmany(batch)
            found += ((rid,) for rid, text in some if matches(text))
            read += len(some)
            finished = len(some) < batch
    return Scan(found[:count], read, finished)


SAMPLE = 128
"""Rows of a record kind read and tested before the index is asked."""
COMMON = 8
"""A query matching one in this many of the rows read is answered by reading on."""


def matching_rows(
    db: sqlite3.Connection,
    query: Query,
    table: str,
    columns: tuple[str, ...],
    count: int,
    budget: Budget,
    *,
    weights: str = "",
    sample: int = SAMPLE,
    common: int = COMMON,
) -> list[tuple[int]]:
    """Up to ``count`` rows ``(rowid,)`` of the FTS5 table ``table`` whose ``columns``
    may match ``query``: best first (bm25) when there are few enough to rank in what
    is left of ``budget``, else in the index's order.

    The index gathers every word a prefix begins before it gives a row, so a
    word most rows have ("e", a word in every title) costs it most.  The first
    ``sample`` rows are therefore read and tested first.  A query one in
    ``common`` of them matches, or whose every word is that common, is answered
    by reading on, ``sample`` rows at a time.  Otherwise the index finds the rows
    of the query's rarer words, and the others are tested on those."""
    where, values = candidates(query, table, columns, words=False) or ("1", [])
    column = columns[0] if len(columns) == 1 else "{" + " ".join(columns) + "}"
    expression = fts_query(query, column)
    if expression is None:  # punctuation alone: the index holds no words for it
        return db.execute(f"SELECT rowid FROM {table} WHERE {where}", values).fetchmany(count)
    every = f"SELECT rowid, {' || char(10) || '.join(columns)} FROM {table} WHERE {where}"
    first = db.execute(every + f" LIMIT {sample}", values).fetchall()
    matches = query.index_matcher()
    found = [(rid,) for rid, text in first if matches(text)]
    condition = (expression, where, values)
    if len(first) < sample:  # that was every row
        if len(found) > 1 and not query.short_prefix():
            return ranked(db, table, condition, weights, count, budget)
        return found[:count]
    rest = (f"{every} AND rowid > ?", [*values, first[-1][0]])
    rare = tuple(term for term in query.terms if share(term, query, first) * common < 1)
    if len(found) >= count or len(found) * common >= len(first) or not rare:
        more = first_matching(db, rest, matches, count, budget.scanning(), sample)
        return (found + more.rows)[:count]
    if rare == query.terms:
        if query.short_prefix():
            match = f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND {where}"
            return db.execute(match, [expression, *values]).fetchmany(count)
        return ranked(db, table, condition, weights, count, budget, probe=True)
    select = every.replace(" WHERE ", f" WHERE {table} MATCH ? AND ", 1)
    wanted = [fts_query(Query(rare, query.case_sensitive), column), *values]
    return first_matching(db, (select, wanted), matches, count, budget.testing(), sample).rows


def share(term: str, query: Query, rows: list[tuple[int, str]]) -> float:
    """The share of ``rows`` (rowid, folded text) that ``term`` (one of ``query``'s)
    matches; a term the index holds no word of counts as matching none."""
    if not WORD.search(fold(term)):
        return 0.0
    matches = Query((term,), query.case_sensitive).index_matcher()
    return sum(1 for _rid, text in rows if matches(text)) / len(rows)


def ranked(
    db: sqlite3.Connection,
    table: str,
    condition: tuple[str, str, list[str]],
    weights: str,
    count: int,
    budget: Budget,
    probe: bool = False,
) -> list[tuple[int]]:
    """The best ``count`` rows by bm25 of the rows that match ``condition`` (FTS5
    expression, SQL condition, its values).  With ``probe``, the matches are
    counted first: more than :data:`RANK_ROWS`, or more than :data:`SURE_RANK`
    that cannot be ranked in what is left of ``budget``, and the first ones in the
    index's order are given instead (without ``probe``, they are known to be few)."""
    expression, where, values = condition
    match = f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND {where}"
    first = None
    if probe:
        first = db.execute(match, [expression, *values]).fetchmany(RANK_ROWS + 1)
        if len(first) > RANK_ROWS or len(first) <= 1:
            return first[:count]
    ranked = (f"{match} ORDER BY bm25({table}{weights})", [expression, *values])
    if first is None or len(first) <= SURE_RANK:  # few: ranked whatever the time
        return db.execute(*ranked).fetchmany(count)
    rows = rows_within(db, ranked, count, budget.ranking())
    return rows if rows is not None else first[:count]


SURE_RANK = 200
"""Matches always ranked, whatever the time left (the ranking takes a few
milliseconds): a small archive's results never depend on the machine's load."""
RANK_ROWS = 2000
"""Matches ranked by bm25 at most: more, and the first ones in the index's order
are given instead (ranking 20,000 took 50 ms, and a word in every title of
1,000,000 events two seconds)."""
