"""While a slow filter's rows after the first are still being found, whatever needs
the whole list finishes the filter first: a jump to a record not found yet keeps
the filter, and the export of the list as filtered holds every row."""

from __future__ import annotations

import pytest

from tests.ui.helpers import SIZE, AppFactory, main_screen
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.matching import Query
from tui.core.queries.search import Listing
from tui.widgets.record_list import RecordList


@pytest.fixture
def slow_filters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every filter of the fixture behaves as a slow one at 1,000,000 events (the
    index not answering in time), and its worker never reports: the list stays at
    its first row."""
    from tui.core.queries import search

    monkeypatch.setattr(search, "QUICK_LIST", 0)
    monkeypatch.setattr(search, "FIRST_ROWS", 1)
    monkeypatch.setattr(search, "SCAN_SECONDS", 0.0)
    monkeypatch.setattr(search, "RARE", 0)
    monkeypatch.setattr(Listing, "filter_unless", lambda *args, **kwargs: None)  # never in time
    monkeypatch.setattr(RecordList, "_find_the_rest", lambda self, generation: None)


async def test_a_jump_to_a_record_not_found_yet_keeps_the_filter(
    make_app: AppFactory, ui_kb: KnowledgeBase, slow_filters: None
) -> None:
    whole = list(Listing(ui_kb, "events").filter(Query.parse("e")))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        record_list = screen.current_list
        await pilot.press("slash", "e", "enter")
        assert not record_list.is_complete and len(record_list.shown) < len(whole)
        last = record_list.records.ids[whole[-1]]
        assert record_list.select_record(last)
        assert record_list.query_text == "e", "the filter stays"
        assert list(record_list.shown) == whole and record_list.current_id == last


async def test_the_export_of_a_slow_filter_holds_every_row(
    make_app: AppFactory, ui_kb: KnowledgeBase, slow_filters: None
) -> None:
    whole = list(Listing(ui_kb, "events").filter(Query.parse("e")))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        record_list = main_screen(app).current_list
        await pilot.press("slash", "e", "enter")
        assert not record_list.is_complete
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert list(record_list.shown) == whole
        assert record_list.is_complete


async def test_the_timeline_chart_waits_for_every_row_of_a_slow_filter(
    make_app: AppFactory, ui_kb: KnowledgeBase, slow_filters: None
) -> None:
    """A slow filter's first rows are its earliest matches: a chart of them would
    show only the first years, so the chart keeps its counts until all are in."""
    from tests.ui.helpers import wait_for
    from tui.widgets.year_density import YearDensity

    whole = list(Listing(ui_kb, "events").filter(Query.parse("e")))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: bool(screen.query(YearDensity)))
        density = screen.query_one(YearDensity)
        await wait_for(pilot, lambda: sum(density.counts) == len(ui_kb.events))
        await pilot.press("slash", "e", "enter")
        record_list = screen.current_list
        assert not record_list.is_complete
        assert sum(density.counts) == len(ui_kb.events), "not redrawn from the first rows"
        record_list.finish_filter()
        await pilot.pause()
        assert sum(density.counts) == len(whole)


async def test_the_count_changes_in_the_frame_that_shows_the_rest(
    make_app: AppFactory, ui_kb: KnowledgeBase, slow_filters: None
) -> None:
    """When the worker's rows arrive, the title's count is updated before that
    frame is drawn, not a message later (which cost a frame of its own), also
    when the cursor stays where it is (no move to carry the title along)."""
    whole = list(Listing(ui_kb, "events").filter(Query.parse("moscow")))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        record_list = screen.current_list
        await pilot.press("slash", *"moscow")
        title = screen.query_one("#list-title")
        assert list(record_list.shown) == whole[:1] and record_list.cursor == 0
        assert "1+ of" in str(title.render())
        rest = RecordList._RestFound(record_list._generation, whole)
        record_list._rest_found(rest)  # no await: nothing else runs before the check
        assert record_list.cursor == 0
        assert f"  {len(whole)} of {len(record_list.records)}" in str(title.render())
