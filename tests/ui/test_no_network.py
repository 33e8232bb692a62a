"""vnru is offline: a whole session touching every screen opens no network connection."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from tests.ui.helpers import SIZE, AppFactory, main_screen, palette_prompts, wait_for
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.pickers import TopicPicker, YearRangePrompt
from tui.screens.search import SearchScreen
from tui.screens.source_reader import SourceReader


class NetworkUsed(AssertionError):
    """Raised in place of any attempt to reach the network."""


@pytest.fixture
def network_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record (and refuse) every connection attempt and name lookup."""
    calls: list[str] = []

    def refuse(name: str) -> Any:
        def blocked(*args: object, **kwargs: object) -> None:
            calls.append(f"{name}{args[1:] if name.startswith('socket.connect') else args}")
            raise NetworkUsed(f"{name} called: vnru must work offline")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return calls


def test_the_guard_catches_a_connection(network_calls: list[str]) -> None:
    """The guard itself works: a connection attempt is recorded and refused."""
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.com", 80), timeout=0.01)
    with pytest.raises(NetworkUsed), socket.socket() as sock:
        sock.connect(("127.0.0.1", 9))
    assert len(network_calls) == 2


async def test_a_session_over_every_screen_makes_no_network_call(
    make_app: AppFactory, network_calls: list[str]
) -> None:
    """Every pane, a detail and its links, the reader, search, help, both pickers, the
    palette and copying a citation: no socket connects and no name is looked up."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press(*"23451")
        await pilot.press("enter", "enter")  # the detail's first link
        await pilot.press("escape", "G", "enter", "y")  # copy (OSC 52, not the network)
        await pilot.press("enter")
        assert isinstance(app.screen, SourceReader)
        await pilot.press("n", "z", "escape", "s")
        assert isinstance(app.screen, SearchScreen)
        search_box = app.screen.query_one(Input)
        search_box.post_message(events.Paste("treaty"))
        await pilot.press("down", "enter")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "t")
        assert isinstance(app.screen, TopicPicker)
        await pilot.press("j", "enter", "r")
        assert isinstance(app.screen, YearRangePrompt)
        await pilot.press("2", "0", "2", "4", "enter", "ctrl+p")
        palette_box = app.screen.query_one(Input)
        palette_box.post_message(events.Paste("vladimir"))
        await wait_for(pilot, lambda: palette_prompts(app)[:1] == ["Person · Vladimir Putin"])
        await pilot.press("enter")
        await pilot.pause()
        assert screen.pane == "people"
        assert screen.current_list.current_id == "putin"
        await pilot.press("slash", "x", "escape")
        assert app.is_running
    assert network_calls == []
