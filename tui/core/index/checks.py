"""The checks of a build that span files, run in SQL against the whole index:
duplicate ids, links to missing records or the wrong kind, citations naming no
source, and quotes not found in their articles.

Only what a build can have broken is checked: the rows of the files it read
(``temp.read_files``) and whatever pointed at a record it removed
(``temp.gone``); a first build reads every file, so checks everything."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tui.core.citations import ArticleIndex, Span
from tui.core.kinds import BY_COLLECTION, LOAD_ORDER
from tui.core.problems import Problem

Progress = Callable[[str, float], None]
"""Called with a stage name and the fraction of the whole build done."""


class BuildState:
    """What one run of :func:`tui.core.index.build.update_index` works on: an open
    write transaction over the index of one data directory, and what it found."""

    def __init__(self, root: Path, connection: sqlite3.Connection, report: Progress) -> None:
        self.root = root
        self.db = connection
        self.report = report
        self.problems: list[Problem] = []
        self.invalid: set[str] = set()
        self.articles_read = 0
        self.files_removed = 0
        self.touched: set[str] = set()  # collections whose records changed
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS read_files (name TEXT PRIMARY KEY)")
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS gone (id TEXT PRIMARY KEY)")
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS fresh (id TEXT PRIMARY KEY)")


class Checks(BuildState):
    """The checks across files (see the module docstring)."""

    def _check_unique_ids(self) -> None:
        """Every id of a file read this time that another record also has."""
        for kind in LOAD_ORDER:
            self.db.execute(
                f"INSERT OR IGNORE INTO temp.fresh SELECT id FROM {kind.collection} "
                "WHERE file IN (SELECT name FROM temp.read_files)"
            )
        parts = [
            f"SELECT id, file, line, {rank}, seq FROM {kind.collection} "
            "WHERE id IN (SELECT id FROM temp.fresh)"
            for rank, kind in enumerate(LOAD_ORDER)
        ]
        found: dict[str, list[tuple[int, str, int, int]]] = {}
        for record_id, file, line, rank, seq in self.db.execute(" UNION ALL ".join(parts)):
            found.setdefault(record_id, []).append((rank, file, seq, line))
        for record_id, places in found.items():
            if len(places) < 2:
                continue
            places.sort()
            _rank, first_file, _seq, first_line = places[0]
            for _rank, file, _seq, line in places[1:]:
                self.problems.append(
                    Problem(
                        file,
                        f"duplicate id; already used at {first_file}:{first_line}",
                        line,
                        record_id,
                    )
                )

    def _check_citations(self) -> None:
        from tui.core import loading

        unknown = self.db.execute(
            "SELECT c.file, c.line, c.record, c.source FROM citations c "
            "WHERE (c.file IN (SELECT name FROM temp.read_files) "
            "OR c.source IN (SELECT id FROM temp.gone)) "
            "AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = c.source)"
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
            index: ArticleIndex | None = None  # built only if a quote is not there as written
            quotes = self.db.execute(
                "SELECT quote, MIN(file), MIN(line), MIN(record) FROM citations "
                "WHERE source = ? AND start IS NULL GROUP BY quote",
                (source_id,),
            ).fetchall()
            for quote, file, line, record_id in quotes:
                plain = quote.strip()
                at = text.find(plain) if plain else -1
                if at >= 0:
                    span: Span | None = Span(at, at + len(plain))
                else:
                    index = index or ArticleIndex(text)
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
        """Links written in the files read this time, and links to a removed record,
        that lead nowhere or to a record of another kind."""
        for field in sorted({field for kind in LOAD_ORDER for field in kind.links}):
            wanted = BY_COLLECTION[field]
            broken = self.db.execute(
                "SELECT l.file, l.line, l.record, l.target FROM links l "
                "WHERE l.field = ? AND (l.file IN (SELECT name FROM temp.read_files) "
                "OR l.target IN (SELECT id FROM temp.gone)) "
                f"AND NOT EXISTS (SELECT 1 FROM {wanted.collection} t WHERE t.id = l.target) "
                "ORDER BY l.file, l.line",
                (field,),
            ).fetchall()
            for file, line, record_id, target in broken:
                found = self._kind_of(target)
                if found is None and target in self.invalid:
                    continue
                what = "no record" if found is None else f"{_a(found)}, not {_a(wanted.name)}"
                self.problems.append(
                    Problem(
                        file,
                        f"{field} links to '{target}', but that id is {what}",
                        line,
                        record_id,
                    )
                )

    def _kind_of(self, record_id: str) -> str | None:
        for kind in LOAD_ORDER:
            if self.db.execute(
                f"SELECT 1 FROM {kind.collection} WHERE id = ?", (record_id,)
            ).fetchone():
                return kind.name
        return None


def _a(noun: str) -> str:
    """'a person', 'an event'."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
