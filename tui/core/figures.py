"""Figures read as numbers: a value in words, and the figures of one measure as a series.

A figure's value is stored in base units (5700000000 for "US$5.7 billion");
this module writes it back the way an article would, and groups figures the
way they are compared and charted: by measure and unit, in date order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tui.core.dates import parse_span

STATUS_MARKS = {"actual": "●", "target": "○", "estimate": "◐"}
"""One character per status: reached (●), a goal (○), a forecast (◐)."""
STATUS_ORDER = {"actual": 0, "estimate": 1, "target": 2}
"""Actuals first where figures share a date."""

_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def _number(value: float) -> str:
    """'5.7', '10', '1,000': no trailing zeros, thousands separated."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def human_value(value: float, unit: str, qualifier: str | None = None) -> str:
    """'US$5.7 billion', 'nearly 200 universities', '74 years', '12.5%'."""
    if unit == "USD":
        text = f"US${_number(value)}"
        for scale, word in _SCALES:
            if abs(value) >= scale:
                text = f"US${_number(round(value / scale, 3))} {word}"
                break
    elif unit == "percent":
        text = f"{_number(value)}%"
    else:
        text = f"{_number(value)} {unit}"
    return f"{qualifier} {text}" if qualifier else text


def value_of(figure: Any) -> str:
    """A figure's value in words."""
    return human_value(figure.value, figure.unit, figure.qualifier)


def figure_order(figure: Any) -> tuple[Any, ...]:
    """Grouped by measure and unit, then by date; actuals before targets."""
    return (
        figure.measure,
        figure.unit,
        parse_span(figure.date).sort_key,
        STATUS_ORDER[figure.status],
        figure.id,
    )


def series(figures: Iterable[Any], measure: str, unit: str) -> list[Any]:
    """The figures of one measure and unit, in date order: one chart's values."""
    chosen = [f for f in figures if f.measure == measure and f.unit == unit]
    return sorted(chosen, key=figure_order)


def measure_label(measure: str) -> str:
    """'bilateral-trade' → 'Bilateral trade'."""
    words = measure.replace("-", " ")
    return words[:1].upper() + words[1:]
