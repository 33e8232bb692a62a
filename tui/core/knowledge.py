"""The loaded knowledge base: records in display order, links both ways, quote spans."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tui.core.citations import ArticleIndex, Span
from tui.core.store import Lazy, RecordIndex, RecordStore

if TYPE_CHECKING:
    # Only for types: the models (and pydantic) are imported when a record is first
    # built, after the first frame, not when a cached archive is opened.
    from tui.core.models import Agreement, Citation, Event, Organization, Person, Source
    from tui.core.rows import RowTable
    from tui.core.search import SearchData

    AnyRecord = Event | Person | Agreement | Organization | Source

Kind = Literal["event", "person", "agreement", "organization", "source"]
COLLECTION_KINDS: dict[str, Kind] = {
    "sources": "source",
    "events": "event",
    "people": "person",
    "agreements": "agreement",
    "organizations": "organization",
}
"""Collection name to record kind, in the order of the stores in ``by_id``."""
STORE_COLLECTIONS: tuple[str, ...] = tuple(COLLECTION_KINDS)
"""Collection names by store number (as :meth:`RecordIndex.locate` gives it)."""
KIND_LABELS: dict[str, str] = {
    "event": "Event",
    "person": "Person",
    "agreement": "Agreement",
    "organization": "Organisation",
    "source": "Source",
}
"""What each kind is called on screen."""
COLLECTION_LABELS: dict[str, str] = {
    "sources": "sources",
    "events": "events",
    "people": "people",
    "agreements": "agreements",
    "organizations": "organisations",
}
"""What each collection is called in counts: the interface spells it one way
(British, as the data does), whatever the file and field names say."""


def count_of(collection: str, number: int) -> str:
    """'1 person', '17 people', '25 organisations': a count as the interface words it."""
    if number == 1:
        return f"1 {KIND_LABELS[COLLECTION_KINDS[collection]].lower()}"
    return f"{number} {COLLECTION_LABELS[collection]}"


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Everything the app shows, validated and cross-linked; never mutated.

    Collections are in display order: events chronologically (stable for
    equal dates), people and organisations by name, agreements by date.  They
    are lazy stores (records are built when first read), so opening a large
    archive costs little more than opening a small one.
    """

    root: Path
    """The data directory it was loaded from."""
    sources: RecordStore[Source]
    events: RecordStore[Event]
    people: RecordStore[Person]
    agreements: RecordStore[Agreement]
    organizations: RecordStore[Organization]
    texts: Mapping[str, str]
    """Article text by source id (control characters removed), read on demand."""
    person_events: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Event ids linked to each person id, chronological."""
    agreement_events: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Event ids linked to each agreement id, chronological."""
    organization_events: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Event ids linked to each organisation id, chronological."""
    organization_agreements: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Agreement ids naming each organisation."""
    source_records: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Ids of the records citing each source id."""
    by_id: Mapping[str, AnyRecord] = field(default_factory=dict)
    """Every record by id (ids are unique across kinds)."""
    rows: Mapping[str, RowTable] = field(default_factory=dict)
    """What each list row shows, by collection name (see :mod:`tui.core.rows`)."""
    verify: Callable[[], None] | None = None
    """Checks what was not checked when the knowledge base was opened (a large
    cache entry's records file), raising an exception if it is damaged; meant
    for a background thread after the first frame.  None: nothing left to check."""
    search_data: Lazy[SearchData] | None = None
    """Precomputed filter and search text, loaded on first use."""
    _indexes: dict[str, ArticleIndex] = field(default_factory=dict)
    """Quote finders for recently used articles."""

    def kind_of(self, record_id: str) -> Kind:
        """The kind of record ``record_id`` names (without building the record)."""
        if isinstance(self.by_id, RecordIndex):
            return _KINDS[self.by_id.locate(record_id)[0]]
        return kind_of(self.by_id[record_id])

    def row_of(self, record_id: str) -> tuple[str, ...]:
        """The list-row fields of ``record_id`` (see :mod:`tui.core.rows`)."""
        if isinstance(self.by_id, RecordIndex) and self.rows:
            number, position = self.by_id.locate(record_id)
            return self.rows[STORE_COLLECTIONS[number]][position]
        from tui.core.rows import row_fields

        return row_fields(self.kind_of(record_id), self.by_id[record_id])

    def label_of(self, record_id: str) -> str:
        """The name or title ``record_id`` goes by, without building the record."""
        from tui.core.rows import LABEL_FIELD

        return self.row_of(record_id)[LABEL_FIELD[self.kind_of(record_id)]]

    def span_of(self, citation: Citation) -> Span:
        """Where ``citation``'s quote sits in its article (checked at load time)."""
        index = self._indexes.get(citation.source)
        if index is None:
            if len(self._indexes) >= 64:
                self._indexes.pop(next(iter(self._indexes)))
            index = self._indexes[citation.source] = ArticleIndex(self.texts[citation.source])
        span = index.find(citation.quote)
        if span is None:  # the article changed on disk since loading
            return Span(0, 0)
        return span

    def passages(self, source_id: str) -> dict[Span, Citation]:
        """Every cited passage of an article, with a citation quoting it."""
        found: dict[Span, Citation] = {}
        for record_id in self.source_records.get(source_id, ()):
            for citation in self.citations_of(self.by_id[record_id]):
                if citation.source == source_id:
                    found.setdefault(self.span_of(citation), citation)
        return dict(sorted(found.items(), key=lambda item: (item[0].start, item[0].end)))

    @property
    def search(self) -> SearchData:
        """Filter and search text for every record (built or loaded on first use)."""
        if self.search_data is None:
            from tui.core.search import build_search_data

            object.__setattr__(self, "search_data", Lazy(lambda: build_search_data(self)))
        assert self.search_data is not None
        return self.search_data.get()

    def source(self, source_id: str) -> Source:
        """The source with id ``source_id``."""
        from tui.core.models import Source

        record = self.by_id[source_id]
        assert isinstance(record, Source)
        return record

    def counts(self) -> dict[str, int]:
        """Number of records of each kind, for summaries."""
        return {
            "sources": len(self.sources),
            "events": len(self.events),
            "people": len(self.people),
            "agreements": len(self.agreements),
            "organizations": len(self.organizations),
        }

    def citations_of(self, record: AnyRecord) -> tuple[Citation, ...]:
        """Every citation attached to ``record``, its roles' and discrepancies' included."""
        from tui.core.models import Person, Source

        if isinstance(record, Source):
            return ()
        found: list[Citation] = list(record.citations)
        if isinstance(record, Person):
            for role in record.roles:
                found.extend(role.citations)
        for discrepancy in record.discrepancies:
            found.extend(discrepancy.citations)
        unique: dict[tuple[str, str], Citation] = {}
        for citation in found:
            unique.setdefault((citation.source, citation.quote), citation)
        return tuple(unique.values())

    def supporting_sources(self, record: AnyRecord) -> tuple[str, ...]:
        """Ids of the distinct articles that support ``record``."""
        return tuple(dict.fromkeys(c.source for c in self.citations_of(record)))


_KINDS: tuple[Kind, ...] = tuple(COLLECTION_KINDS.values())


def kind_of(record: AnyRecord) -> Kind:
    """The kind name of a record."""
    from tui.core.models import Agreement, Event, Organization, Person

    if isinstance(record, Event):
        return "event"
    if isinstance(record, Person):
        return "person"
    if isinstance(record, Agreement):
        return "agreement"
    if isinstance(record, Organization):
        return "organization"
    return "source"


def __getattr__(name: str) -> object:
    """``AnyRecord`` at run time (it needs the models, imported on first use)."""
    if name == "AnyRecord":
        from tui.core.models import Agreement, Event, Organization, Person, Source

        return Event | Person | Agreement | Organization | Source
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
