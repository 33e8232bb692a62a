"""Each kind's presenter, and the detail pane's paragraphs built with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from tui.core.kinds import kind_of_record, record_label
from tui.core.queries.knowledge import KnowledgeBase
from tui.presenters import agreement, event, figure, organization, person, place, source
from tui.presenters.rows import RowStyle
from tui.widgets.detail_blocks import (
    BOLD,
    MUTED,
    Block,
    discrepancies_of,
    evidence_block,
    excerpt_blocks,
)


@dataclass(frozen=True, slots=True)
class Presenter:
    """How one kind of record is drawn."""

    row: Callable[[tuple[str, ...], RowStyle], Text]
    """A list row from the record's list columns."""
    blocks: Callable[[KnowledgeBase, Any], list[Block]]
    """The detail's own paragraphs, between its title and its evidence."""
    cited: bool = True
    """Whether the detail ends with the evidence: discrepancies and excerpts."""
    lead: Callable[[Any], list[Block]] = lambda record: []
    """Paragraphs right under the title, before the evidence line."""


PRESENTERS: dict[str, Presenter] = {
    "event": Presenter(event.row, event.blocks),
    "person": Presenter(person.row, person.blocks, lead=person.lead),
    "agreement": Presenter(agreement.row, agreement.blocks),
    "organization": Presenter(organization.row, organization.blocks),
    "place": Presenter(place.row, place.blocks),
    "figure": Presenter(figure.row, figure.blocks),
    "source": Presenter(source.row, source.blocks, cited=False),
}
"""Each kind's presenter, by the kind's name."""


def build_blocks(kb: KnowledgeBase, record: Any) -> list[Block]:
    """The detail pane's paragraphs for ``record``."""
    kind = kind_of_record(record)
    presenter = PRESENTERS[kind.name]
    title = Text.assemble((f"{kind.label}  ", MUTED), (record_label(record), BOLD))
    blocks = [Block("title", title), *presenter.blocks(kb, record)]
    if not presenter.cited:
        return blocks
    blocks[1:1] = [*presenter.lead(record), evidence_block(kb, record)]
    return [*blocks, *discrepancies_of(kb, record), *excerpt_blocks(kb, record)]
