"""Where the articles disagree: every distinct point, with its sides and the records it touches.

Points come from two places: the discrepancies curators write on records,
and the figures that conflict by the rule of :mod:`tui.core.figure_conflicts`
(found, never written). A *point* is one set of conflicting passages: the
same passages recorded on an event and on its agreement are one point
touching two records, counted once. A figure conflict whose passages a
written point already quotes (one passage of each figure, at least) belongs
to that point rather than making a second one.

A point's *sides* are worked out from its passages: passages from the same
article stand together, since an article rarely contradicts itself; when
every passage comes from one article (a spelling that differs between the
body and a caption), each passage is a side of its own. A figure conflict's
sides are its two figures.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tui.core.figure_conflicts import FigureConflict, figure_conflicts
from tui.core.kinds import KINDS, kind_of_record, record_label
from tui.core.models import Citation, Source
from tui.core.outputs.export import source_date
from tui.core.queries.knowledge import KIND_LABELS, AnyRecord, KnowledgeBase

Passage = tuple[str, str]
"""A cited passage as points compare them: (source id, quote with its white space
normalised)."""


def passage_of(citation: Citation) -> Passage:
    """The passage ``citation`` quotes, as points compare them."""
    return (citation.source, " ".join(citation.quote.split()))


@dataclass(frozen=True, slots=True)
class Touched:
    """A record a point of disagreement is recorded on (or, for figures, found on)."""

    record_id: str
    kind: str
    """The record's kind name (``event``, ``figure``…)."""
    label: str


@dataclass(slots=True)
class Disagreement:
    """One distinct point on which the articles disagree."""

    about: str
    """What differs (``figure``, ``spelling``…), as the first record to carry it says."""
    sides: list[tuple[Citation, ...]]
    """The conflicting passages grouped into sides (see the module docstring)."""
    records: list[Touched] = field(default_factory=list)
    """Every record the point touches, the first one first."""
    notes: list[str] = field(default_factory=list)
    """Each distinct note written or generated for the point."""
    written: bool = False
    """A curator recorded the point on at least one record."""
    found: bool = False
    """The figure rule found it."""

    @property
    def record_id(self) -> str:
        """The first record the point touches (where Enter goes)."""
        return self.records[0].record_id

    @property
    def kind(self) -> str:
        """The first record's kind."""
        return self.records[0].kind

    @property
    def label(self) -> str:
        """The first record's name or title."""
        return self.records[0].label

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every passage of the point, side by side."""
        return tuple(citation for side in self.sides for citation in side)

    @property
    def passages(self) -> frozenset[Passage]:
        """The point's passages, as points compare them."""
        return frozenset(passage_of(citation) for citation in self.citations)

    def touch(self, record: Touched) -> None:
        """Add ``record`` to the records the point touches, once."""
        if all(known.record_id != record.record_id for known in self.records):
            self.records.append(record)

    def add_note(self, note: str) -> None:
        """Add ``note`` (white space normalised), once."""
        text = " ".join(note.split())
        if text not in self.notes:
            self.notes.append(text)


def sides(citations: Iterable[Citation]) -> list[tuple[Citation, ...]]:
    """Group passages by article; one article alone gives one side per passage."""
    by_source: dict[str, list[Citation]] = {}
    for citation in citations:
        by_source.setdefault(citation.source, []).append(citation)
    if len(by_source) == 1:
        return [(citation,) for citation in next(iter(by_source.values()))]
    return [tuple(group) for group in by_source.values()]


def touched(record: AnyRecord) -> Touched:
    """How a point names ``record``."""
    return Touched(record.id, kind_of_record(record).name, record_label(record))


def written_points(records: Iterable[Any]) -> list[Disagreement]:
    """The discrepancies written on ``records``, one point per distinct set of passages."""
    points: dict[frozenset[Passage], Disagreement] = {}
    for record in records:
        if isinstance(record, Source):
            continue
        for item in record.discrepancies:
            key = frozenset(passage_of(citation) for citation in item.citations)
            point = points.get(key)
            if point is None:
                point = points[key] = Disagreement(item.about, sides(item.citations), written=True)
            point.touch(touched(record))
            point.add_note(item.note)
    return list(points.values())


