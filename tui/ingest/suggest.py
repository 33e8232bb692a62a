"""Suggestions for one article: candidate events, names and figures, each with its sentence.

Nothing here writes anything: a suggestion is an offer the user accepts,
edits or dismisses in the Inbox (or reads in ``vnru add --dry-run``).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from tui.core.figure_conflicts import in_conflict
from tui.core.folding import fold
from tui.ingest.dates import FoundDate, find_dates, publication_year
from tui.ingest.figures import Figure, find_figures
from tui.ingest.names import Named, NameHit, NameMatcher, guess_kind, new_names
from tui.ingest.reading import Article
from tui.ingest.sentences import Sentence, sentences

SuggestionKind = Literal["event", "person", "agreement", "organization", "place", "figure"]
KINDS: tuple[SuggestionKind, ...] = (
    "event",
    "person",
    "agreement",
    "organization",
    "place",
    "figure",
)
"""Suggestion kinds, in the order the Inbox groups them."""


class Passage(BaseModel):
    """An existing record's passage that a suggestion disagrees with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record: str
    """The id of the record citing the passage."""
    source: str
    """The id of the article the passage is from."""
    quote: str
    """The passage."""


class Suggestion(BaseModel):
    """One offer: a record to create, or an existing record to cite, with its sentence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    """Stable within the article: kind, place and what was found, hashed."""
    kind: SuggestionKind
    quote: str
    """The sentence, verbatim: ``text[start:end]``."""
    start: int
    end: int
    name: str | None = None
    """The name as the article writes it (names), or the figure as written."""
    name_start: int | None = None
    """Where the name or figure itself starts in the text."""
    name_end: int | None = None
    match: str | None = None
    """The existing record this names, when exactly one does."""
    ambiguous: tuple[str, ...] = ()
    """The records sharing this name, when more than one does: not guessed."""
    date: str | None = None
    precision: str | None = None
    date_certainty: Literal["stated", "inferred"] | None = None
    date_note: str | None = None
    value: float | None = None
    unit: str | None = None
    measure: str | None = None
    period: str | None = None
    conflicts: tuple[str, ...] = ()
    """Ids of existing records that disagree with this suggestion."""
    conflict_passages: tuple[Passage, ...] = ()
    """Their passages, for showing both sides."""
    links: tuple[str, ...] = ()
    """Existing records named in the same sentence (an event's people, agreements…)."""
    title: str | None = None
    """A prefilled title for the record to create."""
    topics: tuple[str, ...] = ()
    """Prefilled topics for an event."""

    def public(self) -> dict[str, Any]:
        """The suggestion as ``vnru add --format json`` prints it."""
        shown = self.model_dump(exclude_defaults=True)
        if self.kind in ("event", "figure"):  # says "no disagreement", not "not checked"
            shown.setdefault("conflicts", [])
        return shown


_TOPIC_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("energy", ("oil", "gas", "energy", "nuclear", "power plant", "petro", "rosatom")),
    ("defence-security", ("defen", "military", "security", "arms", "weapon", "army", "navy")),
    (
        "education-culture",
        ("student", "universit", "scholarship", "education", "culture", "cultural", "school"),
    ),
    ("science-technology", ("science", "technolog", "research", "space", "digital")),
    ("health", ("health", "vaccine", "medical", "hospital", "covid")),
    ("trade-economy", ("trade", "econom", "invest", "export", "import", "business", "billion")),
)


def guess_topics(sentence: str) -> tuple[str, ...]:
    """Timeline topics a sentence is most likely about (diplomacy when none)."""
    folded = fold(sentence).lower()
    found = tuple(topic for topic, words in _TOPIC_WORDS if any(word in folded for word in words))
    return found or ("diplomacy",)


@dataclass(frozen=True, slots=True)
class KnownFigure:
    """A figure in a passage an existing record cites."""

    figure: Figure
    record: str
    source: str
    quote: str


@dataclass(slots=True)
class Context:
    """What suggestions need from the archive, built once per command or Inbox."""

    matcher: NameMatcher
    figures: dict[tuple[str, str], list[KnownFigure]] = field(default_factory=dict)
    """Figures in the passages existing records cite, by measure and unit."""
    signed: dict[str, str] = field(default_factory=dict)
    """Agreement id to its signing date."""
    outlets: frozenset[str] = frozenset()
    """Folded lower-case outlet names, never offered as new names."""


