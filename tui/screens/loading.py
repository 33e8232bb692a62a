"""Shown while a large archive is validated and indexed in a worker thread."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from tui.core.paths import bundled
from tui.core.problems import printable
from tui.widgets.key_bar import KeyBar


class LoadingScreen(Screen[None]):
    """A progress bar and the current stage; the terminal never freezes."""

    CSS_PATH = str(bundled("styles") / "loading.tcss")  # parsed when first opened

    def __init__(self, directory: str) -> None:
        super().__init__()
        self.directory = directory

    def compose(self) -> ComposeResult:
        with Vertical(id="loading-box"):
            yield Static(
                # The name comes from the command line: an escape in it is shown, not sent.
                Text.assemble(
                    ("vnru", "bold"), "  opening ", (printable(self.directory), "italic")
                ),
                id="loading-title",
                markup=False,
            )
            yield Static(
                "First opening of this archive: validating and indexing it. "
                "Next time it opens from its index at once.",
                id="loading-note",
                markup=False,
            )
            yield ProgressBar(total=1.0, show_eta=False, id="loading-bar")
            yield Static("", id="loading-stage", markup=False)
        yield KeyBar()

    def show_progress(self, stage: str, fraction: float) -> None:
        """Update the bar and the stage line (called from the loading worker via the app)."""
        self.query_one(ProgressBar).update(progress=max(0.0, min(fraction, 1.0)))
        self.query_one("#loading-stage", Static).update(stage)
