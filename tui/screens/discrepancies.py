"""The Discrepancies view (``d``): every distinct point on which the articles disagree.

The list above names what differs and the first record each point touches;
the pane below shows every record the point touches (each a link away), the
notes, and the conflicting passages side by side, one column per side.
Points the figure rule found carry the same mark as written ones and say so
in their notes.  Collecting the points reads the disputed records and the
figures, so on a large archive it runs in a worker while the view says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.core.queries.discrepancies import Disagreement, all_disagreements, origin, summary
from tui.core.queries.knowledge import KIND_LABELS, KnowledgeBase
from tui.presenters.rows import DISCREPANCY_MARK
from tui.screens.browser import ItemList, RecordBrowser
from tui.screens.session import notebook_of
from tui.widgets.detail_blocks import (
    COLUMN_CONTEXT,
    Block,
    excerpt_block,
    link_block,
    notebook_blocks,
)
from tui.widgets.detail_view import DetailView
from tui.widgets.key_bar import KeyBar


class DisagreementList(ItemList[Disagreement]):
    """One row per point: what differs, the first record's kind and name, how many more."""

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
            (f"{item.about:<9}", self.style_of("virtual-list--accent")),
            (f"{KIND_LABELS[item.kind]:<13}", self.style_of("virtual-list--muted")),
            item.label,
            (
                f"  +{len(item.records) - 1} more" if len(item.records) > 1 else "",
                self.style_of("virtual-list--muted"),
            ),
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
        kind = KIND_LABELS[item.kind]
        count = len(item.records)
        # The passages come first: they are what the view is for; the records
        # they touch follow, each a link away.
        blocks = [
            Block(
                "title",
                Text.assemble((f"{DISCREPANCY_MARK} {kind}  ", "dim"), (item.label, "bold")),
            ),
            *(
                Block(
                    "text",
                    Text.assemble((f"{item.about.title()}: " if not n else "", "bold"), note),
                )
                for n, note in enumerate(item.notes)
            ),
            *(
                excerpt_block(self.kb, citation, context=COLUMN_CONTEXT, group=0, column=column)
                for column, side in enumerate(item.sides)
                for citation in side
            ),
            Block("heading", Text(f"On {count} record{'s' * (count != 1)} · {origin(item)}")),
            *(
                link_block(
                    self.kb, touched.record_id, f"{KIND_LABELS[touched.kind]}: {touched.label}"
                )
                for touched in item.records
            ),
            *(
                notebook_blocks(self.detail.notebook, item.record_id)
                if self.detail.notebook
                else []
            ),
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
        title = Text.assemble(
            ("Where the sources disagree", "bold"),
            f"  {summary(items)}",
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
