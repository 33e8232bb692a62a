"""Export the knowledge base for other tools.

The JSON shape is a contract: a top-level object with ``sources``, ``events``,
``people``, ``agreements`` and ``organizations``; every event, person, agreement and
organisation has ``id`` and ``citations`` (a list of ``{source, quote}``);
sources, the things cited, have ``id``, ``title``, ``outlet``, ``published``
and ``file``.  Fields may be added, never
renamed or removed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, Literal, overload

from tui.core.kinds import KINDS, KindSpec
from tui.core.models import Citation, Source
from tui.core.queries.knowledge import AnyRecord, KnowledgeBase

FORMAT_VERSION = 1

ExportFormat = Literal["md", "csv", "json", "timelinejs"]
"""What ``vnru export`` and the export dialog can write."""
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("md", "csv", "json", "timelinejs")
EXTENSIONS: dict[ExportFormat, str] = {
    "md": ".md",
    "csv": ".csv",
    "json": ".json",
    "timelinejs": ".json",
}
FORMAT_LABELS: dict[ExportFormat, str] = {
    "md": "Markdown brief",
    "csv": "CSV tables",
    "json": "JSON",
    "timelinejs": "TimelineJS",
}
RECORD_COLLECTIONS: tuple[str, ...] = tuple(kind.collection for kind in KINDS)
"""Collections an export can hold, in document order."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The records an export covers, each collection in its display order: one
    sequence per kind of :data:`tui.core.kinds.KINDS`, read as ``selection.events``,
    ``selection.people``… (sources chosen for themselves: the Sources pane, a
    bookmarked article)."""

    chosen: Mapping[str, Sequence[Any]]
    """Records by collection name, every kind's collection present."""
    description: str = "the whole knowledge base"
    """What was selected, in words, for the export's header."""

    @classmethod
    def of(cls, chosen: Mapping[str, Sequence[Any]], description: str) -> Selection:
        """A selection from records chosen per collection name (missing ones: none)."""
        return cls(
            {kind.collection: chosen.get(kind.collection, ()) for kind in KINDS}, description
        )

    def __getattr__(self, collection: str) -> Sequence[Any]:
        try:
            return self.chosen[collection]
        except KeyError:
            raise AttributeError(collection) from None

    def __len__(self) -> int:
        return sum(len(records) for records in self.chosen.values())

    def records(self) -> Iterator[AnyRecord]:
        """Every selected record, collection by collection (built as they come:
        a selection of 100,000 records never holds them all)."""
        return chain.from_iterable(self.chosen[kind.collection] for kind in KINDS)

    def cited_sources(self, kb: KnowledgeBase) -> list[Source]:
        """The chosen sources and every source the chosen records cite, in list order."""
        wanted = {source.id for source in self.sources}
        for record in self.records():
            wanted.update(kb.supporting_sources(record))
        return [source for source in kb.sources if source.id in wanted]


class Picked(Sequence[Any]):
    """Some records of a store, by position, built when read and not kept."""

    __slots__ = ("_positions", "_store")

    def __init__(self, store: Sequence[Any], positions: Sequence[int]) -> None:
        self._store = store
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> Picked: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return Picked(self._store, self._positions[index])
        return self._store[self._positions[index]]

    def __iter__(self) -> Iterator[Any]:
        if len(self._positions) == len(self._store):
            return iter(self._store)  # every record, in order: the store's own pass
        return (self._store[position] for position in self._positions)

    def __bool__(self) -> bool:
        return len(self._positions) > 0


def select(
    kb: KnowledgeBase,
    *,
    ids: Collection[str] | None = None,
    query: str = "",
    topic: str | None = None,
    years: tuple[int | None, int | None] | None = None,
    collections: Collection[str] = RECORD_COLLECTIONS,
    description: str | None = None,
) -> Selection:
    """The records of ``collections`` that are in ``ids`` (when given) and match
    ``query``, ``topic`` and ``years`` exactly as the app's list filter does
    (every word must occur; a capital makes the query case-sensitive; plain
    letters match accented and Cyrillic ones; topic and years apply to the
    timeline)."""
    from tui.core.dates import describe_years
    from tui.core.queries.matching import Query
    from tui.core.queries.search import Listing

    parsed = Query.parse(query)
    wanted = set(ids) if ids is not None else None
    chosen: dict[str, Sequence[Any]] = {}
    for name in RECORD_COLLECTIONS:
        store = getattr(kb, name)
        if name not in collections:
            chosen[name] = []
            continue
        if parsed.empty and topic is None and years in (None, (None, None)):
            positions: Sequence[int] = range(len(store))
        else:
            listing = Listing(kb, name)
            positions = listing.filter(parsed, topic=topic, years=years)
        if wanted is not None:
            positions = [i for i in positions if store.ids[i] in wanted]
        chosen[name] = Picked(store, positions)
    if description is None:
        parts = []
        if ids is not None:
            parts.append("bookmarks")
        if query.strip():
            parts.append(f"matching “{query.strip()}”")
        if topic:
            parts.append(f"topic {topic}")
        if years not in (None, (None, None)):
            assert years is not None
            parts.append(f"years {describe_years(years)}")
        description = ", ".join(parts) or "the whole knowledge base"
    return Selection.of(chosen, description)


