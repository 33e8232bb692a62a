"""Narrow terminals lose words, never controls: at 60×20 every key stays in the
key bar and every dialog choice on screen; placeholders are whole; at 80×24
search results keep their dates and enough of their titles."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.widgets import Input, RadioButton

from tests.ui.helpers import AppFactory, main_screen, screen_text, type_text
from tui.screens.export_dialog import ExportDialog
from tui.screens.search import HitList, SearchScreen
from tui.widgets.key_bar import KeyBar

SMALL = (60, 20)


def key_bar_text(app: Any) -> str:
    return screen_text(app).rstrip("\n").splitlines()[-1]


@pytest.mark.parametrize("keys", [[], ["enter"], ["o"], ["s", "t", "down"], ["B"], ["d"]], ids=str)
async def test_the_key_bar_keeps_every_key_and_help_at_60_columns(
    make_app: AppFactory, keys: list[str]
) -> None:
    """Regression: at 60×20 the key bar was cut, dropping Help and the palette."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        shown = key_bar_text(app)
        assert re.search(r"(\?|f1)\s+Help", shown), shown
        for _start, end, key in bar.hints:
            assert end <= SMALL[0], f"{key} is cut off: {shown!r}"


async def test_the_export_dialog_shows_every_choice_at_60x20(make_app: AppFactory) -> None:
    """Regression: the scopes and TimelineJS were hidden ('▐●▌ Ev')."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        screen = dialog.region
        buttons = list(dialog.query(RadioButton))
        assert len(buttons) == 7
        for button in buttons:
            assert screen.contains_region(button.region), button.label
            assert button.region.width >= len(str(button.label)) + 4, button.label
        path = dialog.query_one("#export-path", Input)
        assert screen.contains_region(path.region)


@pytest.mark.parametrize(
    ("keys", "selector"),
    [
        (["slash"], "#filter"),
        (["s"], "#search-box"),
        (["r"], "#years"),
        (["o", "slash"], "#reader-search"),
    ],
    ids=["filter", "search", "years", "reader search"],
)
async def test_placeholders_are_whole_at_60_columns(
    make_app: AppFactory, keys: list[str], selector: str
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        box = app.screen.query_one(selector, Input)
        assert box.placeholder
        assert box.placeholder in screen_text(app), box.placeholder


async def test_the_palette_placeholder_is_whole_at_60_columns(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert "Jump to an event, person, agreement, source…" in screen_text(app)


async def test_search_results_keep_dates_and_titles_at_80x24(make_app: AppFactory) -> None:
    """Regression: titles were cut to 25 characters, so two results read alike,
    and events showed no date."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "putin")
        await pilot.pause()
        hits = app.screen.query_one(HitList)
        text = screen_text(app)
        events = [hit for hit in hits.hits if hit.kind == "event"]
        assert events
        for hit in events[:5]:
            date = app.kb.row_of(hit.record_id)[0]
            line = next(line for line in text.splitlines() if hit.label[:30] in line)
            assert date in line, line


async def test_q_in_search_results_goes_back_rather_than_quitting(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await type_text(pilot, "quit")  # typed in the box: no quitting
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("down", "q")
        await pilot.pause()
        assert app.is_running
        main_screen(app)
