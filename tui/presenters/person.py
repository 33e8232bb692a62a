"""People: rows under their initial, and a person's roles and events."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text

from tui.core.kinds import current_role, roles_by_title
from tui.core.queries.knowledge import KnowledgeBase
from tui.presenters.rows import RowStyle, flag
from tui.widgets.detail_blocks import MUTED, Block, field_block, human_date, link_blocks


def row(fields: tuple[str, ...], style: RowStyle) -> Text:
    """The initial (when it changes), discrepancy mark, name, country, latest role."""
    disputed, name, country, role, group = fields
    heading = (f"{group} " if group != style.previous else "  ", style.heading)
    if not style.wide:
        return Text.assemble(
            heading, flag(disputed, style), " ", (name, Style(bold=True)), "  ", (role, style.muted)
        )
    return Text.assemble(
        heading,
        flag(disputed, style),
        " ",
        (f"{name:<24}", Style(bold=True)),
        " ",
        (f"{country:<8}", style.accent),
        " ",
        (role, style.muted),
    )


def lead(record: Any) -> list[Block]:
    """The latest role, right under the name."""
    role = current_role(record)
    return [field_block("Latest role", role)] if role else []


def blocks(kb: KnowledgeBase, record: Any) -> list[Block]:
    """Other spellings, country, description, every role with its dates, events."""
    found: list[Block] = []
    if record.aliases:
        found.append(field_block("Also written", "; ".join(record.aliases)))
    found.append(field_block("Country", record.country))
    if record.description:
        found.append(Block("text", Text(record.description)))
    if record.roles:
        found.append(Block("heading", Text("Roles")))
        for role_title, dates in roles_by_title(record):
            when = f"  ({', '.join(map(human_date, dates))})" if dates else ""
            found.append(Block("text", Text.assemble("• ", role_title, (when, MUTED))))
    found += link_blocks(kb, "Events", kb.person_events.get(record.id, ()))
    return found
