"""Figures read as numbers: values in words, series and the chart's bars."""

from __future__ import annotations

import pytest

from tui.core.figures import human_value, measure_label, series
from tui.core.queries.opening import load_knowledge_base
from tui.presenters.figure import BAR_WIDTH, bar


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "expected"),
    [
        (5_700_000_000, "USD", None, "US$5.7 billion"),
        (10_000_000_000, "USD", None, "US$10 billion"),
        (235_000_000, "USD", None, "US$235 million"),
        (1_250_000, "USD", "about", "about US$1.25 million"),
        (950, "USD", None, "US$950"),
        (1000, "scholarships", None, "1,000 scholarships"),
        (200, "universities", "nearly", "nearly 200 universities"),
        (12.5, "percent", None, "12.5%"),
        (74, "years", None, "74 years"),
    ],
)
def test_values_read_as_an_article_writes_them(
    value: float, unit: str, qualifier: str | None, expected: str
) -> None:
    assert human_value(value, unit, qualifier) == expected


def test_measure_labels_read_as_words() -> None:
    assert measure_label("bilateral-trade") == "Bilateral trade"


def test_a_series_is_one_measure_and_unit_in_date_order_actuals_first() -> None:
    from pathlib import Path

    kb = load_knowledge_base(Path(__file__).parents[1] / "fixtures" / "ui")
    trade = series(kb.figures, "bilateral-trade", "USD")
    assert [figure.id for figure in trade] == ["trade-2023", "trade-target-2030"]
    assert series(kb.figures, "bilateral-trade", "students") == []


def test_bars_scale_to_the_largest_value_and_tell_statuses_apart_without_colour() -> None:
    assert bar(10, 10, "actual") == "█" * BAR_WIDTH
    assert bar(5, 10, "actual") == "█" * (BAR_WIDTH // 2)
    assert bar(10, 10, "target") == "░" * BAR_WIDTH
    assert set(bar(3, 10, "estimate")) == {"▒"}
    assert bar(0.01, 10, "actual") == "▏", "a value too small for a cell still shows"
    assert bar(0, 10, "actual") == "" and bar(5, 0, "actual") == ""
    assert bar(36, 100, "actual") == "█" * 5 + "▊"  # 5.76 cells: five and six eighths
