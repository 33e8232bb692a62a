"""The checks of a build that span files, run in SQL over the whole index:
duplicate ids, links to missing records or the wrong kind, citations naming no
source, and quotes not found in their articles."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tui.core.citations import ArticleIndex
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


class Checks(BuildState):
    """The checks across files (see the module docstring)."""

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


def _a(noun: str) -> str:
    """'a person', 'an event'."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
