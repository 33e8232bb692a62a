"""The help screen, generated from the bindings so it never drifts from the keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.paths import bundled

KEY_NAMES = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "enter": "Enter",
    "escape": "Esc",
    "backspace": "Backspace",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "space": "Space",
    "slash": "/",
    "question_mark": "?",
}


def key_label(keys: str) -> str:
    """'j,down' → 'j / ↓'; 'ctrl+f' → 'Ctrl+F'."""
    labels = []
    for key in keys.split(","):
        key = key.strip()
        if key in KEY_NAMES:
            labels.append(KEY_NAMES[key])
        elif key.startswith("ctrl+"):
            labels.append("Ctrl+" + key[5:].upper())
        else:
            labels.append(key)
    return " / ".join(labels)


def describe(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) for each binding, in declaration order."""
    rows: list[tuple[str, str]] = []
    for binding in bindings:
        if isinstance(binding, Binding):
            keys, description = binding.key, binding.description or binding.action
        else:
            keys, description = binding[0], binding[2] if len(binding) > 2 else binding[1]
        rows.append((key_label(keys), description))
    return rows


def help_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every context's keys, read from the classes' BINDINGS."""
    from tui.app import VnruApp
    from tui.screens.browser import RecordBrowser
    from tui.screens.citation_picker import CitationStylePicker
    from tui.screens.export_dialog import ExportDialog
    from tui.screens.main import FilterInput, MainScreen
    from tui.screens.note_editor import NoteEditor
    from tui.screens.search import HitList, SearchScreen
    from tui.screens.source_reader import ArticleView, SourceReader
    from tui.widgets.detail_view import DetailView
    from tui.widgets.virtual_list import VirtualList

    return [
        (
            "Everywhere",
            [*describe(VnruApp.BINDINGS), ("Ctrl+P", "Command palette: jump to any record")],
        ),
        (
            "Main screen",
            [*describe(MainScreen.BINDINGS), ("Tab / Shift+Tab", "Cycle focus: list ↔ detail")],
        ),
        ("Lists", describe(VirtualList.BINDINGS)),
        ("Detail pane", describe(DetailView.BINDINGS)),
        (
            "Filter box (/)",
            [*describe(FilterInput.BINDINGS), ("Enter", "Keep the filter, back to the list")],
        ),
        ("Source reader (o)", describe([*SourceReader.BINDINGS, *ArticleView.BINDINGS])),
        (
            "Search (s)",
            [
                *describe([*SearchScreen.BINDINGS, *HitList.BINDINGS]),
                ("Enter", "Open the highlighted result"),
            ],
        ),
        (
            "Bookmarks (B) and Discrepancies (d)",
            [
                ("Enter", "Go to the highlighted item on the main screen"),
                ("Tab", "Into the detail: the passages, side by side for a discrepancy"),
                *describe(RecordBrowser.BINDINGS),
            ],
        ),
        ("Note editor (m)", describe(NoteEditor.BINDINGS)),
        (
            "Copy cite as (Y)",
            [*describe(CitationStylePicker.BINDINGS), ("Enter", "Copy; y keeps this style")],
        ),
        (
            "Export (Ctrl+E)",
            [
                ("Tab", "Next field: format, what, file"),
                ("← / →", "Choose a format or what to export"),
                ("Enter", "Write the file (again to replace an existing one)"),
                *describe(ExportDialog.BINDINGS),
            ],
        ),
    ]


class HelpScreen(ModalScreen[None]):
    """Every key, by context."""

    CSS_PATH = str(bundled("styles") / "dialogs.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._table(), id="help-table")

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_row(
            Text("vnru — keys", style="bold underline"), Text("Esc closes this help", style="dim")
        )
        for title, rows in help_sections():
            table.add_row("", "")
            table.add_row(Text(title, style="bold reverse"), "")
            for keys, description in rows:
                table.add_row(Text(keys), Text(description))
        return table

    def action_scroll(self, step: int) -> None:
        """Scroll the help text."""
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=step * 2, animate=False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
