"""Keystroke latency as a user sees it: vnru in a real pty, keys written to it.

The child is vnru itself with one addition: after Textual writes a frame to
the terminal it reports the time on a pipe.  The parent writes a key, then
collects the frames that follow until the screen is quiet; the latency is
from the key to the last of those frames, so a change spread over two frames
counts in full.  Both clocks are the system's monotonic clock.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.first_frame import spawn_in_pty

REPORT_FRAMES = """
import os, sys, time
from textual.app import App
report = int(os.environ["VNRU_BENCH_FD"])
_display = App._display
def display(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is not None:
        os.write(report, b"%.9f\\n" % time.perf_counter())
App._display = display
"""
REPORT_FILTERS = """
from tui.widgets.list_pane import ListPane
from tui.widgets.record_list import RecordList
_apply_filter, _counted = RecordList.apply_filter, ListPane.counted
def apply_filter(self, *args, **kwargs):
    _apply_filter(self, *args, **kwargs)
    os.write(report, b"complete\\n" if self.is_complete else b"pending\\n")
def counted(self):  # a slow filter's rest found (RecordList._rest_found)
    _counted(self)
    os.write(report, b"complete\\n")
RecordList.apply_filter, ListPane.counted = apply_filter, counted
"""
CHILD = REPORT_FRAMES + REPORT_FILTERS + "from tui.cli import main\nsys.exit(main(sys.argv[1:]))\n"
"""vnru, reporting its frames, and whether a list's filter has found every row
(``pending`` while a slow filter's rest is being found, then ``complete``)."""
FLOOR_CHILD = REPORT_FRAMES + "from benchmarks.interaction_floor import main\nmain()\n"
"""The interaction floor (``benchmarks/interaction_floor.py``), reporting its frames."""

QUIET = 0.08
"""A frame sequence is over when no frame follows for this long (seconds)."""
FILTER_LIMIT = 10.0
"""Seconds a filter keystroke's rows are waited for (a slow filter finds its
first rows at once and the rest in the background)."""


@dataclass
class Session:
    """vnru running in a pty, with its frame reports."""

    process: subprocess.Popen[bytes]
    master: int
    reports: int
    frames: list[float] = field(default_factory=list)
    filtering: bool = False
    """True while the list's filter has rows still to find (its last report)."""
    screen: bytes = b""
    """The end of what the process wrote to the terminal (for markers)."""

    def pump(self, timeout: float) -> bool:
        """Read what is available (within ``timeout``); True when a frame was reported."""
        ready, _, _ = select.select([self.master, self.reports], [], [], timeout)
        framed = False
        for fd in ready:
            try:
                data = os.read(fd, 1 << 20)
            except OSError:
                data = b""
            if not data:
                raise RuntimeError("vnru exited during the benchmark")
            if fd == self.reports:
                for line in data.split():
                    if line in (b"pending", b"complete"):
                        self.filtering = line == b"pending"
                    else:
                        self.frames.append(float(line))
                        framed = True
            else:
                self.screen = (self.screen + data)[-200_000:]
        return framed

    def drain(self) -> None:
        """Read everything the process has written so far."""
        while select.select([self.master, self.reports], [], [], 0)[0]:
            self.pump(0)

    def wait_for(self, markers: tuple[bytes, ...], timeout: float) -> bytes | None:
        """Read until one of ``markers`` has been written to the terminal (and
        return it), or None after ``timeout`` seconds."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            found = next((m for m in markers if m in self.screen), None)
            if found is not None:
                return found
            self.pump(0.05)
        return None

    def settle(self, quiet: float, limit: float) -> None:
        """Wait until no frame has come for ``quiet`` seconds (at most ``limit``)."""
        end = time.perf_counter() + limit
        last = time.perf_counter()
        while time.perf_counter() < end:
            if self.pump(0.02):
                last = time.perf_counter()
            elif time.perf_counter() - last >= quiet:
                return

    def press(self, key: bytes, answer_within: float = 2.0) -> float | None:
        """Write ``key``; seconds until the last frame it caused (None: no frame
        within ``answer_within`` seconds).

        The first frame is waited for before the screen counts as quiet: a key
        that kept vnru busy for longer than ``QUIET`` would otherwise be taken
        for a key that changed nothing, and be left out of the samples.
        """
        timed = self.press_timed(key, answer_within)
        return None if timed is None else timed[1]

    def press_timed(self, key: bytes, answer_within: float = 2.0) -> tuple[float, float] | None:
        """:meth:`press`, giving the seconds to the first frame the key caused as
        well as to the last; for a filter, the last is the frame after the list
        has found every row, however long after the first that is (up to
        ``FILTER_LIMIT``: a pause longer than ``QUIET`` does not end it)."""
        self.settle(QUIET, 5)
        self.wait_for_filter()
        self.frames.clear()
        start = time.perf_counter()
        os.write(self.master, key)
        while not self.frames and (left := start + answer_within - time.perf_counter()) > 0:
            self.pump(min(left, 0.05))
        if not self.frames:
            return None
        self.settle(QUIET, 5)
        if self.filtering:
            self.wait_for_filter()
            self.settle(QUIET, 5)
        after = [t for t in self.frames if t >= start]
        return (min(after) - start, max(after) - start) if after else None

    def wait_for_filter(self) -> None:
        """Wait until the list's filter has found every row (at most ``FILTER_LIMIT``)."""
        end = time.perf_counter() + FILTER_LIMIT
        while self.filtering and time.perf_counter() < end:
            self.pump(0.02)

    def peak_rss_mb(self) -> float:
        """The child's peak resident memory so far (Linux)."""
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.master)
        os.close(self.reports)


def spawn(
    data: Path | None,
    env: dict[str, str],
    size: tuple[int, int] = (120, 36),
    child: str = CHILD,
) -> Session:
    """vnru on ``data`` (bundled when None) in a pty, just started (or another
    ``child`` program that reports its frames, such as :data:`FLOOR_CHILD`)."""
    read_end, write_end = os.pipe()
    argv = [sys.executable, "-c", child] + (["--data", str(data)] if data else [])
    process, master = spawn_in_pty(
        argv, env={**env, "VNRU_BENCH_FD": str(write_end)}, size=size, pass_fds=(write_end,)
    )
    os.close(write_end)
    return Session(process, master, read_end)


def start(
    data: Path | None, env: dict[str, str], size: tuple[int, int] = (120, 36), limit: float = 120
) -> Session:
    """vnru on ``data`` (bundled when None) in a pty, settled after start-up
    (no frame for 2 s, or ``limit`` seconds)."""
    session = spawn(data, env, size)
    session.settle(quiet=2.0, limit=limit)  # start-up, first detail, search text read
    return session


def measure(
    data: Path | None,
    env: dict[str, str],
    queries: list[str],
    moves: int = 60,
    ready: tuple[bytes, ...] = (),
) -> dict[str, list[float]]:
    """Latencies (seconds) of ``moves`` cursor moves, filter keystrokes and search
    keystrokes, and the session's peak memory (``peak_rss_mb``, one value).

    With ``ready``, the keys wait until one of those markers is on screen (the
    data, rather than a progress screen) before the start-up settles.
    """
    session = spawn(data, env)
    if ready and session.wait_for(ready, timeout=1800) is None:
        session.close()
        raise TimeoutError(f"none of {ready!r} on screen within 30 minutes")
    session.settle(quiet=2.0, limit=120)
    found: dict[str, list[float]] = {
        "cursor": [],
        "filter": [],
        "filter_first": [],
        "search": [],
        "peak_rss_mb": [],
    }
    try:
        for _ in range(moves):
            _record(found["cursor"], session.press(b"j"))
        for query in queries:
            session.press(b"/")
            for char in query:
                timed = session.press_timed(char.encode())
                if timed is not None:  # the first rows, then the rest of a slow filter
                    found["filter_first"].append(timed[0])
                    found["filter"].append(timed[1])
            session.press(b"\x1b")  # clear the filter
        session.press(b"s")
        for query in queries:
            for char in query:
                _record(found["search"], session.press(char.encode()))
            session.press(b"\x15")  # ctrl+u: empty the search box
        session.press(b"\x1b")
        found["peak_rss_mb"].append(session.peak_rss_mb())
    finally:
        session.close()
    return found


def measure_floor(moves: int = 60) -> list[float]:
    """Latencies (seconds) of ``moves`` cursor moves in the interaction floor, a
    minimal Textual app in the same 120×36 pty whose move repaints two list
    lines and its whole detail pane (``benchmarks/interaction_floor.py``),
    timed as :func:`measure` times vnru's."""
    from benchmarks.interaction_floor import READY

    session = spawn(None, {}, child=FLOOR_CHILD)
    samples: list[float] = []
    try:
        if session.wait_for((READY.encode(),), timeout=60) is None:
            raise TimeoutError("the interaction floor did not start within 60 s")
        session.settle(quiet=0.5, limit=10)
        for _ in range(moves):
            _record(samples, session.press(b"j"))
    finally:
        session.close()
    return samples


def _record(samples: list[float], latency: float | None) -> None:
    if latency is not None:
        samples.append(latency)


HELP_MARKERS = (b"Esc closes", b"help", b"Help")
"""What the help screen writes (``?`` opens it on every screen, the progress screen too)."""


@dataclass
class Liveness:
    """How the interface answered while it built an archive's index."""

    progress_seconds: float | None
    """From start to the progress screen (None: not seen, see ``finished``)."""
    keys: list[float]
    """Seconds from each ``?`` pressed while the build went on to the help on screen."""
    unanswered: int
    """Presses of ``?`` that got no help on screen within the interval between keys."""
    longest_gap: float
    """The longest time without a frame while building (progress updates are frames)."""
    finished: bool
    """Whether the build finished (the data came on screen) within the window, or
    before any progress screen."""


def probe_live(
    data: Path,
    env: dict[str, str],
    progress: tuple[bytes, ...],
    done: tuple[bytes, ...],
    window: float,
    every: float = 1.0,
) -> Liveness:
    """Start vnru on an archive with no index and, for ``window`` seconds of its
    build, press ``?`` (help) and Escape in turn, ``every`` seconds each."""
    start_time = time.perf_counter()
    session = spawn(data, env)
    keys: list[float] = []
    frames: list[float] = []
    unanswered = 0
    try:
        seen = session.wait_for(progress + done, timeout=120)
        if seen is None or seen in done:  # no progress screen: too slow, or not needed
            return Liveness(None, [], 0, 0.0, seen is not None)
        shown = time.perf_counter() - start_time
        _pump_until(session, time.perf_counter() + 0.5)  # the rest of the first paint
        session.frames.clear()
        end = time.perf_counter() + window
        while time.perf_counter() < end:
            if any(m in session.screen for m in done):
                break
            session.drain()
            session.screen = b""  # what follows the key, alone
            pressed = time.perf_counter()
            os.write(session.master, b"?")
            answered = session.wait_for(HELP_MARKERS, timeout=every)
            if answered is None:
                unanswered += 1
            else:
                keys.append(time.perf_counter() - pressed)
            _pump_until(session, pressed + every)
            os.write(session.master, b"\x1b")
            _pump_until(session, pressed + 2 * every)
        frames = session.frames
        finished = any(m in session.screen for m in done)
        gaps = [b - a for a, b in itertools.pairwise(frames)]
        return Liveness(shown, keys, unanswered, max(gaps, default=0.0), finished)
    finally:
        session.close()


def _pump_until(session: Session, deadline: float) -> None:
    while (left := deadline - time.perf_counter()) > 0:
        session.pump(min(left, 0.05))
