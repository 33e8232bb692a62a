"""Load on ``vnru serve``: concurrent sessions on loopback, notes written from all of them.

    python -m benchmarks.serve_load [--sessions 8] [--seconds 60] [--out benchmarks/RESULTS.md]

Starts ``vnru serve`` on a free loopback port with its own notebook and cache
(a temporary ``XDG_DATA_HOME`` and ``XDG_CACHE_HOME``), then:

1. **First frame in a browser** (when playwright and Debian's chromium are
   there): ``--page-loads`` fresh tabs one after another, each timed from the
   navigation to the screen showing the timeline's first row.
2. **Load**: ``--sessions`` websocket clients at once, each a session (a vnru
   process) as a browser tab would open it, for ``--seconds``.  Each writes a
   note on its own share of the timeline's events (``m``, text, ``ctrl+s``),
   bookmarks it, and between notes moves, switches lists and filters.  Every
   wait is bounded (10 s), and each session stops at the deadline or after
   ``MAX_KEYS`` keys, so the run is bounded in time and traffic; only
   127.0.0.1 is ever contacted.
3. **Checks**: no session failed or timed out, and every note written is in
   the notebook file at the end (none lost to another session's write).

Memory is sampled from ``/proc`` every second while the sessions run: RSS
and PSS (RSS with shared pages divided among their sharers) per session
process, and the server's RSS.  With ``--out`` a dated section is appended to
the file.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as _dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pyte

WIDTH, HEIGHT = 120, 36
WAIT = 10.0
"""Seconds any one wait may take before the session counts as failed."""
MAX_KEYS = 3000
"""Keys a session sends at most: the traffic is bounded whatever the timing."""
CHROMIUM = Path(os.environ.get("VNRU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ESCAPE, ENTER, CTRL_S = "\x1b", "\r", "\x13"


# -- the server -------------------------------------------------------------


class Server:
    """``vnru serve --port 0`` in a child process, with its own notebook and cache."""

    def __init__(self, home: Path, sessions: int, data: Path | None) -> None:
        self.home = home
        environment = {
            **os.environ,
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "PYTHONUNBUFFERED": "1",
        }
        command = [sys.executable, "-m", "tui", "serve", "--port", "0"]
        command += ["--max-sessions", str(sessions)]
        if data is not None:
            command += ["--data", str(data)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment
        )
        self.log: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + 120
        self.url = ""
        while not self.url:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"vnru serve did not start: {self.log}")
            for line in list(self.log):
                if match := re.search(r"open (http://\S+)", line):
                    self.url = match.group(1)
            time.sleep(0.05)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line.rstrip("\n"))

    @property
    def notebook(self) -> Path:
        return self.home / "data" / "vnru" / "notebook.json"

    def session_pids(self) -> list[int]:
        """The server's children: one vnru per session."""
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    status = (entry / "status").read_text()
                    match = re.search(r"^PPid:\s+(\d+)", status, re.MULTILINE)
                    if match and int(match.group(1)) == self.process.pid:
                        pids.append(int(entry.name))
        return pids

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(5)


