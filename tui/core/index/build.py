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
import hashlib
import os
import sqlite3
import stat
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.citations import ArticleIndex
from tui.core.datadir import check_directory, collection_files
from tui.core.folding import fold
from tui.core.index import schema
from tui.core.kinds import BY_COLLECTION, KINDS, LOAD_ORDER, SOURCES, KindSpec, model_of
from tui.core.problems import DataError, Problem

Progress = Callable[[str, float], None]
"""Called with a stage name and the fraction of the whole build done."""


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


def file_status(path: Path) -> tuple[int, int, int, int] | None:
    """(size, mtime_ns, ctime_ns, inode) of a regular file, else None."""
    try:
        status = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def digest_of(path: Path) -> str | None:
    """The SHA-256 of a file's content (None: unreadable)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


_STABLE_NS = 2_000_000_000
"""A file's recorded status is trusted only if it had been still this long when
recorded (git's "racily clean" rule: an edit in the same clock tick as the
recording would otherwise go unseen)."""


class _Builder:
    """One run of :func:`update_index` over an open write transaction."""

    def __init__(self, root: Path, connection: sqlite3.Connection, report: Progress) -> None:
        self.root = root
        self.db = connection
        self.report = report
        self.problems: list[Problem] = []
        self.invalid: set[str] = set()
        self.articles_read = 0
        self.files_removed = 0
        self.touched: set[str] = set()  # collections whose records changed

    # -- the run -------------------------------------------------------------

    def run(self) -> int:
        from tui.core import loading

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
        total = max(sum(sizes[name] for name in changed), 1)
        done = 0
        for name in changed:
            collection = name.split("/", 1)[0].removesuffix(".yaml")
            self._forget_file(name)
            share = sizes[name] / total

            def report(stage: str, fraction: float, done: int = done, share: float = share) -> None:
                if stage.startswith("Reading "):
                    self.report(stage, 0.8 * (done / total + fraction * share))

            kind = BY_COLLECTION[collection]
            self._store_records(
                kind,
                name,
                loading.parse_file(
                    self.root, name, model_of(kind), self.problems, self.invalid, report
                ),
            )
            done += sizes[name]
            self.touched.add(collection)
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
        if ctime >= now - _STABLE_NS:
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

    def _store_records(self, kind: KindSpec, name: str, records: Iterable[tuple[Any, Any]]) -> None:
        table = kind.collection
        columns = len(kind.columns)
        insert = f"INSERT INTO {table} VALUES (NULL, ?{', ?' * columns}, ?, ?, ?, ?, ?)"
        for seq, (record, position) in enumerate(records):
            values: list[Any] = [record.id, *kind.row(record), name, seq, position.line]
            values.append(sort_blob(kind.order(record)))
            values.append(record.model_dump_json(exclude_defaults=True))
            self.db.execute(insert, values)
            for field in kind.links:
                line = position.line_of(field)
                self.db.executemany(
                    "INSERT INTO links VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (record.id, kind.name, field, target, name, line)
                        for target in dict.fromkeys(getattr(record, field, ()))
                    ],
                )
            self.db.executemany(
                "INSERT INTO citations VALUES (?, ?, ?, ?, NULL, NULL, ?, ?)",
                [
                    (
                        record.id,
                        kind.name,
                        citation.source,
                        citation.quote,
                        name,
                        position.line_of(key),
                    )
                    for key, citation in citations_of(record)
                ],
            )
            if kind is SOURCES:
                self.db.execute(
                    "INSERT OR REPLACE INTO articles VALUES (?, ?, -1, -1, ?)",
                    (record.id, record.file, position.line_of("file")),
                )

    # -- articles ------------------------------------------------------------

    def _index_articles(self) -> None:
        """Read every new or changed article: check it, index its text, and mark
        its quotes to be placed again."""
        from tui.core import loading

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

    # -- checks across files -------------------------------------------------

    def _ids(self) -> str:
        """A query of every record's (id, kind, file, line, load rank)."""
        parts = [
            f"SELECT id, '{kind.name}' AS kind, file, line, {rank} AS rank, seq FROM {kind.collection}"
            for rank, kind in enumerate(LOAD_ORDER)
        ]
        return " UNION ALL ".join(parts)

    def _check_unique_ids(self) -> None:
        rows = self.db.execute(
            f"WITH every AS ({self._ids()}), "
            "twice AS (SELECT id FROM every GROUP BY id HAVING COUNT(*) > 1) "
            "SELECT e.id, e.file, e.line FROM every e JOIN twice USING (id) "
            "ORDER BY e.id, e.rank, e.file, e.seq"
        ).fetchall()
        first: dict[str, tuple[str, int]] = {}
        for record_id, file, line in rows:
            if record_id not in first:
                first[record_id] = (file, line)
                continue
            where = first[record_id]
            self.problems.append(
                Problem(
                    file, f"duplicate id; already used at {where[0]}:{where[1]}", line, record_id
                )
            )

    def _check_citations(self) -> None:
        from tui.core import loading

        unknown = self.db.execute(
            "SELECT c.file, c.line, c.record, c.source FROM citations c "
            "WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = c.source)"
        ).fetchall()
        for file, line, record_id, source_id in unknown:
            if source_id in self.invalid:
                continue
            self.problems.append(
                Problem(
                    file,
                    f"citation names source '{source_id}', which sources.yaml does not define",
                    line,
                    record_id,
                )
            )
        pending = self.db.execute(
            "SELECT DISTINCT c.source FROM citations c JOIN sources s ON s.id = c.source "
            "WHERE c.start IS NULL"
        ).fetchall()
        for number, (source_id,) in enumerate(pending):
            if source_id in self.invalid:
                continue
            text = self._article(source_id)
            if text is None:
                continue
            index = ArticleIndex(text)
            quotes = self.db.execute(
                "SELECT quote, MIN(file), MIN(line), MIN(record) FROM citations "
                "WHERE source = ? AND start IS NULL GROUP BY quote",
                (source_id,),
            ).fetchall()
            for quote, file, line, record_id in quotes:
                span = index.find(quote)
                if span is None:
                    self.problems.append(
                        Problem(
                            file,
                            f"quote not found in source '{source_id}': "
                            f"{loading.excerpt(quote)} (copy it verbatim from the article)",
                            line,
                            record_id,
                        )
                    )
                    continue
                self.db.execute(
                    'UPDATE citations SET start = ?, "end" = ? WHERE source = ? AND quote = ?',
                    (span.start, span.end, source_id, quote),
                )
            if number % 256 == 0:
                self.report("Checking quotes", 0.85 + 0.1 * number / max(len(pending), 1))

    def _article(self, source_id: str) -> str | None:
        from tui.core.sanitize import clean_text

        row = self.db.execute("SELECT path FROM articles WHERE source = ?", (source_id,)).fetchone()
        if row is None:
            return None
        try:
            return clean_text((self.root / row[0]).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None

    def _check_links(self) -> None:
        rows = self.db.execute(
            f"WITH every AS ({self._ids()}) "
            "SELECT l.file, l.line, l.record, l.field, l.target, e.kind FROM links l "
            "LEFT JOIN every e ON e.id = l.target "
            "ORDER BY l.file, l.line"
        ).fetchall()
        for file, line, record_id, field, target, found in rows:
            wanted = BY_COLLECTION[field].name
            if found == wanted or (found is None and target in self.invalid):
                continue
            what = "no record" if found is None else f"{_a(found)}, not {_a(wanted)}"
            self.problems.append(
                Problem(
                    file, f"{field} links to '{target}', but that id is {what}", line, record_id
                )
            )

    # -- text and order ------------------------------------------------------

    def _index_text(self) -> None:
        """(Re)build the filter and search text of every new record, and of the records
        linking to one (the names of what they link to are part of their text)."""
        from tui.core.search import record_label, topic_mask

        labels: dict[str, dict[str, str]] = {}

        def label(kind: KindSpec, record_id: str) -> str:
            if kind.collection not in labels:
                column = kind.columns[kind.label_column]
                labels[kind.collection] = dict(
                    self.db.execute(f'SELECT id, "{column}" FROM {kind.collection}')
                )
            return labels[kind.collection].get(record_id, "")

        new = {
            kind.collection: f"SELECT rid FROM {kind.collection} "
            f"WHERE rid NOT IN (SELECT rid FROM {kind.collection}_text)"
            for kind in KINDS
        }
        stale: dict[str, list[int]] = {}
        for kind in KINDS:
            table = kind.collection
            query = new[table]
            if kind.links:
                targets = " UNION ALL ".join(
                    f"SELECT id FROM {field} WHERE rid IN ({new[field]})" for field in kind.links
                )
                query += f" OR id IN (SELECT record FROM links WHERE target IN ({targets}))"
            stale[table] = [rid for (rid,) in self.db.execute(query)]
        for kind in KINDS:
            table = kind.collection
            model = model_of(kind)
            rids = stale[table]
            for start in range(0, len(rids), 2048):
                batch = rids[start : start + 2048]
                marks = ",".join("?" * len(batch))
                rows: list[tuple[Any, ...]] = []
                facets: list[tuple[int, int, int, int]] = []
                texts: list[tuple[int, str, str, str]] = []
                for rid, payload in self.db.execute(
                    f"SELECT rid, record FROM {table} WHERE rid IN ({marks})", batch
                ).fetchall():
                    record = model.model_validate_json(payload)
                    linked = [
                        label(BY_COLLECTION[field], target)
                        for field in kind.links
                        for target in getattr(record, field, ())
                    ]
                    name = record_label(record)
                    shown = "\n".join(part for part in filter_text(record, linked) if part)
                    quotes = [citation.quote for _key, citation in citations_of(record)]
                    extra = "\n".join(
                        part for part in (*kind.search_fields(record), *linked, *quotes) if part
                    )
                    if kind.name == "event":
                        span = record.span
                        facets.append(
                            (rid, span.first_year, span.last_year, topic_mask(record.topics))
                        )
                    rows.append((rid, record.id, name, shown, extra))
                    texts.append((rid, fold(name), fold(shown), fold(extra)))
                self.db.executemany(
                    f"INSERT OR REPLACE INTO {table}_text VALUES (?, ?, ?, ?, ?)", rows
                )
                self.db.executemany(
                    f"INSERT OR REPLACE INTO {table}_facets VALUES (?, ?, ?, ?)", facets
                )
                self.db.executemany(
                    f"DELETE FROM fts_{table} WHERE rowid = ?", [(t[0],) for t in texts]
                )
                self.db.executemany(
                    f"INSERT INTO fts_{table} (rowid, label, shown, extra) VALUES (?, ?, ?, ?)",
                    texts,
                )
            if rids:
                self.touched.add(table)

    def _order(self) -> None:
        """Store each changed collection's display order: the record numbers (rid) in
        order, and for each rid its position."""
        ranks = {path: rank for rank, path in enumerate(self._file_order())}
        for kind in KINDS:
            table = kind.collection
            if (
                table not in self.touched
                and self.db.execute(
                    "SELECT 1 FROM meta WHERE key = ?", (f"order/{table}",)
                ).fetchone()
            ):
                continue
            rows = self.db.execute(f"SELECT rid, sort, file, seq FROM {table}").fetchall()
            rows.sort(key=lambda row: (row[1], ranks.get(row[2], 0), row[3]))
            order = array("q", (row[0] for row in rows))
            del rows
            top = max(order, default=0)
            positions = array("q", bytes(8 * (top + 1)))
            for position, rid in enumerate(order):
                positions[rid] = position
            self.db.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"order/{table}", order.tobytes())
            )
            self.db.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                (f"positions/{table}", positions.tobytes()),
            )

    def _file_order(self) -> list[str]:
        return [name for kind in LOAD_ORDER for name in collection_files(self.root, kind.file)]


