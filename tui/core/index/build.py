"""Build or update a data directory's index, re-reading only the files that changed.

A data file is re-read when its size, times or inode differ from those the
index recorded and its SHA-256 differs too; an article when its size or
modification time differ.  The records of a changed file replace the ones it
gave before; then every check that spans files runs over the whole index in
SQL (duplicate ids, links, citations naming no source) and every quote not
yet placed is found in its article.  A build that finds problems changes
nothing and raises :class:`DataError` listing them all.

A first build is written to a temporary file and renamed into place; an
update is one SQLite transaction.  Either way a reader never sees half a
build.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from tui.core.files.datadir import (
    STABLE_NS,
    check_directory,
    collection_files,
    digest_of,
    file_status,
)
from tui.core.folding import fold
from tui.core.index import schema
from tui.core.index.checks import Checks, Progress
from tui.core.index.disputes import Disputes
from tui.core.index.ordering import Ordering, sort_blob
from tui.core.index.rows import Parsed, collection_of, parse_for_index, real_stderr
from tui.core.index.text import TextIndexing
from tui.core.kinds import BY_COLLECTION, KINDS, LOAD_ORDER, SOURCES
from tui.core.problems import DataError, Problem

__all__ = ["BuildReport", "Progress", "sort_blob", "update_index"]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did."""

    path: Path
    """The index database."""
    files_read: int
    """Data files parsed."""
    files_removed: int
    """Data files gone since the last build, their records with them."""
    articles_read: int
    """Articles (re-)indexed."""
    seconds: float

    @property
    def current(self) -> bool:
        """True when the index was already up to date (nothing was read or removed)."""
        return not (self.files_read or self.files_removed or self.articles_read)


