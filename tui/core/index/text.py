"""The text a list's filter and the search read, written to the index for every
new record and every record linking to one."""

from __future__ import annotations

from typing import Any

from tui.core.folding import fold
from tui.core.index.checks import BuildState
from tui.core.kinds import (
    BY_COLLECTION,
    KINDS,
    KindSpec,
    citations_of,
    filter_text,
    model_of,
    record_label,
)
from tui.core.topics import topic_mask

LOOKUPS = 20_000
"""Records to index above which the names they link to are read all at once."""


class TextIndexing(BuildState):
    """Writes the ``*_text``, ``*_facets`` and ``fts_*`` rows of a build."""

    def _index_text(self) -> None:
        """(Re)build the filter and search text of every new record, and of the records
        linking to one (the names of what they link to are part of their text)."""

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
        many = sum(map(len, stale.values())) > LOOKUPS  # read every label at once
        labels: dict[str, dict[str, str]] = {}

        def label(kind: KindSpec, record_id: str) -> str:
            column = kind.columns[kind.label_column]
            if not many:  # a few records: one indexed lookup each
                row = self.db.execute(
                    f'SELECT "{column}" FROM {kind.collection} WHERE id = ?', (record_id,)
                ).fetchone()
                return str(row[0]) if row else ""
            if kind.collection not in labels:
                labels[kind.collection] = dict(
                    self.db.execute(f'SELECT id, "{column}" FROM {kind.collection}')
                )
            return labels[kind.collection].get(record_id, "")

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
                    shown = filter_text(record, linked)
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
