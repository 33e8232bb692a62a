"""Sources: the articles' rows, and what is known of an article's publication."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from tui.core.queries.knowledge import KnowledgeBase
from tui.presenters.rows import RowStyle
from tui.widgets.detail_blocks import Block, date_blocks, field_block, human_date, link_blocks


def row(fields: tuple[str, ...], style: RowStyle) -> Text:
    """Number, publication date, outlet, title."""
    date, outlet, title, number = fields
    return Text.assemble(
        (f"{number:>3} ", style.muted),
        (date.rjust(style.date_width), style.accent),
        " ",
        (f"{outlet:<10.10}", style.muted),
        " ",
        title,
    )


def blocks(kb: KnowledgeBase, record: Any) -> list[Block]:
    """Number, outlet, date, byline, address, file, note, and the records citing it."""
    found: list[Block] = []
    if record.number:
        found.append(field_block("Article", f"{record.number} (as the notes call it)"))
    found.append(field_block("Outlet", record.outlet))
    found += date_blocks("Published", record.published, record.date_certainty, record.date_note)
    if record.byline:
        found.append(field_block("Byline", record.byline))
    found.append(field_block("URL", record.url or "not given by the page"))
    if record.accessed:
        found.append(field_block("Accessed", human_date(record.accessed)))
    found.append(field_block("File", record.file))
    if record.note:
        found.append(Block("text", Text(record.note)))
    found.append(Block("text", Text("Press o to read the whole article.", style="italic")))
    found += link_blocks(kb, "Records citing it", kb.source_records.get(record.id, ()))
    return found
