"""The timeline's years: where each year starts, and events per year of a filtered list."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tui.core.queries.opening import load_knowledge_base
from tui.core.queries.timeline import YearIndex

ROOT = Path(__file__).parents[2]
DATA, UI = ROOT / "data", ROOT / "tests" / "fixtures" / "ui"


def test_years_run_without_gaps_and_empty_years_start_where_the_next_does() -> None:
    years = YearIndex.from_counts({1950: 2, 1953: 1})
    assert years.years == (1950, 1951, 1952, 1953)
    assert years.starts == (0, 2, 2, 2, 3)


def test_counts_of_the_whole_timeline_are_the_counts_read() -> None:
    counts = {1923: 1, 1950: 3, 2024: 5}
    years = YearIndex.from_counts(counts)
    found = dict(zip(years.years, years.counts(range(9)), strict=True))
    assert {year: n for year, n in found.items() if n} == counts
    assert sum(found.values()) == 9


def test_counts_of_a_filtered_list_match_a_direct_count() -> None:
    """Bisection per year gives what counting each shown position's year gives."""
    rng = random.Random(7)
    counts = {year: rng.randint(0, 40) for year in range(1900, 2040)}
    years = YearIndex.from_counts(counts)
    shown = sorted(rng.sample(range(years.starts[-1]), 500))
    expected = [0] * len(years.years)
    for position in shown:
        year = years.year_at(position)
        assert year is not None
        expected[year - years.years[0]] += 1
    assert years.counts(shown) == expected
    assert years.counts(range(10, 60)) == years.counts(list(range(10, 60)))


def test_year_at_names_the_year_of_a_position_and_none_outside() -> None:
    years = YearIndex.from_counts({1950: 2, 1953: 1})
    assert [years.year_at(p) for p in (0, 1, 2)] == [1950, 1950, 1953]
    assert years.year_at(3) is None and years.year_at(-1) is None


def test_an_empty_timeline_has_no_years() -> None:
    years = YearIndex.from_counts({})
    assert years.years == () and years.counts(range(0)) == [] and years.year_at(0) is None


@pytest.mark.parametrize("data", [DATA, UI])
def test_years_read_from_the_index_agree_with_the_events(data: Path) -> None:
    """Every event's display position falls in its own year (display order is by date)."""
    kb = load_knowledge_base(data)
    years = YearIndex.read(kb)
    events = list(kb.events)
    assert years.starts[-1] == len(events)
    for position, event in enumerate(events):
        assert years.year_at(position) == event.span.first_year, event.id
