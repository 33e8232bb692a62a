"""The Bookmarks view (``B``): every bookmarked or annotated item, any kind.

Items whose record has left the data stay listed, marked "missing from the
data", with what was saved about them.  Removing a bookmark here keeps the
row (as ☆) until the view is closed, so a slip of the finger is undone by
pressing ``b`` again.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui.core.kinds import record_label
from tui.core.models import Event
from tui.core.outputs.notebook import BOOKMARK_MARK, NOTE_MARK, Item, Notebook
from tui.core.queries.knowledge import KIND_LABELS, KnowledgeBase
from tui.screens.browser import ItemList, RecordBrowser
from tui.widgets.detail_blocks import Block
from tui.widgets.detail_view import DetailView
from tui.widgets.key_bar import KeyBar

REMOVED_MARK = "☆"
MISSING = "missing from the data"


class BookmarkList(ItemList[Item]):
    """The notebook's items: mark, kind, date for events, then title or name."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Go to it", show=False)]

    def __init__(self, kb: KnowledgeBase, notebook: Notebook, *, id: str | None = None) -> None:
        super().__init__(notebook.items_for(kb), id=id)
        self.kb = kb
        self.notebook = notebook

    def render_row(self, index: int, width: int) -> Text:
        item = self.items[index]
        accent = self.style_of("virtual-list--accent")
        muted = self.style_of("virtual-list--muted")
        mark = f"{self.notebook.mark(item.record_id) or REMOVED_MARK:<2}"
        kind = KIND_LABELS.get(item.entry.kind, item.entry.kind)
        record = self.kb.by_id.get(item.record_id)
        if record is None:
            return Text.assemble(
                (mark, accent),
                " ",
                (f"{kind:<13}", muted),
                (item.entry.label, Style(strike=False)),
                (f"  — {MISSING}", self.style_of("virtual-list--warning")),
            )
        when = f"{record.span.human()}  " if isinstance(record, Event) else ""
        return Text.assemble(
            (mark, accent), " ", (f"{kind:<13}", muted), (when, accent), record_label(record)
        )


class BookmarksScreen(RecordBrowser):
    """Bookmarks and notes, with each item's detail and excerpts."""

    def __init__(self, kb: KnowledgeBase, notebook: Notebook) -> None:
        super().__init__(kb)
        self.notebook = notebook

    def compose(self) -> ComposeResult:
        yield Static(id="bookmarks-title", classes="view-title", markup=False)
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield BookmarkList(self.kb, self.notebook, id="bookmark-list")
            yield DetailView(self.kb, id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.detail.notebook = self.notebook
        self._update_title()
        record_list = self.query_one(BookmarkList)
        self.set_focus(record_list)
        record_list.reset_rows(0)
        if not record_list.items:
            self._show_empty()

    @property
    def bookmark_list(self) -> BookmarkList:
        """The list of items."""
        return self.query_one(BookmarkList)

    def notebook_changed(self) -> None:
        self.bookmark_list.refresh_rows()
        self._update_title()
        self.show_item(self.bookmark_list.current_item, keep=True)

    def show_item(self, item: Item | None, *, keep: bool = False) -> None:
        detail = self.detail
        if item is None:
            self._show_empty()
        elif item.record_id in self.kb.by_id:
            if keep and detail.record_id == item.record_id:
                detail.rebuild()
            elif detail.record_id != item.record_id:
                detail.record_id = item.record_id
        else:
            detail.show_blocks(missing_blocks(item, self.notebook), item.record_id)

    # -- internals --------------------------------------------------------

    def _show_empty(self) -> None:
        self.detail.show_blocks(
            [
                Block("title", Text("No bookmarks yet")),
                Block(
                    "text",
                    Text(
                        "Press b on any event, person, agreement, organisation or source to "
                        "bookmark it, and m to attach a note. They are listed here, kept "
                        "across sessions, and exported with Ctrl+E."
                    ),
                ),
            ]
        )

    def _update_title(self) -> None:
        items = self.bookmark_list.items
        bookmarked = sum(1 for item in items if self.notebook.is_bookmarked(item.record_id))
        noted = sum(1 for item in items if self.notebook.note(item.record_id))
        missing = sum(1 for item in items if not item.present)
        text = Text.assemble(
            ("Bookmarks & notes", "bold"),
            f"  {bookmarked} bookmarked · {noted} with notes",
        )
        if missing:
            text.append(f" · {missing} {MISSING}")
        hidden = self.notebook.hidden_count(self.kb)
        if hidden:
            text.append(f" · {hidden} more from other data directories", "dim")
        text.append("   b toggles · m note · Enter goes to it · Ctrl+E exports", "dim")
        self.query_one("#bookmarks-title", Static).update(text)


def missing_blocks(item: Item, notebook: Notebook) -> list[Block]:
    """The detail of an item whose record is no longer in the data."""
    entry = item.entry
    kind = KIND_LABELS.get(entry.kind, entry.kind)
    blocks = [
        Block("title", Text.assemble((f"{kind}  ", "dim"), (entry.label, "bold"))),
        Block(
            "text",
            Text(
                f"This {kind.lower()} ({item.record_id}) is {MISSING}: the data directory no "
                "longer has a record with this id. What you saved about it is kept."
            ),
        ),
    ]
    marks = []
    if notebook.is_bookmarked(item.record_id):
        marks.append(f"{BOOKMARK_MARK} bookmarked")
    if entry.note:
        marks.append(f"{NOTE_MARK} noted")
    if marks:
        blocks.append(Block("text", Text(" · ".join(marks), style="bold")))
    if notebook.note(item.record_id):
        blocks.append(Block("heading", Text(f"{NOTE_MARK} My note")))
        blocks.append(Block("text", Text(notebook.note(item.record_id), style="italic")))
    return blocks
