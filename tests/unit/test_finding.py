"""How a global search finds a kind's rows: the index for rare words, reading the
rows in order for words most rows have, and the same matches either way."""

from __future__ import annotations

import sqlite3

import pytest

from tui.core.queries.finding import (
    RANK_ROWS,
    Budget,
    first_matching,
    matching_rows,
    rows_within,
)
from tui.core.queries.matching import Query

ROWS = 3000


def _label(n: int) -> str:
    words = ["talks on energy", f"item {n}"]
    if n % 97 == 0:
        words.append("vaccine supply")
    if n % 13 == 0:
        words.append("Phan Anh Son")
    if n % 2 == 0:
        words.append("moscow")
    if n == 2999:
        words.append("zygote")
    return " ".join(words)


@pytest.fixture(scope="module")
def db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute(
        "CREATE VIRTUAL TABLE fts_t USING fts5(label, shown, extra, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO fts_t (rowid, label, shown, extra) VALUES (?, ?, '', ?)",
        ((n + 1, _label(n), "note [x]" if n % 5 == 0 else "") for n in range(ROWS)),
    )
    return db


def _expected(db: sqlite3.Connection, text: str) -> list[int]:
    """Every matching row in the index's order, by the matching rule itself."""
    query = Query.parse(text)
    rows = db.execute("SELECT rowid, label || char(10) || extra FROM fts_t ORDER BY rowid")
    return [rid for rid, row in rows if query.matches_words(row)]


def _find(db: sqlite3.Connection, text: str, count: int = 50, sample: int = 64) -> list[int]:
    found = matching_rows(
        db, Query.parse(text), "fts_t", ("label", "extra"), count, Budget(60, 60), sample=sample
    )
    return [rid for (rid,) in found]


@pytest.mark.parametrize(
    "text",
    ["t", "ta", "talks", "talks mo", "e", "mos", "ph", "phan a", "phan anh son", "zy", "["],
)
def test_unranked_queries_give_the_first_matches_in_the_index_order(
    db: sqlite3.Connection, text: str
) -> None:
    expected = _expected(db, text)
    found = _find(db, text)
    if len(expected) > RANK_ROWS or Query.parse(text).short_prefix() or len(expected) <= 1:
        assert found == expected[:50]
    else:  # ranked: the same matches, best first
        assert set(found) <= set(expected) and len(found) == min(50, len(expected))


@pytest.mark.parametrize("text", ["vaccine", "vaccine supply", "zygote", "phan", "nothing"])
def test_rare_words_are_ranked_among_all_their_matches(db: sqlite3.Connection, text: str) -> None:
    expected = _expected(db, text)
    assert sorted(_find(db, text, count=1000)) == expected


def test_a_word_most_rows_have_is_read_for_not_asked_of_the_index(
    db: sqlite3.Connection,
) -> None:
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    try:
        assert _find(db, "talks en") == _expected(db, "talks en")[:50]
    finally:
        db.set_trace_callback(None)
    assert not any("MATCH" in statement for statement in statements), statements


def test_rare_words_go_to_the_index_and_common_ones_are_tested(db: sqlite3.Connection) -> None:
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    try:
        assert _find(db, "talks vaccine") == _expected(db, "talks vaccine")[:50]
    finally:
        db.set_trace_callback(None)
    matched = [statement for statement in statements if "MATCH" in statement]
    assert matched and all("vaccine" in statement for statement in matched)
    assert not any("talks" in statement for statement in matched)


def test_a_table_smaller_than_the_sample_is_read_whole(db: sqlite3.Connection) -> None:
    assert sorted(_find(db, "vaccine", count=1000, sample=ROWS + 1)) == _expected(db, "vaccine")


def test_rows_within_gives_none_once_time_is_up(db: sqlite3.Connection) -> None:
    query = ("SELECT rowid FROM fts_t ORDER BY label", [])
    assert rows_within(db, query, 3, seconds=60) is not None
    assert rows_within(db, query, 3, seconds=0) is None
    assert db.execute("SELECT count(*) FROM fts_t").fetchone() == (ROWS,), "handler removed"


def test_rows_within_raises_other_errors(db: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        rows_within(db, ("SELECT * FROM nowhere", []), 3, seconds=60)


def test_first_matching_says_what_it_read(db: sqlite3.Connection) -> None:
    query = ("SELECT rowid, label FROM fts_t", [])
    scan = first_matching(db, query, lambda text: "vaccine" in text, 5, 60, batch=100)
    assert [rid for (rid,) in scan.rows] == [1, 98, 195, 292, 389]
    assert scan.read == 400 and not scan.finished
    whole = first_matching(db, query, lambda text: "zygote" in text, 5, 60, batch=100)
    assert whole.rows == [(3000,)] and whole.read == ROWS and whole.finished


def test_first_matching_out_of_time_keeps_what_it_found(db: sqlite3.Connection) -> None:
    scan = first_matching(db, ("SELECT rowid, label FROM fts_t", []), bool, 10_000, 0)
    assert len(scan.rows) < ROWS and not scan.finished
    assert db.execute("SELECT count(*) FROM fts_t").fetchone() == (ROWS,), "handler removed"
