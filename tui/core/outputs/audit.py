"""The curator's audit: what the next pass over the data should look at.

Nothing here is an error; a valid data directory can have any of it.

- *Uncited passages*: sentences of an article's story (page furniture
  excluded, see :mod:`tui.core.queries.articles`) long enough to state a fact, which
  no record quotes.
- *Single-source records*: records only one article supports.
- *People without events*: people no event links to.
- *Undated agreements*: agreements with neither a signing date nor an
  entry-into-force date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.core.files.citations import Span
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
class Audit:
    """What :func:`audit` found."""

    uncited: list[Passage] = field(default_factory=list)
    single_source: list[tuple[str, str, str]] = field(default_factory=list)
    """(record id, kind, the one source id)."""
    unlinked_people: list[str] = field(default_factory=list)
    undated_agreements: list[str] = field(default_factory=list)


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
    return "\n".join(lines) + "\n"
