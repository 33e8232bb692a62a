"""Where the articles disagree: every discrepancy in the data, with its sides.

A discrepancy lists the conflicting passages.  Its *sides* are worked out
from them: passages from the same article stand together, since an article
rarely contradicts itself; when every passage comes from one article (a
spelling that differs between the body and a caption), each passage is a
side of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tui.core.export import source_date
from tui.core.kinds import KINDS
from tui.core.knowledge import (
    KIND_LABELS,
    AnyRecord,
    Kind,
    KnowledgeBase,
    kind_of,
)
from tui.core.models import Citation, Discrepancy, Source
from tui.core.search import record_label


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One discrepancy of one record."""

    record_id: str
    kind: Kind
    label: str
    discrepancy: Discrepancy

    @property
    def sides(self) -> list[tuple[Citation, ...]]:
        """The conflicting passages grouped into sides (see the module docstring)."""
        return sides(self.discrepancy.citations)


def sides(citations: Iterable[Citation]) -> list[tuple[Citation, ...]]:
    """Group passages by article; one article alone gives one side per passage."""
    by_source: dict[str, list[Citation]] = {}
    for citation in citations:
        by_source.setdefault(citation.source, []).append(citation)
    if len(by_source) == 1:
        return [(citation,) for citation in next(iter(by_source.values()))]
    return [tuple(group) for group in by_source.values()]


def disagreements_of(record: AnyRecord) -> list[Disagreement]:
    """The discrepancies recorded on ``record``."""
    if isinstance(record, Source):
        return []
    kind = kind_of(record)
    label = record_label(record)
    return [Disagreement(record.id, kind, label, item) for item in record.discrepancies]


def all_disagreements(kb: KnowledgeBase) -> list[Disagreement]:
    """Every discrepancy in the data: events in timeline order, then people,
    agreements and organisations in list order.

    Only the records whose list row carries the discrepancy mark are built
    (building all of them took ~2 s and ~500 MB at 100,000 records).
    """
    found: list[Disagreement] = []
    for kind in KINDS:
        if kind.disputed_column is None:
            continue
        store = kb.store(kind.collection)
        for position in store.positions_where(kind.columns[kind.disputed_column], "1"):
            found.extend(disagreements_of(store[position]))
    return found


def report(kb: KnowledgeBase, items: list[Disagreement]) -> str:
    """Readable text: each discrepancy, its note, then each side's passages."""
    if not items:
        return "No discrepancies: the articles agree wherever the data records them.\n"
    records = len({item.record_id for item in items})
    lines = [
        f"{len(items)} discrepanc{'y' if len(items) == 1 else 'ies'} "
        f"in {records} record{'s' * (records != 1)}",
        "",
    ]
    for number, item in enumerate(items, 1):
        record = kb.by_id[item.record_id]
        lines.append(f"{number}. {KIND_LABELS[item.kind]}: {item.label}  [{item.record_id}]")
        support = len(kb.supporting_sources(record))
        lines.append(
            f"   differs in: {item.discrepancy.about}  ·  "
            f"record supported by {support} article{'s' * (support != 1)}"
        )
        lines.append(f"   {' '.join(item.discrepancy.note.split())}")
        for letter, side in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", item.sides, strict=False):
            source = kb.source(side[0].source)
            lines.append(f"   {letter}) {source.title} — {source.outlet}, {source_date(source)}")
            for citation in side:
                lines.append(f"      “{' '.join(citation.quote.split())}”")
        lines.append("")
    return "\n".join(lines)


def to_json_data(kb: KnowledgeBase, items: list[Disagreement]) -> list[dict[str, Any]]:
    """JSON-ready discrepancies, each with its sides and their sources."""
    result: list[dict[str, Any]] = []
    for item in items:
        record = kb.by_id[item.record_id]
        result.append(
            {
                "record": item.record_id,
                "kind": item.kind,
                "label": item.label,
                "about": item.discrepancy.about,
                "note": " ".join(item.discrepancy.note.split()),
                "supporting_sources": list(kb.supporting_sources(record)),
                "sides": [
                    [
                        {
                            "source": citation.source,
                            "title": kb.source(citation.source).title,
                            "outlet": kb.source(citation.source).outlet,
                            "published": kb.source(citation.source).published,
                            "quote": " ".join(citation.quote.split()),
                        }
                        for citation in side
                    ]
                    for side in item.sides
                ],
            }
        )
    return result


def to_json(kb: KnowledgeBase, items: list[Disagreement]) -> str:
    """The discrepancies as indented JSON text."""
    return json.dumps(to_json_data(kb, items), ensure_ascii=False, indent=2) + "\n"
