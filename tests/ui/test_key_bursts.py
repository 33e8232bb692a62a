"""Keys typed in one burst, faster than focus moves, go where the user meant them.

A terminal delivers "/dang" in one read; Textual queues every key on the widget
focused when they arrive and resolves bindings only when a key bubbles back to
the app. These tests post the keys the way the driver does, all at once, rather
than through ``pilot.press``, which waits for each key to be handled.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from tests.ui.helpers import SIZE, AppFactory, main_screen, wait_for
from tui.app import VnruApp
from tui.screens.main import MainScreen
from tui.screens.search import SearchScreen
from tui.screens.source_reader import SourceReader
from tui.widgets.filter_box import FilterInput

CHARACTERS = {"slash": "/", "enter": "\r", "space": " ", "escape": "\x1b"}


def burst(app: VnruApp, *keys: str) -> None:
    """Type ``keys`` as one read from the terminal: queued before any is handled."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))


async def test_a_filter_typed_in_one_burst_is_typed_into_the_box(make_app: AppFactory) -> None:
    """Regression: "/dang" opened the box and lost "dang" ("d" opened the
    Discrepancies over it)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        burst(app, "slash", "k", "o", "s")
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.current_list.query_text == "kos")
        assert isinstance(app.focused, FilterInput)
        assert app.focused.value == "kos"
        assert main_screen(app) is screen  # nothing opened over it


async def test_keys_after_enter_in_the_filter_box_move_the_list(make_app: AppFactory) -> None:
    """Regression: "pu", Enter, "j", "j" in one burst filtered on "pujj"."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        screen = main_screen(app)
        burst(app, "p", "u", "enter", "j", "j")
        await wait_for(pilot, lambda: screen.current_list.cursor == 2)
        assert screen.current_list.query_text == "pu"
        assert app.focused is screen.current_list


async def test_a_search_typed_in_one_burst_reaches_the_search_box(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "s", "p", "u", "t", "i", "n")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        await wait_for(
            pilot, lambda: isinstance(app.focused, Input) and app.focused.value == "putin"
        )


async def test_a_search_of_the_article_typed_in_one_burst_searches(make_app: AppFactory) -> None:
    """Regression: in the reader, "/vietnam" and Enter in one burst opened the box
    and lost the rest."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        reader = app.screen
        assert isinstance(reader, SourceReader)
        burst(app, "slash", "m", "o", "s", "c", "o", "w", "enter")
        await wait_for(pilot, lambda: len(reader.matches) > 0)
        assert reader.search_text == "moscow"


async def test_a_key_typed_right_after_closing_a_dialog_reaches_the_screen_below(
    make_app: AppFactory,
) -> None:
    """Regression: Escape then "3" in one burst closed the topic picker and lost the
    "3" in the picker (a built-in widget had the focus)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await wait_for(pilot, lambda: not isinstance(app.screen, MainScreen))
        burst(app, "escape", "3")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_for(pilot, lambda: main_screen(app).pane == "agreements")


async def test_keys_typed_behind_q_do_not_break_the_exit(make_app: AppFactory) -> None:
    """Regression (tried in tmux: "qs" typed at once): the "s" behind "q" opened
    the search over the closing app, whose screen could not be built, and vnru
    reported a bug instead of its farewell."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "q", "s", "B", "d")
        await pilot.pause()
    assert app.unexpected_error is None
    assert app.return_code == 0
    assert app.farewell is not None
