"""Small helpers shared by the UI tests."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.segment import Segment
from textual import events
from textual.app import App
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerState

from tui.app import VnruApp
from tui.screens.main import MainScreen

SIZE = (120, 36)
"""The terminal size every pilot test runs at unless it says otherwise."""

AppFactory = Callable[..., VnruApp]
"""The ``make_app`` fixture: ``make_app()`` for the UI fixture, ``make_app(kb)`` for another."""


def main_screen(app: VnruApp) -> MainScreen:
    """The app's main screen, asserting it is the one on top."""
    screen = app.screen
    assert isinstance(screen, MainScreen), f"expected the main screen on top, got {screen!r}"
    return screen


def screen_text(app: App[Any]) -> str:
    """The characters on the terminal now, as plain text, one line per row.

    Renders the top screen the way ``App.export_screenshot`` does, but into a
    text export, so tests can assert on what a user would actually read.
    """
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text()


def rendered_segments(app: App[Any]) -> list[Segment]:
    """The segments of the whole screen as the terminal would receive them: text,
    styles (after the app's line filters, where Textual applies NO_COLOR) and the
    cursor moves between lines."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return list(console.render(update))


# Every C0 and C1 control character but the newline Rich ends each line with.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def assert_inert(app: App[Any], where: str) -> None:
    """No text the terminal receives contains a control character, and nothing is a
    hyperlink (the fixture's ``[link=…]`` must stay text)."""
    segments = rendered_segments(app)
    assert segments, f"{where}: nothing rendered"
    for segment in segments:
        if segment.control:
            continue  # Rich's own cursor positioning, not text
        found = _CONTROL.search(segment.text)
        assert found is None, f"{where}: {found.group()!r} in {segment.text!r}"
        assert segment.style is None or not segment.style.link, f"{where}: a hyperlink"


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 3.0) -> None:
    """Pause until ``condition()`` holds: for work the app does in the background
    (the command palette searches in a worker, after a short debounce)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.02)


def palette_idle(app: App[Any]) -> bool:
    """The command palette on top has no search still gathering hits."""
    palette = app.screen
    return not any(
        worker.node is palette and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
        for worker in app.workers
    )


def palette_prompts(app: App[Any]) -> list[str]:
    """The command palette's offered commands: the first line of each prompt, as
    plain text (a second line lists the record's aliases)."""
    offered = app.screen.query_one(CommandList)
    prompts = (str(offered.get_option_at_index(i).prompt) for i in range(offered.option_count))
    return [prompt.split("\n", 1)[0] for prompt in prompts]


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` one key at a time (about 0.1 s a key under the pilot)."""
    await pilot.press(*("space" if char == " " else char for char in text))


async def paste(pilot: Pilot[Any], text: str) -> None:
    """Paste ``text`` into the focused input, as a terminal's bracketed paste does.

    One event instead of a key per character keeps the suite fast; the input
    reacts as it does to typing, ending with the same value and Changed message.
    """
    focused = pilot.app.focused
    assert isinstance(focused, Input), f"nothing to paste into: {focused!r} has focus"
    focused.post_message(events.Paste(text))
    await pilot.pause()


Cell = tuple[str, object, object, bool, bool]
"""A cell as drawn: its character, foreground and background (RGB triplets, or
None for the terminal's own), and whether it is bold and underlined."""


def screen_cells(app: App[Any]) -> list[list[Cell]]:
    """Every cell of the screen, a row at a time, as the terminal would draw it
    (after the app's line filters, where NO_COLOR turns colours to greys)."""
    rows: list[list[Cell]] = []
    for segment in rendered_segments(app):
        if segment.control:
            rows.append([])  # Textual moves the cursor to the start of each line
            continue
        if not rows:
            rows.append([])
        style = segment.style
        fg = style.color.get_truecolor() if style and style.color else None
        bg = style.bgcolor.get_truecolor() if style and style.bgcolor else None
        bold = bool(style and style.bold)
        underline = bool(style and style.underline)
        rows[-1].extend((char, fg, bg, bold, underline) for char in segment.text)
    return [row for row in rows if row]


LOOKS = ["textual-dark", "textual-light", "no-color"]
"""The looks drawing is tried in: two themes, and NO_COLOR (the ``looked`` fixture)."""


async def set_look(app: VnruApp, pilot: Pilot[int], look: str) -> None:
    """Give ``app`` the ``look`` the ``looked`` fixture chose (NO_COLOR is set by it)."""
    if look == "no-color":
        assert app.no_color
    else:
        app.theme = look
    await pilot.pause()
