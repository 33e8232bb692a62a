"""The curator's audit: what the next pass over the data should look at.

Nothing here is an error; a valid data directory can have any of it.

- *Uncited passages*: sentences of an article's story (page furniture
  excluded, see :mod:`tui.core.queries.articles`) long enough to state a fact, which
  no record quotes.
- *Single-source records*: records only one article supports.
- *People without events*: people no event links to.
- *Undated agreements*: agreements with neither a signing date nor an
  entry-into-force date.
- *Uncurated figures*: numbers with a unit in an article's story (money,
  percentages, counts of things, anniversaries and spans of years) that no
  figure's citation covers. The numbers are found as ``vnru add`` finds
  them (:func:`tui.ingest.figures.find_figures`), plus the anniversaries, the
  spans of years and the counts of other things that finder leaves to the
  curator; years, dates and numbers inside names are not figures.
- *Events without a place*: events that link no place although a sentence
  they quote names a known place (its name or an alias, folded) right after
  "in", "at", "to", "from", "near" or "outside": where something happened,
  not what it was about ("relations with Vietnam" is not a place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.core.files.citations import Span
from tui.core.folding import fold
from tui.core.kinds import record_label
from tui.core.models import Source
from tui.core.queries.articles import paragraphs
from tui.core.queries.knowledge import AnyRecord, KnowledgeBase, kind_of

LONG_SENTENCE_WORDS = 12
"""Sentences shorter than this are headings, captions or asides, not facts to cite."""

# A sentence ends at . ! or ? (perhaps followed by a closing quote or bracket)
# before white space and a capital, digit or opening quote.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])([\"”’)\]]*)\s+(?=[A-Z0-9“\"‘(\[])")


@dataclass(frozen=True, slots=True)
class Passage:
    """An uncited sentence of an article."""

    source_id: str
    file: str
    """The article's file, relative to the data directory."""
    line: int
    """1-based line of the article file where the sentence starts."""
    text: str


@dataclass(frozen=True, slots=True)
class Number:
    """A number with a unit in an article that no figure cites."""

    source_id: str
    file: str
    line: int
    """1-based line of the article file where the number is."""
    written: str
    """The number as the article writes it ("US$5.7 billion", "74th anniversary")."""
    sentence: str
    """Its sentence, white space normalised."""
    at: int
    """Where the number starts in ``sentence``."""


@dataclass(frozen=True, slots=True)
class Unplaced:
    """An event without a place whose quote names one."""

    event_id: str
    place_id: str
    named: str
    """The place as the quote writes it."""
    quote: str
    """The quote, white space normalised."""
    at: int
    """Where the name starts in ``quote``."""


def sentences(text: str, start: int, end: int) -> list[Span]:
    """The sentences of ``text[start:end]`` as spans of ``text``."""
    spans: list[Span] = []
    position = start
    for match in _SENTENCE_BREAK.finditer(text, start, end):
        spans.append(Span(position, match.end(1)))  # closing quotes stay with their sentence
        position = match.end()
    if position < end:
        spans.append(Span(position, end))
    return spans


def uncited_passages(kb: KnowledgeBase, source: Source) -> list[Passage]:
    """Long story sentences of ``source`` that no citation overlaps."""
    text = kb.texts[source.id]
    cited = sorted(kb.passages(source.id), key=lambda span: span.start)
    found: list[Passage] = []
    for paragraph in paragraphs(text):
        if paragraph.boilerplate:
            continue
        for sentence in sentences(text, paragraph.start, paragraph.end):
            words = text[sentence.start : sentence.end].split()
            if len(words) < LONG_SENTENCE_WORDS:
                continue
            if any(span.start < sentence.end and sentence.start < span.end for span in cited):
                continue
            line = text.count("\n", 0, sentence.start) + 1
            found.append(Passage(source.id, source.file, line, " ".join(words)))
    return found


