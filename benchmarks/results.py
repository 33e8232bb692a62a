"""The arithmetic of a benchmark report, and its place in ``benchmarks/RESULTS.md``.

Every run writes one section of the results file between two markers
(``<!-- bench:NAME:start -->`` … ``<!-- bench:NAME:end -->``): a run replaces
its own section, or appends it when the file has none, and leaves every other
section as it was (the 100,000-event run and the 1,000,000-event run are
recorded side by side, and older text stays as history).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path

TITLE = "# vnru benchmark results\n"


def median_p95(samples: Sequence[float]) -> tuple[float, float]:
    """The median and the 95th percentile (nearest rank) of ``samples``."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan"), float("nan")
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def sessions_summary(sessions: Sequence[Sequence[float]]) -> tuple[float, float, list[float]]:
    """Several sessions' samples of one measure, each summed up by its own median
    and p95: (median of the medians, median of the p95s, each session's p95).

    One session's p95 moves by a fifth when the machine is busy elsewhere for a
    few seconds; the median over sessions does not.
    """
    summaries = [median_p95(samples) for samples in sessions if samples]
    if not summaries:
        return float("nan"), float("nan"), []
    return (
        statistics.median(m for m, _ in summaries),
        statistics.median(p for _, p in summaries),
        [p for _, p in summaries],
    )


def ratio(value: float, floor: float) -> float:
    """``value`` as a multiple of ``floor`` (NaN when the floor is not positive)."""
    return value / floor if floor > 0 else float("nan")


def verdict(ok: bool | None) -> str:
    """A table's last column: met, not met, or blank when not measured."""
    if ok is None:
        return ""
    return "met" if ok else "**not met**"


def ms(seconds: float | None) -> str:
    """Seconds as whole milliseconds, or "n/a"."""
    return "n/a" if seconds is None or seconds != seconds else f"{seconds * 1000:.0f} ms"


def section_markers(name: str) -> tuple[str, str]:
    """The comment lines that enclose the section ``name``."""
    return f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"


def update_section(text: str, name: str, body: str) -> str:
    """``text`` (a results file) with the section ``name`` replaced by ``body``,
    or ``body`` appended as that section when ``text`` has none."""
    start, end = section_markers(name)
    block = f"{start}\n{body.strip()}\n{end}\n"
    head, found, rest = text.partition(start + "\n")
    if found:
        _old, closed, tail = rest.partition(end + "\n")
        if closed:
            return head + block + tail
    if not text.strip():
        return TITLE + "\n" + block
    return text.rstrip("\n") + "\n\n" + block


def write_section(path: Path, name: str, body: str) -> None:
    """Replace (or add) the section ``name`` of the results file at ``path``."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(update_section(text, name, body), encoding="utf-8")
