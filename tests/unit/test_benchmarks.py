"""Smoke tests for the generator and the benchmark (tiny sizes; no timing asserted)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.run import main as run_benchmark
from tui.core.loading import load_knowledge_base


def digest(root: Path) -> str:
    hasher = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            hasher.update(str(path.relative_to(root)).encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def test_generated_data_is_valid_linked_and_deterministic(tmp_path: Path) -> None:
    counts = dict(articles=20, events=300, people=100, agreements=10)
    generate(tmp_path / "a", seed=7, **counts)
    generate(tmp_path / "b", seed=7, **counts)
    generate(tmp_path / "c", seed=8, **counts)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")
    kb = load_knowledge_base(tmp_path / "a")  # every quote found, every link resolved
    assert (len(kb.sources), len(kb.events), len(kb.people), len(kb.agreements)) == (
        20,
        300,
        100,
        10,
    )
    assert any(event.people for event in kb.events)
    assert any(event.agreements for event in kb.events)
    names = [person.name for person in kb.people]
    assert len(set(names)) < len(names)  # namesakes are part of a realistic archive
    precisions = {event.span.start.precision for event in kb.events}
    assert precisions == {"year", "month", "day"}
    assert any(event.span.end is not None for event in kb.events)


def test_a_split_archive_holds_the_same_records(tmp_path: Path) -> None:
    """--files N spreads each collection over N files of its folder: the same
    records, loaded from the split layout."""
    counts = dict(articles=6, events=50, people=12, agreements=5)
    generate(tmp_path / "one", seed=3, **counts)
    generate(tmp_path / "split", seed=3, files=4, **counts)
    assert sorted(p.name for p in (tmp_path / "split" / "events").iterdir()) == [
        f"part-000{n}.yaml" for n in range(1, 5)
    ]
    assert not (tmp_path / "split" / "events.yaml").exists()
    one, split = load_knowledge_base(tmp_path / "one"), load_knowledge_base(tmp_path / "split")
    for name in ("events", "people", "agreements", "sources"):
        assert list(getattr(split, name).ids) == list(getattr(one, name).ids), name


def test_benchmark_runs_end_to_end_at_a_tiny_size(tmp_path: Path) -> None:
    """Every stage runs (pty starts, loads, an interactive session, the core
    timings) and the report has every section; a handful of keys keeps it quick."""
    out = tmp_path / "RESULTS.md"
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
    for heading in ("Start-up", "Load", "Interaction", "Memory"):
        assert f"## {heading}" in report
    assert "× floor" in report and "cores" in report
    assert "3 cursor moves down the 40-event timeline" in report