# What find_figures leaves to the curator: anniversaries, spans of years and
# counts of things it has no word for ("50 delegations", "3 compositions").
_NUMBER = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)"
_OTHER_NUMBERS = (
    re.compile(rf"(?<![\w$.,/-]){_NUMBER}(?:st|nd|rd|th)\s+anniversary\b"),
    re.compile(rf"(?<![\w$.,/-]){_NUMBER}\s+(?:years|decades)\b"),
    re.compile(rf"(?<![\w$.,/-]){_NUMBER}\s+(?:[a-z][a-z-]+\s+)?[a-z]{{3,}}s\b"),
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d(?![\d,.])")
_AGE = re.compile(r"\s+old\b")
_HEDGE = re.compile(
    r"(?:about|around|nearly|almost|more than|over|at least|less than|up to|some)\s+$", re.I
)


def numbers_in(text: str, start: int, end: int, dates: list[tuple[int, int, str]]) -> list[Span]:
    """Where ``text[start:end]`` states a number with a unit, hedge included."""
    from tui.ingest.figures import find_figures

    found = [
        Span(figure.start, figure.end)
        for figure in find_figures(text, start, end, default_period=None, dates=dates)
        if figure.unit != figure.unit.lower() or not _YEAR.match(text, figure.start)
    ]  # a count that starts with a year ("In 2024 students…") is the year before a word
    for pattern in _OTHER_NUMBERS:
        for match in pattern.finditer(text, start, end):
            span = Span(match.start(), match.end())
            if any(s.start < span.end and span.start < s.end for s in found):
                continue
            if any(a <= span.start < b for a, b, _ in dates):
                continue  # part of a date ("June 20 ... 2024 marks")
            if _YEAR.fullmatch(match.group("n")):
                continue  # "2024 marks the 70th anniversary": a year, not a count
            found.append(span)
    found = [span for span in found if not _AGE.match(text, span.end)]
    hedged = []
    for span in sorted(found, key=lambda s: s.start):
        hedge = _HEDGE.search(text, max(start, span.start - 14), span.start)
        hedged.append(Span(hedge.start(), span.end) if hedge else span)
    return hedged


def uncurated_figures(kb: KnowledgeBase, source: Source, cited: list[Span]) -> list[Number]:
    """Numbers with a unit in ``source``'s story that none of the ``cited`` spans covers."""
    from tui.ingest.dates import find_dates

    text = kb.texts[source.id]
    dates = [(d.start, d.end, d.date) for d in find_dates(text, source.published)]
    found: list[Number] = []
    for paragraph in paragraphs(text):
        if paragraph.boilerplate:
            continue
        for sentence in sentences(text, paragraph.start, paragraph.end):
            for number in numbers_in(text, sentence.start, sentence.end, dates):
                if any(s.start <= number.start and number.end <= s.end for s in cited):
                    continue
                before = " ".join(text[sentence.start : number.start].split())
                found.append(
                    Number(
                        source.id,
                        source.file,
                        text.count("\n", 0, number.start) + 1,
                        " ".join(text[number.start : number.end].split()),
                        " ".join(text[sentence.start : sentence.end].split()),
                        len(before) + 1 if before else 0,
                    )
                )
    return found


# A place where something happens follows "in", "at"… after a lower-case word:
# after a capitalised one it belongs to a title or a name ("Ambassador to
# Vietnam", "the Russian Center for Science and Culture in Hanoi"). "to" and
# "from" name a recipient or an origin more often than a venue, unless a visit
# or an arrival is the subject.
_LOCATIVE = (
    r"(?:(?<![A-Za-z])[a-z][a-z,]*\s+(?:in|at|near|outside|inside)"
    r"|\b(?:visit|visits|visited|trip|arrived|travelled|traveled)\s+(?:to|in))"
    r"\s+(?:the\s+)?"
)
UNPLACED_KINDS = ("city", "venue", "country")
"""Kinds of place an event happens in; a region or a sea is what an event is about."""


def place_names(kb: KnowledgeBase) -> tuple[re.Pattern[str], dict[str, list[str]]] | None:
    """One pattern finding any place's name or alias where something happens (see
    ``_LOCATIVE``) in folded text, and the place ids of each folded, lower-case name."""
    ids: dict[str, list[str]] = {}
    for place in kb.store("places"):
        if place.kind not in UNPLACED_KINDS:
            continue
        for name in (place.name, *place.aliases):
            key = " ".join(fold(name).lower().split())
            if key and place.id not in ids.setdefault(key, []):
                ids[key].append(place.id)
    if not ids:
        return None
    names = "|".join(re.escape(name) for name in sorted(ids, key=len, reverse=True))
    # Case-insensitive for the name only: the word before the locative keeps its case.
    return re.compile(rf"{_LOCATIVE}(?P<name>(?i:{names}))(?![\w-]|['’]s\b)"), ids


def unplaced_events(kb: KnowledgeBase) -> list[Unplaced]:
    """Events without a place whose quotes name a known place where something happens."""
    places = place_names(kb)
    if places is None:
        return []
    pattern, ids = places
    found: list[Unplaced] = []
    for event in kb.events:
        if event.places:
            continue
        seen: set[str] = set()
        for citation in event.citations:
            quote = " ".join(citation.quote.split())
            folded = fold(quote)
            for match in pattern.finditer(folded):
                named = match.group("name")
                for place_id in ids[" ".join(named.lower().split())]:
                    if place_id not in seen:
                        seen.add(place_id)
                        at = match.start("name")
                        written = (
                            quote[at : at + len(named)] if len(folded) == len(quote) else named
                        )
                        found.append(Unplaced(event.id, place_id, written, quote, at))
    return found


def audit(kb: KnowledgeBase) -> Audit:
    """Run every check over ``kb``."""
    result = Audit()
    for source in kb.sources:
        result.uncited.extend(uncited_passages(kb, source))
    for collection in (kb.events, kb.people, kb.agreements, kb.organizations):
        for record in collection:
            supporting = kb.supporting_sources(record)
            if len(supporting) == 1:
                result.single_source.append((record.id, kind_of(record), supporting[0]))
    for person in kb.people:
        if not kb.person_events.get(person.id):
            result.unlinked_people.append(person.id)
    for agreement in kb.agreements:
        if agreement.signed is None and agreement.in_force is None:
            result.undated_agreements.append(agreement.id)
    figure_spans: dict[str, list[Span]] = {}
    for figure in kb.store("figures"):
        for citation in figure.citations:
            figure_spans.setdefault(citation.source, []).append(kb.span_of(citation))
    for source in kb.sources:
        result.uncurated_figures.extend(
            uncurated_figures(kb, source, figure_spans.get(source.id, []))
        )
    result.unplaced_events.extend(unplaced_events(kb))
    return result


def report(kb: KnowledgeBase, found: Audit) -> str:
    """The audit as readable text, one finding a line, grouped by check."""

    def label(record_id: str) -> str:
        record: AnyRecord = kb.by_id[record_id]
        return f"{record_id}: {record_label(record)}"

    lines: list[str] = []
    lines.append(
        f"Uncited passages ({len(found.uncited)} sentences of {LONG_SENTENCE_WORDS}+ words "
        "that no record quotes; page furniture excluded):"
    )
    lines += [f"  {p.file}:{p.line}: “{p.text}”" for p in found.uncited] or ["  none"]
    lines.append("")
    lines.append(f"Records backed by a single article ({len(found.single_source)}):")
    lines += [
        f"  {kind} {label(record_id)}  (only {source_id})"
        for record_id, kind, source_id in found.single_source
    ] or ["  none"]
    lines.append("")
    lines.append(f"People never linked to an event ({len(found.unlinked_people)}):")
    lines += [f"  {label(record_id)}" for record_id in found.unlinked_people] or ["  none"]
    lines.append("")
    lines.append(f"Agreements without dates ({len(found.undated_agreements)}):")
    lines += [f"  {label(record_id)}" for record_id in found.undated_agreements] or ["  none"]
    lines.append("")
    lines.append(
        f"Figures in the text but not curated ({len(found.uncurated_figures)} numbers with a "
        "unit that no figure cites):"
    )
    lines += [
        f"  {n.file}:{n.line}: {n.written} — “{_trimmed(n.sentence, n.at)}”"
        for n in found.uncurated_figures
    ] or ["  none"]
    lines.append("")
    lines.append(f"Events without a place whose quote names one ({len(found.unplaced_events)}):")
    lines += [
        f"  {u.event_id}: {u.place_id} (“{u.named}”) — “{_trimmed(u.quote, u.at)}”"
        for u in found.unplaced_events
    ] or ["  none"]
    return "\n".join(lines) + "\n"


TRIM = 160
"""Characters of a sentence a finding line shows, around what was found."""


def _trimmed(sentence: str, at: int) -> str:
    """``sentence`` cut to about :data:`TRIM` characters around position ``at``."""
    if len(sentence) <= TRIM:
        return sentence
    start = max(0, min(at - TRIM // 3, len(sentence) - TRIM))
    text = sentence[start : start + TRIM]
    return ("…" if start else "") + text + ("…" if start + TRIM < len(sentence) else "")


@dataclass(frozen=True, slots=True)
class Audit:
    """What :func:`audit` found."""

    uncited: list[Passage] = field(default_factory=list)
    single_source: list[tuple[str, str, str]] = field(default_factory=list)
    """(record id, kind, the one source id)."""
    unlinked_people: list[str] = field(default_factory=list)
    undated_agreements: list[str] = field(default_factory=list)
    uncurated_figures: list[Number] = field(default_factory=list)
    unplaced_events: list[Unplaced] = field(default_factory=list)
