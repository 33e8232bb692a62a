"""The note editor (``m``): a short note attached to a record."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tui.core.outputs.notebook import NOTE_LIMIT
from tui.core.paths import bundled

HELP = "Ctrl+S saves · Esc cancels · an empty note removes it"


class NoteEditor(ModalScreen[str | None]):
    """Edit the note on one record; dismisses with the text, or None when cancelled.

    Escape never throws away changed text without asking: the first press
    says so, a second press discards.
    """

    CSS_PATH = str(bundled("styles") / "dialogs.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, label: str, note: str) -> None:
        super().__init__()
        self.label = label
        self.original = note
        self._discard_armed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Static(
                Text.assemble(("Note on ", "bold"), (self.label, "bold italic")),
                classes="dialog-title",
                markup=False,
            )
            yield TextArea(self.original, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(HELP, id="note-help", markup=False)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        self.set_focus(area)
        area.move_cursor(area.document.end)

    def on_text_area_changed(self) -> None:
        if self._discard_armed:
            self._discard_armed = False
            self.query_one("#note-help", Static).update(HELP)

    @property
    def text(self) -> str:
        """The text being edited."""
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        """Save the note and close."""
        text = self.text.strip()
        if len(text) > NOTE_LIMIT:
            self.query_one("#note-help", Static).update(
                Text(
                    f"The note is {len(text):,} characters; notes hold at most {NOTE_LIMIT:,}. "
                    "Shorten it, then Ctrl+S.",
                    style="bold",
                )
            )
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        """Close without saving; asks first when the text was changed."""
        if self.text.strip() == self.original.strip() or self._discard_armed:
            self.dismiss(None)
            return
        self._discard_armed = True
        self.query_one("#note-help", Static).update(
            Text("Unsaved changes: Esc again discards them, Ctrl+S saves.", style="bold")
        )
