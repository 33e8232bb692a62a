"""The Inbox's form: a record (or a citation) prefilled from a suggestion, to edit and save."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.paths import bundled
from tui.ingest.records import FormField

HELP = "Ctrl+S saves · Tab moves between fields · Esc cancels"


class RecordForm(ModalScreen[str | None]):
    """Edit the fields, then save; dismisses with what was written, or None when cancelled.

    ``save`` gets the fields and returns a message for the user: ``None`` when
    the record was written, else what is wrong (the form stays open).
    """

    CSS_PATH = str(bundled("styles") / "inbox.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self, title: str, fields: list[FormField], save: Callable[[dict[str, str]], str | None]
    ) -> None:
        super().__init__()
        self._title = title
        self._fields = fields
        self._save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="form-dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            with VerticalScroll(id="form-fields"):
                for field in self._fields:
                    label = field.label + (f"  ({field.hint})" if field.hint else "")
                    yield Static(label, classes="form-label", markup=False)
                    yield Input(field.value, id=f"field-{field.key}", select_on_focus=False)
            yield Static("", id="form-error", markup=False)
            yield Static(HELP, classes="dialog-help", markup=False)

    def values(self) -> dict[str, str]:
        """The fields as typed."""
        return {
            field.key: self.query_one(f"#field-{field.key}", Input).value for field in self._fields
        }

    def set_value(self, key: str, value: str) -> None:
        """Replace one field's text (tests, and prefills that change)."""
        self.query_one(f"#field-{key}", Input).value = value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Write the record; stay open and say why when it cannot be written."""
        problem = self._save(self.values())
        if problem is None:
            self.dismiss(self.values().get("id") or self.values().get("record") or "")
        else:
            self.query_one("#form-error", Static).update(problem)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)
