"""The interaction floor: what a cursor move costs a minimal Textual app.

An app laid out as vnru's main screen at 120×36 (a banner and a pane bar, a
list on the left half and a detail pane on the right, a key bar), whose ``j``
moves the list's cursor a row down (wrapping at the bottom, so the list never
scrolls): two list lines repaint, and the detail pane shows another record's
text, every line of it.  Its text is made when it starts, and each line is
handed to Textual as a new strip, as a new record's would be; what a move
costs is then Textual's alone: the key's dispatch, compositing, and the write
to the terminal.  ``benchmarks/keys.py`` times it as it times vnru's keys, in
the same run, so a cursor latency can be read against it.

Run as ``python -m benchmarks.interaction_floor`` (in a terminal: ``q`` quits).
"""

from __future__ import annotations

import random
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

READY = "FLOOR-LIST"
"""Written on the first frame (in the banner): the floor is ready for keys."""
RECORDS = 64
"""Different details the pane cycles through."""

CSS = """
#banner, #bar, #keys { height: 1; background: $panel; }
#body { height: 1fr; }
FloorList { width: 50%; height: 1fr; background: $surface; }
FloorDetail { width: 1fr; height: 1fr; background: $surface; }
"""

WORDS = ("talks", "delegation", "scholarship", "treaty", "cooperation", "Hanoi", "Moscow")
WORDS += ("energy", "vaccine", "customs", "students", "Nha Trang", "Saint Petersburg", "visit")


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


class FloorList(Widget, can_focus=True):
    """Rows of text with a cursor; ``j`` repaints the two rows it leaves and reaches."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("j", "down", show=False)]

    def __init__(self, detail: FloorDetail) -> None:
        super().__init__()
        self.detail = detail
        self.cursor = 0
        rng = random.Random(1)
        self.rows = [f"{1920 + n // 8:>11}    {_words(rng, 6)}" for n in range(200)]
        self.plain = Style(color="#c0c0c0", bgcolor="#1e1e1e")
        self.highlighted = Style(color="#000000", bgcolor="#0178d4", bold=True)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        text = self.rows[y % len(self.rows)][: width - 1].ljust(width - 1)
        if y == self.cursor:
            return Strip([Segment("▌", self.highlighted), Segment(text, self.highlighted)], width)
        return Strip([Segment(" ", self.plain), Segment(text, self.plain)], width)

    def action_down(self) -> None:
        old, self.cursor = self.cursor, (self.cursor + 1) % max(self.size.height, 1)
        self.refresh(Region(0, old, self.size.width, 1), Region(0, self.cursor, self.size.width, 1))
        self.detail.show_next()


class FloorDetail(Widget):
    """A record's text, a few styles a line; :meth:`show_next` repaints all of it."""

    def __init__(self) -> None:
        super().__init__()
        rng = random.Random(2)
        self.title = Style(color="#e0e0e0", bgcolor="#1e1e1e", bold=True)
        self.muted = Style(color="#9e9e9e", bgcolor="#1e1e1e")
        self.link = Style(color="#57a5e2", bgcolor="#1e1e1e")
        self.records = [
            [(_words(rng, 3), _words(rng, rng.randint(2, 7))) for _line in range(26)]
            for _record in range(RECORDS)
        ]
        self.shown = 0

    def show_next(self) -> None:
        """Show the next record: every line of the pane repaints."""
        self.shown = (self.shown + 1) % RECORDS
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self.records[self.shown]
        if y >= len(lines):
            return Strip([Segment(" " * width, self.muted)], width)
        head, rest = lines[y]
        style = self.title if y == 0 else self.link if y % 5 == 3 else self.muted
        head = f" {head} "[:width]
        rest = rest[: width - len(head)].ljust(width - len(head))
        return Strip([Segment(head, style), Segment(rest, self.muted)], width)


class Floor(App[None]):
    """The minimal app: banner, pane bar, list | detail, key bar."""

    CSS = CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", show=False)]

    def compose(self) -> ComposeResult:
        detail = FloorDetail()
        yield Static(f" {READY}  a list and a detail pane", id="banner")
        yield Static(" 1 Timeline   2 People", id="bar")
        with Horizontal(id="body"):
            yield FloorList(detail)
            yield detail
        yield Static(" j  Down   q  Quit", id="keys")

    def on_mount(self) -> None:
        self.query_one(FloorList).focus()


def main() -> None:
    """Run the floor app."""
    Floor().run()


if __name__ == "__main__":
    main()