def conflict_note(conflict: FigureConflict) -> str:
    """What the figure rule found, in a sentence."""
    from tui.core.figures import value_of

    first, second = conflict.first, conflict.second
    return (
        f"Found by the figure rule: {value_of(first)} ({first.span.human()}) against "
        f"{value_of(second)} ({second.span.human()}), both {first.status}."
    )


def add_figure_conflicts(points: list[Disagreement], conflicts: Iterable[FigureConflict]) -> None:
    """Add each conflict to the written point that quotes both figures, else as a point."""
    for conflict in conflicts:
        first = {passage_of(c) for c in conflict.first.citations}
        second = {passage_of(c) for c in conflict.second.citations}
        point = next(
            (
                p
                for p in points
                if not first.isdisjoint(p.passages) and not second.isdisjoint(p.passages)
            ),
            None,
        )
        if point is None:
            point = Disagreement(
                "figure", [tuple(conflict.first.citations), tuple(conflict.second.citations)]
            )
            points.append(point)
        point.found = True
        point.touch(touched(conflict.first))
        point.touch(touched(conflict.second))
        point.add_note(conflict_note(conflict))


def all_disagreements(kb: KnowledgeBase) -> list[Disagreement]:
    """Every distinct point of disagreement: the written ones (records in list
    order, events first), then the figure conflicts no written point quotes.

    Of the written discrepancies only the records whose list row carries the
    discrepancy mark are built; of the figures, all (they are few).
    """
    disputed: list[Any] = []
    for kind in KINDS:
        if kind.disputed_column is None:
            continue
        store = kb.store(kind.collection)
        for position in store.positions_where(kind.columns[kind.disputed_column], "1"):
            disputed.append(store[position])
    points = written_points(disputed)
    add_figure_conflicts(points, figure_conflicts(kb.store("figures")))
    return points


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary(items: list[Disagreement]) -> str:
    """'9 points of disagreement (touching 11 records)'."""
    records = len({record.record_id for item in items for record in item.records})
    return (
        f"{_plural(len(items), 'point', 'points')} of disagreement "
        f"(touching {_plural(records, 'record', 'records')})"
    )


def origin(item: Disagreement) -> str:
    """Who recorded the point: the curator, the figure rule, or both."""
    if item.written and item.found:
        return "recorded by the curator, and found by the figure rule"
    return "found by the figure rule" if item.found else "recorded by the curator"


def report(kb: KnowledgeBase, items: list[Disagreement]) -> str:
    """Readable text: each point, the records it touches, its notes, then each
    side's passages."""
    if not items:
        return "No discrepancies: the articles agree wherever the data records them.\n"
    lines = [summary(items), ""]
    for number, item in enumerate(items, 1):
        lines.append(f"{number}. differs in: {item.about}  ·  {origin(item)}")
        for record in item.records:
            support = len(kb.supporting_sources(kb.by_id[record.record_id]))
            lines.append(
                f"   {KIND_LABELS[record.kind]}: {record.label}  [{record.record_id}]  "
                f"({_plural(support, 'article', 'articles')})"
            )
        lines += [f"   {note}" for note in item.notes]
        for letter, side in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", item.sides, strict=False):
            source = kb.source(side[0].source)
            lines.append(f"   {letter}) {source.title} — {source.outlet}, {source_date(source)}")
            for citation in side:
                lines.append(f"      “{' '.join(citation.quote.split())}”")
        lines.append("")
    return "\n".join(lines)


def to_json_data(kb: KnowledgeBase, items: list[Disagreement]) -> list[dict[str, Any]]:
    """JSON-ready points, each with the records it touches, its sides and their sources."""
    points: list[dict[str, Any]] = []
    for item in items:
        points.append(
            {
                "about": item.about,
                "written": item.written,
                "found": item.found,
                "notes": list(item.notes),
                "records": [
                    {
                        "id": record.record_id,
                        "kind": record.kind,
                        "label": record.label,
                        "supporting_sources": list(
                            kb.supporting_sources(kb.by_id[record.record_id])
                        ),
                    }
                    for record in item.records
                ],
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
    return points


def to_json(kb: KnowledgeBase, items: list[Disagreement]) -> str:
    """The points as indented JSON text."""
    return json.dumps(to_json_data(kb, items), ensure_ascii=False, indent=2) + "\n"