def build_context(kb: Any) -> Context:
    """The matcher, known figures and agreement dates of a loaded knowledge base."""
    named: list[Named] = []
    for kind, collection in (
        ("person", "people"),
        ("agreement", "agreements"),
        ("organization", "organizations"),
        ("place", "places"),
    ):
        for record in getattr(kb, collection, ()):
            names = (record.name, *getattr(record, "aliases", ()))
            named.append(Named(record.id, kind, tuple(names)))
    signed = {
        agreement.id: agreement.signed
        for agreement in getattr(kb, "agreements", ())
        if getattr(agreement, "signed", None)
    }
    outlets = frozenset(
        " ".join(fold(source.outlet).lower().split()) for source in getattr(kb, "sources", ())
    )
    return Context(NameMatcher(named), _known_figures(kb), signed, outlets)


def _known_figures(kb: Any) -> dict[tuple[str, str], list[KnownFigure]]:
    known: dict[tuple[str, str], list[KnownFigure]] = defaultdict(list)
    years = {
        source.id: str(publication_year(source.published) or "")
        for source in getattr(kb, "sources", ())
    }
    for record_id, source, quote in _quotes_with_digits(kb):
        dates = [(d.start, d.end, d.date) for d in find_dates(quote, None)]
        for figure in find_figures(
            quote, 0, len(quote), default_period=years.get(source) or None, dates=dates
        ):
            known[(figure.measure, figure.unit)].append(
                KnownFigure(figure, record_id, source, quote)
            )
    return known


def _quotes_with_digits(kb: Any) -> Iterator[tuple[str, str, str]]:
    """(record id, source, quote) of every quote with a digit, from the index's
    citations table: an archive of 1,000,000 events builds no record for it."""
    index = getattr(kb, "index", None)  # (None: a new, empty archive)
    if index is None:
        return
    yield from index.db().execute(
        "SELECT DISTINCT record, source, quote FROM citations "
        "WHERE quote GLOB '*[0-9]*' ORDER BY rowid"
    )


def suggest(article: Article, context: Context, source_id: str | None = None) -> list[Suggestion]:
    """Every suggestion for ``article``, in the order of the text.

    ``source_id`` is the id the article has (or will have) in the archive: a
    figure is compared only with other articles' passages.
    """
    text = article.text
    spans = sentences(text)
    names = context.matcher.find(text)
    dates = find_dates(text, article.published)
    year = publication_year(article.published)
    found: list[Suggestion] = []
    seen_records: set[str] = set()
    seen_new: set[str] = set()
    ignore = context.outlets | {" ".join(fold(article.outlet).lower().split())}
    name_at = _by_sentence(spans, names)
    date_at = _by_sentence(spans, dates)
    for sentence in spans:
        quote = text[sentence.start : sentence.end]
        in_sentence = name_at.get(sentence, [])
        links = tuple(dict.fromkeys(hit.ids[0] for hit in in_sentence if len(hit.ids) == 1))
        sentence_dates = date_at.get(sentence, [])
        event = _event(article, sentence, quote, sentence_dates, in_sentence, links, context)
        if event is not None:
            found.append(event)
        for hit in in_sentence:
            key = "|".join(hit.ids) if len(hit.ids) == 1 else fold(hit.name).lower()
            if key in seen_records:
                continue
            seen_records.add(key)
            found.append(_named(sentence, quote, hit))
        for begin, end, name in new_names(
            text,
            sentence.start,
            sentence.end,
            known=[(h.start, h.end) for h in names],
            ignore=ignore,
        ):
            key = " ".join(fold(name).lower().split())
            if key in seen_new:
                continue
            seen_new.add(key)
            found.append(
                _make(
                    guess_kind(name),  # type: ignore[arg-type]
                    sentence,
                    quote,
                    name=name,
                    name_start=begin,
                    name_end=end,
                    title=name,
                    links=links,
                )
            )
        figure_dates = [(d.start, d.end, d.date) for d in sentence_dates]
        for figure in find_figures(
            text,
            sentence.start,
            sentence.end,
            default_period=str(year) if year else None,
            dates=figure_dates,
        ):
            found.append(_figure(sentence, quote, figure, context, source_id, links))
    return found


def _by_sentence(spans: Sequence[Sentence], items: Iterable[Any]) -> dict[Sentence, list[Any]]:
    grouped: dict[Sentence, list[Any]] = defaultdict(list)
    ordered = sorted(items, key=lambda item: item.start)
    at = 0
    for sentence in spans:
        while at < len(ordered) and ordered[at].start < sentence.start:
            at += 1
        while at < len(ordered) and ordered[at].end <= sentence.end:
            grouped[sentence].append(ordered[at])
            at += 1
    return grouped


