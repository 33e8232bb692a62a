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
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from benchmarks import building
from benchmarks.first_frame import floor_command, interleaved, time_to_marker, vnru_command
from benchmarks.generate import generate
from benchmarks.keys import measure, measure_floor
from benchmarks.results import median_p95, ms, ratio, sessions_summary, verdict, write_section

BUNDLED_MARKER = b"Ho Chi Minh first sets foot"  # the first timeline row
BIG_MARKER = b"Talks in "  # every generated event title starts so
PROGRESS_MARKERS = (b"opening", b"Indexing", b"indexing", b"Building", b"building")
"""What a progress screen of a first opening writes (one of them; today's says "opening")."""
QUERIES = [
    "hanoi",
    "talks moscow",
    "energy",
    "vaccine supply",
    "phan anh son",  # finds Phan Anh Sơn: diacritics folded
    "putin",  # finds Путин in the articles: Cyrillic folded
    "zzz",
    "2024",
]
SECTION = "100k"
"""This run's section of the results file."""


def sessions_line(p95s: object) -> str:
    """Each session's p95 of each measure, for the text under a table."""
    assert isinstance(p95s, dict)
    return "; ".join(f"{name} {', '.join(map(str, values))} ms" for name, values in p95s.items())


def first_frames(runs: int, big: Path, events: int, cache: Path) -> dict[str, object]:
    env = {"XDG_CACHE_HOME": str(cache)}
    shutil.rmtree(cache / "vnru", ignore_errors=True)
    # One unmeasured start of each app (the bundled data's cache entry is
    # written then; the modules are read into the page cache).
    time_to_marker(floor_command(), b"FLOOR-READY")
    time_to_marker(vnru_command(None), BUNDLED_MARKER, env=env)
    big_marker = BIG_MARKER
    # The progress screen of a large archive (a small one loads before the UI).
    cold_ui = time_to_marker(vnru_command(big), (*PROGRESS_MARKERS, big_marker), env=env)
    # (That run was stopped before its load finished: no entry was written.)
    cold_data = time_to_marker(vnru_command(big), big_marker, env=env, timeout=900)
    times = interleaved(
        runs,
        {
            "floor": (floor_command(), b"FLOOR-READY", None),
            "bundled": (vnru_command(None), BUNDLED_MARKER, env),
            "warm": (vnru_command(big), big_marker, env),
        },
    )
    floor, bundled, warm = times["floor"], times["bundled"], times["warm"]
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


CORE_CODE = """
import json, time, statistics
from pathlib import Path
from tui.core.queries.opening import cached_knowledge_base
from tui.core.queries.matching import Query, fts_query
from tui.core.queries.global_search import SearchIndex
from tui.core.queries.search import Listing

kb = cached_knowledge_base(Path({root!r}))
t = time.perf_counter(); kb.prepare(); load = time.perf_counter() - t
listing = Listing(kb, "events")
t = time.perf_counter(); index = SearchIndex(kb); index_seconds = time.perf_counter() - t
filter_times, search_times, count_times = [], [], []
for query in {queries!r}:
    for end in range(1, len(query) + 1):
        t = time.perf_counter(); listing.filter(Query.parse(query[:end]))
        filter_times.append(time.perf_counter() - t)
        t = time.perf_counter(); index.search(query[:end])
        search_times.append(time.perf_counter() - t)
        # The floor of a complete filter: SQLite counting the index's matches, alone.
        expression = fts_query(Query.parse(query[:end]), "shown")
        if expression is not None:
            t = time.perf_counter()
            kb.index.db().execute(
                "SELECT count(*) FROM fts_events WHERE fts_events MATCH ?", (expression,)
            ).fetchone()
            count_times.append(time.perf_counter() - t)
    listing.filter(Query.parse(""))
print(json.dumps({{"search_load": load, "index_seconds": index_seconds,
                   "filter": filter_times, "search": search_times, "count": count_times}}))
"""


