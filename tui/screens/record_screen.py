"""The base of every screen that shows a record beside a list: the keys that
act on that record do the same thing on each of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from tui.core.knowledge import KnowledgeBase

if TYPE_CHECKING:
    from tui.core.models import Citation


class RecordScreen(Screen[None]):
    """A screen with a current record and citation, on which ``b`` bookmarks,
    ``m`` annotates, ``y`` copies the citation and ``Y`` picks its style.

    Subclasses say which record and citation are current, and bind the keys.
    """

    def __init__(self, kb: KnowledgeBase, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.kb = kb

    @property
    def current_record_id(self) -> str | None:
        """The record the keys act on."""
        raise NotImplementedError

    @property
    def current_citation(self) -> Citation | None:
        """The highlighted excerpt's citation, else the current record's first."""
        raise NotImplementedError

    def action_toggle_bookmark(self) -> None:
        """Bookmark the current record, or remove its bookmark."""
        from tui.screens import record_actions  # (not needed to draw the first frame)

        record_actions.toggle_bookmark(self, self.kb, self.current_record_id)

    def action_edit_note(self) -> None:
        """Write or change the note on the current record."""
        from tui.screens import record_actions

        record_actions.edit_note(self, self.kb, self.current_record_id)

    def action_copy_citation(self) -> None:
        """Copy the current excerpt's citation in the chosen style (plain text at first)."""
        from tui.screens import record_actions

        record_actions.copy_citation(self, self.kb, self.current_citation)

    def action_pick_citation_style(self) -> None:
        """Choose the citation style (plain, Markdown, BibTeX, CSL-JSON), then copy."""
        from tui.screens import record_actions

        record_actions.choose_citation_style(self, self.kb, self.current_citation)
