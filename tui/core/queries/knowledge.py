"""The knowledge base: records in display order, links both ways, quote spans,
read from the data directory's index (:mod:`tui.core.index`) a page at a time.

Nothing is loaded whole: a list asks for the rows it draws, the detail pane for
the record it shows.  Memory stays flat however large the archive; what is kept
per collection is its display order (8 bytes a record).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.files.citations import ArticleIndex, Span
from tui.core.index.pages import Index, Store
from tui.core.kinds import BY_COLLECTION, BY_NAME, KINDS, KindSpec, citations_of

if TYPE_CHECKING:
    from tui.core.models import (
        Agreement,
        Citation,
        Event,
        Figure,
        Organization,
        Person,
        Place,
        Source,
    )

    AnyRecord = Event | Person | Agreement | Organization | Place | Figure | Source

Kind = str
"""A kind's name in the registry (:data:`tui.core.kinds.KINDS`): ``event``, ``person``…"""
COLLECTION_KINDS: dict[str, Kind] = {kind.collection: kind.name for kind in KINDS}
"""Collection name to record kind."""
KIND_LABELS: dict[str, str] = {kind.name: kind.label for kind in KINDS}
"""What each kind is called on screen."""
COLLECTION_LABELS: dict[str, str] = {kind.collection: kind.plural for kind in KINDS}
"""What each collection is called in counts (British, as the data is written)."""


def count_of(collection: str, number: int) -> str:
    """'1 person', '17 people', '25 organisations': a count as the interface words it."""
    return BY_COLLECTION[collection].count(number)


class RecordIndex(Mapping[str, Any]):
    """Every record by id, across kinds."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._located: OrderedDict[str, tuple[KindSpec, int]] = OrderedDict()

    def locate(self, record_id: str) -> tuple[KindSpec, int]:
        """The kind of ``record_id`` and its display position (KeyError: no such id);
        the last few thousand are kept, since a detail asks for every link's."""
        found = self._located.get(record_id)
        if found is not None:
            return found
        for kind in KINDS:
            position = self._kb.store(kind.collection).position_of(record_id)
            if position is not None:
                self._located[record_id] = (kind, position)
                if len(self._located) > 4096:
                    self._located.popitem(last=False)
                return kind, position
        raise KeyError(record_id)

    def __getitem__(self, record_id: str) -> Any:
        kind, position = self.locate(record_id)
        return self._kb.store(kind.collection)[position]

    def __contains__(self, record_id: object) -> bool:
        if not isinstance(record_id, str):
            return False
        try:
            self.locate(record_id)
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        for kind in KINDS:
            yield from self._kb.store(kind.collection).ids

    def __len__(self) -> int:
        return sum(len(self._kb.store(kind.collection)) for kind in KINDS)


class ArticleTexts(Mapping[str, str]):
    """Article text by source id (control characters removed), read when first asked for."""

    def __init__(self, kb: KnowledgeBase, limit: int = 64) -> None:
        self._kb = kb
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._limit = limit

    def path(self, source_id: str) -> Path:
        """Where the article of ``source_id`` is (KeyError: no such source)."""
        row = (
            self._kb.index.db()
            .execute("SELECT path FROM articles WHERE source = ?", (source_id,))
            .fetchone()
        )
        if row is None:
            raise KeyError(source_id)
        return self._kb.root / str(row[0])

    def __getitem__(self, source_id: str) -> str:
        from tui.core.files.sanitize import clean_text

        text = self._cache.get(source_id)
        if text is not None:
            self._cache.move_to_end(source_id)
            return text
        text = clean_text(self.path(source_id).read_text(encoding="utf-8"))
        self._cache[source_id] = text
        if len(self._cache) > self._limit:
            self._cache.popitem(last=False)
        return text

    def __contains__(self, source_id: object) -> bool:
        return isinstance(source_id, str) and bool(
            self._kb.index.db()
            .execute("SELECT 1 FROM articles WHERE source = ?", (source_id,))
            .fetchone()
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._kb.sources.ids)

    def __len__(self) -> int:
        return len(self._kb.sources)


