"""The timeline's header chart: events per year as a sparkline, with the cursor's year.

Two lines under the list's title: Textual's ``Sparkline`` between the first and
the last year, then a line whose ▲ stands under the cursor's year and names it
with its count.  The counts follow the list's filter; the years stay those of
the whole timeline, so two filters compare at a glance.  Heights are drawn on a
square-root scale, so a year with one event still stands above an empty one
beside a year with hundreds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Sparkline, Static

from tui.core.queries.timeline import YearIndex


class YearDensity(Vertical):
    """Events per year of the timeline on show, and the cursor's year."""

    def __init__(self, years: YearIndex, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.years = years
        self.counts: list[int] = [0] * len(years.years)
        """Events per year of the list on show."""
        self.cursor_year: int | None = None
        """The highlighted event's year."""

    def compose(self) -> ComposeResult:
        first = str(self.years.years[0]) if self.years.years else ""
        last = str(self.years.years[-1]) if self.years.years else ""
        with Horizontal(id="density-line"):
            yield Static(first, id="density-first", markup=False)
            yield Sparkline([], id="density-bars")
            yield Static(last, id="density-last", markup=False)
        yield Static(id="density-cursor", markup=False)

    def on_resize(self) -> None:
        self._draw()

    def show(self, shown: Sequence[int], cursor_year: int | None) -> None:
        """Count the events of ``shown`` (display positions) and mark ``cursor_year``."""
        self.counts = self.years.counts(shown)
        self.cursor_year = cursor_year
        self._draw()

    def mark(self, cursor_year: int | None) -> None:
        """Move the ▲ to ``cursor_year`` (cheap: the bars stay)."""
        if cursor_year != self.cursor_year:
            self.cursor_year = cursor_year
            self._draw_marker()

    def _columns(self) -> int:
        return self.query_one("#density-bars", Sparkline).content_size.width

    def _draw(self) -> None:
        bars = self.query_one("#density-bars", Sparkline)
        width = self._columns()
        if width <= 0 or not self.counts:
            return
        # One value per column, so the ▲ below can find its year's column.
        columns: list[float] = []
        years = len(self.counts)
        for column in range(width):
            low = column * years // width
            high = max(low + 1, (column + 1) * years // width)
            columns.append(math.sqrt(max(self.counts[low:high])))
        bars.data = columns
        self._draw_marker()

    def _draw_marker(self) -> None:
        width, year = self._columns(), self.cursor_year
        if width <= 0 or year is None or not self.years.years:
            text = Text(f"{sum(self.counts):,} events", "dim")
        else:
            index = year - self.years.years[0]
            count = self.counts[index] if 0 <= index < len(self.counts) else 0
            column = index * width // len(self.counts)
            offset = len(str(self.years.years[0])) + 1 + column  # under the bars' column
            label = f"{year} · {count:,} event{'s' * (count != 1)}"
            if offset + 2 + len(label) <= self.content_size.width:
                text = Text.assemble(" " * offset, ("▲ ", "bold"), label)
            else:
                text = Text.assemble(" " * max(0, offset - len(label) - 1), label, (" ▲", "bold"))
        # One line, always: without layout=False the update lays the whole screen out again.
        self.query_one("#density-cursor", Static).update(text, layout=False)
