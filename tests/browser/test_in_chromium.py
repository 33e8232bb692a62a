"""``vnru serve`` in a real browser: Debian's chromium, keys typed into the
page's terminal, the screen read from what the server sent the tab (see
``served.py``), screenshots kept in the test's temporary directory.

Every test here starts its own server on a free loopback port, with its own
notebook and cache.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.browser.served import TIMEOUT, Served, Terminal, serve

VIEWPORT = {"width": 1280, "height": 800}


def open_tab(browser: Any, served: Served, url: str | None = None) -> tuple[Any, Any, Terminal]:
    """A new tab on the server's page: (context, page, terminal), the first frame shown."""
    context = browser.new_context(viewport=VIEWPORT)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.origin)
    page = context.new_page()
    terminal = Terminal()
    terminal.attach(page)
    page.goto(url or served.url)
    terminal.wait_for(page, "1923")
    page.focus(".xterm-helper-textarea")  # keys typed elsewhere are dropped
    return context, page, terminal


def wait_until(condition: Any, what: str, page: Any = None, timeout: float = TIMEOUT) -> None:
    """Wait for ``condition``; with ``page``, through it (playwright hands over
    its events only while it is called)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if page is not None:
            page.wait_for_timeout(50)
        else:
            time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def test_the_explorer_works_in_chromium(browser: Any, tmp_path: Path) -> None:
    """The page loads and shows the timeline; 2 shows People; / and typing
    filter; o opens the source with its quote; y copies it to the browser's
    clipboard.  Nothing is asked of any other origin."""
    with serve(tmp_path) as served:
        requests: list[str] = []
        context = browser.new_context(viewport=VIEWPORT)
        context.on("request", lambda request: requests.append(request.url))
        context.close()
        context, page, terminal = open_tab(browser, served)
        page.context.on("request", lambda request: requests.append(request.url))
        page.screenshot(path=tmp_path / "timeline.png")
        assert "Ho Chi Minh first sets foot in Soviet Russia" in terminal.text()

        page.keyboard.press("2")
        people = terminal.wait_for(page, lambda text: re.search(r"People\s+17", text) is not None)
        assert "Nguyen Xuan Phuc" in people

        page.keyboard.press("1")
        terminal.wait_for(page, lambda text: re.search(r"Timeline\s+56", text) is not None)
        page.keyboard.press("/")
        page.keyboard.type("kosygin")
        filtered = terminal.wait_for(
            page, lambda text: re.search(r"Timeline\s+1 of 56", text) is not None
        )
        assert re.search(r"Feb 1965\s+Soviet Council of Ministers Chairman Kosygin", filtered)
        assert not re.search(r"1923\s+Ho Chi Minh first sets foot", filtered), "a row left out"
        page.screenshot(path=tmp_path / "filtered.png")
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        terminal.wait_for(
            page, lambda text: re.search(r"1923\s+Ho Chi Minh first", text) is not None
        )

        page.keyboard.press("o")
        # The reader opens at the passage the event cites (the sixth of article 004's).
        reader = terminal.wait_for(
            page, lambda text: re.search(r"passage 6 of \d+ cited", text) is not None
        )
        assert "Continuing the tradition of friendship" in reader
        page.screenshot(path=tmp_path / "source.png")
        page.keyboard.press("y")
        wait_until(
            lambda: (
                "first set foot in Soviet Russia in 1923"
                in page.evaluate("navigator.clipboard.readText()")
            ),
            "copying the quote to the browser's clipboard",
            page,
        )
        context.close()
        origins = {f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" for url in requests}
        assert origins <= {served.origin, "ws://" + urlsplit(served.origin).netloc}, origins


def test_ctrl_e_downloads_the_export_through_the_browser(browser: Any, tmp_path: Path) -> None:
    with serve(tmp_path) as served:
        context, page, terminal = open_tab(browser, served)
        page.keyboard.press("Control+e")
        terminal.wait_for(page, "Export")
        downloads: list[Any] = []
        # The page opens the download's address in a new tab, which closes once
        # the download starts: listen on every new tab from its first moment.
        context.on("page", lambda tab: tab.on("download", lambda d: downloads.append(d)))
        page.on("download", lambda d: downloads.append(d))
        page.keyboard.press("Enter")
        wait_until(lambda: bool(downloads), "the download starting", page)
        download = downloads[0]
        assert re.fullmatch(
            r"vnru-timeline-\d{4}-\d\d-\d\d(-\d+)?\.md", download.suggested_filename
        )
        assert download.failure() is None, (download.failure(), served.log)
        saved = tmp_path / "download.md"
        download.save_as(saved)
        assert saved.read_text(encoding="utf-8").startswith("# Vietnam–Russia relations")
        terminal.wait_for(page, "Exported")  # the notice (it wraps in its toast)
        context.close()


def test_a_wrong_or_missing_token_gets_no_session(browser: Any, tmp_path: Path) -> None:
    """401 without the token, 403 with a wrong one, each page saying why; no
    process started.  The printed link works."""
    token = "correct-horse-battery-staple"
    with serve(tmp_path, "--token", token) as served:
        assert served.url.endswith(f"?token={token}")
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        response = page.goto(served.origin + "/?token=not-the-right-one")
        assert response.status == 403
        assert "Wrong access token" in page.inner_text("body")
        response = page.goto(served.origin + "/")
        assert response.status == 401
        assert "asks for its access token" in page.inner_text("body")
        page.wait_for_timeout(300)
        assert served.session_pids() == []
        assert not any(line.startswith("session") for line in served.log)
        context.close()
        context, _page, _terminal = open_tab(browser, served)
        assert len(served.session_pids()) == 1
        context.close()


def test_the_session_cap_holds(browser: Any, tmp_path: Path) -> None:
    """With --max-sessions 1, a second tab gets a page saying so and no process;
    stopping the server (Ctrl+C) ends the first tab's."""
    with serve(tmp_path, "--max-sessions", "1") as served:
        first, _page, _terminal = open_tab(browser, served)
        second = browser.new_context(viewport=VIEWPORT)
        page = second.new_page()
        response = page.goto(served.url)
        assert response.status == 503
        text = page.inner_text("body")
        assert "The one vnru session this server runs is in use" in text
        assert "No session was started" in text
        [pid] = served.session_pids()
        second.close()
    first.close()
    assert not Path(f"/proc/{pid}").exists(), "the server stopped but left a session running"


def test_a_closed_tab_ends_its_process(browser: Any, tmp_path: Path) -> None:
    with serve(tmp_path) as served:
        context, page, _terminal = open_tab(browser, served)
        [pid] = served.session_pids()
        page.close()
        wait_until(lambda: not Path(f"/proc/{pid}").exists(), "the session's process ending")
        served.wait_for_log(r"session 1 closed")
        context.close()
