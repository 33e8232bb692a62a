"""Screens that browse a list of records beside their detail: the base of the
Bookmarks and Discrepancies views.

A subclass composes a list and a :class:`~tui.widgets.detail_view.DetailView`
and says which record is current; the keys a researcher uses on a record
(bookmark, note, citation, source, go to it) work the same as on the main
screen.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, Protocol, TypeVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message

from tui.core.knowledge import KnowledgeBase
from tui.core.models import Citation
from tui.core.paths import bundled
from tui.screens import record_actions
from tui.screens.record_screen import RecordScreen
from tui.screens.session import GoToRecord
from tui.widgets.detail_view import DetailView
from tui.widgets.virtual_list import VirtualList


class NamesRecord(Protocol):
    """An item of an :class:`ItemList`: it is about one record."""

    @property
    def record_id(self) -> str: ...


ItemT = TypeVar("ItemT", bound=NamesRecord)


class ItemList(VirtualList, Generic[ItemT]):
    """A list of items, each about one record; subclasses draw the rows."""

    class Highlighted(Message):
        """The cursor rests on an item (None when the list is empty)."""

        def __init__(self, item: Any) -> None:
            super().__init__()
            self.item = item

    class Selected(Message):
        """Enter on an item."""

        def __init__(self, item: Any) -> None:
            super().__init__()
            self.item = item

    def __init__(self, items: list[ItemT], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = items

    def row_count(self) -> int:
        return len(self.items)

    def cursor_moved(self, index: int) -> None:
        self.post_message(self.Highlighted(self.current_item))

    def action_select(self) -> None:
        """Go to the highlighted item's record."""
        item = self.current_item
        if item is not None:
            self.post_message(self.Selected(item))

    @property
    def current_item(self) -> ItemT | None:
        """The highlighted item."""
        if 0 <= self.cursor < len(self.items):
            return self.items[self.cursor]
        return None


class RecordBrowser(RecordScreen):
    """A list of records with the detail pane; Enter goes to the record."""

    CSS_PATH = str(bundled("styles") / "research.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace,q", "close", "Back"),
        Binding("b", "toggle_bookmark", "Bookmark"),
        Binding("m", "edit_note", "Note"),
        Binding("o", "open_source", "Read source"),
        Binding("y", "copy_citation", "Copy cite"),
        Binding("Y", "pick_citation_style", "Cite as…", show=False),
        Binding("ctrl+e", "export", "Export", show=False),
    ]

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb)

    # -- for subclasses ---------------------------------------------------

    def show_item(self, item: Any, *, keep: bool = False) -> None:
        """Show ``item`` (None: nothing) in the detail pane; ``keep`` keeps the
        detail's place when it is the record already shown."""
        raise NotImplementedError

    @property
    def item_list(self) -> ItemList[Any]:
        """The list of items."""
        return self.query_one(ItemList)

    @property
    def current_record_id(self) -> str | None:
        """The record the keys act on."""
        item = self.item_list.current_item
        return item.record_id if item is not None else None

    @property
    def detail(self) -> DetailView:
        """The detail pane."""
        return self.query_one(DetailView)

    @property
    def current_citation(self) -> Citation | None:
        """The highlighted excerpt's citation, else the current record's first."""
        return self.detail.current_citation

    def notebook_changed(self) -> None:
        """Redraw marks and notes after a bookmark or note changed."""
        self.detail.rebuild()

    # -- shared handlers --------------------------------------------------

    @on(ItemList.Highlighted)
    def _highlighted(self, message: ItemList.Highlighted) -> None:
        self.show_item(message.item)

    @on(ItemList.Selected)
    def _selected(self, message: ItemList.Selected) -> None:
        self.go_to(message.item.record_id)

    @on(DetailView.LinkChosen)
    def _link_chosen(self, message: DetailView.LinkChosen) -> None:
        self.go_to(message.record_id)

    @on(DetailView.ExcerptChosen)
    def _excerpt_chosen(self, message: DetailView.ExcerptChosen) -> None:
        from tui.screens.source_reader import SourceReader

        citation = message.citation
        self.app.push_screen(SourceReader(self.kb, citation.source, self.kb.span_of(citation)))

    # -- actions ----------------------------------------------------------

    def action_close(self) -> None:
        """Back to the main screen (or out of the detail pane first)."""
        if self.detail.has_focus:
            self.focus_list()
        else:
            self.dismiss(None)

    def action_open_source(self) -> None:
        """Read the current excerpt in its article."""
        from tui.screens.source_reader import SourceReader

        record_id = self.current_record_id
        if (
            record_id is not None
            and record_id in self.kb.by_id
            and self.kb.kind_of(record_id) == "source"
        ):
            self.app.push_screen(SourceReader(self.kb, record_id))
            return
        citation = self.current_citation
        if citation is None:
            self.notify("This item cites no source.", severity="warning")
            return
        self.app.push_screen(SourceReader(self.kb, citation.source, self.kb.span_of(citation)))

    def action_export(self) -> None:
        """Export the bookmarks, or everything."""
        record_actions.open_export(self, self.kb, scope="bookmarks")

    # -- public -----------------------------------------------------------

    def focus_list(self) -> None:
        """Put the focus back on the list."""
        self.set_focus(self.item_list)

    def go_to(self, record_id: str) -> None:
        """Show ``record_id`` on the main screen."""
        if record_id not in self.kb.by_id:
            self.notify("This item is no longer in the data.", severity="warning")
            return
        self.post_message(GoToRecord(record_id))
