"""The generator, the report's arithmetic and the benchmarks themselves, at tiny
sizes (no timing asserted: speed targets live in ``benchmarks/``)."""

from __future__ import annotations

import hashlib
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import building
from benchmarks.generate import EDIT_TARGET_DATE, edit_target, generate
from benchmarks.million import edit_title, find_record_file
from benchmarks.million import main as run_million
from benchmarks.results import (
    TITLE,
    median_p95,
    ratio,
    section_markers,
    sessions_summary,
    update_section,
    write_section,
)
from benchmarks.run import main as run_benchmark
from tui.cli import main as vnru
from tui.core.queries.opening import load_knowledge_base

COLLECTIONS = ("sources", "events", "people", "agreements", "organizations")


def digest(root: Path) -> str:
    hasher = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            hasher.update(str(path.relative_to(root)).encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def test_generated_data_is_valid_linked_and_deterministic(tmp_path: Path) -> None:
    counts = dict(articles=20, events=300, people=100, agreements=10)
    assert generate(tmp_path / "a", seed=7, **counts) == {
        "sources": 20,
        "events": 300,
        "people": 100,
        "agreements": 10,
        "organizations": 6,  # one for every 50 events
    }
    generate(tmp_path / "b", seed=7, **counts)
    generate(tmp_path / "c", seed=8, **counts)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")
    kb = load_knowledge_base(tmp_path / "a")  # every quote found, every link resolved
    assert (
        len(kb.sources),
        len(kb.events),
        len(kb.people),
        len(kb.agreements),
        len(kb.organizations),
    ) == (20, 300, 100, 10, 6)
    assert any(event.people for event in kb.events)
    assert any(event.agreements for event in kb.events)
    assert any(event.organizations for event in kb.events)
    names = [person.name for person in kb.people]
    assert len(set(names)) < len(names)  # namesakes are part of a realistic archive
    precisions = {event.span.start.precision for event in kb.events}
    assert precisions == {"year", "month", "day"}
    assert any(event.span.end is not None for event in kb.events)


def test_the_edited_event_is_the_timelines_first(tmp_path: Path) -> None:
    """The 1M benchmark edits one event's title and waits for it on screen: it
    must be the first row of the timeline (the earliest event)."""
    generate(tmp_path, articles=5, events=60, people=10, agreements=3, seed=2)
    kb = load_knowledge_base(tmp_path)
    first = kb.events[0]  # the timeline's order
    assert first.id == edit_target(60)
    assert first.date == EDIT_TARGET_DATE
    assert first.span.sort_key < min(event.span.sort_key for event in kb.events[1:])


def test_names_and_articles_read_like_the_archive(tmp_path: Path) -> None:
    """Vietnamese names keep their diacritics (đ too), some Russian names are in
    Cyrillic, and articles are a few KB of prose in three languages, so a search
    for a folded name has something to find."""
    generate(tmp_path, articles=30, events=300, people=200, agreements=10, seed=1)
    kb = load_knowledge_base(tmp_path)
    names = " ".join(person.name for person in kb.people)
    assert re.search("[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỵỷỹ]", names.lower())
    assert "Đ" in names or "đ" in names
    assert re.search("[а-яА-Я]", names)
    texts = [path.read_text(encoding="utf-8") for path in (tmp_path / "sources").glob("*.txt")]
    sizes = [len(text.encode()) for text in texts]
    assert min(sizes) >= 2_000 and max(sizes) <= 20_000
    assert 3_000 <= sum(sizes) / len(sizes) <= 9_000
    everything = " ".join(texts)
    assert "Hai bên" in everything or "Việt Nam" in everything  # Vietnamese sentences
    assert re.search("[а-я]{4,}", everything)  # Russian sentences
    assert len(set(re.findall(r"\w+", everything))) > 500  # more than a few stock sentences


def test_a_split_archive_holds_the_same_records(tmp_path: Path) -> None:
    """--files N spreads every collection, sources included, over N files of its
    folder: the same records, loaded from the split layout."""
    counts = dict(articles=8, events=200, people=12, agreements=5)
    generate(tmp_path / "one", seed=3, **counts)
    generate(tmp_path / "split", seed=3, files=4, **counts)
    for name in COLLECTIONS:
        folder = tmp_path / "split" / name
        assert sorted(p.name for p in folder.glob("*.yaml")) == [
            f"part-000{n}.yaml" for n in range(1, 5)
        ], name
        assert not (tmp_path / "split" / f"{name}.yaml").exists()
        assert (tmp_path / "one" / f"{name}.yaml").exists()
    generate(tmp_path / "again", seed=3, files=4, **counts)
    assert digest(tmp_path / "split") == digest(tmp_path / "again")
    one, split = load_knowledge_base(tmp_path / "one"), load_knowledge_base(tmp_path / "split")
    for name in COLLECTIONS:
        assert list(getattr(split, name).ids) == list(getattr(one, name).ids), name


def test_vnru_validate_accepts_a_split_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generate(tmp_path, articles=10, events=100, people=20, agreements=4, seed=5, files=3)
    assert vnru(["validate", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "10 sources, 100 events, 20 people, 4 agreements, 2 organisations" in out


def test_an_edited_title_is_all_that_changes(tmp_path: Path) -> None:
    """The edit the 1M benchmark times: one title, in the one file holding it."""
    generate(tmp_path, articles=6, events=90, people=10, agreements=3, seed=4, files=3)
    target = edit_target(90)
    path = find_record_file(tmp_path, "events", target)
    assert path == tmp_path / "events" / "part-0002.yaml"
    before = {p: p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.yaml")}
    edit_title(path, target, 'Edited "1" Sơn')
    changed = [p for p in before if p.read_text(encoding="utf-8") != before[p]]
    assert changed == [path]
    assert len(path.read_text(encoding="utf-8").splitlines()) == len(before[path].splitlines())
    kb = load_knowledge_base(tmp_path)
    assert kb.events[list(kb.events.ids).index(target)].title == 'Edited "1" Sơn'
    with pytest.raises(LookupError):
        find_record_file(tmp_path, "events", "e9999999")


def test_median_and_p95_are_the_middle_and_the_nearest_rank() -> None:
    assert median_p95([3.0, 1.0, 2.0]) == (2.0, 3.0)
    assert median_p95([float(n) for n in range(1, 21)]) == (10.5, 19.0)
    assert median_p95([float(n) for n in range(1, 101)]) == (50.5, 95.0)
    assert median_p95([5.0]) == (5.0, 5.0)
    median, p95 = median_p95([])
    assert math.isnan(median) and math.isnan(p95)


def test_sessions_are_summed_up_by_the_median_of_their_medians_and_p95s() -> None:
    sessions = [[1.0, 2.0, 3.0], [10.0, 20.0, 30.0], [4.0, 5.0, 6.0], []]
    assert sessions_summary(sessions) == (5.0, 6.0, [3.0, 30.0, 6.0])


def test_the_floor_runs_before_each_session_and_is_summed_up_with_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each vnru session follows a session of the interaction floor (so both
    see the machine as it is), and the floor's moves are summed up as the
    sessions' are."""
    from benchmarks import run

    order: list[str] = []

    def floor(moves: int) -> list[float]:
        order.append(f"floor {moves}")
        return [0.004, 0.005, 0.006]

    def session() -> dict[str, list[float]]:
        order.append("vnru")
        return {
            "cursor": [0.01],
            "filter": [0.02, 0.09],
            "filter_first": [0.02, 0.03],
            "search": [0.03],
            "peak_rss_mb": [90.0],
        }

    monkeypatch.setattr(run, "measure_floor", floor)
    sessions, floors = run.interactive_sessions(2, 7, session)
    assert order == ["floor 7", "vnru", "floor 7", "vnru"]
    found = run.interactive_stats(sessions, floors)
    assert found["floor"] == (0.005, 0.006)
    assert found["sessions"]["floor"] == [6, 6]  # type: ignore[index]
    # A filter keystroke counts twice: to its first rows, and to the list complete.
    assert found["filter_first"][1] < found["filter"][1]  # type: ignore[index]


async def test_the_interaction_floor_repaints_two_list_lines_and_the_detail() -> None:
    """A move in the floor app takes the list's cursor a row down and shows
    another record in the detail pane; at the bottom the cursor wraps, so the
    list never scrolls."""
    from benchmarks.interaction_floor import READY, Floor, FloorDetail, FloorList

    app = Floor()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        rows, detail = app.query_one(FloorList), app.query_one(FloorDetail)
        assert READY in str(app.query_one("#banner").render())
        assert rows.size.height == detail.size.height == 33  # as vnru's body
        before = [detail.render_line(y).text for y in range(3)]
        await pilot.press("j")
        await pilot.pause()
        assert rows.cursor == 1 and detail.shown == 1
        assert [detail.render_line(y).text for y in range(3)] != before
        await pilot.press(*"j" * 32)
        assert rows.cursor == 0


def test_ratio_to_the_floor() -> None:
    assert ratio(0.3, 0.2) == pytest.approx(1.5)
    assert math.isnan(ratio(0.3, 0.0))


def test_a_section_is_replaced_and_the_others_kept(tmp_path: Path) -> None:
    start, end = section_markers("1m")
    assert update_section("", "1m", "## 1M\nfirst") == f"{TITLE}\n{start}\n## 1M\nfirst\n{end}\n"
    history = "# vnru benchmark results\n\n## An old run\n\nkept\n"
    appended = update_section(history, "1m", "## 1M\nfirst\n")
    assert appended.startswith(history)
    assert appended.endswith(f"{start}\n## 1M\nfirst\n{end}\n")
    both = update_section(appended, "100k", "## 100k\nnow")
    replaced = update_section(both, "1m", "## 1M\nsecond")
    assert "first" not in replaced and "## 1M\nsecond" in replaced
    assert replaced.startswith(history) and "## 100k\nnow" in replaced
    assert replaced.index("second") < replaced.index("## 100k")  # in place, not moved
    out = tmp_path / "RESULTS.md"
    write_section(out, "100k", "## 100k\none")
    write_section(out, "1m", "## 1M\ntwo")
    write_section(out, "100k", "## 100k\nthree")
    text = out.read_text(encoding="utf-8")
    assert "one" not in text and text.index("three") < text.index("two")


def test_benchmark_runs_end_to_end_at_a_tiny_size(tmp_path: Path) -> None:
    """Every stage runs (pty starts, loads, an interactive session, the core
    timings) and the report has every section; a handful of keys keeps it quick."""
    out = tmp_path / "RESULTS.md"
    out.write_text("# vnru benchmark results\n\nAn earlier run.\n", encoding="utf-8")
    code = run_benchmark(
        [
            "--out",
            str(out),
            "--runs",
            "1",
            "--sessions",
            "1",
            "--moves",
            "3",
            "--queries",
            "1",
            "--articles",
            "5",
            "--events",
            "40",
            "--people",
            "8",
            "--agreements",
            "3",
        ]
    )
    assert code == 0
    report = out.read_text(encoding="utf-8")
    assert "An earlier run." in report
    for heading in ("Start-up", "Load", "Interaction", "Memory"):
        assert f"### {heading}" in report
    assert "× floor" in report and "cores" in report
    assert "3 cursor moves down the 40-event timeline" in report
    assert "| cursor move in the interaction floor (a minimal Textual app) |" in report
    assert "against a floor of" in report
    assert "target ≤ 200 MB" in report


def test_the_1m_benchmark_runs_end_to_end_at_a_tiny_size(tmp_path: Path) -> None:
    """Every stage of ``make bench-1m`` runs (generation, build, the live probe,
    starts, a session, an edit) and its section joins the results file."""
    out = tmp_path / "RESULTS.md"
    write_section(out, "100k", "## 100,000 events\nkept")
    code = run_million(
        [
            "--out",
            str(out),
            "--work",
            str(tmp_path / "work"),
            "--runs",
            "1",
            "--sessions",
            "1",
            "--moves",
            "2",
            "--queries",
            "1",
            "--live-window",
            "1",
            "--edits",
            "1",
            "--articles",
            "5",
            "--events",
            "40",
            "--people",
            "8",
            "--agreements",
            "3",
            "--files",
            "2",
        ]
    )
    assert code == 0
    report = out.read_text(encoding="utf-8")
    assert "## 100,000 events\nkept" in report
    assert "## 1,000,000 events" in report
    for measure in ("warm first frame", "cold build", "session peak RSS", "edit, then"):
        assert measure in report
    assert "| interaction floor: cursor move in a minimal Textual app, p95" in report
    assert "5 articles / 40 events / 8 people / 3 agreements" in report
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == []  # no --keep


def test_an_index_moved_aside_comes_back_and_a_probes_leftovers_go(tmp_path: Path) -> None:
    """The live probe starts vnru as on a fresh archive by moving the index aside;
    afterwards the index is back as it was, and what the probe's half-finished
    build left beside it (a new database, a temporary copy) is gone."""
    index = tmp_path / "index.sqlite"
    index.write_text("built", encoding="utf-8")
    (tmp_path / "index.sqlite-wal").write_text("wal", encoding="utf-8")
    (tmp_path / "other.txt").write_text("keep", encoding="utf-8")
    before = building.move_aside(index)
    assert not index.exists() and not (tmp_path / "index.sqlite-wal").exists()
    index.write_text("half-built", encoding="utf-8")  # what the probe's vnru wrote
    (tmp_path / "index.sqlite.tmp-42").write_text("partial", encoding="utf-8")
    (tmp_path / "unrelated.log").write_text("not vnru's index", encoding="utf-8")
    building.restore(index, before)
    assert index.read_text(encoding="utf-8") == "built"
    assert (tmp_path / "index.sqlite-wal").read_text(encoding="utf-8") == "wal"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "index.sqlite",
        "index.sqlite-wal",
        "other.txt",
        "unrelated.log",
    ]


def test_the_database_is_the_path_vnru_index_prints_last(tmp_path: Path) -> None:
    database = tmp_path / "vnru.sqlite"
    database.write_bytes(b"")
    assert building.printed_path(f"indexed 3 files\n{database}\n") == database
    assert building.printed_path(f"{database}\nall up to date\n") == database
    assert building.printed_path("nothing\n") is None


@pytest.mark.parametrize("module", ["benchmarks.run", "benchmarks.million", "benchmarks.generate"])
def test_each_benchmark_runs_as_a_module(module: str) -> None:
    """``make bench`` and ``make bench-1m`` run these with ``python -m``."""
    result = subprocess.run(
        [sys.executable, "-m", module, "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert f"usage: python -m {module}" in result.stdout


FAKE_VNRU = """
import os, sys
from pathlib import Path
if sys.argv[1:3] == ["index", "--help"]:
    sys.exit(0)
assert sys.argv[1:3] == ["index", "--data"], sys.argv
folder = Path(os.environ["XDG_CACHE_HOME"]) / "vnru"
folder.mkdir(parents=True, exist_ok=True)
(folder / "index.sqlite").write_bytes(b"x" * 1000)
print("indexing", sys.argv[3])
print(folder / "index.sqlite")
"""


def test_a_build_is_timed_with_vnru_index_when_it_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``vnru index`` (here a stand-in keeping its contract), the build is
    that command, and its database is the path it prints last."""
    script = tmp_path / "fake_vnru.py"
    script.write_text(FAKE_VNRU, encoding="utf-8")
    monkeypatch.setattr(building, "vnru_argv", lambda *args: [sys.executable, str(script), *args])
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert building.has_index_command(env)
    made = building.build(tmp_path / "data", env, with_index=True)
    assert made.how == "vnru index"
    assert made.index == tmp_path / "cache" / "vnru" / "index.sqlite"
    assert made.seconds > 0 and made.peak_rss_mb > 1


def test_a_filter_keystroke_lasts_until_its_rest_is_found() -> None:
    """A slow filter shows its first rows, then finds the rest in the background,
    possibly after a pause longer than QUIET: the keystroke's last frame is the
    one after the list reported its filter complete, not the first rows' (the
    rest was once cut off by the pause, and the 'complete' figure undercounted)."""
    import os
    import socket
    import threading
    import time
    from unittest.mock import Mock

    from benchmarks.keys import QUIET, Session

    terminal, pty = socket.socketpair()
    reports, report = os.pipe()
    session = Session(Mock(), pty.fileno(), reports)

    def app() -> None:
        terminal.recv(1)  # the key
        os.write(report, b"%.9f\npending\n" % time.perf_counter())  # the first rows
        time.sleep(3 * QUIET)  # the rest, found in the background
        os.write(report, b"%.9f\ncomplete\n" % time.perf_counter())

    answering = threading.Thread(target=app)
    answering.start()
    timed = session.press_timed(b"h")
    answering.join()
    assert timed is not None
    first, last = timed
    assert first < QUIET and last >= 3 * QUIET and not session.filtering
    os.close(report)
    os.close(reports)
    terminal.close()
    pty.close()


def test_first_frames_are_timed_with_vnrus_bytecode_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An edited module without bytecode is compiled at every start: the first
    frames would measure the last commit's edits rather than vnru as installed."""
    import compileall

    import tui
    from benchmarks import first_frame

    calls: list[str] = []
    monkeypatch.setattr(
        compileall, "compile_dir", lambda directory, **_: calls.append(f"compile {directory}")
    )
    monkeypatch.setattr(
        first_frame, "time_to_marker", lambda argv, marker, env=None: calls.append("start") or 0.1
    )
    times = first_frame.interleaved(2, {"a": (["x"], b"m", None), "b": (["y"], b"m", None)})
    assert calls == [f"compile {Path(tui.__file__).parent}", "start", "start", "start", "start"]
    assert times == {"a": [0.1, 0.1], "b": [0.1, 0.1]}
