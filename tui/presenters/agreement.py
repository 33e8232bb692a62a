"""Agreements: rows by date, and an agreement's kind, parties and dates."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from tui.core.queries.knowledge import KnowledgeBase
from tui.presenters.figure import citing_figures
from tui.presenters.rows import RowStyle, flag
from tui.widgets.detail_blocks import Block, date_blocks, field_block, link_blocks


def row(fields: tuple[str, ...], style: RowStyle) -> Text:
    """Date (or 'undated'), discrepancy mark, kind (when wide), name."""
    date, disputed, agreement_kind, name = fields
    prefix = f"{agreement_kind:<21} " if style.wide else ""
    return Text.assemble(
        (f"{date or 'undated':>11}", style.accent),
        " ",
        flag(disputed, style),
        " ",
        (prefix, style.muted),
        name,
    )


def blocks(kb: KnowledgeBase, record: Any) -> list[Block]:
    """Kind, other names, parties, signing and entry into force, summary, links."""
    found = [field_block("Kind", record.kind)]
    if record.aliases:
        found.append(field_block("Also called", "; ".join(record.aliases)))
    found.append(field_block("Parties", ", ".join(record.parties)))
    if record.signed:
        found += date_blocks("Signed", record.signed, record.date_certainty, record.date_note)
    if record.in_force:
        found += date_blocks("In force", record.in_force, "stated", None)
    if not record.signed and not record.in_force:
        found.append(field_block("Date", "not given by the articles"))
    found.append(Block("text", Text(record.summary)))
    found += link_blocks(kb, "Events", kb.agreement_events.get(record.id, ()))
    found += link_blocks(kb, "Organisations", list(record.organizations))
    found += citing_figures(kb, record)
    return found
