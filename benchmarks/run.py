"""The vnru benchmark: start-up, load, keystroke and cursor latency, memory.

    python -m benchmarks.run [--out benchmarks/RESULTS.md] [--runs 5]
                             [--events 100000 --articles 10000 --people 20000 --agreements 5000]
                             [--sessions 3 --moves 60 --queries 8]

Everything is measured in one run on this machine, as medians over several
runs, and start-up is reported as a ratio to an empty Textual app measured
alongside (these machines are noisy: ratios travel, absolute times do not).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from benchmarks.first_frame import floor_command, time_to_marker, vnru_command
from benchmarks.generate import generate
from benchmarks.keys import measure

BUNDLED_MARKER = b"Ho Chi Minh first sets foot"  # the first timeline row
BIG_MARKER = b"Talks in "  # every generated event title starts so
QUERIES = ["hanoi", "talks moscow", "energy", "vaccine supply", "nguyen", "Putin", "zzz", "2024"]


def _sessions_line(p95s: object) -> str:
    assert isinstance(p95s, dict)
    return "; ".join(f"{name} {', '.join(map(str, values))} ms" for name, values in p95s.items())


def median_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def first_frames(runs: int, big: Path, events: int, cache: Path) -> dict[str, object]:
    env = {"XDG_CACHE_HOME": str(cache)}
    shutil.rmtree(cache / "vnru", ignore_errors=True)
    # One unmeasured start of each app (the bundled data's cache entry is
    # written then; the modules are read into the page cache).
    time_to_marker(floor_command(), b"FLOOR-READY")
    time_to_marker(vnru_command(None), BUNDLED_MARKER, env=env)
    big_marker = BIG_MARKER
    # The progress screen of a large archive (a small one loads before the UI).
    cold_ui = time_to_marker(vnru_command(big), (b"opening", big_marker), env=env)
    # (That run was stopped before its load finished: no entry was written.)
    cold_data = time_to_marker(vnru_command(big), big_marker, env=env, timeout=900)
    # The measured starts interleaved, so that a drift in the machine's speed
    # during the run moves the floor and the cases alike.
    floor: list[float] = []
    bundled: list[float] = []
    warm: list[float] = []
    for _ in range(runs):
        floor.append(time_to_marker(floor_command(), b"FLOOR-READY"))
        bundled.append(time_to_marker(vnru_command(None), BUNDLED_MARKER, env=env))
        warm.append(time_to_marker(vnru_command(big), big_marker, env=env))
    f = statistics.median(floor)
    return {
        "floor": f,
        "bundled": statistics.median(bundled),
        "cold_ui": cold_ui,
        "cold_data": cold_data,
        "warm": statistics.median(warm),
        "ratios": {
            "bundled": statistics.median(bundled) / f,
            "cold_ui": cold_ui / f,
            "warm": statistics.median(warm) / f,
        },
    }


def child_stats(code: str, cache: Path) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter and return the JSON it prints last
    (each snippet reports its own peak RSS)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


LOAD_CODE = """
import json, time, resource
from pathlib import Path
from tui.core.index.reader import open_knowledge_base
root = Path({root!r})
t = time.perf_counter()
kb, hit = open_knowledge_base(root)
elapsed = time.perf_counter() - t
print(json.dumps({{"seconds": elapsed, "hit": hit, "events": len(kb.events),
                   "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

CORE_CODE = """
import json, time, statistics
from pathlib import Path
from tui.core.index.reader import cached_knowledge_base
from tui.core.search import Listing, Query, SearchIndex

kb = cached_knowledge_base(Path({root!r}))
t = time.perf_counter(); data = kb.search; load = time.perf_counter() - t
listing = Listing(data.collections["events"])
t = time.perf_counter(); index = SearchIndex(kb); index_seconds = time.perf_counter() - t
filter_times, search_times = [], []
for query in {queries!r}:
    for end in range(1, len(query) + 1):
        t = time.perf_counter(); listing.filter(Query.parse(query[:end]))
        filter_times.append(time.perf_counter() - t)
        t = time.perf_counter(); index.search(query[:end])
        search_times.append(time.perf_counter() - t)
    listing.filter(Query.parse(""))
print(json.dumps({{"search_load": load, "index_seconds": index_seconds,
                   "filter": filter_times, "search": search_times}}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=Path("benchmarks/RESULTS.md"))
    parser.add_argument("--runs", type=int, default=9, help="starts per first-frame case")
    parser.add_argument("--sessions", type=int, default=3, help="interactive sessions")
    parser.add_argument("--moves", type=int, default=60, help="cursor moves per session")
    parser.add_argument(
        "--queries",
        type=int,
        default=len(QUERIES),
        choices=range(1, len(QUERIES) + 1),
        metavar=f"1-{len(QUERIES)}",
        help="how many of the queries each session types (filter and search)",
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--agreements", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="vnru-bench-"))
    try:
        big = work / "data"
        cache = work / "cache"
        t = time.perf_counter()
        generate(
            big,
            articles=args.articles,
            events=args.events,
            people=args.people,
            agreements=args.agreements,
            seed=args.seed,
        )
        print(f"generated in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        # Byte-compiled, as pip leaves an installed package (this environment may
        # set PYTHONDONTWRITEBYTECODE, which would make every start compile vnru).
        package = Path(__file__).resolve().parents[1] / "tui"
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=False)
        frames = first_frames(args.runs, big, args.events, cache)
        print(f"first frames: {frames}", file=sys.stderr)
        shutil.rmtree(cache / "vnru", ignore_errors=True)
        cold = child_stats(LOAD_CODE.format(root=str(big)), cache)
        warm_runs = [child_stats(LOAD_CODE.format(root=str(big)), cache) for _ in range(args.runs)]
        warm = {
            "seconds": statistics.median(r["seconds"] for r in warm_runs),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in warm_runs),
        }
        print(f"load: cold {cold} warm {warm}", file=sys.stderr)
        # Several sessions, each summed up by its own median and p95, and the
        # medians of those reported: one session's p95 moves by a fifth when the
        # machine is busy elsewhere for a few seconds.
        os.sync()  # the cache files just written are not flushed during the sessions
        queries = QUERIES[: args.queries]
        sessions = [
            measure(big, {"XDG_CACHE_HOME": str(cache)}, queries, args.moves)
            for _ in range(args.sessions)
        ]
        interactive: dict[str, object] = {
            name: tuple(
                statistics.median(values)
                for values in zip(*(median_p95(keys[name]) for keys in sessions), strict=True)
            )
            for name in ("cursor", "filter", "search")
        }
        interactive["peak_rss_mb"] = max(keys["peak_rss_mb"][0] for keys in sessions)
        interactive["keystrokes"] = len(sessions[0]["filter"]) + len(sessions[0]["search"])
        interactive["sessions"] = {
            name: [round(median_p95(keys[name])[1] * 1000) for keys in sessions]
            for name in ("cursor", "filter", "search")
        }
        core = child_stats(CORE_CODE.format(root=str(big), queries=queries), cache)
        interactive["core"] = {
            "filter": median_p95(core["filter"]),
            "search": median_p95(core["search"]),
            "search_load": core["search_load"],
            "index_seconds": core["index_seconds"],
        }
        print(f"interactive: {interactive}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report = render(args, frames, cold, warm, interactive)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


def render(
    args: argparse.Namespace, frames: dict, cold: dict, warm: dict, interactive: dict
) -> str:  # type: ignore[type-arg]
    ratios = frames["ratios"]
    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    fm, fp = interactive["filter"]
    sm, sp = interactive["search"]
    cm, cp = interactive["cursor"]
    core = interactive["core"]
    cfm, cfp = core["filter"]
    csm, csp = core["search"]
    size = f"{args.articles:,} articles / {args.events:,} events / {args.people:,} people / {args.agreements:,} agreements"

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    lines = [
        "# vnru benchmark results",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"textual {version('textual')}, pydantic {version('pydantic')}, PyYAML {version('pyyaml')}; "
        f"{time.strftime('%Y-%m-%d')}. Data (c): {size}, generated with seed {args.seed}. "
        f"Medians of {args.runs} runs unless noted; start-up in a {120}×{40} pty.",
        "",
        "## Start-up: process start to the first frame showing data",
        "",
        "| case | median | × floor | target | |",
        "|---|---|---|---|---|",
        f"| (a) empty Textual app (floor) | {ms(frames['floor'])} | 1.00 | | |",
        f"| (b) vnru, bundled data | {ms(frames['bundled'])} | {ratios['bundled']:.2f} | ≤ 1.3 | {verdict(ratios['bundled'] <= 1.3)} |",
        f"| (c) vnru, large archive, warm (cached) | {ms(frames['warm'])} | {ratios['warm']:.2f} | ≤ 2 | {verdict(ratios['warm'] <= 2)} |",
        f"| (c) cold: progress screen shown (1 run) | {ms(frames['cold_ui'])} | {ratios['cold_ui']:.2f} | at once | {verdict(ratios['cold_ui'] <= 2)} |",
        f"| (c) cold: data shown (1 run) | {frames['cold_data']:.1f} s | | (worker, UI live) | |",
        "",
        "## Load (validate + index) of (c)",
        "",
        "| | time | peak RSS |",
        "|---|---|---|",
        f"| cold (parse, validate, index, write cache; 1 run) | {cold['seconds']:.1f} s | {cold['peak_rss_mb']:.0f} MB |",
        f"| warm (open the cache) | {ms(warm['seconds'])} | {warm['peak_rss_mb']:.0f} MB |",
        "",
        "## Interaction at (c)",
        "",
        f"vnru running in a 120×36 pty on (c), keys written to it one at a time: the time from "
        f"the key to the last frame Textual writes in response (a change spread over two frames "
        f"counts in full). {interactive['keystrokes']} keystrokes over {args.queries} queries "
        f"typed a letter at a time, and {args.moves} cursor moves down the {args.events:,}-event "
        f"timeline, in "
        f"each of {args.sessions} sessions; the table gives the medians of the sessions' medians "
        f"and p95s (p95 of each session: {_sessions_line(interactive['sessions'])}).",
        "",
        "| | median | p95 | target | |",
        "|---|---|---|---|---|",
        f"| keystroke → filtered list on screen | {ms(fm)} | {ms(fp)} | p95 ≤ 50 ms | {verdict(fp <= 0.050)} |",
        f"| keystroke → global search results on screen | {ms(sm)} | {ms(sp)} | p95 ≤ 100 ms | {verdict(sp <= 0.100)} |",
        f"| cursor move + detail refresh on screen | {ms(cm)} | {ms(cp)} | p95 ≤ 16 ms | {verdict(cp <= 0.016)} |",
        "",
        f"Of which the core (no UI): filter {ms(cfm)} median / {ms(cfp)} p95, global search "
        f"{ms(csm)} / {ms(csp)}. The search text is read from the cache in the background after "
        f"the first frame ({ms(core['search_load'])}); the search index over it takes "
        f"{ms(core['index_seconds'])}.",
        "",
        "## Memory",
        "",
        f"Peak RSS for (c): cold load {cold['peak_rss_mb']:.0f} MB, "
        f"interactive session (warm) {interactive['peak_rss_mb']:.0f} MB; target ≤ 500 MB: "
        f"{verdict(max(cold['peak_rss_mb'], interactive['peak_rss_mb']) <= 500)}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