def _event_dates(event: Any) -> dict[str, Any]:
    """An event's date as the export documents it: the start of a range, its end,
    the range as written, and how precise it is."""
    span = event.span
    return {
        "date": span.start.iso(),
        "end_date": span.end.iso() if span.end else None,
        "date_range": event.date,
        "date_precision": span.start.precision,
    }


def _none(record: Any) -> dict[str, Any]:
    return {}


_EXTRA_FIELDS: dict[str, Callable[[Any], dict[str, Any]]] = {"event": _event_dates}
"""Fields a kind's records carry in the JSON export besides their own."""


def to_json_data(
    kb: KnowledgeBase,
    selection: Selection | None = None,
    notes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The knowledge base (or ``selection`` of it) as plain JSON-ready data.

    ``notes`` (record id → the user's note) add a ``user_note`` field to the
    records that have one.
    """
    return json_object(to_json_items(kb, selection, notes))


def to_json_items(
    kb: KnowledgeBase,
    selection: Selection | None = None,
    notes: Mapping[str, str] | None = None,
) -> Iterator[tuple[str, Any]]:
    """The top-level (key, value) pairs of :func:`to_json_data`, each collection
    an iterator of its records' data, made as it is read."""
    chosen = selection if selection is not None else select(kb)
    notes = notes or {}

    def dump(record: Any) -> dict[str, Any]:
        data: dict[str, Any] = record.model_dump(mode="json")
        data["supporting_sources"] = list(kb.supporting_sources(record))
        if notes.get(record.id):
            data["user_note"] = notes[record.id]
        return data

    def records(kind: KindSpec) -> Iterator[dict[str, Any]]:
        # Each record lists the records that link to it ("events" naming a person).
        backlinks = [
            (other.collection, kb.links_to(other.name, kind.collection))
            for other in KINDS
            if kind.collection in other.links
        ]
        for record in chosen.chosen[kind.collection]:
            data = dump(record)
            data.update(_EXTRA_FIELDS.get(kind.name, _none)(record))
            for name, linked in backlinks:
                data[name] = list(linked.get(record.id, ()))
            yield data

    def sources() -> Iterator[dict[str, Any]]:
        for source in chosen.cited_sources(kb) if selection is not None else kb.sources:
            data = source.model_dump(mode="json")
            if notes.get(source.id):
                data["user_note"] = notes[source.id]
            yield data

    yield "format_version", FORMAT_VERSION
    yield "sources", sources()
    for kind in KINDS:
        if kind.collection != "sources":
            yield kind.collection, records(kind)


def to_json(
    kb: KnowledgeBase,
    selection: Selection | None = None,
    notes: Mapping[str, str] | None = None,
) -> str:
    """The knowledge base as indented JSON text (UTF-8, not ASCII-escaped).

    The same text as ``json.dumps(to_json_data(...), indent=2)``, made a record
    at a time: at 100,000 records the whole document as Python objects took
    over a gigabyte.
    """
    return "".join(json_pieces(to_json_items(kb, selection, notes)))


def json_object(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The object :func:`json_pieces` writes, as data (its iterators as lists)."""
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in items}


def json_pieces(items: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """The text of a JSON object, indented by two, from (key, value) pairs
    whose values may be iterators (written as arrays, an element at a time)."""
    yield "{"
    first = True
    for key, value in items:
        yield ("\n" if first else ",\n") + "  " + json.dumps(key, ensure_ascii=False) + ": "
        first = False
        if isinstance(value, Iterator):
            empty = True
            for element in value:
                text = json.dumps(element, ensure_ascii=False, indent=2)
                yield ("[\n" if empty else ",\n") + "    " + text.replace("\n", "\n    ")
                empty = False
            yield "[]" if empty else "\n  ]"
        else:
            yield json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    yield "\n}\n" if not first else "}\n"


def source_date(source: Source) -> str:
    """The publication date as a reader writes it, saying when it is not stated."""
    date = source.published_span.human()
    if source.date_certainty != "stated":
        date += f" (date {source.date_certainty})"
    return date


def plain_citation(kb: KnowledgeBase, citation: Citation) -> str:
    """A citation as plain text: the quote, then title, outlet and date."""
    source = kb.source(citation.source)
    quote = " ".join(citation.quote.split())
    where = f" {source.url}" if source.url else ""
    return f"“{quote}” — {source.title}, {source.outlet}, {source_date(source)}.{where}"