_PRECISION_RANK = {"day": 3, "range": 3, "month": 2, "year": 1}
_DATELINE = re.compile(r"^[^\n]{0,60}?\b(?:1[89]|20)\d\d\s*[-–—:]\s+")


def _event(
    article: Article,
    sentence: Sentence,
    quote: str,
    dates: list[FoundDate],
    names: list[NameHit],
    links: tuple[str, ...],
    context: Context,
) -> Suggestion | None:
    if not dates or len(quote.split()) < 5:
        return None
    if len(dates) > 1 and _DATELINE.match(quote) and dates[0].end <= sentence.start + 60:
        # "Hanoi, July 6, 2024 - … on Friday": the dateline dates the report, the
        # rest of the sentence the event.
        dates = dates[1:]
    best = max(
        dates, key=lambda d: (_PRECISION_RANK[d.precision], d.certainty == "stated", -d.start)
    )
    conflicts: list[str] = []
    passages: list[Passage] = []
    if re.search(r"\bsign", quote, re.I):
        for hit in names:
            if hit.kind != "agreement" or len(hit.ids) != 1:
                continue
            signed = context.signed.get(hit.ids[0])
            if signed and not _compatible(signed, best.date):
                conflicts.append(hit.ids[0])
    title = _DATELINE.sub("", quote, count=1)
    title = title[:1].upper() + title[1:]
    if len(title) > 90:
        title = title[:90].rsplit(" ", 1)[0] + "…"
    return _make(
        "event",
        sentence,
        quote,
        name=quote[best.start - sentence.start : best.end - sentence.start],
        name_start=best.start,
        name_end=best.end,
        date=best.date,
        precision=best.precision,
        date_certainty=best.certainty,
        date_note=best.note,
        links=links,
        conflicts=tuple(conflicts),
        conflict_passages=tuple(passages),
        title=title.rstrip("."),
        topics=guess_topics(quote),
    )


def _compatible(first: str, second: str) -> bool:
    """Two partial dates agree when one is within the other ('2001' and '2001-03-01')."""
    a, b = first.split("/")[0], second.split("/")[0]
    return a.startswith(b) or b.startswith(a)


def _named(sentence: Sentence, quote: str, hit: NameHit) -> Suggestion:
    return _make(
        hit.kind,  # type: ignore[arg-type]
        sentence,
        quote,
        name=hit.name,
        name_start=hit.start,
        name_end=hit.end,
        match=hit.ids[0] if len(hit.ids) == 1 else None,
        ambiguous=hit.ids if len(hit.ids) > 1 else (),
    )


def _figure(
    sentence: Sentence,
    quote: str,
    figure: Figure,
    context: Context,
    source_id: str | None,
    links: tuple[str, ...],
) -> Suggestion:
    conflicts: dict[str, None] = {}
    passages: list[Passage] = []
    # An article without an id yet is none of the archive's: "" is no source id.
    claim = figure.claim(source_id or "")
    for known in context.figures.get((figure.measure, figure.unit), ()):
        other = known.figure.claim(known.source)
        if claim is None or other is None or known.record in conflicts:
            continue
        if in_conflict(claim, other):
            conflicts[known.record] = None
            passages.append(Passage(record=known.record, source=known.source, quote=known.quote))
    written = quote[figure.start - sentence.start : figure.end - sentence.start]
    return _make(
        "figure",
        sentence,
        quote,
        name=written,
        name_start=figure.start,
        name_end=figure.end,
        value=figure.value,
        unit=figure.unit,
        measure=figure.measure,
        period=figure.period,
        conflicts=tuple(conflicts),
        conflict_passages=tuple(passages),
        links=links,
        title=f"{figure.measure.capitalize()}: {written}"
        + (f" ({figure.period})" if figure.period else ""),
        topics=guess_topics(quote),
    )


def _make(kind: SuggestionKind, sentence: Sentence, quote: str, **fields: Any) -> Suggestion:
    what = f"{kind}|{sentence.start}|{sentence.end}|{fields.get('name_start')}|{fields.get('name')}"
    digest = hashlib.sha1(what.encode("utf-8")).hexdigest()[:10]
    return Suggestion(
        id=f"{kind[:3]}-{digest}",
        kind=kind,
        quote=quote,
        start=sentence.start,
        end=sentence.end,
        **fields,
    )
