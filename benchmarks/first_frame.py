"""Time from process start to the first frame that shows data, in a real pty.

The process runs in a pseudo-terminal of a fixed size, as in a terminal
emulator; the clock stops when a marker text (something only the data can
put on screen) appears in what the process writes, and the process is then
killed.  The floor is an empty Textual app measured the same way.
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
import time
from pathlib import Path

FLOOR_APP = """
from textual.app import App
from textual.widgets import Static

class Floor(App):
    def compose(self):
        yield Static("FLOOR-READY")

Floor().run()
"""


def time_to_marker(
    argv: list[str],
    marker: bytes | tuple[bytes, ...],
    *,
    env: dict[str, str] | None = None,
    size: tuple[int, int] = (120, 40),
    timeout: float = 120.0,
) -> float:
    """Seconds from spawning ``argv`` in a pty until ``marker`` (or any of several) is printed."""
    markers = marker if isinstance(marker, tuple) else (marker,)
    start = time.perf_counter()
    process, master = spawn_in_pty(argv, env=env, size=size)
    seen = b""
    try:
        while True:
            remaining = timeout - (time.perf_counter() - start)
            if remaining <= 0:
                raise TimeoutError(f"{marker!r} not seen within {timeout} s")
            ready, _, _ = select.select([master], [], [], min(remaining, 0.5))
            if not ready:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"process exited ({process.returncode}) before {marker!r}: {seen[-400:]!r}"
                    )
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"pty closed before {marker!r}: {seen[-400:]!r}")
            seen = (seen + chunk)[-200_000:]
            if any(m in seen for m in markers):
                return time.perf_counter() - start
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def spawn_in_pty(
    argv: list[str],
    *,
    env: dict[str, str] | None = None,
    size: tuple[int, int] = (120, 40),
    pass_fds: tuple[int, ...] = (),
) -> tuple[subprocess.Popen[bytes], int]:
    """Start ``argv`` in its own session on a new pty of ``size``; returns the
    process and the pty's master end (the caller reads it and closes it)."""
    master, slave = pty.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
    full_env.pop("TEXTUAL", None)
    full_env.update(env or {})
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        pass_fds=pass_fds,
        start_new_session=True,
    )
    os.close(slave)
    return process, master


def floor_command() -> list[str]:
    """The empty Textual app."""
    return [sys.executable, "-c", FLOOR_APP]


def vnru_command(data: Path | None) -> list[str]:
    """vnru on a data directory (the bundled data when None)."""
    argv = [sys.executable, "-m", "tui"]
    if data is not None:
        argv += ["--data", str(data)]
    return argv


def compile_vnru() -> None:
    """Write the bytecode of vnru's modules that is missing or older than their
    source, as installing vnru from a wheel does (pip compiles it); the floor's
    Textual was installed so. Without it, an editable install under
    ``PYTHONDONTWRITEBYTECODE`` (set on these machines) compiles every module
    edited since its bytecode was last written from source at each start, and
    the first frames measure the last commit's edits."""
    import compileall

    import tui

    compileall.compile_dir(Path(tui.__file__).parent, quiet=1)


def interleaved(
    runs: int, cases: dict[str, tuple[list[str], bytes | tuple[bytes, ...], dict[str, str] | None]]
) -> dict[str, list[float]]:
    """Seconds to the marker of each case (argv, marker, env), ``runs`` times each.

    The starts are interleaved, so that a drift in the machine's speed during
    the run moves the floor and the cases alike.
    """
    compile_vnru()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (argv, marker, env) in cases.items():
            times[name].append(time_to_marker(argv, marker, env=env))
    return times
