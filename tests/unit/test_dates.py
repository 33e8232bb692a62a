"""Partial ISO dates and ranges: parsing, display and chronological order."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.dates import DateSpan, PartialDate, parse_partial, parse_span

# --- parsing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("1923", PartialDate(1923), "year"),
        ("1955-07", PartialDate(1955, 7), "month"),
        ("1950-01-30", PartialDate(1950, 1, 30), "day"),
        ("0800", PartialDate(800), "year"),
        ("2024-12-31", PartialDate(2024, 12, 31), "day"),
        ("  2024-06  ", PartialDate(2024, 6), "month"),
    ],
    ids=["year", "month", "day", "early-year", "last-day-of-year", "surrounding-space"],
)
def test_parse_partial_keeps_the_precision_given(
    text: str, expected: PartialDate, precision: str
) -> None:
    parsed = parse_partial(text)
    assert parsed == expected
    assert parsed.precision == precision


def test_29_february_exists_in_a_leap_year_only() -> None:
    assert parse_partial("2024-02-29") == PartialDate(2024, 2, 29)
    with pytest.raises(ValueError, match="Feb 2023 has 28 days"):
        parse_partial("2023-02-29")


INVALID_DATES = [
    ("2024-02-30", "Feb 2024 has 29 days"),
    ("2023-02-29", "Feb 2023 has 28 days"),
    ("2024-04-31", "Apr 2024 has 30 days"),
    ("1900-02-29", "Feb 1900 has 28 days"),
    ("2024-13", "month 13"),
    ("2024-13-01", "month 13"),
    ("2024-00", "month 0"),
    ("2024-01-00", "does not exist"),
    ("2024-01-32", "does not exist"),
    ("0000", "year 0000"),
    ("24-01-01", "is not a date"),
    ("2024/01", "is not a date"),
    ("2024-1-5", "is not a date"),
    ("2024-01-05T10:00", "is not a date"),
    ("20240105", "is not a date"),
    ("June 2024", "is not a date"),
    ("", "is not a date"),
    ("2024-", "is not a date"),
]


@pytest.mark.parametrize(
    ("text", "message"),
    [pytest.param(text, message, id=text or "empty") for text, message in INVALID_DATES],
)
def test_parse_span_rejects_malformed_and_impossible_dates(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_span(text)


@pytest.mark.parametrize(
    "text",
    ["２０２４", "٢٠٢٤-٠٦", "2024-0６"],
    ids=["fullwidth-year", "arabic-indic-month", "mixed-digits"],
)
def test_only_ascii_digits_are_dates(text: str) -> None:
    """Regression: ISO 8601 dates are ASCII; ``\\d`` also matches other scripts' digits,
    so '２０２４' must be refused rather than silently read as 2024."""
    with pytest.raises(ValueError, match="is not a date"):
        parse_partial(text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024-06-19/2024-06-20", PartialDate(2024, 6, 19), PartialDate(2024, 6, 20)),
        ("2024-06/2024-06-19", PartialDate(2024, 6), PartialDate(2024, 6, 19)),
        ("2024-06-19/2024-06", PartialDate(2024, 6, 19), PartialDate(2024, 6)),
        ("1941/1945", PartialDate(1941), PartialDate(1945)),
        ("2024-06-19/2024-06-19", PartialDate(2024, 6, 19), PartialDate(2024, 6, 19)),
        ("2023-12-30/2024-01-02", PartialDate(2023, 12, 30), PartialDate(2024, 1, 2)),
    ],
    ids=["days", "month-to-day-inside-it", "day-to-its-month", "years", "one-day", "cross-year"],
)
def test_parse_span_accepts_ranges(text: str, start: PartialDate, end: PartialDate) -> None:
    assert parse_span(text) == DateSpan(start, end)


@pytest.mark.parametrize(
    "text",
    ["2024-06-20/2024-06-19", "2024-07/2024-06-30", "2024/2023-12-31", "1945/1941"],
    ids=["day-before", "month-after-end", "year-after-end", "years-reversed"],
)
def test_range_may_not_end_before_it_starts(text: str) -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_span(text)


@pytest.mark.parametrize(
    "text",
    ["2024-06-19/", "/2024-06-19", "2024/2025/2026", "2024-06-19/2024-02-30"],
    ids=["no-end", "no-start", "two-slashes", "impossible-end"],
)
def test_parse_span_rejects_malformed_ranges(text: str) -> None:
    with pytest.raises(ValueError):
        parse_span(text)


# --- display -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("1950-01-30", "30 Jan 1950"),
        ("1955-07", "Jul 1955"),
        ("1923", "1923"),
        ("2024-06-19/2024-06-20", "19–20 Jun 2024"),
        ("2021-03/2021-05", "Mar–May 2021"),
        ("2023-12-30/2024-01-02", "30 Dec 2023–2 Jan 2024"),
        ("2023-11/2024-02", "Nov 2023–Feb 2024"),
        ("1941/1945", "1941–1945"),
        ("2024-06-19/2024-07-02", "19 Jun – 2 Jul 2024"),
        ("2024-06/2024-06-19", "Jun 2024–19 Jun 2024"),
    ],
    ids=[
        "day",
        "month",
        "year",
        "days-in-one-month",
        "months-in-one-year",
        "days-across-years",
        "months-across-years",
        "years",
        "days-across-months",
        "mixed-precision",
    ],
)
def test_human_form(text: str, human: str) -> None:
    assert parse_span(text).human() == human


# --- order ---------------------------------------------------------------------------


def test_less_precise_date_sorts_before_the_dates_inside_it() -> None:
    texts = ["1956", "1955-07-18", "1955", "1955-07", "1955-08", "1954-12-31"]
    ordered = sorted(texts, key=lambda text: parse_span(text).sort_key)
    assert ordered == ["1954-12-31", "1955", "1955-07", "1955-07-18", "1955-08", "1956"]


def test_single_date_sorts_before_a_range_starting_on_it() -> None:
    texts = ["2024-06-19/2024-06-21", "2024-06-19/2024-06-20", "2024-06-19", "2024-06-20"]
    ordered = sorted(texts, key=lambda text: parse_span(text).sort_key)
    assert ordered == [
        "2024-06-19",
        "2024-06-19/2024-06-20",
        "2024-06-19/2024-06-21",
        "2024-06-20",
    ]


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(1, 9999))
    month = draw(st.none() | st.integers(1, 12))
    if month is None:
        return PartialDate(year)
    last = calendar.monthrange(year, month)[1]
    return PartialDate(year, month, draw(st.none() | st.integers(1, last)))


@st.composite
def date_spans(draw: st.DrawFn) -> DateSpan:
    start = draw(partial_dates())
    if draw(st.booleans()):
        return DateSpan(start)
    end = draw(partial_dates())
    try:
        return parse_span(f"{start.iso()}/{end.iso()}")
    except ValueError:  # the range ends before it starts: swap the ends
        return parse_span(f"{end.iso()}/{start.iso()}")


@given(partial_dates())
def test_iso_round_trips_through_parse(date: PartialDate) -> None:
    assert parse_partial(date.iso()) == date
    assert parse_span(date.iso()) == DateSpan(date)


@given(date_spans())
def test_span_iso_round_trips_through_parse(span: DateSpan) -> None:
    assert parse_span(span.iso()) == span


@given(partial_dates(), partial_dates())
def test_partial_date_keys_order_distinct_dates_strictly(a: PartialDate, b: PartialDate) -> None:
    """Equal keys mean equal dates, so a stable sort only keeps file order for true ties."""
    assert (a.sort_key == b.sort_key) == (a == b)


@given(date_spans(), date_spans())
def test_span_keys_order_distinct_spans_strictly(a: DateSpan, b: DateSpan) -> None:
    assert (a.sort_key == b.sort_key) == (a == b)


@given(st.lists(partial_dates(), min_size=2, max_size=20))
def test_sorting_by_key_agrees_with_the_calendar(dates: list[PartialDate]) -> None:
    """Within a sorted list, no date comes after a date that is definitely later."""
    ordered = sorted(dates, key=lambda date: date.sort_key)
    for earlier, later in itertools.pairwise(ordered):
        assert first_day(earlier) <= first_day(later)


def first_day(date: PartialDate) -> dt.date:
    return dt.date(date.year, date.month or 1, date.day or 1)


@given(partial_dates())
def test_a_date_sorts_after_the_periods_containing_it(date: PartialDate) -> None:
    year = PartialDate(date.year)
    month = PartialDate(date.year, date.month) if date.month else date
    assert year.sort_key <= month.sort_key <= date.sort_key
    assert date.sort_key < PartialDate(date.year + 1).sort_key


@given(partial_dates())
def test_human_form_is_stable_and_names_the_year(date: PartialDate) -> None:
    assert str(date.year) in date.human()
    assert DateSpan(date).human() == date.human()


@pytest.mark.parametrize(
    ("written", "width", "shown"),
    [
        ("15 May – 19 Jun 2024", 14, "May–Jun 2024"),
        ("30 Nov – 6 Dec 2021", 14, "Nov–Dec 2021"),
        ("30 Dec 2023–2 Jan 2024", 14, "2023–2024"),
        ("19–20 Jun 2024", 14, "19–20 Jun 2024"),
        ("19–20 Jun 2024", 11, "Jun 2024"),
        ("7 May 2024", 11, "7 May 2024"),
        ("Jan–Feb 2025", 11, "2025"),
        ("1941–1945", 4, "1941–1945"),  # nothing coarser: wider than asked, never cut
    ],
)
def test_a_date_too_wide_for_its_column_is_shown_coarser_not_cut(
    written: str, width: int, shown: str
) -> None:
    from tui.core.dates import fit_human

    assert fit_human(written, width) == shown
