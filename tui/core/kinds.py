"""The registry of record kinds: each kind of record is declared here, once.

Loading, the index, filtering and search, export, the palette, the panes and
the detail pane iterate over :data:`KINDS` instead of naming the kinds, so a
new kind is its model, its entry here, its presenter and its data.  Anything
a layer needs to know about a kind is a field of :class:`KindSpec`; a layer
that cannot handle a declared kind fails a test (``tests/unit/test_kinds.py``).

Nothing here imports pydantic: the models are named, and imported when a
record is first built, so opening an indexed archive stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tui.core.dates import parse_span
from tui.core.names import initial, sort_key


@dataclass(frozen=True, slots=True)
class KindSpec:
    """Everything the layers need to know about one kind of record."""

    name: str
    """The kind's name in ids and messages: ``event``."""
    collection: str
    """Its collection: the knowledge base attribute, the data file's stem
    (``events.yaml``, ``events/``), the index table and the JSON export key."""
    label: str
    """What one record is called on screen: ``Event``."""
    plural: str
    """What several are called on screen (British, as the data is written)."""
    model: str
    """The pydantic model's name in :mod:`tui.core.models`."""
    required: bool
    """Whether every data directory must have this collection."""
    pane_key: str
    """The number key of its pane (or of the source browser)."""
    pane: str
    """The pane's id (``timeline``) and, capitalised, the word on its tab."""
    columns: tuple[str, ...]
    """What a list row holds, in order (all strings; see :attr:`row`)."""
    label_column: int
    """Which column holds the record's name or title."""
    disputed_column: int | None
    """Which column is '1' when the record lists discrepancies (None: never)."""
    row: Callable[[Any], tuple[str, ...]]
    """A record's list row, one string per column."""
    order: Callable[[Any], Any]
    """The sort key of the list's display order (stable for equal keys)."""
    links: tuple[str, ...] = ()
    """Fields holding ids of other records, each named for the collection it links to."""
    label_field: str = "name"
    """The field holding the record's name or title."""
    filter_fields: Callable[[Any], list[str]] = lambda record: []
    """Text a list's filter looks in besides the label (and the names linked)."""
    search_fields: Callable[[Any], list[str]] = lambda record: []
    """Text the search looks in besides the label, the names linked and the quotes."""
    disputes: Callable[[Sequence[Any]], set[str]] | None = None
    """Ids of the records of this kind that disagree with one another beyond any
    discrepancy written on them (figures: two articles' values for one period),
    given every record of the kind; the index marks them in the disputed column."""

    @property
    def pane_label(self) -> str:
        """The word on its pane's tab: 'Timeline', 'People', 'Organisations'."""
        return (self.plural if self.pane == self.collection else self.pane).capitalize()

    @property
    def file(self) -> str:
        """The collection's single-file name: ``events.yaml``."""
        return f"{self.collection}.yaml"

    def count(self, number: int) -> str:
        """'1 person', '17 people', '25 organisations'."""
        return f"1 {self.label.lower()}" if number == 1 else f"{number} {self.plural}"


def _disputed(record: Any) -> str:
    return "1" if getattr(record, "discrepancies", ()) else ""


def _event_row(event: Any) -> tuple[str, ...]:
    planned = "1" if event.planned else ""
    return (event.span.human(), event.date_certainty, planned, _disputed(event), event.title)


def current_role(person: Any) -> str:
    """The most recent role the articles give the person, or ''."""
    if not person.roles:
        return ""
    dated = sorted(
        enumerate(person.roles),
        key=lambda pair: (parse_span(pair[1].as_of).sort_key if pair[1].as_of else (), pair[0]),
    )
    return str(dated[-1][1].title)


def roles_by_title(person: Any) -> list[tuple[str, list[str]]]:
    """Each role title once, with every date the articles give it at, in the
    order the titles first appear: one line per position held, however many
    articles attest it."""
    found: dict[str, tuple[str, list[str]]] = {}
    for role in person.roles:
        _title, dates = found.setdefault(role.title.casefold(), (role.title, []))
        if role.as_of and role.as_of not in dates:
            dates.append(role.as_of)
    return list(found.values())