def filter_text(record: Any, linked: list[str]) -> list[str]:
    """What a list's filter looks in for ``record``: the row's label, the fields
    the kind names, and the names of the records it links to."""
    from tui.core.search import record_haystack

    return [record_haystack(record), *linked]


def citations_of(record: Any) -> Iterator[tuple[str, Any]]:
    """Each citation of a record with the top-level key it sits under."""
    for citation in getattr(record, "citations", ()):
        yield "citations", citation
    for role in getattr(record, "roles", ()):
        for citation in role.citations:
            yield "roles", citation
    for discrepancy in getattr(record, "discrepancies", ()):
        for citation in discrepancy.citations:
            yield "discrepancies", citation


def sort_blob(key: Any) -> bytes:
    """A sort key (ints, strings and tuples of them) as bytes that compare, byte by
    byte, as the key compares: SQLite and ``bytes`` sort them the same way."""
    out = bytearray()
    _encode(key, out)
    return bytes(out)


def _encode(value: Any, out: bytearray) -> None:
    if isinstance(value, tuple | list):
        out.append(0x30)
        for item in value:
            _encode(item, out)
        out.append(0x00)
    elif isinstance(value, bool | int):
        out.append(0x10)
        out += (int(value) + (1 << 63)).to_bytes(8, "big")
    elif isinstance(value, str):
        out.append(0x20)
        out += value.encode("utf-8", "surrogatepass")
        out.append(0x00)
    else:
        raise TypeError(f"cannot encode {type(value).__name__} in a sort key")


def _a(noun: str) -> str:
    """'a person', 'an event'."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
