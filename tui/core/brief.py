"""The Markdown brief: timeline, people, agreements and organisations, every
statement followed by numbered footnotes that carry its evidence.

Each footnote holds the quote, the article's title, the outlet and the date,
so the brief can be checked (and cited) without vnru.  The same passage
cited twice keeps its first number.  Every value from the data goes through
:func:`~tui.core.markdown.escape_markdown`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence

from tui.core.discrepancies import sides
from tui.core.export import Selection, source_date
from tui.core.kinds import current_role
from tui.core.knowledge import KnowledgeBase
from tui.core.markdown import escape_markdown as md
from tui.core.markdown import markdown_note
from tui.core.models import Agreement, Citation, Event, Organization, Person, Source
from tui.core.search import record_label


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

    def details(self, record: Event | Person | Agreement | Organization) -> None:
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


def to_markdown(
    kb: KnowledgeBase,
    selection: Selection,
    *,
    notes: Mapping[str, str] | None = None,
    missing: Sequence[tuple[str, str, str]] = (),
    title: str = "Vietnam–Russia relations",
    today: _dt.date | None = None,
) -> str:
    """The brief for ``selection``.

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
    counts = [
        _count(len(selection.events), "event", "events"),
        _count(len(selection.people), "person", "people"),
        _count(len(selection.agreements), "agreement", "agreements"),
        _count(len(selection.organizations), "organisation", "organisations"),
    ]
    summary = ", ".join(part for part in counts if part) or "no records"
    lines += [
        f"# {md(title)}",
        "",
        f"*A brief exported from vnru on {when}: {summary} from "
        f"{len(sources)} article{'s' * (len(sources) != 1)} ({md(selection.description)}). "
        "Every statement is followed by footnotes quoting the passages that support it.*",
    ]

    if selection.events:
        lines += ["", "## Timeline", ""]
        for event in selection.events:
            statement = (
                f"**{md(_date(event.date, event.date_certainty, event.planned))}** — "
                f"**{_sentence(event.title)}** {_sentence(event.description)}"
            )
            out.item(statement, event.citations)
            if event.date_certainty != "stated" and event.date_note:
                lines.append(f"  - *Date {event.date_certainty}:* {_sentence(event.date_note)}")
            names = [record_label(kb.by_id[i]) for i in event.people if i in kb.by_id]
            if names:
                lines.append(f"  - *People:* {md('; '.join(names))}")
            out.details(event)

    if selection.people:
        lines += ["", "## People", ""]
        for person in selection.people:
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
            citations = list(person.citations)
            for person_role in person.roles:
                citations.extend(person_role.citations)
            out.item(statement, citations)
            out.details(person)

    if selection.agreements:
        lines += ["", "## Agreements", ""]
        for agreement in selection.agreements:
            facts = [md(agreement.kind)]
            if agreement.signed:
                facts.append(f"signed {md(_date(agreement.signed, agreement.date_certainty))}")
            if agreement.in_force:
                facts.append(f"in force {md(_date(agreement.in_force, 'stated'))}")
            if not agreement.signed and not agreement.in_force:
                facts.append("date not given by the articles")
            facts.append(f"parties: {md(', '.join(agreement.parties))}")
            statement = (
                f"**{md(agreement.name)}** — {'; '.join(facts)}. {_sentence(agreement.summary)}"
            )
            if agreement.aliases:
                statement += f" Also called: {md('; '.join(agreement.aliases))}."
            out.item(statement, agreement.citations)
            out.details(agreement)

    if selection.organizations:
        lines += ["", "## Organisations", ""]
        for organization in selection.organizations:
            where = f", {md(organization.country)}" if organization.country else ""
            statement = (
                f"**{md(organization.name)}** ({md(organization.kind)}{where}) — "
                f"{_sentence(organization.description)}"
            )
            if organization.aliases:
                statement += f" Also called: {md('; '.join(organization.aliases))}."
            out.item(statement, organization.citations)
            out.details(organization)

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


def _count(number: int, singular: str, plural: str) -> str:
    """'1 event', '3 events'; '' for none."""
    if not number:
        return ""
    return f"{number} {singular if number == 1 else plural}"


def _source_line(source: Source) -> str:
    byline = f", by {md(source.byline)}" if source.byline else ""
    return (
        f"- *{md(source.title)}* — {md(source.outlet)}, {md(source_date(source))}{byline}."
        f" File: {_code(source.file)}."
    )


def _code(text: str) -> str:
    """``text`` as a Markdown code span (escaped text if it holds a backtick)."""
    return f"`{text}`" if "`" not in text and text.strip() == text and text else md(text)