def update_index(
    root: Path, *, directory: Path | None = None, progress: Progress | None = None
) -> BuildReport:
    """Bring the index of ``root`` up to date with its files and return where it is.

    Raises:
        DataError: listing every problem with the data (the index is left as it was).
        IndexUnavailable: when SQLite lacks FTS5.
    """
    started = time.perf_counter()
    root = check_directory(root)
    path = schema.index_path(root, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    report = progress or (lambda _stage, _fraction: None)
    connection, staging = _open_for_update(path)
    try:
        builder = _Builder(root, connection, report)
        changed = builder.run()
        if staging is None:
            connection.commit()
        else:
            connection.commit()
            connection.close()
            os.replace(staging, path)
        return BuildReport(
            path,
            changed,
            builder.files_removed,
            builder.articles_read,
            time.perf_counter() - started,
        )
    except BaseException:
        if staging is None:
            connection.rollback()
            connection.close()
        else:
            connection.close()
            with contextlib.suppress(OSError):
                staging.unlink()
        raise
    finally:
        if staging is None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()


def _open_for_update(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """A connection to the index in a write transaction, and the staging file a
    first build writes to (None when an existing index is updated in place)."""
    if path.exists():
        try:
            connection = sqlite3.connect(path, isolation_level=None)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version == schema.SCHEMA_VERSION:
                connection.execute("BEGIN IMMEDIATE")
                return connection, None
            connection.close()
        except sqlite3.DatabaseError:
            pass  # not a database (or damaged): built again below
    schema.check_fts5()
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    connection = sqlite3.connect(staging, isolation_level=None)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("BEGIN")
    schema.create(connection)
    return connection, staging


PARALLEL_BYTES = 8 * 1024 * 1024
"""Data files to read, in bytes, from which a build parses them in worker processes."""


class _Builder(Checks, TextIndexing, Ordering, Disputes):
    """One run of :func:`update_index` over an open write transaction."""

    # -- the run -------------------------------------------------------------

    def run(self) -> int:
        from tui.core.files import loading

        listed = {kind.collection: collection_files(self.root, kind.file) for kind in LOAD_ORDER}
        for kind in LOAD_ORDER:
            if kind.required and not listed[kind.collection]:
                folder = kind.collection
                self.problems.append(
                    Problem(
                        kind.file,
                        f"file is missing; every data directory needs it (or a folder '{folder}/' "
                        "of .yaml files)",
                    )
                )
        changed, sizes = self._changed_files(listed)
        for name in changed:
            self._forget_file(name)
            self.db.execute("INSERT OR IGNORE INTO temp.read_files VALUES (?)", (name,))
        for parsed in self._parse(changed, sizes):
            self._store(parsed)
        self.report("Reading articles", 0.8)
        self._index_articles()
        if self.problems and not self._any_records():
            raise DataError(loading.at_most(self.problems))
        self.report("Checking", 0.85)
        self._check_unique_ids()
        self._check_citations()
        self._check_links()
        if self.problems:
            raise DataError(loading.at_most(self.problems))
        self.report("Indexing", 0.95)
        self._index_text()
        self._order()
        self._mark_disputes()
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('root', ?)", (str(self.root),))
        self.report("Indexing", 1.0)
        return len(changed)

    def _any_records(self) -> bool:
        return any(
            self.db.execute(f"SELECT 1 FROM {kind.collection} LIMIT 1").fetchone() for kind in KINDS
        )

    # -- which files changed -------------------------------------------------

    def _changed_files(self, listed: dict[str, list[str]]) -> tuple[list[str], dict[str, int]]:
        known = {
            row[0]: row[1:]
            for row in self.db.execute(
                "SELECT path, size, mtime_ns, ctime_ns, inode, digest FROM files"
            )
        }
        now = time.time_ns()
        changed: list[str] = []
        sizes: dict[str, int] = {}
        present: set[str] = set()
        for collection, names in listed.items():
            for name in names:
                present.add(name)
                status = file_status(self.root / name)
                sizes[name] = status[0] if status else 0
                recorded = known.get(name)
                if status is not None and recorded is not None and tuple(recorded[:4]) == status:
                    continue  # still exactly as when it was read
                digest = digest_of(self.root / name) if status is not None else None
                if (
                    status is not None
                    and digest is not None
                    and recorded is not None
                    and digest == recorded[4]
                ):
                    self._record_file(name, collection, status, digest, now)
                    continue  # touched but not changed
                changed.append(name)
                if status is not None and digest is not None:
                    self._record_file(name, collection, status, digest, now)
                else:
                    self.db.execute("DELETE FROM files WHERE path = ?", (name,))
        for name in set(known) - present:
            self.files_removed += 1
            self._forget_file(name)
            self.db.execute("DELETE FROM files WHERE path = ?", (name,))
            self.touched.add(name.split("/", 1)[0].removesuffix(".yaml"))
        return changed, sizes

    def _record_file(
        self, name: str, collection: str, status: tuple[int, int, int, int], digest: str, now: int
    ) -> None:
        size, mtime, ctime, inode = status
        if ctime >= now - STABLE_NS:
            mtime = -1  # too recent to trust its times: compared by content next time
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
            (name, collection, size, mtime, ctime, inode, digest),
        )

    def _forget_file(self, name: str) -> None:
        """Remove every row the file ``name`` gave the index."""
        collection = name.split("/", 1)[0].removesuffix(".yaml")
        kind = BY_COLLECTION.get(collection)
        if kind is None:
            return
        table = kind.collection
        self.db.execute(
            f"INSERT OR IGNORE INTO temp.gone SELECT id FROM {table} WHERE file = ?", (name,)
        )
        for text in (f"fts_{table}", f"{table}_text", f"{table}_facets"):
            key = "rowid" if text.startswith("fts_") else "rid"
            self.db.execute(
                f"DELETE FROM {text} WHERE {key} IN (SELECT rid FROM {table} WHERE file = ?)",
                (name,),
            )
        if kind is SOURCES:
            self.db.execute(
                "DELETE FROM fts_articles WHERE rowid IN (SELECT rid FROM sources WHERE file = ?)",
                (name,),
            )
            self.db.execute(
                "DELETE FROM articles WHERE source IN (SELECT id FROM sources WHERE file = ?)",
                (name,),
            )
        self.db.execute(f"DELETE FROM {table} WHERE file = ?", (name,))
        self.db.execute("DELETE FROM links WHERE file = ?", (name,))
        self.db.execute("DELETE FROM citations WHERE file = ?", (name,))
        self.touched.add(collection)

    # -- records -------------------------------------------------------------

    def _parse(self, names: list[str], sizes: dict[str, int]) -> Iterator[Parsed]:
        """Each changed file parsed: in worker processes, one per core, when there is
        enough to read for them to pay (their start costs ~0.5 s), else here."""
        total = max(sum(sizes[name] for name in names), 1)
        workers = min(os.cpu_count() or 1, len(names))
        if workers < 2 or total < PARALLEL_BYTES:
            done = 0
            for name in names:

                def report(stage: str, fraction: float, done: int = done, name: str = name) -> None:
                    if stage.startswith("Reading "):
                        self.report(stage, 0.8 * (done + fraction * sizes[name]) / total)

                yield parse_for_index(self.root, name, report)
                done += sizes[name]
            return
        context = multiprocessing.get_context("forkserver")  # safe beside the app's threads
        with real_stderr(), ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending = iter(names)
            running = {
                pool.submit(parse_for_index, self.root, name): name
                for name in itertools.islice(pending, 2 * workers)
            }
            done = 0
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    name = running.pop(future)
                    done += sizes[name]
                    self.report(f"Reading {name}", 0.8 * done / total)
                    yield future.result()
                    for following in itertools.islice(pending, 1):
                        running[pool.submit(parse_for_index, self.root, following)] = following

    def _store(self, parsed: Parsed) -> None:
        """Insert what one data file gave."""
        kind = BY_COLLECTION[collection_of(parsed.name)]
        table = kind.collection
        marks = ", ".join("?" * (len(kind.columns) + 6))
        self.db.executemany(f"INSERT INTO {table} VALUES (NULL, {marks})", parsed.records)
        self.db.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?)", parsed.links)
        self.db.executemany(
            "INSERT INTO citations VALUES (?, ?, ?, ?, NULL, NULL, ?, ?)", parsed.citations
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, -1, -1, ?)", parsed.articles
        )
        self.problems.extend(parsed.problems)
        self.invalid |= parsed.invalid
        self.touched.add(table)

    # -- articles ------------------------------------------------------------

    def _index_articles(self) -> None:
        """Read every new or changed article: check it, index its text, and mark
        its quotes to be placed again."""
        from tui.core.files import loading

        rows = self.db.execute(
            "SELECT s.rid, s.id, s.file, a.line, a.path, a.size, a.mtime_ns, s.record "
            "FROM sources s JOIN articles a ON a.source = s.id"
        ).fetchall()
        for rid, source_id, data_file, line, relative, size, mtime, _record in rows:
            status = file_status(self.root / relative)
            if status is not None and size == status[0] and mtime == status[1]:
                continue
            problems: list[Problem] = []
            text = loading.read_article(self.root, relative, data_file, line, source_id, problems)
            self.problems.extend(problems)
            self.db.execute("DELETE FROM fts_articles WHERE rowid = ?", (rid,))
            self.db.execute(
                'UPDATE citations SET start = NULL, "end" = NULL WHERE source = ?', (source_id,)
            )
            if text is None:
                self.invalid.add(source_id)
                continue
            self.db.execute(
                "INSERT INTO fts_articles (rowid, text) VALUES (?, ?)", (rid, fold(text))
            )
            if status is not None:
                self.db.execute(
                    "UPDATE articles SET size = ?, mtime_ns = ? WHERE source = ?",
                    (status[0], status[1], source_id),
                )
            self.articles_read += 1
            self.touched.add("sources")