class Linked(Mapping[str, tuple[str, ...]]):
    """For each record id, the ids of the ``kind`` records whose ``field`` links to it,
    in display order."""

    def __init__(self, kb: KnowledgeBase, kind: KindSpec, field: str) -> None:
        self._kb = kb
        self._kind = kind
        self._field = field

    def __getitem__(self, target: str) -> tuple[str, ...]:
        table = self._kind.collection
        rows = (
            self._kb.index.db()
            .execute(
                f"SELECT t.rid, t.id FROM links l JOIN {table} t ON t.id = l.record "
                "WHERE l.target = ? AND l.field = ? AND l.kind = ?",
                (target, self._field, self._kind.name),
            )
            .fetchall()
        )
        if not rows:
            raise KeyError(target)
        positions = self._kb.index.positions(table)
        return tuple(record_id for _rid, record_id in sorted(rows, key=lambda r: positions[r[0]]))

    def __iter__(self) -> Iterator[str]:
        rows = self._kb.index.db().execute(
            "SELECT DISTINCT target FROM links WHERE field = ? AND kind = ?",
            (self._field, self._kind.name),
        )
        return (target for (target,) in rows)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Citing(Mapping[str, tuple[str, ...]]):
    """For each source id, the ids of the records citing it: by kind, then display order."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def __getitem__(self, source_id: str) -> tuple[str, ...]:
        rows = (
            self._kb.index.db()
            .execute("SELECT DISTINCT record, kind FROM citations WHERE source = ?", (source_id,))
            .fetchall()
        )
        if not rows:
            raise KeyError(source_id)
        rank = {kind.name: number for number, kind in enumerate(KINDS)}

        def where(row: tuple[str, str]) -> tuple[int, int]:
            store = self._kb.store(BY_NAME[row[1]].collection)
            return rank[row[1]], store.position_of(row[0]) or 0

        return tuple(record_id for record_id, _kind in sorted(rows, key=where))

    def __iter__(self) -> Iterator[str]:
        rows = self._kb.index.db().execute("SELECT DISTINCT source FROM citations")
        return (source for (source,) in rows)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class KnowledgeBase:
    """Everything the app shows, validated and cross-linked; never mutated.

    Each collection (``kb.events``, ``kb.people``… one per entry of
    :data:`tui.core.kinds.KINDS`) is a :class:`Store` in display order: events
    chronologically (stable for equal dates), people and organisations by
    name, agreements by date.
    """

    def __init__(self, root: Path, index: Index) -> None:
        self.root = root
        """The data directory it was built from."""
        self.index = index
        """The index database it reads."""
        self._stores = {kind.collection: Store(index, kind) for kind in KINDS}
        self.by_id = RecordIndex(self)
        """Every record by id (ids are unique across kinds)."""
        self.texts = ArticleTexts(self)
        """Article text by source id."""
        self.rows = {name: store.rows for name, store in self._stores.items()}
        """What each list row shows, by collection name."""
        self.source_records = Citing(self)
        """Ids of the records citing each source id."""
        self.verify: Any = None
        """Checks, off the interface's thread, that the data files have not changed
        since the index was opened (raises :class:`IndexStale`); None: nothing to check."""
        self._indexes: OrderedDict[str, ArticleIndex] = OrderedDict()

    def store(self, collection: str) -> Store:
        """The records of ``collection``."""
        return self._stores[collection]

    def __getattr__(self, name: str) -> Any:
        stores = self.__dict__.get("_stores")
        if stores is not None and name in stores:
            return stores[name]
        raise AttributeError(f"{type(self).__name__!r} has no attribute {name!r}")

    def links_to(self, kind: str, field: str) -> Linked:
        """For each id, the ids of the ``kind`` records whose ``field`` links to it."""
        return Linked(self, BY_NAME[kind], field)

    @property
    def person_events(self) -> Linked:
        """Event ids linked to each person id, chronological."""
        return self.links_to("event", "people")

    @property
    def agreement_events(self) -> Linked:
        """Event ids linked to each agreement id, chronological."""
        return self.links_to("event", "agreements")

    @property
    def organization_events(self) -> Linked:
        """Event ids linked to each organisation id, chronological."""
        return self.links_to("event", "organizations")

    @property
    def organization_agreements(self) -> Linked:
        """Agreement ids naming each organisation."""
        return self.links_to("agreement", "organizations")

    def kind_of(self, record_id: str) -> Kind:
        """The kind of record ``record_id`` names (without building the record)."""
        return self.by_id.locate(record_id)[0].name

    def row_of(self, record_id: str) -> tuple[str, ...]:
        """The list-row fields of ``record_id``."""
        kind, position = self.by_id.locate(record_id)
        return self.rows[kind.collection][position]

    def label_of(self, record_id: str) -> str:
        """The name or title ``record_id`` goes by, without building the record."""
        kind, position = self.by_id.locate(record_id)
        return self.rows[kind.collection][position][kind.label_column]

    def span_of(self, citation: Citation) -> Span:
        """Where ``citation``'s quote sits in its article (found when indexed)."""
        row = (
            self.index.db()
            .execute(
                'SELECT start, "end" FROM citations WHERE source = ? AND quote = ? '
                "AND start IS NOT NULL LIMIT 1",
                (citation.source, citation.quote),
            )
            .fetchone()
        )
        if row is not None:
            return Span(row[0], row[1])
        index = self._indexes.get(citation.source)
        if index is None:
            if len(self._indexes) >= 16:
                self._indexes.popitem(last=False)
            index = self._indexes[citation.source] = ArticleIndex(self.texts[citation.source])
        return index.find(citation.quote) or Span(0, 0)

    def passages(self, source_id: str) -> dict[Span, Citation]:
        """Every cited passage of an article, with a citation quoting it."""
        from tui.core.models import Citation

        found: dict[Span, Citation] = {}
        for quote, start, end in self.index.db().execute(
            'SELECT quote, start, "end" FROM citations WHERE source = ? AND start IS NOT NULL',
            (source_id,),
        ):
            found.setdefault(Span(start, end), Citation(source=source_id, quote=quote))
        return dict(sorted(found.items(), key=lambda item: (item[0].start, item[0].end)))

    def prepare(self) -> None:
        """Read what every list's first filter needs (each collection's display order),
        so that the first keystroke does not wait for it; meant for a background thread."""
        for kind in KINDS:
            self.index.positions(kind.collection)
            self.index.order(kind.collection)

    def source(self, source_id: str) -> Source:
        """The source with id ``source_id``."""
        from tui.core.models import Source

        record = self.by_id[source_id]
        assert isinstance(record, Source)
        return record

    def counts(self) -> dict[str, int]:
        """Number of records of each kind, for summaries (sources first)."""
        names = ["sources", *(kind.collection for kind in KINDS if kind.collection != "sources")]
        return {name: len(self._stores[name]) for name in names}

    def citations_of(self, record: AnyRecord) -> tuple[Citation, ...]:
        """Every citation attached to ``record``, its roles' and discrepancies' included."""
        unique: dict[tuple[str, str], Citation] = {}
        for _field, citation in citations_of(record):
            unique.setdefault((citation.source, citation.quote), citation)
        return tuple(unique.values())

    def supporting_sources(self, record: AnyRecord) -> tuple[str, ...]:
        """Ids of the distinct articles that support ``record``."""
        return tuple(dict.fromkeys(c.source for c in self.citations_of(record)))


def kind_of(record: AnyRecord) -> Kind:
    """The kind name of a record."""
    from tui.core.kinds import kind_of_record

    return kind_of_record(record).name


def __getattr__(name: str) -> object:
    """``AnyRecord`` at run time (it needs the models, imported on first use)."""
    if name == "AnyRecord":
        from tui.core.models import Agreement, Event, Organization, Person, Source

        return Event | Person | Agreement | Organization | Source
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
