"""What a list row says, as text: the marks a reader relies on to weigh a date.

Swapped certainty marks were caught only by snapshots, which a blind
``--snapshot-update`` would have accepted; these tests read the rows' text.
"""

from __future__ import annotations

from collections import Counter

from tests.ui.helpers import SIZE, AppFactory, main_screen
from tui.core.models import Event
from tui.core.queries.knowledge import KnowledgeBase

README_MARKS = {"stated": " ", "approximate": "~", "inferred": "?"}
"""The README's legend: "`~` marks an approximate date and `?` one the curators
inferred"; a date the article states has no mark."""


async def test_each_timeline_row_marks_its_date_by_certainty(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """Regression: the character right after an event's date is ``~`` for an
    approximate date, ``?`` for an inferred one and blank for a stated one."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        timeline = main_screen(app).current_list
        assert timeline.collection == "events"
        seen: Counter[str] = Counter()
        for event in ui_kb.events:
            assert isinstance(event, Event)
            position = timeline.position_of(event.id)
            assert position is not None, event.id
            row = timeline.render_row(position, 80).plain
            date = event.span.human()
            after = row.index(date) + len(date)
            assert row[after] == README_MARKS[event.date_certainty], (event.id, row)
            seen[event.date_certainty] += 1
        assert set(seen) == set(README_MARKS), f"the fixture lacks a certainty: {seen}"
