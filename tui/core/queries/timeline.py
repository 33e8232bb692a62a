"""The timeline's shape: how many events each year holds, for any filtered list.

The timeline is in date order, so each year's events sit together: reading
where each year starts once (one ``GROUP BY`` over the facets table: a quarter
of a second at 1,000,000 events, so read off the UI thread) is enough to count
the events of every year of any filtered list with two binary searches per
year, and to name the year of any position.  An event is counted in the year
it starts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.queries.knowledge import KnowledgeBase


@dataclass(frozen=True, slots=True)
class YearIndex:
    """Where each year's events start in the timeline's display order."""

    years: tuple[int, ...]
    """Every year from the first event's to the last one's, gaps included."""
    starts: tuple[int, ...]
    """The display position of each year's first event (a year without events
    starts where the next one does); one more entry: the number of events."""

    @classmethod
    def read(cls, kb: KnowledgeBase) -> YearIndex:
        """Read the year boundaries of ``kb``'s timeline from its index."""
        rows = kb.index.db().execute(
            "SELECT first_year, count(*) FROM events_facets GROUP BY first_year ORDER BY 1"
        )
        return cls.from_counts(dict(rows.fetchall()))

    @classmethod
    def from_counts(cls, counts: dict[int, int]) -> YearIndex:
        """From the number of events starting in each year."""
        if not counts:
            return cls((), (0,))
        years = tuple(range(min(counts), max(counts) + 1))
        starts = [0]
        for year in years:
            starts.append(starts[-1] + counts.get(year, 0))
        return cls(years, tuple(starts))

    def counts(self, shown: Sequence[int]) -> list[int]:
        """Events per year among the display positions ``shown`` (ascending)."""
        if isinstance(shown, range) and shown.step == 1:
            low, high = shown.start, shown.stop
            return [
                max(0, min(b, high) - max(a, low))
                for a, b in zip(self.starts, self.starts[1:], strict=False)
            ]
        return [
            bisect_left(shown, b) - bisect_left(shown, a)
            for a, b in zip(self.starts, self.starts[1:], strict=False)
        ]

    def year_at(self, position: int) -> int | None:
        """The year of the event at display ``position``."""
        if not self.years or not 0 <= position < self.starts[-1]:
            return None
        return self.years[bisect_right(self.starts, position) - 1]
