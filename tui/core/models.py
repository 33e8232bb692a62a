"""The knowledge base's records: sources, events, people, agreements, organisations,
figures and places.

Every model is frozen and forbids unknown fields, so a typo in a data file is a
load error rather than a silently ignored key.  Field docstrings double as the
data-format reference (the README points here).
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from tui.core.dates import DateSpan, parse_span
from tui.core.topics import TOPIC_LABELS as TOPIC_LABELS
from tui.core.topics import TOPICS as TOPICS
from tui.core.topics import Topic as Topic

RECORD_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Certainty = Literal["stated", "approximate", "inferred"]
"""How a date is known: stated by the article, approximate, or inferred by the curator."""

AgreementKind = Literal[
    "treaty",
    "joint declaration",
    "joint statement",
    "statement",
    "free trade agreement",
    "convention",
    "partnership framework",
    "group of agreements",
]


def _date_to_text(value: object) -> object:
    """Accept YAML's own date and integer scalars for date fields.

    An unquoted ``2024-06-19`` arrives as ``datetime.date`` and ``1923`` as an
    int; both are what the curator meant, so they become the partial ISO text.
    """
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}"
    return value


def _check_date(value: str) -> str:
    value = value.strip()
    parse_span(value)  # raises ValueError with a readable message
    return value


DateText = Annotated[str, BeforeValidator(_date_to_text), AfterValidator(_check_date)]
"""A partial ISO date or range, checked where it stands so errors name the field."""
RecordId = Annotated[str, Field(pattern=RECORD_ID_PATTERN, max_length=120)]
NonEmpty = Annotated[str, Field(min_length=1)]
WebAddress = Annotated[str, Field(pattern=r"^https?://[^\s{}\\\"<>`]+$", max_length=2000)]
"""An http or https address, without spaces or the characters that would end
it in BibTeX or Markdown (braces, backslash, quotes, angle brackets, backtick)."""


def _each_once(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


Links = Annotated[tuple[RecordId, ...], AfterValidator(_each_once)]
"""Ids of linked records, each kept once in the order first given: a link listed
twice is one link, in the detail pane, the exports and the reverse links alike."""


class Record(BaseModel):
    """Base for every data model: immutable, strict about unknown keys."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True
    )  # schemas are built on first validation: opening from the cache never pays for them


class Citation(Record):
    """A verbatim passage of a source article that supports a record."""

    source: RecordId
    """Id of the source article (see ``sources.yaml``)."""
    quote: NonEmpty
    """Text copied verbatim from the article: at least one whole sentence.
    Matching ignores differences in whitespace only."""


class Discrepancy(Record):
    """A point on which the articles disagree, with the passages on each side."""

    about: Literal["name", "spelling", "figure", "date", "kind", "wording"]
    """What differs between the articles."""
    note: NonEmpty
    """One or two sentences saying what differs and how."""
    citations: tuple[Citation, ...] = Field(min_length=2)
    """The conflicting passages, at least one per side."""


class Dated(Record):
    """Mixin for records with a date whose certainty must be explained."""

    date_certainty: Certainty = "stated"
    """``stated`` when the article gives the date; otherwise ``approximate`` or
    ``inferred``, and ``date_note`` says why."""
    date_note: str | None = None
    """How an approximate or inferred date was worked out."""

    @model_validator(mode="after")
    def _note_explains_uncertain_date(self) -> Dated:
        if self.date_certainty != "stated" and not self.date_note:
            raise ValueError(
                f"date_certainty is {self.date_certainty!r}, so date_note must say why"
            )
        return self


class Source(Dated):
    """One article: the text file and what is known of its publication."""

    id: RecordId
    """Stable id used by citations."""
    file: NonEmpty
    """Path of the article's text, relative to the data directory."""
    title: NonEmpty
    """Headline as printed."""
    outlet: NonEmpty
    """Publisher as the page names it (VOV.VN, WVR/VNA, …) or ``unknown``."""
    published: DateText
    """Publication date, partial ISO 8601 (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``)."""
    byline: str | None = None
    """Author as the page credits them, if any."""
    url: WebAddress | None = None
    """The page's address, or its site's, as the article itself names it
    (``https://vov.vn`` for a page signed "VOV.VN -"); left out when the page
    names none. Never looked up elsewhere: a citation must not send a reader
    to a page nobody checked."""
    accessed: DateText | None = None
    """When the page was read or saved (partial ISO), a citation's ``urldate``;
    left out when not known."""
    note: str | None = None
    """Anything a reader should know about the page (boilerplate, missing parts)."""

    @property
    def published_span(self) -> DateSpan:
        """The publication date, parsed."""
        return parse_span(self.published)

    @property
    def number(self) -> str | None:
        """The number the curators' notes call the article by ("Article 002"):
        the leading digits of its file's name (``sources/002_fa64….txt``)."""
        name = self.file.replace("\\", "/").rsplit("/", 1)[-1]
        digits = len(name) - len(name.lstrip("0123456789"))
        return name[:digits] or None


