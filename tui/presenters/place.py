"""Places: cities, venues, countries, regions and seas, and what happened there."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text

from tui.core.queries.knowledge import KnowledgeBase
from tui.presenters.figure import citing_figures
from tui.presenters.rows import RowStyle, flag
from tui.widgets.detail_blocks import Block, about_blocks, link_blocks


def row(fields: tuple[str, ...], style: RowStyle) -> Text:
    """Discrepancy mark, name, kind and country (when wide)."""
    disputed, name, place_kind, country = fields
    if not style.wide:
        return Text.assemble(flag(disputed, style), " ", name, "  ", (place_kind, style.muted))
    return Text.assemble(
        flag(disputed, style),
        " ",
        (f"{name:<32}", Style(bold=True)),
        " ",
        (f"{place_kind:<8}", style.muted),
        " ",
        (country, style.accent),
    )


def blocks(kb: KnowledgeBase, record: Any) -> list[Block]:
    """Kind, other names, country, description, and the events that happened there."""
    found = about_blocks(record)
    found += link_blocks(kb, "Events here", kb.links_to("event", "places").get(record.id, ()))
    found += citing_figures(kb, record)
    return found