def memory_of(pid: int) -> tuple[int, int] | None:
    """(RSS, PSS) of ``pid`` in kB, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    fields = dict(re.findall(r"^(\w+):\s+(\d+) kB", text, re.MULTILINE))
    return int(fields.get("Rss", 0)), int(fields.get("Pss", 0))


# -- one session ------------------------------------------------------------


@dataclass
class SessionResult:
    number: int
    notes: list[str] = field(default_factory=list)
    """The notes this session saved (and saw saved)."""
    bookmarks: int = 0
    """Bookmarks this session made (and saw marked)."""
    keys: int = 0
    latencies: list[float] = field(default_factory=list)
    """Seconds from a key to the first frame after it."""
    saves: list[float] = field(default_factory=list)
    """Seconds from ctrl+s to the note editor closing (the save, under the
    notebook's lock, shared with every other session)."""
    first_frame: float = 0.0
    error: str | None = None


class Session:
    """A websocket client that is one browser tab as the server sees it."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.ByteStream(self.screen)
        self.frame_seen = asyncio.Event()
        self.result = SessionResult(number)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def receive(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        async for message in socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(message.data)
                self.frame_seen.set()
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.ERROR):
                break

    async def until(self, test: object, what: str) -> None:
        deadline = time.monotonic() + WAIT
        while True:
            if test(self.text()):  # type: ignore[operator]
                return
            if time.monotonic() > deadline:
                screen = "\n".join(line.rstrip() for line in self.screen.display)
                raise TimeoutError(f"waiting for {what}; the screen:\n{screen}")
            self.frame_seen.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.frame_seen.wait(), 0.5)

    async def key(self, socket: aiohttp.ClientWebSocketResponse, data: str) -> None:
        """Send ``data`` as typed; time the first frame that answers it."""
        self.frame_seen.clear()
        sent = time.monotonic()
        await socket.send_str(json.dumps(["stdin", data]))
        self.result.keys += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.frame_seen.wait(), WAIT)
            self.result.latencies.append(time.monotonic() - sent)

    async def run(self, url: str, rows: list[int], deadline: float) -> SessionResult:
        ws_url = url.replace("http://", "ws://").split("?")[0].rstrip("/") + (
            f"/ws?width={WIDTH}&height={HEIGHT}"
        )
        started = time.monotonic()
        try:
            async with aiohttp.ClientSession() as client, client.ws_connect(ws_url) as socket:
                receiving = asyncio.create_task(self.receive(socket))
                try:
                    await self.until(lambda t: "1923" in t, "the first frame")
                    self.result.first_frame = time.monotonic() - started
                    await self._work(socket, rows, deadline)
                finally:
                    receiving.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await receiving
        except Exception as error:
            self.result.error = f"{type(error).__name__}: {error}"
        return self.result

    async def _work(
        self, socket: aiohttp.ClientWebSocketResponse, rows: list[int], deadline: float
    ) -> None:
        for index, row in enumerate(rows):
            if time.monotonic() > deadline or self.result.keys > MAX_KEYS - 200:
                return
            await self.key(socket, "g")
            for _ in range(row):
                await self.key(socket, "j")
            note = f"load s{self.number} n{index}"
            await self.key(socket, "m")
            await self.until(lambda t: "Note on" in t, "the note editor")
            for character in note:
                await self.key(socket, character)
            saving = time.monotonic()
            await self.key(socket, CTRL_S)
            await self.until(lambda t: "Note on" not in t, "the note editor closing")
            self.result.saves.append(time.monotonic() - saving)
            await self.until(
                lambda t: (
                    any(line.startswith("▌") and "✎" in line[:4] for line in t.splitlines())
                    or "Not saved" in t
                    or "Could not save" in t
                ),
                "the note's mark",
            )
            if "Not saved" in self.text() or "Could not save" in self.text():
                raise RuntimeError(f"a note was not saved: {self.text()}")
            self.result.notes.append(note)
            await self.key(socket, "b")  # and a bookmark on the same record
            await self.until(
                lambda t: any(line.startswith("▌★") for line in t.splitlines()),
                "the bookmark's mark",
            )
            self.result.bookmarks += 1
        moves = ["j", "j", "k", "2", "j", "1", "/", "p", "u", "t", "i", "n", ESCAPE, "G", "g"]
        while time.monotonic() < deadline and self.result.keys < MAX_KEYS:
            for move in moves:
                await self.key(socket, move)
                if move == ESCAPE:
                    await asyncio.sleep(0.1)  # Textual tells a lone Escape by the pause after it


# -- first frame in a browser ---------------------------------------------


class _Tab:
    """The screen of one browser tab, read from its websocket: when the timeline shows."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.shown: float | None = None

    def opened(self, socket: object) -> None:
        query = dict(part.split("=") for part in socket.url.split("?", 1)[1].split("&"))  # type: ignore[attr-defined]
        self.screen.resize(int(query["height"]), int(query["width"]))
        socket.on("framereceived", self.received)  # type: ignore[attr-defined]

    def received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes) and self.shown is None:
            self.stream.feed(payload)
            if any("1923" in line for line in self.screen.display):
                self.shown = time.monotonic()


