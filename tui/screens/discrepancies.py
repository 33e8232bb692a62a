"""The Discrepancies view (``d``): every point on which the articles disagree.

The list above names each record and what differs; the pane below shows the
curator's note and the conflicting passages side by side, one column per
side, with the record a link away.  Collecting the discrepancies reads every
record, so on a large archive it runs in a worker while the view says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.core.queries.discrepancies import Disagreement, all_disagreements
from tui.core.queries.knowledge import KIND_LABELS, KnowledgeBase
from tui.presenters.rows import DISCREPANCY_MARK
from tui.screens.browser import ItemList, RecordBrowser
from tui.screens.session import notebook_of
from tui.widgets.detail_blocks import (
    Block,
    discrepancy_blocks,
    evidence_block,
    link_block,
    notebook_blocks,
)
from tui.widgets.detail_view import DetailView
from tui.widgets.key_bar import KeyBar


class DisagreementList(ItemList[Disagreement]):
    """One row per discrepancy: what differs, the record's kind and name."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Go to the record", show=False)
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__([], id=id)

    def show_items(self, items: list[Disagreement]) -> None:
        """Replace the rows."""
        self.items = items
        self.reset_rows(0)

    def render_row(self, index: int, width: int) -> Text:
        item = self.items[index]
        return Text.assemble(
            (DISCREPANCY_MARK, self.style_of("virtual-list--warning")),
            " ",
            (f"{item.discrepancy.about:<9}", self.style_of("virtual-list--accent")),
            (f"{KIND_LABELS[item.kind]:<13}", self.style_of("virtual-list--muted")),
            item.label,
        )


class DiscrepanciesScreen(RecordBrowser):
    """Where the sources disagree: the list, and the passages side by side."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+e", "export", "Export", show=False),
    ]

    def __init__(
        self,
        kb: KnowledgeBase,
        items: list[Disagreement] | None = None,
        collected: Callable[[list[Disagreement]], None] | None = None,
    ) -> None:
        """Show ``items``, or collect them (then hand them to ``collected`` to keep)."""
        super().__init__(kb)
        self.items = items
        self._collected = collected

    def compose(self) -> ComposeResult:
        yield Static(id="discrepancies-title", classes="view-title", markup=False)
        yield DisagreementList(id="disagreements")
        yield DetailView(self.kb, id="discrepancy-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.detail.notebook = notebook_of(self)
        self.set_focus(self.disagreement_list)
        if self.items is None:
            self._title(Text("Collecting the discrepancies…", style="italic"))
            self._collect()
        else:
            self._fill(self.items)

    @property
    def disagreement_list(self) -> DisagreementList:
        """The list of discrepancies."""
        return self.query_one(DisagreementList)

    def notebook_changed(self) -> None:
        self.show_item(self.disagreement_list.current_item, keep=True)

    def action_export(self) -> None:
        """Export (the bookmarks, or everything)."""
        from tui.screens.record_actions import open_export

        open_export(self, self.kb, scope="everything")

    def show_item(self, item: Disagreement | None, *, keep: bool = False) -> None:
        if item is None:
            return
        record = self.kb.by_id[item.record_id]
        kind = KIND_LABELS[item.kind]
        blocks = [
            Block(
                "title",
                Text.assemble((f"{DISCREPANCY_MARK} {kind}  ", "dim"), (item.label, "bold")),
            ),
            link_block(self.kb, item.record_id, "Go to the record"),
            evidence_block(self.kb, record),
            *(
                notebook_blocks(self.detail.notebook, item.record_id)
                if self.detail.notebook
                else []
            ),
            *discrepancy_blocks(self.kb, item.discrepancy, 0),
        ]
        detail = self.detail
        if keep:
            item_index = detail.item
            detail.show_blocks(blocks, item.record_id)
            detail.select_item(item_index)
        else:
            detail.show_blocks(blocks, item.record_id)

    # -- internals --------------------------------------------------------

    @work(thread=True, exclusive=True, group="discrepancies")
    def _collect(self) -> None:
        items = all_disagreements(self.kb)
        self.app.call_from_thread(self._fill, items)

    def _fill(self, items: list[Disagreement]) -> None:
        self.items = items
        if self._collected is not None:
            self._collected(items)
        records = len({item.record_id for item in items})
        title = Text.assemble(
            ("Where the sources disagree", "bold"),
            f"  {len(items)} point{'s' * (len(items) != 1)} in "
            f"{records} record{'s' * (records != 1)}",
            ("   Enter goes to the record · Tab into the passages · o reads one", "dim"),
        )
        self._title(title)
        self.disagreement_list.show_items(items)
        if not items:
            self.detail.show_blocks(
                [
                    Block(
                        "text",
                        Text(
                            "No discrepancies: wherever the data records a point, the "
                            "articles agree. Curators list disagreements under a record's "
                            "'discrepancies' field."
                        ),
                    )
                ]
            )

    def _title(self, text: Text) -> None:
        self.query_one("#discrepancies-title", Static).update(text)
