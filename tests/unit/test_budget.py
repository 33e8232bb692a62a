"""A ranked query within a time budget, else the same rows unranked."""

from __future__ import annotations

import sqlite3

from tui.core.queries.budget import ranked_rows


def _db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (x INTEGER)")
    db.executemany("INSERT INTO t VALUES (?)", ((n,) for n in range(200_000)))
    return db


RANKED = ("SELECT x FROM t ORDER BY (x * 7919) % 1000, x", [])
PLAIN = ("SELECT x FROM t", [])


def test_a_quick_ranking_is_kept() -> None:
    rows, ranked = ranked_rows(_db(), RANKED, PLAIN, 3, seconds=60)
    assert ranked and rows == [(0,), (1000,), (2000,)]


def test_a_ranking_over_budget_gives_the_rows_in_the_index_order() -> None:
    db = _db()
    rows, ranked = ranked_rows(db, RANKED, PLAIN, 3, seconds=0)
    assert not ranked and rows == [(0,), (1,), (2,)]
    assert db.execute("SELECT count(*) FROM t").fetchone() == (200_000,), "handler removed"


def test_other_errors_are_not_taken_for_the_budget() -> None:
    import pytest

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        ranked_rows(_db(), ("SELECT * FROM nowhere", []), PLAIN, 3)
