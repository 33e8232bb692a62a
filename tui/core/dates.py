"""Partial ISO 8601 dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) and ranges.

Articles give dates at mixed precision: '1923', 'July 1955', 'January 30, 1950',
'June 19 to 20, 2024'.  A :class:`PartialDate` keeps exactly the precision
given; a :class:`DateSpan` is one date or a ``START/END`` range.  Sorting puts a
less precise date before the more precise dates inside it ('1955' before
'1955-07' before '1955-07-18'), which keeps a timeline readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["year", "month", "day"]

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological key; unknown parts sort first within their period."""
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        """The partial ISO text this date was parsed from."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def human(self) -> str:
        """Display form at the date's own precision: '30 Jan 1950', 'Jul 1955', '1923'."""
        if self.month is None:
            return str(self.year)
        month = _MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def contains_year(self, year: int) -> bool:
        """True when the date falls in ``year``."""
        return self.year == year


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A single partial date or a closed range of them."""

    start: PartialDate
    end: PartialDate | None = None

    @property
    def sort_key(self) -> tuple[int, int, int, int, int, int]:
        """Sort by start, then by end (a single date before ranges that start with it)."""
        end = self.end.sort_key if self.end else (0, 0, 0)
        return (*self.start.sort_key, *end)

    @property
    def first_year(self) -> int:
        """Year the span starts in."""
        return self.start.year

    @property
    def last_year(self) -> int:
        """Year the span ends in."""
        return (self.end or self.start).year

    def iso(self) -> str:
        """Partial ISO text, ``START/END`` for a range."""
        if self.end is None:
            return self.start.iso()
        return f"{self.start.iso()}/{self.end.iso()}"

    def human(self) -> str:
        """Compact display form: '19–20 Jun 2024', 'Mar 2021', '1941–1945'."""
        start, end = self.start, self.end
        if end is None:
            return start.human()
        same_year = start.year == end.year
        same_month = same_year and start.month == end.month
        if start.precision == end.precision == "day" and same_month:
            return f"{start.day}–{end.human()}"
        if start.precision == end.precision == "month" and same_year:
            assert start.month is not None
            return f"{_MONTHS[start.month - 1]}–{end.human()}"
        if start.precision == end.precision == "day" and same_year:
            assert start.month is not None
            return f"{start.day} {_MONTHS[start.month - 1]} – {end.human()}"
        return f"{start.human()}–{end.human()}"


def parse_partial(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Raises:
        ValueError: with a message saying what is wrong, for malformed text or a
            date that does not exist (month 13, 30 February).
    """
    match = _PARTIAL.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if year < 1:
        raise ValueError(f"{text!r} has year 0000, which does not exist")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r} has month {month}; months run from 01 to 12")
    if month is not None and day is not None:
        import calendar  # (only for full dates: start-up does not need it)

        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(
                f"{text!r} does not exist: {_MONTHS[month - 1]} {year} has {last} days"
            )
    return PartialDate(year, month, day)


def parse_span(text: str) -> DateSpan:
    """Parse a partial date or a ``START/END`` range of partial dates.

    Raises:
        ValueError: for malformed dates, or a range that ends before it starts.
    """
    if "/" not in text:
        return DateSpan(parse_partial(text))
    head, _, tail = text.partition("/")
    start, end = parse_partial(head), parse_partial(tail)
    if _latest_key(end) < start.sort_key:
        raise ValueError(f"range {text!r} ends before it starts")
    return DateSpan(start, end)


def _latest_key(date: PartialDate) -> tuple[int, int, int]:
    """The last day a partial date could mean, for range checks."""
    return (date.year, date.month or 12, date.day or 31)


def parse_year_range(text: str) -> tuple[int | None, int | None]:
    """Parse '1950-1975', '1950–1975', '1950-', '-1975' or '2024' into bounds.

    Raises:
        ValueError: with a message to show the user.
    """
    cleaned = text.strip().replace("–", "-").replace("—", "-").replace(" ", "")
    if not cleaned:
        return (None, None)
    head, dash, tail = cleaned.partition("-")
    try:
        low = int(head) if head else None
        high = int(tail) if tail else None
    except ValueError:
        raise ValueError(
            f"{text!r} is not a year range: write 1950-1975, 1950-, -1975 or 2024"
        ) from None
    if not dash:
        high = low
    if low is not None and high is not None and high < low:
        raise ValueError(f"{text!r} ends before it starts")
    return (low, high)


_DAY = re.compile(r"\b(?:\d{1,2}–)?\d{1,2} (?=[A-Z][a-z]{2}\b)")
_YEAR = re.compile(r"\b\d{4}\b")


def fit_human(text: str, width: int) -> str:
    """A date as :meth:`DateSpan.human` writes it, made to fit ``width`` by being
    coarser rather than cut: without its days ('15 May – 19 Jun 2024' →
    'May–Jun 2024'), then as years ('2023–2024')."""
    if len(text) <= width:
        return text
    months = _DAY.sub("", text).replace(" – ", "–")
    if len(months) <= width:
        return months
    years = list(dict.fromkeys(_YEAR.findall(text)))
    return "–".join((years[0], years[-1])) if len(years) > 1 else "".join(years) or text


def describe_years(years: tuple[int | None, int | None], dash: str = "–") -> str:
    """A year range as a reader writes it: '2024' for a single year,
    '1950–1975', '2001–…', '…–1991'; '' for no bound at all. With ``dash="-"``
    it reads back through :func:`parse_year_range` ('2001-', '-1991')."""
    low, high = years
    if low is None and high is None:
        return ""
    if low == high:
        return str(low)
    gap = "" if dash == "-" else "…"
    return f"{low if low is not None else gap}{dash}{high if high is not None else gap}"
