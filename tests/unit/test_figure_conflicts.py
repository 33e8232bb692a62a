"""The figure rule: which two figures are a discrepancy without anyone writing one."""

from __future__ import annotations

import pytest

from tests.unit.records import figure
from tui.core.figure_conflicts import (
    Claim,
    claim_of,
    figure_conflicts,
    in_conflict,
    same_period,
)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("2024-06", "2024-06-20", True),
        ("2024", "2024-06-20", True),
        ("2024-06-20", "2024-06-20", True),
        ("2020", "2025", False),
        ("2024-05", "2024-06-20", False),
        ("2024-06-19", "2024-06-20", False),
        ("2024-05-15/2024-06-19", "2024", True),  # an uncertain time of writing within 2024
        ("2019/2024", "2024", False),  # a span since 2019 is not the year 2024
        ("2019/2024", "2019/2024-06", True),
        ("2019/2024", "2021/2024", False),
    ],
)
def test_same_period_at_the_precision_given(first: str, second: str, same: bool) -> None:
    assert same_period(first, second) is same
    assert same_period(second, first) is same


def test_two_articles_counting_differently_in_one_period_conflict() -> None:
    """11 on 20 June 2024 against "a dozen" in June 2024: the fixture's case."""
    eleven = figure("alpha-11", 11, "2024-06-20", "alpha")
    twelve = figure("beta-12", 12, "2024-06", "beta")
    [conflict] = figure_conflicts([eleven, twelve])
    assert (conflict.first.id, conflict.second.id) == ("alpha-11", "beta-12")


def test_different_periods_do_not_conflict() -> None:
    assert (
        figure_conflicts([figure("a", 11, "2020", "alpha"), figure("b", 12, "2025", "beta")]) == []
    )


def test_a_target_and_an_actual_do_not_conflict() -> None:
    actual = figure("reached", 5.7e9, "2025", "alpha", unit="USD", measure="trade")
    target = figure("aimed", 10e9, "2025", "beta", unit="USD", measure="trade", status="target")
    assert figure_conflicts([actual, target]) == []
    other_target = figure("aimed-b", 12e9, "2025", "gamma", unit="USD", measure="trade",
                          status="target")  # fmt: skip
    assert [
        (c.first.id, c.second.id) for c in figure_conflicts([actual, target, other_target])
    ] == [("aimed", "aimed-b")]


def test_one_article_giving_two_values_is_not_a_disagreement_between_articles() -> None:
    assert (
        figure_conflicts([figure("a", 11, "2024-06", "alpha"), figure("b", 12, "2024-06", "alpha")])
        == []
    )


def test_a_figure_cited_by_both_articles_conflicts_with_neither() -> None:
    both = figure("both", 11, "2024-06", "alpha")
    both = both.model_copy(
        update={"citations": (*both.citations, *figure("x", 1, "2024", "beta").citations)}
    )
    assert figure_conflicts([both, figure("b", 12, "2024-06", "beta")]) == []


def test_different_units_or_measures_do_not_conflict() -> None:
    agreements = figure("a", 11, "2024-06", "alpha")
    documents = figure("b", 12, "2024-06", "beta", unit="delegations")
    other_measure = figure("c", 12, "2024-06", "beta", measure="customs-agreements")
    assert figure_conflicts([agreements, documents, other_measure]) == []


def test_equal_values_and_rounding_do_not_conflict() -> None:
    trade = figure("a", 5.7e9, "2020", "alpha", unit="USD", measure="trade")
    rounded = figure("b", 5.68e9, "2020", "beta", unit="USD", measure="trade")
    same = figure("c", 5.7e9, "2020", "gamma", unit="USD", measure="trade")
    assert figure_conflicts([trade, rounded, same]) == []


@pytest.mark.parametrize(
    ("qualifier", "other", "conflict"),
    [
        ("more than", 75, False),  # "more than 74 years" and 75 years
        ("more than", 70, True),
        ("nearly", 71, False),
        ("nearly", 75, True),
        ("about", 80, False),
        ("about", 90, True),
        ("up to", 60, False),
        (None, 75, True),
    ],
)
def test_a_hedge_admits_the_values_it_allows(
    qualifier: str | None, other: float, conflict: bool
) -> None:
    hedged = figure("a", 74, "2024", "alpha", unit="years", qualifier=qualifier)
    plain = figure("b", other, "2024", "beta", unit="years")
    assert bool(figure_conflicts([hedged, plain])) is conflict


def test_a_claim_without_a_period_conflicts_with_nothing() -> None:
    known = claim_of(figure("a", 11, "2024", "alpha"))
    unknown = Claim(known.measure, known.unit, None, "actual", 20, sources=frozenset({"beta"}))
    assert in_conflict(known, unknown) is False
    dated = Claim(known.measure, known.unit, "2024", "actual", 20, sources=frozenset({"beta"}))
    assert in_conflict(known, dated) is True