def core_stats(big: Path, cache: Path, queries: list[str]) -> dict[str, object] | None:
    """Filter and search timed in the core alone (no UI), or None when this vnru
    has no such core (the index replaced it)."""
    try:
        core = child_stats(CORE_CODE.format(root=str(big), queries=queries), cache)
    except subprocess.CalledProcessError as error:
        print(f"core timings skipped: {error.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    counts: list[float] = core["count"]  # type: ignore[assignment]
    return {
        "filter": median_p95(core["filter"]),  # type: ignore[arg-type]
        "search": median_p95(core["search"]),  # type: ignore[arg-type]
        "count": median_p95(counts),
        "count_over": sum(seconds > 0.050 for seconds in counts),
        "count_keys": len(counts),
        "search_load": core["search_load"],
        "index_seconds": core["index_seconds"],
    }


def count_line(core: dict[str, object]) -> str:
    """What SQLite alone takes to count a filter keystroke's matches: the floor of
    the time to a complete filtered list."""
    median, p95 = core["count"]  # type: ignore[misc]
    return (
        f"SQLite alone, counting each filter keystroke's matches in the index (the floor "
        f"of the time to a complete list): median {ms(median)}, p95 {ms(p95)}; "
        f"{core['count_over']} of {core['count_keys']} keystrokes over 50 ms."
    )


def interactive_sessions(
    count: int, moves: int, session: Callable[[], dict[str, list[float]]]
) -> tuple[list[dict[str, list[float]]], list[list[float]]]:
    """``count`` sessions of vnru (``session``), each after a session of the
    interaction floor with as many cursor moves: the floor is measured in
    the same run, alternately, so both see the machine as it is."""
    sessions: list[dict[str, list[float]]] = []
    floors: list[list[float]] = []
    for _ in range(count):
        floors.append(measure_floor(moves))
        sessions.append(session())
    return sessions, floors


def interactive_stats(
    sessions: list[dict[str, list[float]]], floors: list[list[float]] | None = None
) -> dict[str, object]:
    """The sessions' latencies summed up: for cursor, filter and search (and the
    floor's cursor moves, when measured) the median of the sessions' medians
    and of their p95s, each session's p95 (ms), the keystrokes a session typed
    and the highest peak memory of any session."""
    found: dict[str, object] = {}
    p95s: dict[str, list[int]] = {}
    names = ("cursor", "filter", "filter_first", "search")
    measures = {name: [keys[name] for keys in sessions] for name in names}
    if floors is not None:
        measures["floor"] = floors
    for name, samples in measures.items():
        median, p95, each = sessions_summary(samples)
        found[name] = (median, p95)
        p95s[name] = [round(p * 1000) for p in each]
    found["sessions"] = p95s
    found["peak_rss_mb"] = max(keys["peak_rss_mb"][0] for keys in sessions)
    found["keystrokes"] = len(sessions[0]["filter"]) + len(sessions[0]["search"])
    return found


def load_stats(big: Path, cache: Path, runs: int) -> tuple[building.Build, building.Build]:
    """The cold build of the archive's index (or cache) and a warm one (median of
    ``runs``): ``vnru index`` when this vnru has it, else the loader opening the
    cache, as the explorer does."""
    env = {"XDG_CACHE_HOME": str(cache)}
    with_index = building.has_index_command(env)
    if with_index:
        # The explorer's first opening built it: start again from nothing.
        existing = building.index_build(big, env).index
        if existing is not None:
            building.remove(existing)
    shutil.rmtree(cache / "vnru", ignore_errors=True)
    cold = building.build(big, env, with_index)
    warm_runs = [building.build(big, env, with_index) for _ in range(runs)]
    warm = building.Build(
        statistics.median(b.seconds for b in warm_runs),
        statistics.median(b.cpu_seconds for b in warm_runs),
        max(b.peak_rss_mb for b in warm_runs),
        cold.index,
        cold.how,
    )
    return cold, warm


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
        compile_vnru()
        frames = first_frames(args.runs, big, args.events, cache)
        print(f"first frames: {frames}", file=sys.stderr)
        cold, warm = load_stats(big, cache, args.runs)
        print(f"load: cold {cold} warm {warm}", file=sys.stderr)
        os.sync()  # the files just written are not flushed during the sessions
        queries = QUERIES[: args.queries]
        sessions, floors = interactive_sessions(
            args.sessions,
            args.moves,
            lambda: measure(big, {"XDG_CACHE_HOME": str(cache)}, queries, args.moves),
        )
        interactive = interactive_stats(sessions, floors)
        interactive["core"] = core_stats(big, cache, queries)
        print(f"interactive: {interactive}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report = render(args, frames, cold, warm, interactive)
    write_section(args.out, SECTION, report)
    print(report)
    return 0


def compile_vnru() -> None:
    """Byte-compile vnru, as pip leaves an installed package (this environment may
    set PYTHONDONTWRITEBYTECODE, which would make every start compile vnru)."""
    package = Path(__file__).resolve().parents[1] / "tui"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=False)


def machine_line() -> str:
    """The machine and the versions measured, for a report's first line."""
    return (
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"textual {version('textual')}, pydantic {version('pydantic')}, PyYAML {version('pyyaml')}; "
        f"{time.strftime('%Y-%m-%d')}."
    )


def render(
    args: argparse.Namespace,
    frames: dict,  # type: ignore[type-arg]
    cold: building.Build,
    warm: building.Build,
    interactive: dict,  # type: ignore[type-arg]
) -> str:
    ratios = frames["ratios"]
    fm, fp = interactive["filter"]
    ffm, ffp = interactive["filter_first"]
    sm, sp = interactive["search"]
    cm, cp = interactive["cursor"]
    floor_median, floor_p95 = interactive["floor"]
    core = interactive["core"]
    size = f"{args.articles:,} articles / {args.events:,} events / {args.people:,} people / {args.agreements:,} agreements"
    session_rss = interactive["peak_rss_mb"]
    if core is None:
        core_line = (
            "The core's own timings were not measured: this vnru has no `tui.core.queries.search`."
        )
    else:
        cfm, cfp = core["filter"]
        csm, csp = core["search"]
        core_line = (
            f"Of which the core (no UI): filter {ms(cfm)} median / {ms(cfp)} p95, global search "
            f"{ms(csm)} / {ms(csp)}. The search text is read from the cache in the background after "
            f"the first frame ({ms(core['search_load'])}); the search index over it takes "
            f"{ms(core['index_seconds'])}. {count_line(core)}"
        )
    lines = [
        "## 100,000 events (`make bench`)",
        "",
        f"{machine_line()} Data (c): {size}, generated with seed {args.seed}. "
        f"Medians of {args.runs} runs unless noted; start-up in a {120}×{40} pty.",
        "",
        "### Start-up: process start to the first frame showing data",
        "",
        "| case | median | × floor | target | |",
        "|---|---|---|---|---|",
        f"| (a) empty Textual app (floor) | {ms(frames['floor'])} | 1.00 | | |",
        f"| (b) vnru, bundled data | {ms(frames['bundled'])} | {ratios['bundled']:.2f} | ≤ 1.3 | {verdict(ratios['bundled'] <= 1.3)} |",
        f"| (c) vnru, large archive, warm (cached) | {ms(frames['warm'])} | {ratios['warm']:.2f} | ≤ 1.5 | {verdict(ratios['warm'] <= 1.5)} |",
        f"| (c) cold: progress screen shown (1 run) | {ms(frames['cold_ui'])} | {ratios['cold_ui']:.2f} | at once | {verdict(ratios['cold_ui'] <= 2)} |",
        f"| (c) cold: data shown (1 run) | {frames['cold_data']:.1f} s | | (worker, UI live) | |",
        "",
        f"### Load (validate + index) of (c): {cold.how}",
        "",
        "| | time | CPU | peak RSS |",
        "|---|---|---|---|",
        f"| cold (parse, validate, index; 1 run) | {cold.seconds:.1f} s | {cold.cpu_seconds:.1f} s | {cold.peak_rss_mb:.0f} MB |",
        f"| warm (open, nothing changed) | {ms(warm.seconds)} | {warm.cpu_seconds:.1f} s | {warm.peak_rss_mb:.0f} MB |",
        "",
        "### Interaction at (c)",
        "",
        f"vnru running in a 120×36 pty on (c), keys written to it one at a time: the time from "
        f"the key to the last frame Textual writes in response (a change spread over two frames "
        f"counts in full; the first is waited for up to 2 s, and the response ends at 80 ms "
        f"without a frame, or for a filter with the frame after its list has found every row, "
        f"however long that takes). {interactive['keystrokes']} keystrokes over {args.queries} queries "
        f"typed a letter at a time, and {args.moves} cursor moves down the {args.events:,}-event "
        f"timeline, in "
        f"each of {args.sessions} sessions; the table gives the medians of the sessions' medians "
        f"and p95s (p95 of each session: {sessions_line(interactive['sessions'])}).",
        "",
        "| | median | p95 | target | |",
        "|---|---|---|---|---|",
        f"| keystroke → filtered list on screen, complete | {ms(fm)} | {ms(fp)} | p95 ≤ 50 ms | {verdict(fp <= 0.050)} |",
        f"| keystroke → its first filtered rows on screen (a slow filter's count follows) | "
        f"{ms(ffm)} | {ms(ffp)} | p95 ≤ 50 ms | {verdict(ffp <= 0.050)} |",
        f"| keystroke → global search results on screen | {ms(sm)} | {ms(sp)} | p95 ≤ 100 ms | {verdict(sp <= 0.100)} |",
        f"| cursor move + detail refresh on screen | {ms(cm)} | {ms(cp)} | p95 ≤ 16 ms | {verdict(cp <= 0.016)} |",
        f"| cursor move in the interaction floor (a minimal Textual app) | {ms(floor_median)} "
        f"| {ms(floor_p95)} | | |",
        "",
        f"The interaction floor is a minimal Textual app in the same pty, laid out as vnru's "
        f"main screen, whose cursor move repaints two list lines and its whole detail pane "
        f"(`benchmarks/interaction_floor.py`), {args.moves} moves per session, each session "
        f"before one of vnru's: cursor p95 {ms(cp)} against a floor of {ms(floor_p95)} in this "
        f"run ({ratio(cp, floor_p95):.1f}×).",
        "",
        core_line,
        "",
        "### Memory",
        "",
        f"Peak RSS for (c): interactive session (warm) {session_rss:.0f} MB, target ≤ 200 MB: "
        f"{verdict(session_rss <= 200)}; cold build {cold.peak_rss_mb:.0f} MB.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
