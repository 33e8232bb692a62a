"""The collector's policy (tui/collector.py): full passes wait for a pause in input."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tui import collector
from tui.collector import Collector


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """A monotonic clock the test moves, and gc's counts and passes recorded."""
    now = [100.0]
    monkeypatch.setattr(collector.time, "monotonic", lambda: now[0])
    was = gc.isenabled(), gc.get_threshold()
    yield now
    gc.set_threshold(*was[1])
    gc.enable() if was[0] else gc.disable()


def test_a_due_full_pass_waits_for_a_pause(
    clock: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    passes: list[int] = []
    counts = [(0, 0, collector.DUE - 1)]
    monkeypatch.setattr(collector.gc, "get_count", lambda: counts[0])
    monkeypatch.setattr(collector.gc, "collect", lambda *a: passes.append(1) or 0)
    monkeypatch.setattr(collector.gc, "freeze", lambda: None)
    managed = Collector(managed=True)
    gc.disable()
    managed.resume()
    assert gc.isenabled() and gc.get_threshold()[2] == collector.OVERDUE
    clock[0] += 10
    assert not managed.tick() and not passes, "not due yet"
    counts[0] = (0, 0, collector.DUE)
    managed.input_seen()
    clock[0] += collector.PAUSE / 2
    assert not managed.tick() and not passes, "due, but a key came just now"
    clock[0] += collector.PAUSE
    assert managed.tick() and passes == [1], "due, and input paused"


def test_an_unmanaged_collector_is_left_as_python_runs_it(
    clock: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    passes: list[int] = []
    monkeypatch.setattr(collector.gc, "collect", lambda *a: passes.append(1) or 0)
    before = gc.get_threshold()
    left = Collector(managed=False)
    left.resume()
    left.keep_long_lived()
    clock[0] += 100
    monkeypatch.setattr(collector.gc, "get_count", lambda: (0, 0, 10**6))
    assert not left.tick() and not passes
    assert gc.get_threshold() == before