class Event(Dated):
    """Something that happened (or is planned) on a date: one timeline row."""

    id: RecordId
    """Stable id, used for links and bookmarks."""
    date: DateText
    """Partial ISO 8601 date, or a range ``START/END`` (``2024-06-19/2024-06-20``)."""
    title: NonEmpty
    """One-line headline for the timeline."""
    description: NonEmpty
    """A few sentences in the curator's words; the quotes carry the evidence."""
    topics: tuple[Topic, ...] = Field(min_length=1)
    """One or more timeline topics."""
    people: Links = ()
    """Ids of the people involved."""
    agreements: Links = ()
    """Ids of the agreements concerned."""
    organizations: Links = ()
    """Ids of the organisations involved."""
    places: Links = ()
    """Ids of the places where it happened, linked only when a quote cited by
    this event says so ("in Hanoi", "visit to Vietnam")."""
    planned: bool = False
    """True for targets and scheduled events that had not happened when reported."""
    discrepancies: tuple[Discrepancy, ...] = ()
    """Points on which the articles disagree about this event."""
    citations: tuple[Citation, ...] = Field(min_length=1)
    """Passages that support the record."""

    @property
    def span(self) -> DateSpan:
        """The event's date, parsed."""
        return parse_span(self.date)


class Role(Record):
    """A position a person held, as an article reports it at a given time."""

    title: NonEmpty
    """The position as written (``Prime Minister of Vietnam``)."""
    as_of: DateText | None = None
    """When the article reports the person in this role (partial ISO)."""
    citations: tuple[Citation, ...] = Field(min_length=1)
    """Passages that name the person in this role."""


class Person(Record):
    """A named person, including those only named in bylines and 'Related' blocks."""

    id: RecordId
    """Stable id."""
    name: NonEmpty
    """The fullest spelling the articles give."""
    aliases: tuple[str, ...] = ()
    """Other spellings and forms used by the articles (``G.S. Bezdetko``)."""
    sort_name: str | None = None
    """The name as it is sorted, family name first (``Ho Chi Minh``,
    ``Putin Vladimir``). Leave it out to have it worked out: a Vietnamese name
    (``country`` Vietnam) is sorted as written, any other with its last word
    first; set it where that rule is wrong for the person."""
    country: NonEmpty
    """Country the person serves or belongs to, as of the articles."""
    description: str | None = None
    """Who they are, in a sentence."""
    roles: tuple[Role, ...] = ()
    """Positions over time, each with its citation."""
    discrepancies: tuple[Discrepancy, ...] = ()
    """Points on which the articles disagree about this person."""
    citations: tuple[Citation, ...] = Field(min_length=1)
    """Passages that name the person."""

    @property
    def sorted_as(self) -> str:
        """The name the People list is sorted by: ``sort_name``, else the name
        with the family name first."""
        from tui.core.names import family_first

        return self.sort_name or family_first(self.name, self.country)


class Agreement(Dated):
    """A treaty, declaration, statement, free-trade agreement or partnership framework."""

    id: RecordId
    """Stable id."""
    name: NonEmpty
    """Name as most fully given."""
    aliases: tuple[str, ...] = ()
    """Other names the articles use for the same agreement."""
    kind: AgreementKind
    """What sort of instrument it is."""
    parties: tuple[str, ...] = Field(min_length=1)
    """Who is bound: countries or blocs."""
    signed: DateText | None = None
    """Signing or adoption date, partial ISO, as the articles give it."""
    in_force: DateText | None = None
    """Entry-into-force date, partial ISO, as the articles give it."""
    summary: NonEmpty
    """What it does, in the curator's words."""
    organizations: Links = ()
    """Ids of organisations that are parties or bodies of it."""
    discrepancies: tuple[Discrepancy, ...] = ()
    """Points on which the articles disagree about this agreement."""
    citations: tuple[Citation, ...] = Field(min_length=1)
    """Passages that support the record."""

    @property
    def sort_date(self) -> str | None:
        """The date the agreements list sorts by: signing, else entry into force."""
        return self.signed or self.in_force


