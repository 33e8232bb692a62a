"""The help screen, generated from the bindings so it never drifts from the keys."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any, ClassVar

from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
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
    """(keys, description) for each binding, in declaration order; a key already
    described (an override of a base class's key) is described once, the
    first time."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for binding in bindings:
        if isinstance(binding, Binding):
            keys, description = binding.key, binding.description or binding.action
        else:
            keys, description = binding[0], binding[2] if len(binding) > 2 else binding[1]
        fresh = [key.strip() for key in keys.split(",") if key.strip() not in seen]
        if fresh:
            seen.update(fresh)
            rows.append((key_label(",".join(fresh)), description))
    return rows


BROWSER = "In a web browser (vnru serve)"
BROWSER_KEYS = [
    (
        "Ctrl+W, Ctrl+T, Ctrl+N",
        "The browser keeps these (close the tab, open a tab or a window): vnru never "
        "gets them. Ctrl+W closes the tab and ends its session; in a text box, "
        "Alt+Backspace deletes a word instead",
    ),
    (
        "Ctrl+Tab, Ctrl+PgUp / Ctrl+PgDn",
        "The browser keeps these too (switch tabs), as it does Ctrl+Shift+T, N, W and Q",
    ),
    ("Every other key", "Reaches vnru while its page has the focus (click it first)"),
    ("y", "Copies to the browser's clipboard (https pages, and http ones from this machine)"),
    ("Ctrl+E", "Export: your browser downloads the file (several CSV tables come as a zip)"),
]
"""The keys a browser keeps for itself (Chromium's and Firefox's reserved
shortcuts), and what differs for vnru's own keys in a browser."""

MAIN = "Main screen"
READER = "Source reader (o)"
SEARCH = "Search (s)"
BROWSERS = "Bookmarks (B) and Discrepancies (d)"


def marks() -> list[tuple[str, str]]:
    """What each mark in a row or a chart means (the marks are the presenters')."""
    from tui.core.figures import STATUS_MARKS
    from tui.core.outputs.notebook import BOOKMARK_MARK, NOTE_MARK
    from tui.presenters.figure import BAR_GLYPHS
    from tui.presenters.rows import CERTAINTY_MARKS, DISCREPANCY_MARK, PLANNED_MARK

    return [
        (DISCREPANCY_MARK, "The articles disagree about this record (d lists every point)"),
        (CERTAINTY_MARKS["approximate"], "After a date: approximate"),
        (CERTAINTY_MARKS["inferred"], "After a date: inferred (the detail says how)"),
        (PLANNED_MARK, "A planned or targeted event"),
        (f"{BOOKMARK_MARK} {NOTE_MARK}", "Bookmarked; with a note of yours"),
        (
            " ".join(STATUS_MARKS.values()),
            "A figure reached (actual), a goal (target), a forecast (estimate)",
        ),
        (
            " ".join(BAR_GLYPHS.values()),
            "A figure's chart: bars of actual values, targets and estimates",
        ),
        ("▲", "Timeline chart (events per year): the year of the highlighted event"),
    ]


def help_sections(
    everywhere: Iterable[BindingType] = (),
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every context's keys, read from the classes' BINDINGS; ``everywhere``
    are the app's own (the app hands them to the help screen)."""
    from tui.screens.browser import RecordBrowser
    from tui.screens.citation_picker import CitationStylePicker
    from tui.screens.export_dialog import ExportDialog
    from tui.screens.main import MainScreen
    from tui.screens.note_editor import NoteEditor
    from tui.screens.search import HitList, SearchScreen
    from tui.screens.source_reader import ArticleView, ReaderSearchInput, SourceReader
    from tui.widgets.detail_view import DetailView
    from tui.widgets.filter_box import FilterInput
    from tui.widgets.virtual_list import VirtualList

    return [
        (
            "Everywhere",
            [*describe(everywhere), ("Ctrl+P", "Command palette: jump to any record")],
        ),
        (MAIN, describe(MainScreen.BINDINGS)),
        ("Lists", describe(VirtualList.BINDINGS)),
        ("Detail pane", describe(DetailView.BINDINGS)),
        ("Marks in the lists and charts", marks()),
        ("Filter box (/)", describe(FilterInput.BINDINGS)),
        (READER, describe([*SourceReader.BINDINGS, *ArticleView.BINDINGS])),
        ("Reader's search box (/)", describe(ReaderSearchInput.BINDINGS)),
        (SEARCH, describe([*SearchScreen.BINDINGS, *HitList.BINDINGS])),
        (
            BROWSERS,
            [
                ("Enter", "Go to the highlighted item on the main screen"),
                ("Tab", "Into the detail: the passages, side by side for a discrepancy"),
                *describe(RecordBrowser.BINDINGS),
            ],
        ),
        ("Note editor (m)", describe(NoteEditor.BINDINGS)),
        (
            "Copy cite as (Y)",
            [
                *describe(CitationStylePicker.BINDINGS),
                ("Enter", "Copy; y keeps this style"),
                ("Tab", "To the file box: Enter there adds the citation to that file"),
            ],
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


def section_of(screen: Screen[Any]) -> str | None:
    """The help section of the keys that work on ``screen`` (None: the top)."""
    from tui.screens.browser import RecordBrowser
    from tui.screens.main import MainScreen
    from tui.screens.search import SearchScreen
    from tui.screens.source_reader import SourceReader

    for kind, title in (
        (MainScreen, MAIN),
        (SourceReader, READER),
        (SearchScreen, SEARCH),
        (RecordBrowser, BROWSERS),
    ):
        if isinstance(screen, kind):
            return title
    return None


class HelpSection(Static):
    """One context's keys: a title, then a row per key."""

    def __init__(self, title: str, rows: list[tuple[str, str]], *, id: str) -> None:
        super().__init__(_table(title, rows), id=id, classes="help-section", markup=False)
        self.title = title


class HelpScreen(ModalScreen[None]):
    """Every key, by context; it opens at the section of the screen it was
    asked from."""

    CSS_PATH = str(bundled("styles") / "dialogs.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(
        self, origin: Screen[Any] | None = None, *, everywhere: Iterable[BindingType] = ()
    ) -> None:
        """Open at ``origin``'s keys; ``everywhere`` are the app's own bindings."""
        super().__init__()
        self.opened_at = section_of(origin) if origin is not None else None
        """The title of the section shown first."""
        self._everywhere = list(everywhere)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(
                Text.assemble(
                    ("vnru — keys", "bold underline"), "   ", ("Esc closes this help", "dim")
                ),
                markup=False,
            )
            # In a browser, the keys it keeps follow the section the help opens at,
            # where they are seen (or come first when it opens at the top).
            browser = (
                [HelpSection(BROWSER, BROWSER_KEYS, id="help-browser")] if self.app.is_web else []
            )
            if self.opened_at is None:
                yield from browser
            for number, (title, rows) in enumerate(help_sections(self._everywhere)):
                yield HelpSection(title, rows, id=f"help-{number}")
                if title == self.opened_at:
                    yield from browser

    def on_mount(self) -> None:
        for section in self.query(HelpSection):
            if section.title == self.opened_at:
                section.add_class("-current")
                self.call_after_refresh(
                    self.query_one("#help-body", VerticalScroll).scroll_to_widget,
                    section,
                    animate=False,
                    top=True,
                )

    def text(self) -> str:
        """The whole help as plain text (tests)."""
        console = Console(width=200, file=io.StringIO(), record=True)
        for section in self.query(HelpSection):
            console.print(section.content)
        return console.export_text()

    def action_scroll(self, step: int) -> None:
        """Scroll the help text."""
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=step * 2, animate=False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)


def _table(title: str, rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=16)
    table.add_column()
    table.add_row(Text(title, style="bold reverse"), "")
    for keys, description in rows:
        table.add_row(Text(keys), Text(description))
    return table
