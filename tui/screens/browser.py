"""Screens that browse a list of records beside their detail: the base of the
Bookmarks and Discrepancies views.

A subclass composes a list and a :class:`~tui.widgets.detail_view.DetailView`
and says which record is current; the keys a researcher uses on a record
(bookmark, note, citation, source, go to it) work the same as on the main
screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.core.knowledge import KnowledgeBase
from tui.core.models import Citation
from tui.core.paths import bundled
from tui.screens import record_actions
from tui.widgets.detail_view import DetailView


class RecordBrowser(Screen[None]):
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
        super().__init__()
        self.kb = kb

    # -- for subclasses ---------------------------------------------------

    @property
    def current_record_id(self) -> str | None:
        """The record the keys act on."""
        raise NotImplementedError

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

    def action_toggle_bookmark(self) -> None:
        """Bookmark the current record, or remove its bookmark."""
        record_actions.toggle_bookmark(self, self.kb, self.current_record_id)

    def action_edit_note(self) -> None:
        """Write or change the note on the current record."""
        record_actions.edit_note(self, self.kb, self.current_record_id)

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

    def action_copy_citation(self) -> None:
        """Copy the current excerpt's citation in the chosen style."""
        record_actions.copy_citation(self, self.kb, self.current_citation)

    def action_pick_citation_style(self) -> None:
        """Choose the citation style, then copy."""
        record_actions.choose_citation_style(self, self.kb, self.current_citation)

    def action_export(self) -> None:
        """Export the bookmarks, or everything."""
        record_actions.open_export(self, self.kb, scope="bookmarks")

    # -- public -----------------------------------------------------------

    def focus_list(self) -> None:
        """Put the focus back on the list."""

    def go_to(self, record_id: str) -> None:
        """Show ``record_id`` on the main screen."""
        if record_id not in self.kb.by_id:
            self.notify("This item is no longer in the data.", severity="warning")
            return
        record_actions.vnru_app(self).go_to(record_id)
