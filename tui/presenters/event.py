"""Events: the timeline's rows and an event's detail."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from tui.core.dates import fit_human
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.topics import TOPIC_LABELS
from tui.presenters.figure import citing_figures
from tui.presenters.rows import CERTAINTY_MARKS, PLANNED_MARK, RowStyle, flag
from tui.widgets.detail_blocks import Block, date_blocks, field_block, link_blocks

DATE_WIDTH = 14
"""The timeline's date column: '19–20 Jun 2024'; a longer date is shown coarser."""


def row(fields: tuple[str, ...], style: RowStyle) -> Text:
    """Date, certainty mark, discrepancy mark, title (▷ when planned)."""
    date, certainty, planned, disputed, title = fields
    label = Text.assemble((PLANNED_MARK + " ", style.accent), title) if planned else Text(title)
    return Text.assemble(
        (f"{fit_human(date, DATE_WIDTH):>{DATE_WIDTH}}", style.accent),
        (CERTAINTY_MARKS.get(certainty, " "), style.warning),
        " ",
        flag(disputed, style),
        " ",
        label,
    )


def blocks(kb: KnowledgeBase, record: Any) -> list[Block]:
    """Date, status, topics, description and the records it links to."""
    found = date_blocks("Date", record.date, record.date_certainty, record.date_note)
    if record.planned:
        found.append(field_block("Status", "planned or targeted when reported"))
    found.append(field_block("Topics", ", ".join(TOPIC_LABELS[t] for t in record.topics)))
    found.append(Block("text", Text(record.description)))
    found += link_blocks(kb, "People", list(record.people))
    found += link_blocks(kb, "Agreements", list(record.agreements))
    found += link_blocks(kb, "Organisations", list(record.organizations))
    found += link_blocks(kb, "Places", list(record.places))
    found += citing_figures(kb, record)
    return found
