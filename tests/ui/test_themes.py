"""Every built-in theme renders every screen (styles use theme variables only)."""

from __future__ import annotations

import pytest

from tests.ui.helpers import AppFactory
from tui.screens.help import HelpScreen
from tui.screens.search import SearchScreen
from tui.screens.source_reader import SourceReader

SIZE = (100, 30)


@pytest.mark.parametrize("dark", [True, False], ids=["dark-themes", "light-themes"])
async def test_every_builtin_theme_renders_every_screen(make_app: AppFactory, dark: bool) -> None:
    """A theme lacking a variable the stylesheet uses would raise while styling."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        themes = [name for name, theme in app.available_themes.items() if theme.dark == dark]
        assert themes
        for name in themes:
            app.theme = name
            await pilot.pause()
            assert app.current_theme.name == name
        for key, screen_type in (
            ("o", SourceReader),
            ("s", SearchScreen),
            ("question_mark", HelpScreen),
        ):
            await pilot.press(key)
            assert isinstance(app.screen, screen_type)
            for name in themes:
                app.theme = name
                await pilot.pause()
            await pilot.press("escape")


async def test_a_new_theme_recolours_the_rows_already_drawn(make_app: AppFactory) -> None:
    """Rows are cached with their colours: a theme change must still reach them,
    the cursor row and the plain rows alike, and going back gives the same rows."""
    from tests.ui.helpers import main_screen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        record_list = main_screen(app).current_list

        def row_styles() -> list[object]:
            return [segment.style for y in (0, 1) for segment in record_list.render_line(y)]

        app.theme = "textual-dark"
        await pilot.pause()
        dark = row_styles()
        app.theme = "textual-light"
        await pilot.pause()
        light = row_styles()
        assert light[0] != dark[0]  # the cursor row
        assert light[-1] != dark[-1]  # a plain row
        app.theme = "textual-dark"
        await pilot.pause()
        assert row_styles() == dark
