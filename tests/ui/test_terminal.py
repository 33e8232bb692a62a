"""The terminal is left as it was found: a crash prints one line, NO_COLOR means no colour.

The crash tests run vnru's real entry point in a pseudo-terminal, with one action
replaced by one that raises, and read everything the process writes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import textwrap
import time
from pathlib import Path

import pytest
from rich.segment import Segment

from tests.ui.helpers import SIZE, AppFactory, rendered_segments, wait_for
from tui.app import VnruApp
from tui.cli import EXIT_INTERNAL, unexpected_error_message
from tui.core.queries.knowledge import KnowledgeBase

REPO_ROOT = Path(__file__).resolve().parents[2]
UI_DIR = REPO_ROOT / "tests" / "fixtures" / "ui"

# vnru's own command line, with the search action replaced by one that raises.  The
# message carries an escape sequence: it must reach the terminal defused.
CRASHING_VNRU = textwrap.dedent(
    """
    import sys
    from tui.screens.main import MainScreen

    def crash(self):
        raise ValueError("boom\\x1b]0;pwned\\x07")

    MainScreen.action_search = crash
    from tui.cli import main
    raise SystemExit(main(sys.argv[1:]))
    """
)
LEAVE_ALT_SCREEN = b"\x1b[?1049l"


def run_in_pty(
    argv: list[str], keys: bytes, ready: bytes, timeout: float = 60.0
) -> tuple[int, bytes]:
    """Run ``argv`` in a 120×36 pty; type ``keys`` once ``ready`` is on screen; return
    the exit code and everything written to the terminal."""
    master, slave = pty.openpty()
    columns, rows = SIZE
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("TEXTUAL", None)
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=REPO_ROOT,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    typed = False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            readable, _, _ = select.select([master], [], [], 0.2)
            if readable:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the pty: it has exited
                    break
                if not chunk:
                    break
                seen += chunk
            if not typed and ready in seen:
                os.write(master, keys)
                typed = True
        else:
            raise AssertionError(f"vnru did not exit within {timeout} s: {seen[-400:]!r}")
        return process.wait(timeout=10), seen
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def crash_vnru(*options: str) -> tuple[int, str]:
    """Start vnru on the UI fixture, press the crashing key; the exit code and, as text,
    what the terminal shows after vnru left the alternate screen."""
    code, output = run_in_pty(
        [sys.executable, "-c", CRASHING_VNRU, *options, "--data", str(UI_DIR)],
        keys=b"s",
        # Drawn after the first frame (the first record's detail): by then the
        # terminal is in raw mode and the keys reach the app.
        ready=b"Supported by",
    )
    assert LEAVE_ALT_SCREEN in output, "the terminal was not restored"
    after = output.rsplit(LEAVE_ALT_SCREEN, 1)[1]
    return code, after.decode("utf-8", errors="replace")


def test_an_unexpected_error_restores_the_terminal_and_prints_one_line() -> None:
    """A bug inside the app: the terminal comes back, then one line says what happened,
    that it is a bug to report, and how to see more. No traceback, no local variables."""
    code, after = crash_vnru()
    assert code == EXIT_INTERNAL
    message = [line for line in after.splitlines() if line.strip()]
    assert len(message) == 1, after
    assert "vnru: unexpected error (ValueError: boom\\x1b]0;pwned\\x07)" in message[0]
    assert "report it" in message[0]
    assert "--debug" in message[0]
    assert "Traceback" not in after
    assert "\x1b]0;" not in after, "the error's text retitled the terminal"


def test_debug_shows_the_traceback() -> None:
    """With --debug the same bug ends with Python's traceback, naming the failing code."""
    code, after = crash_vnru("--debug")
    assert code != 0
    assert "Traceback (most recent call last)" in after
    assert "in crash" in after
    assert "ValueError: boom" in after
    assert "This is a bug in vnru" not in after


async def test_a_crash_while_loading_is_kept_for_the_command_line() -> None:
    """An exception in the loading worker (not a DataError) closes the app and is kept,
    unwrapped, for the command line to report; Textual prints nothing itself."""

    def loader(_progress: object) -> KnowledgeBase:
        raise RuntimeError("the loader broke")

    app = VnruApp(loader=loader, directory="somewhere")
    with pytest.raises(Exception, match="the loader broke"):
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.unexpected_error is not None)
    assert isinstance(app.unexpected_error, RuntimeError)
    assert app.return_code == 1
    assert not app._exit_renderables  # Textual's own traceback print-out is dropped


def test_the_message_is_one_short_line_whatever_the_error_says() -> None:
    """Multi-line, very long or escape-laden exception text still makes one safe line."""
    message = unexpected_error_message(KeyError("line one\nline two\x1b[2J" + "x" * 1000))
    assert "\n" not in message
    assert "\x1b" not in message
    assert len(message) < 400


# --- NO_COLOR ----------------------------------------------------------------------


def colours(segments: list[Segment]) -> set[tuple[int, int, int]]:
    """Every foreground and background colour used, as RGB."""
    found = set()
    for segment in segments:
        style = segment.style
        if style is None:
            continue
        for colour in (style.color, style.bgcolor):
            if colour is not None and not colour.is_default:
                found.add(colour.get_truecolor())
    return found


def is_grey(rgb: tuple[int, int, int]) -> bool:
    red, green, blue = rgb
    return red == green == blue


@pytest.mark.parametrize("keys", [[], ["enter"], ["o"], ["s", "t"], ["question_mark"]])
async def test_no_color_leaves_only_shades_of_grey(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, keys: list[str]
) -> None:
    """With NO_COLOR set, every screen is drawn in shades of grey only (Textual's
    monochrome filter keeps the cursor row and highlights visible as light and dark)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert app.no_color
        used = colours(rendered_segments(app))
        assert used, "nothing drawn"
        assert all(is_grey(rgb) for rgb in used), sorted(rgb for rgb in used if not is_grey(rgb))


async def test_without_no_color_the_screen_has_colour(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Control for the test above: the same screen does use colour normally."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.no_color
        assert not all(is_grey(rgb) for rgb in colours(rendered_segments(app)))