def browser_first_frames(url: str, loads: int) -> list[float] | str:
    """Seconds from navigation to the timeline on screen, per fresh tab; or why not measured."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} missing"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "playwright missing"
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(loads):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                tab = _Tab()
                page.on("websocket", tab.opened)
                started = time.monotonic()
                page.goto(url)
                while tab.shown is None and time.monotonic() - started < 30:
                    page.wait_for_timeout(10)
                if tab.shown is not None:
                    times.append(tab.shown - started)
                context.close()
                time.sleep(1.0)  # the closed tab's process ends before the next
        finally:
            browser.close()
    return times


# -- the run ----------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def load(server: Server, sessions: int, seconds: float) -> tuple[list[SessionResult], dict]:
    events = 59  # rows of the bundled timeline; each session takes every sessions-th
    shares = [list(range(n, events, sessions)) for n in range(sessions)]
    deadline = time.monotonic() + seconds
    samples: dict[int, list[tuple[int, int]]] = {}
    server_rss: list[int] = []
    counts: list[int] = []

    async def sample() -> None:
        while True:
            pids = server.session_pids()
            counts.append(len(pids))
            for pid in pids:
                if (memory := memory_of(pid)) is not None:
                    samples.setdefault(pid, []).append(memory)
            if (memory := memory_of(server.process.pid)) is not None:
                server_rss.append(memory[0])
            await asyncio.sleep(1.0)

    sampler = asyncio.create_task(sample())
    try:
        results = await asyncio.gather(
            *(Session(n).run(server.url, shares[n], deadline) for n in range(sessions))
        )
    finally:
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
    memory = {"sessions": samples, "server_rss": server_rss, "counts": counts}
    return list(results), memory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve_load")
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--page-loads", type=int, default=5)
    parser.add_argument("--data", type=Path, help="data directory (default: the bundled data)")
    parser.add_argument("--out", type=Path, help="append a dated section to this file")
    args = parser.parse_args(argv)

    load_average = os.getloadavg()[0]  # the machine may be shared: say how busy it was
    home = Path(tempfile.mkdtemp(prefix="vnru-serve-load-"))
    server = Server(home, args.sessions, args.data)
    try:
        first_frames = browser_first_frames(server.url, args.page_loads) if args.page_loads else []
        started = time.monotonic()
        results, memory = asyncio.run(load(server, args.sessions, args.seconds))
        elapsed = time.monotonic() - started
        time.sleep(2.0)  # the closed sessions' processes end
        left = server.session_pids()
    finally:
        server.stop()
    written = {note for result in results for note in result.notes}
    saved: set[str] = set()
    bookmarked = 0
    if server.notebook.exists():
        items = json.loads(server.notebook.read_text(encoding="utf-8"))["items"]
        saved = {item["note"] for item in items.values() if item["note"]}
        bookmarked = sum(1 for item in items.values() if item["bookmarked"])
    lost = sorted(written - saved)
    bookmarks_made = sum(r.bookmarks for r in results)
    errors = [f"session {r.number}: {r.error}" for r in results if r.error]
    for error in errors:
        print(error, file=sys.stderr)
    shutil.rmtree(home, ignore_errors=True)

    latencies = [value for result in results for value in result.latencies]
    saves = [value for result in results for value in result.saves]
    per_session = [
        (max(s[1] for s in values), max(s[0] for s in values))
        for values in memory["sessions"].values()
    ]
    pss = sorted(p for p, _ in per_session)
    rss = sorted(r for _, r in per_session)
    report = {
        "sessions": args.sessions,
        "seconds_asked": args.seconds,
        "seconds": round(elapsed, 1),
        "load_average": round(load_average, 1),
        "keys": sum(r.keys for r in results),
        "notes_written": len(written),
        "notes_lost": lost,
        "bookmarks_made": bookmarks_made,
        "bookmarks_in_file": bookmarked,
        "errors": [error.splitlines()[0] for error in errors],
        "processes_left": left,
        "most_processes_at_once": max(memory["counts"], default=0),
        "session_first_frame_s": [round(r.first_frame, 2) for r in results],
        "key_to_frame_ms": {
            "median": round(1000 * statistics.median(latencies), 1) if latencies else None,
            "p95": round(1000 * percentile(latencies, 0.95), 1) if latencies else None,
            "max": round(1000 * max(latencies), 1) if latencies else None,
        },
        "note_save_ms": {
            "median": round(1000 * statistics.median(saves), 1) if saves else None,
            "p95": round(1000 * percentile(saves, 0.95), 1) if saves else None,
            "max": round(1000 * max(saves), 1) if saves else None,
        },
        "session_pss_mb": [round(p / 1024, 1) for p in pss],
        "session_rss_mb": [round(r / 1024, 1) for r in rss],
        "server_rss_mb": round(max(memory["server_rss"], default=0) / 1024, 1),
        "browser_first_frame_s": first_frames
        if isinstance(first_frames, str)
        else [round(t, 2) for t in first_frames],
    }
    print(json.dumps(report, indent=2))
    if errors or left:
        print("\n".join(["The server's output:", *server.log[-40:]]), file=sys.stderr)
    if args.out is not None:
        with args.out.open("a", encoding="utf-8") as out:
            out.write(section(report))
    ok = not errors and not lost and not left and bool(written) and bookmarked >= bookmarks_made
    print("OK" if ok else "FAILED", file=sys.stderr)
    return 0 if ok else 1


def section(report: dict) -> str:
    """The dated Markdown section appended to RESULTS.md."""
    today = _dt.date.today().isoformat()
    pss, rss = report["session_pss_mb"], report["session_rss_mb"]
    frames = report["browser_first_frame_s"]
    frame_line = (
        f"not measured ({frames})"
        if isinstance(frames, str)
        else f"median {statistics.median(frames):.2f} s (runs: {', '.join(f'{t:.2f}' for t in frames)})"
        if frames
        else "not measured"
    )
    latency = report["key_to_frame_ms"]
    return f"""
