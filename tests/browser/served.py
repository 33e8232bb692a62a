"""A ``vnru serve`` process and the terminal a browser tab shows of it.

The browser draws the terminal on a canvas, so the tests read the screen
from what the server sent the tab: every binary websocket frame is fed to a
terminal emulator (pyte) of the size the tab asked for.  Keys go through
Chromium and xterm.js like a user's.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyte

CHROMIUM = Path(os.environ.get("VNRU_CHROMIUM", "/usr/bin/chromium"))
"""Debian's chromium: the tests use it rather than a browser playwright downloads."""
CHROMIUM_ARGS = [
    "--no-sandbox",  # root in CI, and no user namespaces in some containers
    "--disable-gpu",
    # No request may leave the machine: these stop Chromium's own ones.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT = 30.0
"""Seconds any wait may take before the test fails: against forever, not a target."""


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return (
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; "
            ".ci/run does) or point VNRU_CHROMIUM at one"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing: run make install (it is in the lock)"
    return None


class Served:
    """A running ``vnru serve`` on a free loopback port."""

    def __init__(self, process: subprocess.Popen[str], url: str, log: list[str]) -> None:
        self.process = process
        self.url = url
        """The link it printed (with ``?token=`` when it has one)."""
        self.log = log
        """Its output so far, a line each."""

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT``."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    def session_pids(self) -> list[int]:
        """The session processes running now (children of the server)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            match = re.search(r"^PPid:\s+(\d+)", status, re.MULTILINE)
            if match and int(match.group(1)) == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def wait_for_log(self, pattern: str, timeout: float = TIMEOUT) -> str:
        """The first output line matching ``pattern``, waiting for it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log:
                if re.search(pattern, line):
                    return line
            time.sleep(0.05)
        raise AssertionError(f"the server never printed {pattern!r}; it printed: {self.log}")


@contextmanager
def serve(home: Path, *arguments: str) -> Iterator[Served]:
    """Run ``vnru serve --port 0 ARGUMENTS`` with its own notebook and cache under ``home``."""
    import threading

    environment = {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", "0", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
    )
    log: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            log.append(line.rstrip("\n"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + TIMEOUT
        url = None
        while url is None and time.monotonic() < deadline and process.poll() is None:
            for line in log:
                if match := re.search(r"open (http://\S+)", line):
                    url = match.group(1)
            time.sleep(0.05)
        if url is None:
            raise AssertionError(f"vnru serve did not start: {log}")
        yield Served(process, url, log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(5)


class Terminal:
    """The screen a tab shows, read from the frames its websocket received."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(80, 24)
        self._stream = pyte.ByteStream(self.screen)
        self.frames = 0
        self.closed = False
        self.messages: list[object] = []
        """Text messages from the server (pongs, downloads)."""

    def attach(self, page: object) -> None:
        """Follow the websockets ``page`` opens (call before it navigates)."""
        page.on("websocket", self._opened)  # type: ignore[attr-defined]

    def _opened(self, socket: object) -> None:
        query = parse_qs(urlsplit(socket.url).query)  # type: ignore[attr-defined]
        self._resize(int(query["width"][0]), int(query["height"][0]))
        socket.on("framereceived", self._received)  # type: ignore[attr-defined]
        socket.on("framesent", self._sent)  # type: ignore[attr-defined]
        socket.on("close", lambda _socket: setattr(self, "closed", True))  # type: ignore[attr-defined]

    def _resize(self, width: int, height: int) -> None:
        if (width, height) != (self.screen.columns, self.screen.lines):
            self.screen.resize(height, width)

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            message = json.loads(payload)
            if message[0] == "resize":
                self._resize(message[1]["width"], message[1]["height"])

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self._stream.feed(payload)
            self.frames += 1
        else:
            self.messages.append(json.loads(payload))

    def text(self) -> str:
        """The whole screen as text, a line each."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(
        self, page: object, condition: str | Callable[[str], bool], timeout: float = TIMEOUT
    ) -> str:
        """The screen once ``condition`` (a string on it, or a test of its text) holds."""
        test = (lambda text: condition in text) if isinstance(condition, str) else condition
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            if test(text):
                return text
            page.wait_for_timeout(30)  # type: ignore[attr-defined]
        raise AssertionError(f"the screen never showed {condition!r}; it shows:\n{self.text()}")
