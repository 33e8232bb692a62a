"""The index's tables: one SQLite database per data directory.

The tables are a stable, read-only contract (the README lists them), like the
JSON export: a user may open the database with ``sqlite3`` or Datasette.  Each
kind of record (:data:`tui.core.kinds.KINDS`) has a table named for its
collection with ``id``, the columns its list shows, and ``record``, the record
as JSON.  ``links`` and ``citations`` hold what records point at; the ``fts_*``
tables are SQLite FTS5 indexes over text folded to plain Latin
(:mod:`tui.core.folding`), so a query typed without diacritics or in Latin
letters finds Sơn, Đặng and Путин; the ``*_text`` tables hold the same text as
written, for checking what the folded index cannot settle and for snippets.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from tui.core.kinds import KINDS, KindSpec

CONTENT_VERSION = 5
"""Bumped when what the index holds changes without its tables changing (a row's
text, the filter text): such an index is then rebuilt too."""

TOKENIZER = "unicode61 remove_diacritics 2"


class IndexUnavailable(Exception):
    """This Python's SQLite cannot hold the index (no FTS5)."""


def index_dir() -> Path:
    """Where indexes are kept: the user cache directory (``$XDG_CACHE_HOME/vnru``)."""
    from platformdirs import user_cache_path

    return user_cache_path("vnru", appauthor=False)


def index_path(root: Path, directory: Path | None = None) -> Path:
    """The index database of the data directory ``root``."""
    where = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return (directory or index_dir()) / f"index-{where}.sqlite3"


def check_fts5() -> None:
    """Raise :class:`IndexUnavailable` when SQLite was built without FTS5."""
    with sqlite3.connect(":memory:") as probe:
        try:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
        except sqlite3.OperationalError:
            raise IndexUnavailable(
                f"this Python's SQLite ({sqlite3.sqlite_version}) was built without FTS5, "
                "which vnru's index needs; use a Python from python.org, your distribution "
                "or uv (they all include it)"
            ) from None


def kind_table(kind: KindSpec) -> str:
    """The statement creating ``kind``'s table."""
    columns = ", ".join(f'"{column}" TEXT NOT NULL' for column in kind.columns)
    return (
        f"CREATE TABLE {kind.collection} (rid INTEGER PRIMARY KEY, id TEXT NOT NULL, "
        f"{columns}, file TEXT NOT NULL, seq INTEGER NOT NULL, line INTEGER NOT NULL, "
        "sort BLOB NOT NULL, record TEXT NOT NULL)"
    )


def text_table(kind: KindSpec) -> str:
    """The statement creating the table a list's filter and the search read: narrow
    rows (no JSON), so that checking thousands of candidates reads few pages."""
    return (
        f"CREATE TABLE {kind.collection}_text (rid INTEGER PRIMARY KEY, id TEXT NOT NULL, "
        "label TEXT NOT NULL, shown TEXT NOT NULL, extra TEXT NOT NULL)"
    )


def facets_table(kind: KindSpec) -> str:
    """The statement creating the table of what a list narrows by besides text (years
    and topics, for the timeline): a few integers a row, scanned whole at C speed."""
    return (
        f"CREATE TABLE {kind.collection}_facets (rid INTEGER PRIMARY KEY, "
        "first_year INTEGER, last_year INTEGER, topics INTEGER)"
    )


def statements() -> list[str]:
    """The statements that create an empty index (its tables follow the registry)."""
    found = [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value)",
        "CREATE TABLE files (path TEXT PRIMARY KEY, collection TEXT NOT NULL, "
        "size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER, digest TEXT)",
        "CREATE TABLE articles (source TEXT PRIMARY KEY, path TEXT NOT NULL, "
        "size INTEGER, mtime_ns INTEGER, line INTEGER)",
        "CREATE TABLE links (record TEXT NOT NULL, kind TEXT NOT NULL, field TEXT NOT NULL, "
        "target TEXT NOT NULL, file TEXT NOT NULL, line INTEGER)",
        "CREATE INDEX links_target ON links (target, field)",
        "CREATE INDEX links_file ON links (file)",
        'CREATE TABLE citations (record TEXT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL, quote TEXT NOT NULL, start INTEGER, "end" INTEGER, file TEXT NOT NULL, line INTEGER)',
        "CREATE INDEX citations_source ON citations (source, quote)",
        "CREATE INDEX citations_record ON citations (record)",
        "CREATE INDEX citations_file ON citations (file)",
        "CREATE INDEX citations_unplaced ON citations (start) WHERE start IS NULL",
        f"CREATE VIRTUAL TABLE fts_articles USING fts5(text, tokenize='{TOKENIZER}')",
    ]
    for kind in KINDS:
        found += [
            kind_table(kind),
            text_table(kind),
            facets_table(kind),
            f"CREATE INDEX {kind.collection}_id ON {kind.collection} (id)",
            f"CREATE INDEX {kind.collection}_file ON {kind.collection} (file)",
            # Display order: by the kind's key, then as written (a collection's files
            # sort by path in the order they are read: 'events.yaml' < 'events/…').
            f"CREATE INDEX {kind.collection}_order ON {kind.collection} (sort, file, seq)",
            f"CREATE VIRTUAL TABLE fts_{kind.collection} USING fts5(label, shown, extra, "
            f"tokenize='{TOKENIZER}')",
        ]
    return found


def schema_version() -> int:
    """``PRAGMA user_version`` of an index this code builds: drawn from its tables and
    :data:`CONTENT_VERSION`, so an index of another registry or another vnru is
    rebuilt, never misread."""
    digest = hashlib.sha256("\n".join([str(CONTENT_VERSION), *statements()]).encode())
    return int(digest.hexdigest()[:7], 16)


SCHEMA_VERSION = schema_version()
"""``PRAGMA user_version`` of a database this code built; any other is rebuilt."""


def create(connection: sqlite3.Connection) -> None:
    """Create every table of an empty index."""
    for statement in statements():
        connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