def _person_row(person: Any) -> tuple[str, ...]:
    return (
        _disputed(person),
        person.name,
        person.country,
        current_role(person),
        initial(person.sorted_as),
    )


def _agreement_row(agreement: Any) -> tuple[str, ...]:
    when = agreement.sort_date
    return (
        parse_span(when).human() if when else "",
        _disputed(agreement),
        agreement.kind,
        agreement.name,
    )


def _agreement_order(agreement: Any) -> tuple[Any, ...]:
    when = agreement.sort_date
    if when is None:
        return (1, (), agreement.name.casefold())  # undated agreements last
    return (0, parse_span(when).sort_key, agreement.name.casefold())


def _figure_value(figure: Any) -> str:
    from tui.core.figures import value_of

    return value_of(figure)


def _figure_row(figure: Any) -> tuple[str, ...]:
    first, last = figure.span.first_year, figure.span.last_year
    return (
        str(first) if first == last else f"{first}–{last}",  # the detail has the day
        figure.status,
        _disputed(figure),
        _figure_value(figure),
        figure.label,
        figure.measure,
    )


def _figure_order(figure: Any) -> tuple[Any, ...]:
    from tui.core.figures import figure_order

    return figure_order(figure)


def _figure_disputes(figures: Sequence[Any]) -> set[str]:
    from tui.core.figure_conflicts import figure_conflicts

    return {figure.id for c in figure_conflicts(figures) for figure in (c.first, c.second)}


def _source_row(source: Any) -> tuple[str, ...]:
    return (source.published_span.human(), source.outlet, source.title, source.number or "")


SOURCES = KindSpec(
    name="source",
    collection="sources",
    label="Source",
    plural="sources",
    model="Source",
    required=True,
    pane_key="5",
    pane="sources",
    columns=("published", "outlet", "title", "number"),
    label_column=2,
    disputed_column=None,
    row=_source_row,
    order=lambda source: (source.published_span.sort_key, source.number or ""),
    label_field="title",
    filter_fields=lambda source: [source.outlet, source.published, source.byline or ""],
    search_fields=lambda source: [source.outlet, source.byline or "", source.note or ""],
)

