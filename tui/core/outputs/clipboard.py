"""Getting copied text where the user can paste it.

The app sends copied text to the terminal with OSC 52, and cannot know
whether it arrived: many terminals ignore it, and tmux passes it on only
with ``set-clipboard on``.  Inside tmux the text is also loaded into a tmux
buffer, which ``prefix ]`` pastes whatever the terminal does.  In a browser
(``vnru serve``) the page's terminal passes OSC 52 on to the browser's clipboard.
"""

from __future__ import annotations

import os
import subprocess

TMUX_TIMEOUT = 2.0
"""Seconds to wait for ``tmux load-buffer`` (it answers at once when it runs)."""


def in_tmux() -> bool:
    """True when running inside a tmux session (``$TMUX`` set)."""
    return bool(os.environ.get("TMUX"))


def load_tmux_buffer(text: str) -> str | None:
    """Load ``text`` into a new tmux paste buffer; the reason it failed, or None."""
    try:
        done = subprocess.run(
            ["tmux", "load-buffer", "-"],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=TMUX_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        return "tmux is not on the PATH"
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        return message or f"tmux exited with status {done.returncode}"
    return None


def browser_copy_notice(style_name: str) -> str:
    """What ``y`` says under ``vnru serve``, where the page's terminal hands
    OSC 52 to the browser's clipboard: browsers allow that only to pages of
    a secure context (https, or http from localhost or 127.0.0.1)."""
    return (
        f"Citation ({style_name}) copied to your browser's clipboard "
        "(browsers allow it to https pages, and to http ones from localhost or 127.0.0.1)."
    )
