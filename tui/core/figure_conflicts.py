"""When two figures disagree: the one rule behind the automatic figure discrepancies.

Two figures conflict when every one of these holds:

- **the same measure and unit**: what is counted, counted the same way;
- **the same period**: their dates agree at the precision each gives. A date
  agrees with another when one is a prefix of the other, part by part
  ("2024-06" and "2024-06-20"); a range agrees with a date or a range when
  both its ends do ("2024-05-15/2024-06-19" and "2024"). "2020" and "2025" do
  not, and neither do "2019/2024" and "2024": a span since 2019 is not the
  year 2024;
- **the same status**: two actuals, two targets or two estimates. A target
  and an actual of the same year say different things (what was aimed at,
  what was reached), and so do an estimate and either;
- **different articles**: no article stands on both sides, since an article
  that gives two values is not a disagreement between articles;
- **values that cannot both be right**: each value stands for the range its
  hedge allows (a bare number: itself, give or take 0.5 % for rounding, so
  that two within 1 % of each other agree;
  "about"/"around": 10 % either way; "nearly"/"almost": up to 10 % below;
  "more than"/"over"/"at least": at or above; "less than"/"up to": at or
  below), and the two ranges do not meet. 11 and "a dozen" (12) conflict;
  "more than 74 years" and "75 years" do not.

The rule compares :class:`Claim` objects, so that it serves both the curated
figures (:func:`figure_conflicts`, behind ``vnru discrepancies`` and the
Discrepancies view) and the numbers :mod:`tui.ingest.suggest` finds in a new
article.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ROUNDING = 0.005
"""How far a bare number may stray either way and still be the number stated,
rounded: two bare numbers within 1 % of each other agree."""
HEDGE = 0.1
"""How far "about" or "nearly" lets a value stray from the number stated."""

_AROUND = frozenset({"about", "around"})
_BELOW = frozenset({"nearly", "almost"})
_AT_LEAST = frozenset({"more than", "over", "at least"})
_AT_MOST = frozenset({"less than", "up to"})


@dataclass(frozen=True, slots=True)
class Claim:
    """What the rule compares of a figure: a curated one or one found in a new article."""

    measure: str
    """What is counted (``bilateral-trade``; in a new article, the finder's ``trade``)."""
    unit: str
    """What the value is counted in (``USD``, ``agreements``)."""
    period: str | None
    """The date the value holds for, partial ISO or ``START/END``; None: unknown,
    and a claim without a period conflicts with nothing."""
    status: str
    """``actual``, ``target`` or ``estimate``."""
    value: float
    """The number stated, in base units."""
    qualifier: str | None = None
    """The article's hedge ("nearly"), if any."""
    sources: frozenset[str] = frozenset()
    """The articles stating it."""


def claim_of(figure: Any) -> Claim:
    """The claim a curated :class:`~tui.core.models.Figure` makes."""
    return Claim(
        measure=figure.measure,
        unit=figure.unit,
        period=figure.date,
        status=figure.status,
        value=float(figure.value),
        qualifier=figure.qualifier,
        sources=frozenset(citation.source for citation in figure.citations),
    )


def _parts_agree(first: str, second: str) -> bool:
    """'2024-06' and '2024-06-20' agree (one is the other, more precisely); '2024-05' and
    '2024-06' do not."""
    a, b = first.split("-"), second.split("-")
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def same_period(first: str, second: str) -> bool:
    """Whether two dates name the same period at the precision each gives (see the
    module docstring)."""
    a_start, _, a_end = first.partition("/")
    b_start, _, b_end = second.partition("/")
    return _parts_agree(a_start, b_start) and _parts_agree(a_end or a_start, b_end or b_start)


def bounds(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a stated number with its hedge allows, lowest first."""
    low, high = sorted((value * (1 - ROUNDING), value * (1 + ROUNDING)))
    if qualifier in _AROUND:
        low, high = sorted((value * (1 - HEDGE), value * (1 + HEDGE)))
    elif qualifier in _BELOW:
        low = min(value * (1 - HEDGE), value * (1 + HEDGE))
    elif qualifier in _AT_LEAST:
        high = math.inf
    elif qualifier in _AT_MOST:
        low = -math.inf
    return low, high


def values_agree(first: Claim, second: Claim) -> bool:
    """Whether the two values could both be right, given their hedges and rounding."""
    a_low, a_high = bounds(first.value, first.qualifier)
    b_low, b_high = bounds(second.value, second.qualifier)
    return a_low <= b_high and b_low <= a_high


def in_conflict(first: Claim, second: Claim) -> bool:
    """Whether two claims disagree by the rule of this module."""
    return (
        first.measure == second.measure
        and first.unit == second.unit
        and first.status == second.status
        and first.period is not None
        and second.period is not None
        and bool(first.sources)
        and bool(second.sources)
        and first.sources.isdisjoint(second.sources)
        and same_period(first.period, second.period)
        and not values_agree(first, second)
    )


@dataclass(frozen=True, slots=True)
class FigureConflict:
    """Two curated figures that disagree."""

    first: Any
    """The figure listed first (figures in their list order)."""
    second: Any


def figure_conflicts(figures: Iterable[Any]) -> list[FigureConflict]:
    """Every pair of ``figures`` in conflict, in the figures' order.

    Only figures of one measure, unit and status are compared with each other,
    so the cost grows with the largest such group, not with all pairs.
    """
    groups: dict[tuple[str, str, str], list[tuple[int, Any, Claim]]] = defaultdict(list)
    for position, figure in enumerate(figures):
        claim = claim_of(figure)
        groups[(claim.measure, claim.unit, claim.status)].append((position, figure, claim))
    found: list[tuple[int, int, FigureConflict]] = []
    for group in groups.values():
        for index, (position, figure, claim) in enumerate(group):
            for other_position, other, other_claim in group[index + 1 :]:
                if in_conflict(claim, other_claim):
                    found.append((position, other_position, FigureConflict(figure, other)))
    found.sort(key=lambda item: item[:2])
    return [conflict for _a, _b, conflict in found]
