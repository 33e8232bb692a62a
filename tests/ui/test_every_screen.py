"""Every screen, at every size, sends the terminal nothing but text and vnru's own styling.

The ``strange`` fixture's records and articles carry escape sequences (ESC ``[``…,
ESC ``]``…BEL), C1 controls, markup and very long words.  The loader strips the
control characters; these tests check the result where it matters, in what the
terminal receives: the segments of the whole screen, at 120×36, at 20×6 and at
300×100, on every screen a user can reach.  A segment's text holding a control
character, or a hyperlink made from data, would fail them.  Rich's own cursor
moves (control segments) and styles are the only instructions the terminal gets.
"""

from __future__ import annotations

import threading

import pytest
from textual.command import CommandPalette
from textual.screen import Screen

from tests.ui.helpers import SIZE, AppFactory, assert_inert, screen_text, wait_for
from tui.app import VnruApp
from tui.core.queries.knowledge import KnowledgeBase
from tui.screens.help import HelpScreen
from tui.screens.loading import LoadingScreen
from tui.screens.main import MainScreen
from tui.screens.pickers import TopicPicker, YearRangePrompt
from tui.screens.search import SearchScreen
from tui.screens.source_reader import SourceReader

SIZES = ((20, 6), (300, 100), SIZE)
"""Down to a 20×6 terminal, up to 300×100, and back."""

SCREENS: dict[str, tuple[list[str], type[Screen[object]], list[str]]] = {
    # name → (keys from the main screen, the screen they open, keys back to the main screen)
    "timeline": ([], MainScreen, []),
    "people": (["2"], MainScreen, []),
    "agreements": (["3"], MainScreen, []),
    "organisations": (["4"], MainScreen, []),
    "sources": (["5"], MainScreen, []),
    "detail pane": (["enter", "j", "j"], MainScreen, ["escape"]),
    "citation copied": (["enter", "y"], MainScreen, ["escape"]),
    "filter box": (["slash", "[", "/", "]"], MainScreen, ["escape"]),
    "source reader": (["o", "n"], SourceReader, ["escape"]),
    "source reader, folded": (["5", "j", "o", "z"], SourceReader, ["escape"]),
    "search results": (["s", "[", "/", "]", "down"], SearchScreen, ["escape"]),
    "help": (["question_mark"], HelpScreen, ["escape"]),
    "topic picker": (["t", "j"], TopicPicker, ["escape"]),
    "year prompt, refused": (["r", "x", "enter"], YearRangePrompt, ["escape"]),
    "command palette": (["ctrl+p", "r"], CommandPalette, ["escape"]),
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_screen_at_every_size(
    make_app: AppFactory, strange_kb: KnowledgeBase, name: str
) -> None:
    """Each screen survives 20×6, 300×100 and the way back, stays on top, answers its
    close keys, and at every size sends only inert text."""
    open_keys, screen_type, close_keys = SCREENS[name]
    app = make_app(strange_kb)
    where = f"opening {name}"
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*open_keys)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, screen_type), f"{name}: {screen!r}"
            # Regression: the banner counted "organizations" beside the tab
            # "Organisations". The interface says organisation; the fixture names
            # no organization, so any z on screen is the interface's.
            text = screen_text(app)
            assert "rganiz" not in text.lower(), f"{name}: {text}"
            assert name != "timeline" or " organisation" in text, text
            for width, height in SIZES:
                where = f"{name} at {width}×{height}"
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                assert app.is_running, f"crashed: {where}"
                assert app.screen is screen, f"left its screen: {where}"
                assert_inert(app, where)
            where = f"closing {name}"
            await pilot.press(*close_keys)
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    except Exception as error:  # an app crash surfaces when the pilot session ends
        raise AssertionError(f"the app failed while {where}") from error


async def test_the_loading_screen_shows_a_hostile_directory_name_as_text(
    strange_kb: KnowledgeBase,
) -> None:
    """The progress screen names the directory given on the command line: markup in it
    is printed, escape sequences are defused, at every size."""
    release = threading.Event()

    def loader(_progress: object) -> KnowledgeBase:
        release.wait(10)
        return strange_kb

    directory = "archive [bold]x[/bold] \x1b]0;pwned\x07 \x1b[31mred"
    app = VnruApp(loader=loader, directory=directory)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, LoadingScreen)
            assert "archive [bold]x[/bold]" in screen_text(app)
            for width, height in SIZES:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                assert isinstance(app.screen, LoadingScreen)
                assert_inert(app, f"loading screen at {width}×{height}")
            release.set()
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), timeout=10)
            await pilot.pause()
            assert_inert(app, "after loading")
    finally:
        release.set()
