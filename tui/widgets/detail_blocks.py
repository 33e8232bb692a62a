"""The detail pane's paragraphs: what a record's detail says, as blocks of text.

:class:`~tui.widgets.detail_view.DetailView` lays the blocks out and draws
them; the Bookmarks and Discrepancies views build some of their own from the
pieces here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.style import Style
from rich.text import Text

from tui.core.kinds import current_role, record_label, roles_by_title
from tui.core.queries.articles import excerpt
from tui.core.queries.knowledge import KIND_LABELS, KnowledgeBase
from tui.core.topics import TOPIC_LABELS

if TYPE_CHECKING:
    from tui.core.models import Citation, Discrepancy, Source
    from tui.core.outputs.notebook import Notebook
    from tui.core.queries.knowledge import AnyRecord

BlockKind = Literal["title", "text", "heading", "link", "excerpt"]


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the detail pane; links and excerpts can take the cursor."""

    kind: BlockKind
    content: Text
    link: str | None = None
    """Record id a link block leads to."""
    citation: Citation | None = None
    """Citation an excerpt block shows."""
    group: int | None = None
    """Consecutive blocks of one group are laid out side by side, in columns,
    when the pane is wide enough (the sides of a discrepancy)."""
    column: int = 0
    """The block's column within its group."""

    @property
    def selectable(self) -> bool:
        """Whether the detail cursor can rest on this block."""
        return self.kind in ("link", "excerpt")


COLUMN_GAP = " │ "
"""Between side-by-side columns."""
MIN_COLUMN_WIDTH = 26
"""Narrower than this, the sides of a discrepancy are stacked instead."""
COLUMN_CONTEXT = 90
"""Characters of context each side of a quote in a column (less than in full width)."""

_BOLD = Style(bold=True)
_MUTED = Style(dim=True)
_QUOTE = Style(bold=True, italic=False)


def _field(label: str, value: str | Text) -> Block:
    return Block("text", Text.assemble((f"{label}: ", _MUTED), value))


def _link(kb: KnowledgeBase, record_id: str) -> Block:
    # Drawn from the list rows: a person linked to a thousand events must not
    # build a thousand records each time the cursor passes over them.
    if record_id not in kb.by_id:
        return Block("text", Text(f"→ {record_id} (missing)"))
    prefix = ""
    fields = kb.row_of(record_id)
    if kb.kind_of(record_id) == "event":
        prefix = f"{fields[0]}  "
    label = Text.assemble(("→ ", _MUTED), (prefix, _MUTED), kb.label_of(record_id))
    return Block("link", label, link=record_id)


def link_block(kb: KnowledgeBase, record_id: str, label: str) -> Block:
    """A link to ``record_id`` reading ``→ label``."""
    if record_id not in kb.by_id:
        return Block("text", Text(f"→ {record_id} (missing)"))
    return Block("link", Text.assemble(("→ ", _MUTED), label), link=record_id)


def _links(kb: KnowledgeBase, heading: str, ids: tuple[str, ...] | list[str]) -> list[Block]:
    if not ids:
        return []
    return [Block("heading", Text(f"{heading} ({len(ids)})")), *(_link(kb, i) for i in ids)]


def source_heading(source: Source) -> Text:
    """'002 Title — Outlet · date' for an excerpt or a citation (the number as
    the notes call the article)."""
    date = source.published_span.human()
    if source.date_certainty != "stated":
        date += f" ({source.date_certainty})"
    number = (f"{source.number}  ", _MUTED) if source.number else ""
    return Text.assemble(
        number, (source.title, _BOLD), ("  —  ", _MUTED), source.outlet, (" · ", _MUTED), date
    )


def excerpt_block(
    kb: KnowledgeBase,
    citation: Citation,
    *,
    context: int = 220,
    group: int | None = None,
    column: int = 0,
) -> Block:
    """A citation in full: its source heading, then the quote in its context."""
    source = kb.source(citation.source)
    before, quote, after = excerpt(kb.texts[citation.source], kb.span_of(citation), context)
    body = Text.assemble((before, _MUTED), (quote, _QUOTE), (after, _MUTED))
    content = Text.assemble(source_heading(source), "\n", body)
    return Block("excerpt", content, citation=citation, group=group, column=column)


def _excerpts(kb: KnowledgeBase, record: AnyRecord) -> list[Block]:
    citations = getattr(record, "citations", ())
    count = len({citation.source for citation in citations})
    heading = f"Sources — {len(citations)} excerpt{'s' * (len(citations) != 1)}, {count} article{'s' * (count != 1)}"
    return [Block("heading", Text(heading)), *(excerpt_block(kb, c) for c in citations)]


def discrepancy_blocks(kb: KnowledgeBase, item: Discrepancy, group: int) -> list[Block]:
    """What differs, then the conflicting passages, one column per side."""
    from tui.core.queries.discrepancies import sides

    blocks = [Block("text", Text.assemble((f"{item.about.title()}: ", _BOLD), item.note))]
    for column, side in enumerate(sides(item.citations)):
        blocks.extend(
            excerpt_block(kb, citation, context=COLUMN_CONTEXT, group=group, column=column)
            for citation in side
        )
    return blocks


def _discrepancies(kb: KnowledgeBase, record: AnyRecord) -> list[Block]:
    items = getattr(record, "discrepancies", ())
    if not items:
        return []
    blocks = [Block("heading", Text(f"≠ Where the sources disagree ({len(items)})"))]
    for number, item in enumerate(items):
        blocks += discrepancy_blocks(kb, item, number)
    return blocks


