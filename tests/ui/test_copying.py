"""Copying says what really happened: inside tmux the citation goes to a tmux
buffer too; elsewhere the notice says it was sent with OSC 52, which some
terminals ignore; ``Y`` can add the citation to a file instead."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.ui.helpers import SIZE, AppFactory, main_screen
from tui.core.outputs import clipboard
from tui.core.outputs.citation_styles import add_to_file
from tui.screens.citation_picker import CitationStylePicker


def notices(app: object) -> list[str]:
    return [notification.message for notification in app._notifications]  # type: ignore[attr-defined]


async def copy_once(make_app: AppFactory) -> tuple[list[str], str]:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main_screen(app).go_to("ev-ties", remember=False)
        await pilot.press("y")
        await pilot.pause()
        return notices(app), app.clipboard


async def test_outside_tmux_the_notice_names_osc_52(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: 'copied to the clipboard' was claimed though the app cannot know."""
    monkeypatch.delenv("TMUX", raising=False)
    calls: list[object] = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    messages, copied = await copy_once(make_app)
    assert copied.startswith("“")
    assert calls == [], "no tmux outside tmux"
    assert any("OSC 52" in m and "some terminals ignore" in m for m in messages), messages
    assert not any("copied to the clipboard" in m for m in messages)


async def test_inside_tmux_the_citation_goes_to_a_tmux_buffer(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-test/default,1,0")
    loaded: list[tuple[list[str], bytes]] = []

    def run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        loaded.append((args, kwargs["input"]))  # type: ignore[arg-type]
        return subprocess.CompletedProcess(args, 0, b"", b"")

    monkeypatch.setattr(subprocess, "run", run)
    messages, copied = await copy_once(make_app)
    assert loaded == [(["tmux", "load-buffer", "-"], copied.encode())]
    assert any("tmux buffer" in m and "prefix ]" in m for m in messages), messages


async def test_inside_tmux_a_failed_buffer_is_reported(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-test/default,1,0")

    def run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        return subprocess.CompletedProcess(args, 1, b"", b"no server running on /tmp/x")

    monkeypatch.setattr(subprocess, "run", run)
    messages, _copied = await copy_once(make_app)
    assert any("no server running" in m and "OSC 52" in m for m in messages), messages


def test_load_tmux_buffer_without_tmux_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert clipboard.load_tmux_buffer("x") == "tmux is not on the PATH"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_real_tmux_server_gets_the_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a private tmux server: after load_tmux_buffer, show-buffer holds the text."""
    socket = tmp_path / "tmux.sock"
    tmux = ["tmux", "-S", str(socket)]
    subprocess.run([*tmux, "new-session", "-d", "-s", "vnru-test"], check=True, timeout=10)
    try:
        monkeypatch.setenv("TMUX", f"{socket},0,0")
        text = "“A quote” — Outlet, 1 Jan 2024\nsecond line [b]not markup[/b]"
        assert clipboard.load_tmux_buffer(text) is None
        shown = subprocess.run(
            [*tmux, "show-buffer"], check=True, capture_output=True, timeout=10
        ).stdout
        assert shown.decode() == text
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, timeout=10)


# --- Y: add the citation to a file ------------------------------------------------------


async def test_Y_adds_the_citation_to_a_file(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Y, the BibTeX style, Tab to the file box, Enter: the entry is in the file;
    a second entry from another article joins it; the same one is not repeated."""
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        screen.go_to("ev-ties", remember=False)
        await pilot.press("Y")
        assert isinstance(app.screen, CitationStylePicker)
        await pilot.press("j", "j", "tab")  # BibTeX; the file box offers citations.bib
        box = app.screen.query_one("#citation-file", Input)
        assert box.has_focus
        assert box.value == "citations.bib"  # in the current directory
        await pilot.press("enter")
        await pilot.pause()
        bib = tmp_path / "citations.bib"
        first = bib.read_text()
        assert first.startswith("@")
        assert any("added to" in m for m in notices(app))
        assert app.notebook.citation_style == "plain", "adding to a file keeps y's style"

        screen.go_to("ev-state-visit", remember=False)  # cites two other articles
        await pilot.press("Y", "j", "j", "tab", "enter")
        await pilot.pause()
        second = bib.read_text()
        assert second.startswith(first.rstrip("\n"))
        assert second.count("\n@") == 1

        screen.go_to("ev-ties", remember=False)
        await pilot.press("Y", "j", "j", "tab", "enter")
        await pilot.pause()
        assert bib.read_text() == second
        assert any("already in" in m for m in notices(app))


def test_csl_json_files_stay_one_array() -> None:
    one = json.dumps([{"id": "a", "type": "article-newspaper"}])
    two = json.dumps([{"id": "b", "type": "article-newspaper"}])
    text = add_to_file(add_to_file(None, one, "csl-json"), two, "csl-json")
    assert [item["id"] for item in json.loads(text)] == ["a", "b"]
    assert add_to_file(text, one, "csl-json") == text
    with pytest.raises(ValueError, match="no CSL-JSON array"):
        add_to_file('{"id": "a"}', one, "csl-json")


async def test_a_file_that_cannot_be_written_is_reported(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("Y", "tab")
        box = app.screen.query_one("#citation-file", Input)
        box.value = str(tmp_path)  # a directory
        await pilot.press("enter")
        await pilot.pause()
        assert any("Could not add the citation" in m for m in notices(app)), notices(app)
