"""Dates in an article's sentences, by a small grammar.

A general date parser reads the verb "may" as May and "the 1950s" as seconds
ago, and is slow on whole articles; the grammar below knows only the forms news
articles use. An explicit date (``November 29, 2021``, ``July 1955``, ``in
2001``) is ``stated``. A date missing its year (``May 10``), a weekday
(``on Tuesday``, ``from Monday to Thursday``) or a relative one (``last
year``, ``this year``, ``yesterday``) is worked out from the publication date,
marked ``inferred`` and given a note saying how; without a publication date it
is left out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year", "range"]

_MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTH_NAMES["sept"] = 9
_MONTH = (
    r"(?P<{name}>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)"
)
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>1[89]\d\d|20\d\d)"
_TO = r"\s*(?:-|–|—|to|and|until)\s*"
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_WEEKDAY = r"(?P<{name}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


def _f(pattern: str, **names: str) -> str:
    return pattern.format(**names)


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("iso", r"(?<![\d-])(?P<y>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
        (
            "mdy",
            _f(_MONTH, name="m")
            + r"\s+"
            + _f(_DAY, name="d")
            + rf"(?:{_TO}"
            + _f(_DAY, name="d2")
            + r")?,?\s+"
            + _f(_YEAR, name="y")
            + r"\b",
        ),
        (
            "dmy",
            r"\b"
            + _f(_DAY, name="d")
            + rf"(?:{_TO}"
            + _f(_DAY, name="d2")
            + r")?\s+(?:of\s+)?"
            + _f(_MONTH, name="m")
            + r",?\s+"
            + _f(_YEAR, name="y")
            + r"\b",
        ),
        ("my", _f(_MONTH, name="m") + r",?\s+(?:of\s+)?" + _f(_YEAR, name="y") + r"\b"),
        (
            "md",
            _f(_MONTH, name="m")
            + r"\s+"
            + _f(_DAY, name="d")
            + rf"(?:{_TO}"
            + _f(_DAY, name="d2")
            + r")?\b(?![,.]?\s*\d)",
        ),
        (
            "dm",
            r"\b"
            + _f(_DAY, name="d")
            + rf"(?:{_TO}"
            + _f(_DAY, name="d2")
            + r")?\s+(?:of\s+)?"
            + _f(_MONTH, name="m")
            + r"\b(?!,?\s+\d)",
        ),
        (
            "years",
            r"(?<![\d$.,-])"
            + _f(_YEAR, name="y")
            + r"\s*(?:-|–|—|to)\s*"
            + _f(_YEAR, name="y2")
            + r"(?![\d,.]\d|s\b)",
        ),
        (
            "weekdays",
            r"\b[Ff]rom\s+"
            + _f(_WEEKDAY, name="w")
            + r"\s+(?:to|until|through)\s+"
            + _f(_WEEKDAY, name="w2")
            + r"\b(?P<next>\s+next\s+week\b)?",
        ),
        (
            "weekday",
            r"\b(?P<pre>on|last|next|this|On|Last|Next|This)\s+" + _f(_WEEKDAY, name="w") + r"\b",
        ),
        (
            "relative",
            r"\b(?P<rel>(?:[Ll]ast|[Tt]his|[Nn]ext)\s+(?:year|month)|[Yy]esterday|[Tt]oday)\b",
        ),
        (
            "in-month",
            r"\b(?:in|In|since|Since|by|By|until|Until|from|From|during|During|early|late|mid-?)\s+"
            + _f(_MONTH, name="m")
            + r"\b(?!\s*\d)",
        ),
        (
            "year",
            r"(?<![\d$.,/-])(?<!\bthe )"
            + _f(_YEAR, name="y")
            + r"(?![\d,.]\d|s\b|\s*(?:%|percent|per cent)|-\d)",
        ),
    )
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in the text, with what it resolves to."""

    start: int
    end: int
    date: str
    """Partial ISO date or ``START/END`` range."""
    precision: Precision
    certainty: Literal["stated", "inferred"]
    note: str | None = None
    """How an inferred date was worked out."""


def publication_day(published: str | None) -> dt.date | None:
    """The (first) day of a partial ISO publication date or range, when it names a day."""
    if not published:
        return None
    first = published.split("/", 1)[0]
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", first)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def publication_year(published: str | None) -> int | None:
    """The year of a partial ISO publication date, when there is one."""
    if not published or not re.match(r"\d{4}", published):
        return None
    return int(published[:4])


def find_dates(
    text: str, published: str | None, start: int = 0, end: int | None = None
) -> list[FoundDate]:
    """Every date in ``text[start:end]``, earliest first, none overlapping another.

    ``published`` (partial ISO) resolves dates without a year, weekdays and
    relative dates; without it they are left out.
    """
    end = len(text) if end is None else end
    taken: list[tuple[int, int]] = []
    found: list[FoundDate] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text, start, end):
            if any(match.start() < b and a < match.end() for a, b in taken):
                continue
            resolved = _resolve(kind, match, published)
            if resolved is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(resolved)
    found.sort(key=lambda item: item.start)
    return found