class Organization(Record):
    """A company, ministry, association, agency, bloc or state the articles name."""

    id: RecordId
    """Stable id."""
    name: NonEmpty
    """Name as most fully given."""
    aliases: tuple[str, ...] = ()
    """Abbreviations and other forms (``VUFO``)."""
    kind: NonEmpty
    """What it is (``state corporation``, ``joint venture``, ``news agency``…)."""
    country: str | None = None
    """Where it belongs, if one country."""
    description: NonEmpty
    """Who they are, in a sentence or two."""
    discrepancies: tuple[Discrepancy, ...] = ()
    """Points on which the articles disagree about this organisation."""
    citations: tuple[Citation, ...] = Field(min_length=1)
    """Passages that name it."""


FigureStatus = Literal["actual", "target", "estimate"]
"""What kind of claim a figure is: see :attr:`Figure.status`."""

FigureUnit = Literal[
    "USD",
    "scholarships",
    "students",
    "universities",
    "delegations",
    "agreements",
    "compositions",
    "percent",
    "years",
]
"""Units a figure's value is counted in; a new kind of quantity adds its unit here."""

Qualifier = Literal[
    "about", "around", "nearly", "almost", "more than", "over", "at least", "less than", "up to"
]
"""Words with which an article hedges a number, as the article writes them."""

Measure = Annotated[str, Field(pattern=RECORD_ID_PATTERN, max_length=80)]
"""What a figure counts, as a kebab-case slug (``bilateral-trade``)."""

# Strict: a quoted "5.7" or a YAML ``true`` is a typo, not a number.
FigureValue = (
    Annotated[int, Field(strict=True)] | Annotated[float, Field(strict=True, allow_inf_nan=False)]
)
"""A number in base units: 5700000000 for US$5.7 billion, 50 for 50 delegations."""


class Figure(Dated):
    """A number an article states: an amount, a count or a span of years, with its date."""

    id: RecordId
    """Stable id, used for links and bookmarks."""
    measure: Measure
    """What is counted, as a slug shared by every figure of the same quantity
    (``bilateral-trade``, ``scholarships``, ``university-delegations``,
    ``years-of-diplomatic-relations``): figures of one measure and unit are
    compared and charted together."""
    value: FigureValue
    """The number as the article states it, in base units (5700000000 for
    "US$5.7 billion", 20 for "two decades"); never a number the curator
    worked out."""
    unit: FigureUnit
    """What the value is counted in (``USD``, ``scholarships``, ``years``…)."""
    label: NonEmpty
    """A short human title ("Bilateral trade, 2020")."""
    date: DateText
    """When the value holds, partial ISO 8601 or a range ``START/END``: the
    year a total was reached, the deadline of a target, the span a count
    covers ("since 2019" in a 2024 article: ``2019/2024``)."""
    status: FigureStatus
    """``actual`` for a value reported as reached or in existence; ``target``
    for a goal still to be reached; ``estimate`` for a value the article
    itself presents as a forecast or an estimate."""
    qualifier: Qualifier | None = None
    """The article's hedge ("nearly 200 universities"), when it gives one; the
    value is then the number stated."""
    note: str | None = None
    """What a reader needs to read the number right (what it counts, its relatives)."""
    events: Links = ()
    """Ids of the events the quote ties the figure to."""
    agreements: Links = ()
    """Ids of the agreements the quote ties the figure to."""
    organizations: Links = ()
    """Ids of the organisations the quote ties the figure to."""
    places: Links = ()
    """Ids of the places the quote ties the figure to."""
    discrepancies: tuple[Discrepancy, ...] = ()
    """Points on which the articles disagree about this figure."""
    citations: tuple[Citation, ...] = Field(min_length=1)
    """Passages that state the number."""

    @property
    def span(self) -> DateSpan:
        """The figure's date, parsed."""
        return parse_span(self.date)


PlaceKind = Literal["city", "venue", "country", "region", "sea"]
"""What sort of place: a venue is a building or site (the Kremlin Palace); a
sea covers seas and maritime zones (the East Sea, a continental shelf)."""


class Place(Record):
    """A city, venue, country, region or sea the articles name as a location."""

    id: RecordId
    """Stable id, used for links and bookmarks."""
    name: NonEmpty
    """Name as most fully given."""
    aliases: tuple[str, ...] = ()
    """Other names and spellings the articles use (``Viet Nam``)."""
    kind: PlaceKind
    """What sort of place it is."""
    country: str | None = None
    """The country it lies in, for a city or a venue, as the articles or the
    curator's note give it."""
    description: str | None = None
    """What the articles say happened there, in a sentence or two."""
    discrepancies: tuple[Discrepancy, ...] = ()
    """Points on which the articles disagree about this place."""
    citations: tuple[Citation, ...] = Field(min_length=1)
    """Passages that name it."""