## vnru serve: {report["sessions"]} concurrent sessions on loopback ({today})

`make bench-serve` (`python -m benchmarks.serve_load`), Python {platform.python_version()}, 2 cores,
bundled data; load average {report["load_average"]} at the start (the machine is shared). Each
session is a websocket client as a browser tab opens it (one vnru process each), all started at
once and working for {report["seconds_asked"]:.0f} s ({report["seconds"]} s from the first
connection to the last close): notes and bookmarks on its own share of the timeline, then moves,
list switches and filters. Memory sampled from `/proc` every second; the largest sample of each
session's process.

| | result |
|---|---|
| page load → first frame in Chromium (fresh tab, process start included) | {frame_line} |
| first frame of the {report["sessions"]} sessions started at once | median {statistics.median(report["session_first_frame_s"]):.1f} s, max {max(report["session_first_frame_s"]):.1f} s |
| memory per session (PSS: shared pages divided) | median {statistics.median(pss) if pss else 0:.0f} MB (max {max(pss, default=0):.0f} MB) |
| memory per session (RSS) | median {statistics.median(rss) if rss else 0:.0f} MB (max {max(rss, default=0):.0f} MB) |
| server process (RSS) | {report["server_rss_mb"]:.0f} MB |
| keys sent, all sessions | {report["keys"]:,} |
| key → first frame in answer, under load | median {latency["median"]} ms, p95 {latency["p95"]} ms, max {latency["max"]} ms |
| ctrl+s → note editor closed (the save, under the notebook's lock) | median {report["note_save_ms"]["median"]} ms, p95 {report["note_save_ms"]["p95"]} ms, max {report["note_save_ms"]["max"]} ms |
| notes written / lost | {report["notes_written"]} / {len(report["notes_lost"])} |
| bookmarks made / in the file at the end | {report["bookmarks_made"]} / {report["bookmarks_in_file"]} |
| errors, processes left after the tabs closed | {len(report["errors"])}, {len(report["processes_left"])} |
"""


if __name__ == "__main__":
    sys.exit(main())
