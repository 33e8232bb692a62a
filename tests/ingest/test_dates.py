"""The date grammar: explicit dates are stated, the rest inferred from the publication date."""

from __future__ import annotations

import pytest

from tui.ingest.dates import find_dates

PUBLISHED = "2021-11-30"  # a Tuesday


def dates(text: str, published: str | None = PUBLISHED) -> list[tuple[str, str, str, str]]:
    return [
        (text[d.start : d.end], d.date, d.precision, d.certainty)
        for d in find_dates(text, published)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hanoi, November 29, 2021 - talks", ("November 29, 2021", "2021-11-29", "day", "stated")),
        (
            "on 19-20 June 2024 in Hanoi",
            ("19-20 June 2024", "2024-06-19/2024-06-20", "range", "stated"),
        ),
        ("signed on Nov. 3, 2020.", ("Nov. 3, 2020", "2020-11-03", "day", "stated")),
        ("in July 1955 they", ("July 1955", "1955-07", "month", "stated")),
        ("On 2024-06-19 they met", ("2024-06-19", "2024-06-19", "day", "stated")),
        ("in 2001 a statement", ("2001", "2001", "year", "stated")),
        ("for 1994-2001 only", ("1994-2001", "1994/2001", "range", "stated")),
    ],
)
def test_explicit_dates_are_stated(text: str, expected: tuple[str, str, str, str]) -> None:
    assert dates(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met on May 10.", ("May 10", "2021-05-10", "day")),
        ("They met on Tuesday.", ("on Tuesday", "2021-11-30", "day")),
        ("They met on Monday.", ("on Monday", "2021-11-29", "day")),
        (
            "Talks ran from Monday to Thursday.",
            ("from Monday to Thursday", "2021-11-22/2021-11-25", "range"),
        ),
        (
            "Events from Monday to Thursday next week.",
            ("from Monday to Thursday next week", "2021-12-06/2021-12-09", "range"),
        ),
        ("Trade rose last year.", ("last year", "2020", "year")),
        ("Trade will rise this year.", ("this year", "2021", "year")),
        ("Yesterday he arrived.", ("Yesterday", "2021-11-29", "day")),
        ("In May they will sign.", ("In May", "2021-05", "month")),
    ],
)
def test_dates_without_a_year_are_inferred_from_publication(
    text: str, expected: tuple[str, str, str]
) -> None:
    [found] = find_dates(text, PUBLISHED)
    assert (text[found.start : found.end], found.date, found.precision) == expected
    assert found.certainty == "inferred"
    assert found.note and PUBLISHED in found.note


def test_relative_dates_are_left_out_without_a_publication_date() -> None:
    assert dates("They met on May 10 and last year.", None) == []


@pytest.mark.parametrize(
    "text",
    [
        "Talks may resume soon.",  # the verb
        "May the talks go well.",  # sentence-initial verb, no day or year after it
        "In the 1950s, engineers trained in Moscow.",  # a decade, not a year
        "It cost $2020 and rose 2020%.",  # money and percentages
        "There were 1,000 scholarships.",
    ],
)
def test_false_dates_are_not_found(text: str) -> None:
    assert dates(text) == []


def test_an_impossible_day_is_not_a_date() -> None:
    assert dates("on February 30, 2021 it") == [("2021", "2021", "year", "stated")]
