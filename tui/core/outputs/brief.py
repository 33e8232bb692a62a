"""The Markdown brief: a section per kind of record (timeline, people, agreements,
organisations, places, figures), every statement followed by numbered footnotes
that carry its evidence.

Each footnote holds the quote, the article's title, the outlet and the date,
so the brief can be checked (and cited) without vnru.  The same passage
cited twice keeps its first number.  Every value from the data goes through
:func:`~tui.core.outputs.markdown.escape_markdown`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from tui.core.figures import measure_label, value_of
from tui.core.kinds import KINDS, SOURCES, citations_of, current_role, record_label
from tui.core.models import Agreement, Citation, Event, Person, Source
from tui.core.outputs.export import Selection, source_date
from tui.core.outputs.markdown import escape_markdown as md
from tui.core.outputs.markdown import markdown_note
from tui.core.queries.discrepancies import sides
from tui.core.queries.knowledge import KnowledgeBase


class Footnotes:
    """Numbered footnotes, one per distinct passage, in order of first use."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.numbers: dict[tuple[str, str], int] = {}
        self.definitions: list[str] = []

    def refs(self, citations: Iterable[Citation]) -> str:
        """'[^1][^2]' for ``citations``, numbering new passages as they come."""
        marks: list[str] = []
        for citation in citations:
            key = (citation.source, " ".join(citation.quote.split()))
            number = self.numbers.get(key)
            if number is None:
                number = self.numbers[key] = len(self.numbers) + 1
                source = self.kb.source(citation.source)
                self.definitions.append(
                    f"[^{number}]: “{md(citation.quote)}” — *{md(source.title)}*, "
                    f"{md(source.outlet)}, {md(source_date(source))}."
                )
            mark = f"[^{number}]"
            if mark not in marks:
                marks.append(mark)
        return "".join(marks)


def _sentence(text: str) -> str:
    """``text`` escaped, ending with a full stop unless it ends with punctuation."""
    text = md(text)
    return text if text.endswith((".", "!", "?", "…", "”", '"')) else text + "."


def _date(date: str, certainty: str, planned: bool = False) -> str:
    from tui.core.dates import parse_span

    text = parse_span(date).human()
    if certainty != "stated":
        text += f" ({certainty})"
    if planned:
        text += " (planned)"
    return text


class _Writer:
    def __init__(self, kb: KnowledgeBase, notes: Mapping[str, str], footnotes: Footnotes) -> None:
        self.kb = kb
        self.notes = notes
        self.footnotes = footnotes
        self.lines: list[str] = []

    def item(self, statement: str, citations: Sequence[Citation]) -> None:
        refs = self.footnotes.refs(citations)
        self.lines.append(f"- {statement}{' ' + refs if refs else ''}")

    def details(self, record: Any) -> None:
        """Sub-items: where the sources disagree, and the user's note."""
        for discrepancy in record.discrepancies:
            refs = self.footnotes.refs(
                citation for side in sides(discrepancy.citations) for citation in side
            )
            self.lines.append(
                f"  - ≠ *The sources disagree on the {md(discrepancy.about)}:* "
                f"{_sentence(discrepancy.note)} {refs}"
            )
        self.note(record.id)

    def note(self, record_id: str) -> None:
        note = self.notes.get(record_id)
        if note:
            self.lines.append(f"  - *My note:* {markdown_note(note, '    ')}")


def _event(out: _Writer, event: Event) -> None:
    statement = (
        f"**{md(_date(event.date, event.date_certainty, event.planned))}** — "
        f"**{_sentence(event.title)}** {_sentence(event.description)}"
    )
    out.item(statement, event.citations)
    if event.date_certainty != "stated" and event.date_note:
        out.lines.append(f"  - *Date {event.date_certainty}:* {_sentence(event.date_note)}")
    names = [record_label(out.kb.by_id[i]) for i in event.people if i in out.kb.by_id]
    if names:
        out.lines.append(f"  - *People:* {md('; '.join(names))}")


def _person(out: _Writer, person: Person) -> None:
    role = current_role(person)
    statement = f"**{md(person.name)}** ({md(person.country)})"
    if role:
        statement += f" — {_sentence(role)}"
    elif not person.description:
        statement += "."
    if person.description:
        statement += f" {_sentence(person.description)}"
    if person.aliases:
        statement += f" Also written: {md('; '.join(person.aliases))}."
    out.item(
        statement,
        [citation for _field, citation in citations_of(person) if _field != "discrepancies"],
    )