KINDS: tuple[KindSpec, ...] = (
    KindSpec(
        name="event",
        collection="events",
        label="Event",
        plural="events",
        model="Event",
        required=True,
        pane_key="1",
        pane="timeline",
        columns=("date", "certainty", "planned", "disputed", "title"),
        label_column=4,
        disputed_column=3,
        row=_event_row,
        order=lambda event: parse_span(event.date).sort_key,
        links=("people", "agreements", "organizations", "places"),
        label_field="title",
        filter_fields=lambda event: [
            event.date,
            event.span.human(),
            event.description,
            *event.topics,
        ],
        search_fields=lambda event: [event.description, event.span.human(), event.date],
    ),
    KindSpec(
        name="person",
        collection="people",
        label="Person",
        plural="people",
        model="Person",
        required=False,
        pane_key="2",
        pane="people",
        columns=("disputed", "name", "country", "role", "initial"),
        label_column=1,
        disputed_column=0,
        row=_person_row,
        order=lambda person: (sort_key(person.sorted_as), person.name.casefold()),
        filter_fields=lambda person: [
            *person.aliases,
            person.country,
            *(role.title for role in person.roles),
        ],
        search_fields=lambda person: [
            *person.aliases,
            person.description or "",
            *(role.title for role in person.roles),
        ],
    ),
    KindSpec(
        name="agreement",
        collection="agreements",
        label="Agreement",
        plural="agreements",
        model="Agreement",
        required=False,
        pane_key="3",
        pane="agreements",
        columns=("date", "disputed", "kind", "name"),
        label_column=3,
        disputed_column=1,
        row=_agreement_row,
        order=_agreement_order,
        links=("organizations",),
        filter_fields=lambda agreement: [
            *agreement.aliases,
            agreement.kind,
            *agreement.parties,
            agreement.signed or "",
        ],
        search_fields=lambda agreement: [*agreement.aliases, agreement.summary, agreement.kind],
    ),
    KindSpec(
        name="organization",
        collection="organizations",
        label="Organisation",
        plural="organisations",
        model="Organization",
        required=False,
        pane_key="4",
        pane="organizations",
        columns=("disputed", "name", "kind"),
        label_column=1,
        disputed_column=0,
        row=lambda organization: (
            _disputed(organization),
            organization.name,
            organization.kind,
        ),
        order=lambda organization: organization.name.casefold(),
        filter_fields=lambda organization: [
            *organization.aliases,
            organization.kind,
            organization.country or "",
        ],
        search_fields=lambda organization: [
            *organization.aliases,
            organization.description,
            organization.kind,
        ],
    ),
    KindSpec(
        name="place",
        collection="places",
        label="Place",
        plural="places",
        model="Place",
        required=False,
        pane_key="6",
        pane="places",
        columns=("disputed", "name", "kind", "country"),
        label_column=1,
        disputed_column=0,
        row=lambda place: (_disputed(place), place.name, place.kind, place.country or ""),
        order=lambda place: (sort_key(place.name), place.name.casefold()),
        filter_fields=lambda place: [*place.aliases, place.kind, place.country or ""],
        search_fields=lambda place: [*place.aliases, place.description or "", place.kind],
    ),
    KindSpec(
        name="figure",
        collection="figures",
        label="Figure",
        plural="figures",
        model="Figure",
        required=False,
        pane_key="7",
        pane="figures",
        columns=("date", "status", "disputed", "value", "label", "measure"),
        label_column=4,
        disputed_column=2,
        row=_figure_row,
        order=_figure_order,
        links=("events", "agreements", "organizations", "places"),
        disputes=_figure_disputes,
        label_field="label",
        filter_fields=lambda figure: [
            figure.measure.replace("-", " "),
            figure.unit,
            figure.status,
            figure.date,
            figure.span.human(),
            _figure_value(figure),
        ],
        search_fields=lambda figure: [
            figure.measure.replace("-", " "),
            figure.note or "",
            figure.span.human(),
            _figure_value(figure),
        ],
    ),
    SOURCES,
)
"""Every kind, in the order of search results (the panes go by ``pane_key``)."""

BY_NAME: dict[str, KindSpec] = {kind.name: kind for kind in KINDS}
"""Each kind by its name (``event``)."""
BY_COLLECTION: dict[str, KindSpec] = {kind.collection: kind for kind in KINDS}
"""Each kind by its collection (``events``)."""
LOAD_ORDER: tuple[KindSpec, ...] = (SOURCES, *(kind for kind in KINDS if kind is not SOURCES))
"""The order data files are read in: sources first, since every other record cites them."""


def model_of(kind: KindSpec) -> type[Any]:
    """The pydantic model of ``kind`` (imports the models on first use)."""
    from tui.core import models

    model: type[Any] = getattr(models, kind.model)
    return model


def kind_of_record(record: Any) -> KindSpec:
    """The kind a record (a model instance) belongs to."""
    name = type(record).__name__
    for kind in KINDS:
        if kind.model == name:
            return kind
    raise KeyError(f"no record kind has the model {name}")


def record_label(record: Any) -> str:
    """The name a record goes by in lists, links and search results."""
    return str(getattr(record, kind_of_record(record).label_field))


def filter_text(record: Any, linked: list[str] | tuple[str, ...] = ()) -> str:
    """What a list's filter looks in: the label, the kind's filter fields and the
    names of the records ``record`` links to."""
    fields = [record_label(record), *kind_of_record(record).filter_fields(record), *linked]
    return "\n".join(field for field in fields if field)


def citations_of(record: Any) -> Iterator[tuple[str, Any]]:
    """Every citation of a record (its own, its roles' and its discrepancies'), with
    the top-level field it is written under (where a problem with it is reported)."""
    for citation in getattr(record, "citations", ()):
        yield "citations", citation
    for role in getattr(record, "roles", ()):
        for citation in role.citations:
            yield "roles", citation
    for discrepancy in getattr(record, "discrepancies", ()):
        for citation in discrepancy.citations:
            yield "discrepancies", citation
