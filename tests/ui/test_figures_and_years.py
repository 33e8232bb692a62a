"""The Figures pane (key 7) with its measure chart, and the timeline's events-per-year
chart that follows the filter and the cursor."""

from __future__ import annotations

from textual.widgets import Sparkline, Static

from tests.ui.helpers import SIZE, AppFactory, main_screen, screen_text, type_text, wait_for
from tui.core.queries.knowledge import KnowledgeBase
from tui.widgets.year_density import YearDensity

NARROW = (80, 24)


async def test_key_7_lists_the_figures_by_measure_with_their_values(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        main = main_screen(app)
        assert main.pane == "figures"
        figures = main.current_list
        rows = [figures.render_row(i, 100).plain for i in range(figures.row_count())]
        assert len(rows) == 5
        assert "US$3.6 billion" in rows[0] and "●" in rows[0], rows[0]
        assert "US$10 billion" in rows[1] and "○" in rows[1], "the target follows its actual"
        assert main.detail.record_id == "trade-2023"


async def test_a_figures_detail_charts_its_measure_and_each_bar_leads_to_its_figure(
    make_app: AppFactory,
) -> None:
    """The chart holds every figure of the measure, the figure's quotes follow it,
    and Enter on the target's bar shows the target."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        detail = main_screen(app).detail
        text = detail.text_content()
        assert "Bilateral trade (USD) · 2 figures, 2023 – 2030" in text
        assert "█ actual   ░ target" in text
        chart = [block.link for block in detail.blocks if block.link is not None][:2]
        assert chart == ["trade-2023", "trade-target-2030"]
        assert text.index("░ target") < text.index("Bilateral trade reached 3.6 billion USD")
        await pilot.press("enter")  # into the detail: the first link is the chart's first bar
        assert detail.current_block is not None and detail.current_block.link == "trade-2023"
        await pilot.press("j", "enter")
        await pilot.pause()
        assert main_screen(app).detail.record_id == "trade-target-2030"
        assert main_screen(app).current_list.current_id == "trade-target-2030"


async def test_a_figure_another_article_contradicts_shows_both_passages(
    make_app: AppFactory,
) -> None:
    """11 agreements (VOV.VN) against "a dozen" (WVR/VNA) for June 2024: found by the
    conflict rule, with no discrepancy written on either figure."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main_screen(app).go_to("energy-agreements-beta", remember=False)
        await pilot.pause()
        detail = main_screen(app).detail
        text = detail.text_content()
        assert "≠ Another article gives another value (1)" in text
        assert "energy-agreements-alpha" in [block.link for block in detail.blocks]
        sides = [block.citation.source for block in detail.blocks if block.group == 0]
        assert sides == ["beta", "alpha"]
        main_screen(app).go_to("trade-2023", remember=False)
        await pilot.pause()
        assert "≠" not in main_screen(app).detail.text_content()


async def test_a_figure_is_found_by_global_search_and_by_its_value(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7", "slash")
        await type_text(pilot, "billion")
        await pilot.press("enter")
        figures = main_screen(app).current_list
        assert [figures.records.ids[p] for p in figures.shown] == [
            "trade-2023",
            "trade-target-2030",
        ]


async def test_an_event_lists_the_figures_that_cite_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main_screen(app).go_to("ev-energy", remember=False)
        await pilot.pause()
        text = main_screen(app).detail.text_content()
        assert "Figures (2)" in text, text


def _drawn(app: object) -> bool:
    """The chart is mounted (after the first frame) and has counted the timeline."""
    found = main_screen(app).query(YearDensity)  # type: ignore[arg-type]
    return bool(found) and sum(found.first().counts) > 0


def _density(app: object) -> YearDensity:
    return main_screen(app).query_one(YearDensity)  # type: ignore[arg-type]


async def test_the_timeline_chart_counts_the_events_of_each_year(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: _drawn(app))
        density = _density(app)
        assert sum(density.counts) == len(ui_kb.events)
        first = ui_kb.events[0].span.first_year
        assert density.years.years[0] == first and density.cursor_year == first
        bars = density.query_one(Sparkline)
        assert bars.data is not None and len(bars.data) == bars.content_size.width
        assert f"▲ {first} · " in str(density.query_one("#density-cursor", Static).render())


async def test_the_timeline_chart_follows_the_filter_and_marks_the_cursors_year(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: _drawn(app))
        await pilot.press("slash")
        await type_text(pilot, "trade")
        await pilot.press("enter")
        timeline, density = main_screen(app).current_list, _density(app)
        assert sum(density.counts) == timeline.row_count() == 3
        years = [density.years.year_at(p) for p in timeline.shown]
        assert density.cursor_year == years[0]
        await pilot.press("j")
        assert density.cursor_year == years[1]
        assert f"{years[1]} · 1 event" in str(density.query_one("#density-cursor", Static).render())
        await pilot.press("escape")  # clears the filter: the whole timeline again
        await pilot.pause()
        assert sum(density.counts) == timeline.row_count() == 13


async def test_the_timeline_chart_is_only_on_the_timeline(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await wait_for(pilot, lambda: _drawn(app))
        assert "▲" in screen_text(app)
        await pilot.press("2")
        assert not _density(app).display and "▲" not in screen_text(app)
        await pilot.press("1")
        assert _density(app).display


async def test_the_palette_jumps_to_a_figure(make_app: AppFactory) -> None:
    """Ctrl+P, a figure's label, Enter: the Figures pane with that figure highlighted."""
    from tests.ui.test_filter_search import palette_jump

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await palette_jump(pilot, "bilateral trade target", "Figure · Bilateral trade target, 2030")
        screen = main_screen(app)
        assert screen.pane == "figures"
        assert screen.current_list.current_id == "trade-target-2030"
        assert screen.detail.record_id == "trade-target-2030"


async def test_the_charts_mark_moves_in_the_frame_that_moves_the_cursor(
    make_app: AppFactory,
) -> None:
    """Regression: the ▲ under the cursor's year followed the list's
    ``Highlighted`` message, which arrives after the frame that moves the
    cursor: a move into another year cost a second frame, 30 ms later. The
    list now tells its pane as its cursor moves, as it tells the detail."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: _drawn(app))
        screen = main_screen(app)
        timeline, density = screen.current_list, _density(app)
        row = next(
            row
            for row, position in enumerate(timeline.shown)
            if density.years.year_at(position) != density.cursor_year
        )
        timeline.cursor = row  # the watchers run now; no message is handled before the asserts
        assert density.cursor_year == density.years.year_at(timeline.shown[row])
        assert screen.detail.record_id == timeline.current_id