def evidence_block(kb: KnowledgeBase, record: AnyRecord) -> Block:
    """How many articles and excerpts support ``record``."""
    articles = len(kb.supporting_sources(record))
    excerpts = len(kb.citations_of(record))
    text = Text(
        f"{articles} article{'s' * (articles != 1)} · {excerpts} excerpt{'s' * (excerpts != 1)}"
    )
    if articles == 1:
        text.append("  (a single source)", _MUTED)
    return _field("Supported by", text)


def notebook_blocks(notebook: Notebook, record_id: str) -> list[Block]:
    """The user's bookmark and note on ``record_id``, for the top of its detail."""
    from tui.core.outputs.notebook import BOOKMARK_MARK, NOTE_MARK

    entry = notebook.entry(record_id)
    if entry is None:
        return []
    blocks: list[Block] = []
    if entry.bookmarked and not entry.note:
        blocks.append(
            Block(
                "text",
                Text.assemble(
                    (f"{BOOKMARK_MARK} Bookmarked", _BOLD), ("  · m adds a note", _MUTED)
                ),
            )
        )
    if entry.note:
        mark = f"{BOOKMARK_MARK} " if entry.bookmarked else ""
        blocks.append(Block("heading", Text(f"{mark}{NOTE_MARK} My note")))
        blocks.append(Block("text", Text(entry.note, style="italic")))
    return blocks


def _date_line(label: str, value: str, certainty: str, note: str | None) -> list[Block]:
    from tui.core.dates import parse_span

    human = parse_span(value).human()
    text = Text(human)
    if human != value:
        text.append(f"   ({value})", _MUTED)
    blocks = [_field(label, text)]
    if certainty != "stated":
        blocks.append(_field(f"Date {certainty}", note or ""))
    return blocks


def build_blocks(kb: KnowledgeBase, record: AnyRecord) -> list[Block]:
    """The detail pane's paragraphs for ``record``."""
    from tui.core.models import Agreement, Event, Organization, Person, Source

    kind = KIND_LABELS[type(record).__name__.lower()]
    title = Text.assemble((f"{kind}  ", _MUTED), (record_label(record), _BOLD))
    blocks: list[Block] = [Block("title", title)]
    if isinstance(record, Event):
        blocks += _date_line("Date", record.date, record.date_certainty, record.date_note)
        if record.planned:
            blocks.append(_field("Status", "planned or targeted when reported"))
        blocks.append(_field("Topics", ", ".join(TOPIC_LABELS[t] for t in record.topics)))
        blocks.append(Block("text", Text(record.description)))
        blocks += _links(kb, "People", list(record.people))
        blocks += _links(kb, "Agreements", list(record.agreements))
        blocks += _links(kb, "Organisations", list(record.organizations))
    elif isinstance(record, Person):
        if record.aliases:
            blocks.append(_field("Also written", "; ".join(record.aliases)))
        blocks.append(_field("Country", record.country))
        if record.description:
            blocks.append(Block("text", Text(record.description)))
        if record.roles:
            blocks.append(Block("heading", Text("Roles")))
            for role_title, dates in roles_by_title(record):
                when = f"  ({', '.join(map(_human, dates))})" if dates else ""
                blocks.append(Block("text", Text.assemble("• ", role_title, (when, _MUTED))))
        blocks += _links(kb, "Events", kb.person_events.get(record.id, ()))
    elif isinstance(record, Agreement):
        blocks.append(_field("Kind", record.kind))
        if record.aliases:
            blocks.append(_field("Also called", "; ".join(record.aliases)))
        blocks.append(_field("Parties", ", ".join(record.parties)))
        if record.signed:
            blocks += _date_line("Signed", record.signed, record.date_certainty, record.date_note)
        if record.in_force:
            blocks += _date_line("In force", record.in_force, "stated", None)
        if not record.signed and not record.in_force:
            blocks.append(_field("Date", "not given by the articles"))
        blocks.append(Block("text", Text(record.summary)))
        blocks += _links(kb, "Events", kb.agreement_events.get(record.id, ()))
        blocks += _links(kb, "Organisations", list(record.organizations))
    elif isinstance(record, Organization):
        blocks.append(_field("Kind", record.kind))
        if record.aliases:
            blocks.append(_field("Also called", "; ".join(record.aliases)))
        if record.country:
            blocks.append(_field("Country", record.country))
        blocks.append(Block("text", Text(record.description)))
        blocks += _links(kb, "Events", kb.organization_events.get(record.id, ()))
        blocks += _links(kb, "Agreements", kb.organization_agreements.get(record.id, ()))
    elif isinstance(record, Source):
        if record.number:
            blocks.append(_field("Article", f"{record.number} (as the notes call it)"))
        blocks.append(_field("Outlet", record.outlet))
        blocks += _date_line("Published", record.published, record.date_certainty, record.date_note)
        if record.byline:
            blocks.append(_field("Byline", record.byline))
        blocks.append(_field("URL", record.url or "not given by the page"))
        if record.accessed:
            blocks.append(_field("Accessed", _human(record.accessed)))
        blocks.append(_field("File", record.file))
        if record.note:
            blocks.append(Block("text", Text(record.note)))
        blocks.append(Block("text", Text("Press o to read the whole article.", style="italic")))
        blocks += _links(kb, "Records citing it", kb.source_records.get(record.id, ()))
        return blocks
    blocks.insert(1, evidence_block(kb, record))
    if isinstance(record, Person):
        roles_current = current_role(record)
        if roles_current:
            blocks.insert(1, _field("Latest role", roles_current))
    blocks += _discrepancies(kb, record)
    blocks += _excerpts(kb, record)
    return blocks


def _human(value: str) -> str:
    from tui.core.dates import parse_span

    return parse_span(value).human()
