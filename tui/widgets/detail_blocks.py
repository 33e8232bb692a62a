"""The detail pane's paragraphs: what a record's detail says, as blocks of text.

:class:`~tui.widgets.detail_view.DetailView` lays the blocks out and draws
them; the Bookmarks and Discrepancies views build some of their own from the
pieces here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from rich.style import Style
from rich.text import Text

from tui.core.queries.articles import excerpt
from tui.core.queries.knowledge import KnowledgeBase

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

BOLD = Style(bold=True)
MUTED = Style(dim=True)
_QUOTE = Style(bold=True, italic=False)


def field_block(label: str, value: str | Text) -> Block:
    return Block("text", Text.assemble((f"{label}: ", MUTED), value))


def _link(kb: KnowledgeBase, record_id: str) -> Block:
    # Drawn from the list rows: a person linked to a thousand events must not
    # build a thousand records each time the cursor passes over them.
    if record_id not in kb.by_id:
        return Block("text", Text(f"→ {record_id} (missing)"))
    prefix = ""
    fields = kb.row_of(record_id)
    if kb.kind_of(record_id) == "event":
        prefix = f"{fields[0]}  "
    label = Text.assemble(("→ ", MUTED), (prefix, MUTED), kb.label_of(record_id))
    return Block("link", label, link=record_id)


def link_block(kb: KnowledgeBase, record_id: str, label: str) -> Block:
    """A link to ``record_id`` reading ``→ label``."""
    if record_id not in kb.by_id:
        return Block("text", Text(f"→ {record_id} (missing)"))
    return Block("link", Text.assemble(("→ ", MUTED), label), link=record_id)


def about_blocks(record: Any) -> list[Block]:
    """What an organisation or a place is: its kind, other names, country and
    description (each when given)."""
    found = [field_block("Kind", record.kind)]
    if record.aliases:
        found.append(field_block("Also called", "; ".join(record.aliases)))
    if record.country:
        found.append(field_block("Country", record.country))
    if record.description:
        found.append(Block("text", Text(record.description)))
    return found


def link_blocks(kb: KnowledgeBase, heading: str, ids: tuple[str, ...] | list[str]) -> list[Block]:
    if not ids:
        return []
    return [Block("heading", Text(f"{heading} ({len(ids)})")), *(_link(kb, i) for i in ids)]


def source_heading(source: Source) -> Text:
    """'002 Title — Outlet · date' for an excerpt or a citation (the number as
    the notes call the article)."""
    date = source.published_span.human()
    if source.date_certainty != "stated":
        date += f" ({source.date_certainty})"
    number = (f"{source.number}  ", MUTED) if source.number else ""
    return Text.assemble(
        number, (source.title, BOLD), ("  —  ", MUTED), source.outlet, (" · ", MUTED), date
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
    body = Text.assemble((before, MUTED), (quote, _QUOTE), (after, MUTED))
    content = Text.assemble(source_heading(source), "\n", body)
    return Block("excerpt", content, citation=citation, group=group, column=column)


def excerpt_blocks(kb: KnowledgeBase, record: AnyRecord) -> list[Block]:
    citations = getattr(record, "citations", ())
    count = len({citation.source for citation in citations})
    heading = f"Sources — {len(citations)} excerpt{'s' * (len(citations) != 1)}, {count} article{'s' * (count != 1)}"
    return [Block("heading", Text(heading)), *(excerpt_block(kb, c) for c in citations)]


def discrepancy_blocks(kb: KnowledgeBase, item: Discrepancy, group: int) -> list[Block]:
    """What differs, then the conflicting passages, one column per side."""
    from tui.core.queries.discrepancies import sides

    blocks = [Block("text", Text.assemble((f"{item.about.title()}: ", BOLD), item.note))]
    for column, side in enumerate(sides(item.citations)):
        blocks.extend(
            excerpt_block(kb, citation, context=COLUMN_CONTEXT, group=group, column=column)
            for citation in side
        )
    return blocks


def discrepancies_of(kb: KnowledgeBase, record: AnyRecord) -> list[Block]:
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
        text.append("  (a single source)", MUTED)
    return field_block("Supported by", text)


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
                Text.assemble((f"{BOOKMARK_MARK} Bookmarked", BOLD), ("  · m adds a note", MUTED)),
            )
        )
    if entry.note:
        mark = f"{BOOKMARK_MARK} " if entry.bookmarked else ""
        blocks.append(Block("heading", Text(f"{mark}{NOTE_MARK} My note")))
        blocks.append(Block("text", Text(entry.note, style="italic")))
    return blocks


def date_blocks(label: str, value: str, certainty: str, note: str | None) -> list[Block]:
    from tui.core.dates import parse_span

    human = parse_span(value).human()
    text = Text(human)
    if human != value:
        text.append(f"   ({value})", MUTED)
    blocks = [field_block(label, text)]
    if certainty != "stated":
        blocks.append(field_block(f"Date {certainty}", note or ""))
    return blocks


def human_date(value: str) -> str:
    from tui.core.dates import parse_span

    return parse_span(value).human()
