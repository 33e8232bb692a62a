"""Organisations: rows by name, and an organisation's kind, events and agreements."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text

from tui.core.queries.knowledge import KnowledgeBase
from tui.presenters.figure import citing_figures
from tui.presenters.rows import RowStyle, flag
from tui.widgets.detail_blocks import Block, about_blocks, link_blocks


def row(fields: tuple[str, ...], style: RowStyle) -> Text:
    """Discrepancy mark, name, kind (when wide)."""
    disputed, name, organization_kind = fields
    if not style.wide:
        return Text.assemble(flag(disputed, style), " ", name)
    return Text.assemble(
        flag(disputed, style),
        " ",
        (f"{name:<40}", Style(bold=True)),
        " ",
        (organization_kind, style.muted),
    )


def blocks(kb: KnowledgeBase, record: Any) -> list[Block]:
    """Kind, other names, country, description, the events and agreements naming it."""
    found = about_blocks(record)
    found += link_blocks(kb, "Events", kb.organization_events.get(record.id, ()))
    found += link_blocks(kb, "Agreements", kb.organization_agreements.get(record.id, ()))
    found += citing_figures(kb, record)
    return found
