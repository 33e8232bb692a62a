"""The vnru Textual application."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from tui import __version__
from tui.commands import RecordCommands
from tui.core.knowledge import KnowledgeBase
from tui.core.paths import bundled
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen


class VnruApp(App[int]):
    """Explore the knowledge base: lists, details, sources, search."""

    TITLE = "vnru"
    SUB_TITLE = "Vietnam–Russia relations"
    CSS_PATH = str(bundled("styles") / "app.tcss")
    COMMANDS = App.COMMANDS | {RecordCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]  # type: ignore[misc]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (30, "-tall")]  # type: ignore[misc]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark,f1", "help", "Help"),
    ]

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__()
        self.kb = kb
        self.crash_message: str | None = None

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.kb))

    @property
    def main_screen(self) -> MainScreen:
        """The main screen (the bottom of the stack once mounted)."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not mounted")

    def action_help(self) -> None:
        """Show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def go_to(self, record_id: str) -> None:
        """Close any screens above the main one and show ``record_id`` there."""
        main = self.main_screen
        while self.screen is not main:
            self.pop_screen()
        main.go_to(record_id)

    def get_version(self) -> str:
        """The vnru version, for about boxes."""
        return __version__