def _agreement(out: _Writer, agreement: Agreement) -> None:
    facts = [md(agreement.kind)]
    if agreement.signed:
        facts.append(f"signed {md(_date(agreement.signed, agreement.date_certainty))}")
    if agreement.in_force:
        facts.append(f"in force {md(_date(agreement.in_force, 'stated'))}")
    if not agreement.signed and not agreement.in_force:
        facts.append("date not given by the articles")
    facts.append(f"parties: {md(', '.join(agreement.parties))}")
    statement = f"**{md(agreement.name)}** — {'; '.join(facts)}. {_sentence(agreement.summary)}"
    if agreement.aliases:
        statement += f" Also called: {md('; '.join(agreement.aliases))}."
    out.item(statement, agreement.citations)


def _figure(out: _Writer, figure: Any) -> None:
    status = (
        figure.status
        if figure.date_certainty == "stated"
        else (f"{figure.status}, date {figure.date_certainty}")
    )
    statement = (
        f"**{md(value_of(figure))}** — {_sentence(figure.label)} "
        f"*{md(measure_label(figure.measure))}, {md(_date(figure.date, 'stated'))}; {md(status)}.*"
    )
    if figure.note:
        statement += f" {_sentence(figure.note)}"
    out.item(statement, figure.citations)


def _named(out: _Writer, record: Any) -> None:
    """Organisations, places and any kind without its own statement: the name,
    what sort of thing it is and where, its description, its other names."""
    facts = [
        md(str(value))
        for value in (getattr(record, "kind", None), getattr(record, "country", None))
        if value
    ]
    statement = f"**{md(record_label(record))}**"
    if facts:
        statement += f" ({', '.join(facts)})"
    description = getattr(record, "description", None)
    statement += f" — {_sentence(description)}" if description else "."
    if getattr(record, "aliases", ()):
        statement += f" Also called: {md('; '.join(record.aliases))}."
    out.item(statement, record.citations)


_STATEMENTS: dict[str, Callable[[_Writer, Any], None]] = {
    "event": _event,
    "person": _person,
    "agreement": _agreement,
    "figure": _figure,
}
"""Each kind's statement in the brief (others: :func:`_named`)."""


def to_markdown(
    kb: KnowledgeBase,
    selection: Selection,
    *,
    notes: Mapping[str, str] | None = None,
    missing: Sequence[tuple[str, str, str]] = (),
    title: str = "Vietnam–Russia relations",
    today: _dt.date | None = None,
) -> str:
    """The brief for ``selection``: a section per kind of record, in the
    registry's order, then the sources.

    Args:
        kb: The knowledge base the records come from.
        selection: What to include.
        notes: The user's notes by record id, shown under their records.
        missing: Bookmarks whose records left the data, as (id, label, note).
        title: The document's heading.
        today: The export date printed in the header (default: today).
    """
    notes = notes or {}
    footnotes = Footnotes(kb)
    out = _Writer(kb, notes, footnotes)
    lines = out.lines
    when = (today or _dt.date.today()).isoformat()
    sources = selection.cited_sources(kb)
    kinds = [kind for kind in KINDS if kind is not SOURCES]
    counts = [
        kind.count(len(records))
        for kind in kinds
        if (records := getattr(selection, kind.collection))
    ]
    summary = ", ".join(counts) or "no records"
    lines += [
        f"# {md(title)}",
        "",
        f"*A brief exported from vnru on {when}: {summary} from "
        f"{len(sources)} article{'s' * (len(sources) != 1)} ({md(selection.description)}). "
        "Every statement is followed by footnotes quoting the passages that support it.*",
    ]
    for kind in kinds:
        records = getattr(selection, kind.collection)
        if not records:
            continue
        lines += ["", f"## {kind.pane_label}", ""]
        statement = _STATEMENTS.get(kind.name, _named)
        for record in records:
            statement(out, record)
            out.details(record)

    if missing:
        lines += ["", "## Bookmarks missing from the data", ""]
        for record_id, label, note in missing:
            line = f"- **{md(label)}** ({md(record_id)}): no longer in the data."
            if note:
                line += f" *My note:* {markdown_note(note, '  ')}"
            lines.append(line)

    if sources:
        lines += ["", "## Sources", ""]
        for source in sources:
            lines.append(_source_line(source))
            out.note(source.id)

    if footnotes.definitions:
        lines += ["", *footnotes.definitions]
    return "\n".join(lines) + "\n"


def _source_line(source: Source) -> str:
    byline = f", by {md(source.byline)}" if source.byline else ""
    return (
        f"- *{md(source.title)}* — {md(source.outlet)}, {md(source_date(source))}{byline}."
        f" File: {_code(source.file)}."
    )


def _code(text: str) -> str:
    """``text`` as a Markdown code span (escaped text if it holds a backtick)."""
    return f"`{text}`" if "`" not in text and text.strip() == text and text else md(text)