def _month(text: str) -> int:
    return _MONTH_NAMES[text.rstrip(".").lower()]


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _resolve(kind: str, match: re.Match[str], published: str | None) -> FoundDate | None:
    groups = match.groupdict()
    at = (match.start(), match.end())
    if kind == "iso":
        day = _day(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        return FoundDate(*at, day, "day", "stated") if day else None
    if kind in ("mdy", "dmy"):
        year, month = int(groups["y"]), _month(groups["m"])
        return _days(at, year, month, groups, "stated", None)
    if kind == "my":
        return FoundDate(
            *at, f"{int(groups['y']):04d}-{_month(groups['m']):02d}", "month", "stated"
        )
    if kind == "years":
        first_year, last_year = int(groups["y"]), int(groups["y2"])
        if last_year <= first_year:
            return None
        return FoundDate(*at, f"{first_year:04d}/{last_year:04d}", "range", "stated")
    if kind == "year":
        return FoundDate(*at, f"{int(groups['y']):04d}", "year", "stated")
    pub_year = publication_year(published)
    if pub_year is None:
        return None
    year = pub_year
    if kind in ("md", "dm"):
        note = f"The article gives no year; taken from its publication date ({published})."
        return _days(at, year, _month(groups["m"]), groups, "inferred", note)
    if kind == "in-month":
        note = f"The article gives no year; taken from its publication date ({published})."
        return FoundDate(*at, f"{year:04d}-{_month(groups['m']):02d}", "month", "inferred", note)
    if kind == "relative":
        return _relative(at, groups["rel"].lower(), published, year)
    pub_day = publication_day(published)
    if pub_day is None:
        return None
    return _weekdays(kind, match, pub_day, published or "")


def _weekdays(kind: str, match: re.Match[str], day: dt.date, published: str) -> FoundDate | None:
    groups = match.groupdict()
    at = (match.start(), match.end())
    if kind == "weekday":
        target = _weekday(day, groups["w"], groups["pre"].lower())
        note = (
            f"The article says '{match.group()}'; the {groups['w']} "
            f"{'after' if groups['pre'].lower() == 'next' else 'on or before'} its publication "
            f"date ({published}) is {target.isoformat()}."
        )
        return FoundDate(*at, target.isoformat(), "day", "inferred", note)
    if kind == "weekdays":
        ahead = bool(groups.get("next"))
        first = _weekday(day, groups["w"], "next" if ahead else "on")
        last = first + dt.timedelta(days=(_WEEKDAYS[groups["w2"].lower()] - first.weekday()) % 7)
        if not ahead and last > day:  # the span ran up to publication: it started a week earlier
            first -= dt.timedelta(days=7)
            last -= dt.timedelta(days=7)
        which = "first such span after" if ahead else "last such span on or before"
        note = (
            f"The article says '{match.group()}'; the {which} its "
            f"publication date ({published}) is {first.isoformat()} to {last.isoformat()}."
        )
        return FoundDate(*at, f"{first.isoformat()}/{last.isoformat()}", "range", "inferred", note)
    return None


def _days(
    at: tuple[int, int],
    year: int,
    month: int,
    groups: dict[str, str | None],
    certainty: Literal["stated", "inferred"],
    note: str | None,
) -> FoundDate | None:
    first = _day(year, month, int(groups["d"] or 0))
    if first is None:
        return None
    if groups.get("d2"):
        last = _day(year, month, int(groups["d2"] or 0))
        if last is None or last <= first:
            return None
        return FoundDate(*at, f"{first}/{last}", "range", certainty, note)
    return FoundDate(*at, first, "day", certainty, note)


def _weekday(day: dt.date, name: str, pre: str) -> dt.date:
    wanted = _WEEKDAYS[name.lower()]
    if pre == "next":
        return day + dt.timedelta(days=(wanted - day.weekday()) % 7 or 7)
    back = (day.weekday() - wanted) % 7
    if pre == "last" and back == 0:
        back = 7
    return day - dt.timedelta(days=back)


def _relative(
    at: tuple[int, int], phrase: str, published: str | None, year: int
) -> FoundDate | None:
    how = f"The article says '{phrase}'; counted from its publication date ({published})."
    if phrase.endswith("year"):
        shift = {"last": -1, "this": 0, "next": 1}[phrase.split()[0]]
        return FoundDate(*at, f"{year + shift:04d}", "year", "inferred", how)
    if phrase.endswith("month"):
        if published is None or len(published) < 7 or published[4] != "-":
            return None
        month = int(published[5:7]) + {"last": -1, "this": 0, "next": 1}[phrase.split()[0]]
        shifted_year = year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return FoundDate(*at, f"{shifted_year:04d}-{month:02d}", "month", "inferred", how)
    day = publication_day(published)
    if day is None:
        return None
    if phrase == "yesterday":
        day -= dt.timedelta(days=1)
    return FoundDate(*at, day.isoformat(), "day", "inferred", how)
