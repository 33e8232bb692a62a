"""Numbers with units: money, percentages and counts of people, universities, agreements.

Each figure gets a *measure* (what is counted: ``trade``, ``scholarships``…,
from the words around it), a *period* (the year the sentence names, else the
publication year), a *status* (a target or an estimate when the sentence says
so, else actual) and the article's hedge ("nearly"), so that it can be
compared with other articles' figures by the rule of
:mod:`tui.core.figure_conflicts`, the one the curated figures are checked by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.figure_conflicts import Claim
from tui.core.folding import fold

_NUMBER = r"(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)\b)?"
_CURRENCY_BEFORE = r"(?P<cur>US\s?\$|USD\s?|\$|€|EUR\s?|£|₽|RUB\s?|VND\s?)"
_CURRENCY_AFTER = (
    r"(?P<cur2>US dollars|U\.S\. dollars|dollars|USD|euros?|EUR|roubles?|rubles?|RUB|"
    r"VND|dong|yuan)\b"
)
_COUNTED = (
    r"(?P<what>people|persons|students|scholarships|universities|agreements|documents|"
    r"treaties|memoranda|contracts|projects|companies|enterprises|firms|businesses|tourists|"
    r"visitors|workers|experts|specialists|graduates|teachers|delegates|soldiers|"
    r"schools|institutes|hospitals|flights|tonnes|tons|barrels|cubic metres|cubic meters|"
    r"megawatts|MW|GW|hectares|kilometres|kilometers|km|vessels|ships|aircraft|"
    r"Vietnamese|Russians|citizens|residents|children)\b"
)

_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"{_CURRENCY_BEFORE}\s?{_NUMBER}{_SCALE}(?!\d)"),
    re.compile(rf"(?<![\w$.,]){_NUMBER}{_SCALE}\s+{_CURRENCY_AFTER}"),
    re.compile(rf"(?<![\w$.,]){_NUMBER}\s*(?P<pct>%|percent\b|per cent\b)"),
    re.compile(
        rf"(?<![\w$.,-]){_NUMBER}{_SCALE}\s+(?:(?:more|new|foreign|Russian|Vietnamese|"
        rf"bilateral|cooperation|international)\s+){{0,2}}{_COUNTED}"
    ),
)
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_CURRENCIES = {
    "us$": "USD",
    "us $": "USD",
    "$": "USD",
    "usd": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "₽": "RUB",
    "rub": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "vnd": "VND",
    "dong": "VND",
    "yuan": "CNY",
}
#: Words naming what a figure measures, most specific first; the first found in
#: the sentence names the measure.
MEASURES: tuple[tuple[str, str], ...] = (
    ("trade turnover", "trade"),
    ("bilateral trade", "trade"),
    ("two-way trade", "trade"),
    ("trade", "trade"),
    ("turnover", "trade"),
    ("export", "exports"),
    ("import", "imports"),
    ("investment", "investment"),
    ("invested", "investment"),
    ("capital", "investment"),
    ("scholarship", "scholarships"),
    ("student", "students"),
    ("universit", "universities"),
    ("tourist", "tourists"),
    ("visitor", "tourists"),
    ("agreement", "agreements"),
    ("document", "agreements"),
    ("project", "projects"),
    ("growth", "growth"),
    ("gdp", "gdp"),
    ("oil", "oil"),
    ("gas", "gas"),
)
_HEDGE = re.compile(
    r"\b(about|around|nearly|almost|more than|over|at least|less than|up to)\s+$", re.I
)
_ESTIMATE = re.compile(r"\b(?:estimated?|forecasts?|projected|expected to)\b", re.I)
_TARGET = re.compile(
    r"\b(?:targets?|aim|aims|aiming|aimed|goal|plans?|planned|expects?|should|strive|striving|"
    r"to (?:increase|raise|lift|hit|reach|boost|double))\b",
    re.I,
)
_YEAR = re.compile(r"(?<![\d$.,])(?:by|in|of|for|during|since|as of)\s+(1[89]\d\d|20\d\d)\b")
_ANY_YEAR = re.compile(r"(?<![\d$.,/-])(1[89]\d\d|20\d\d)(?![\d,.]\d|s\b)")


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with its unit, measure and period."""

    start: int
    end: int
    value: float
    unit: str
    """``USD`` (any currency code), ``%``, or what is counted (``students``)."""
    measure: str
    """What the number measures (``trade``), or the unit when no word says."""
    period: str | None
    """The year the figure is for, when known."""
    status: str = "actual"
    """``target`` or ``estimate`` when the sentence says so (see :func:`status_of`)."""
    qualifier: str | None = None
    """The hedge just before the number ("nearly"), lower case."""
    dated: bool = False
    """The sentence itself names the period (not only the publication date)."""

    def claim(self, source: str | None) -> Claim | None:
        """What the figure claims, for :func:`tui.core.figure_conflicts.in_conflict`.

        None for a count that only its unit names ("15 agreements") in a sentence
        that names no year: "15 agreements" in force "at present" and "3 agreements"
        signed on 10 May are too loosely tied to be taken for one measure.
        """
        if self.measure == self.unit and not self.dated:
            return None
        sources = frozenset({source}) if source is not None else frozenset()
        return Claim(
            self.measure, self.unit, self.period, self.status, self.value, self.qualifier, sources
        )


def status_of(sentence: str) -> str:
    """``estimate`` for a forecast, ``target`` for an aim, else ``actual``."""
    if _ESTIMATE.search(sentence):
        return "estimate"
    return "target" if _TARGET.search(sentence) else "actual"


def find_figures(
    text: str,
    start: int,
    end: int,
    *,
    default_period: str | None,
    dates: list[tuple[int, int, str]],
) -> list[Figure]:
    """Figures in the sentence ``text[start:end]``.

    ``dates`` are the sentence's dates as ``(start, end, date)``: the figure's
    period is the year a "by/in 2020" names, else the year of the sentence's
    only date, else ``default_period`` (the publication year).
    """
    sentence = text[start:end]
    folded = fold(sentence).lower()
    measure = next((name for word, name in MEASURES if word in folded), None)
    period, dated = _period(sentence, dates, default_period)
    status = status_of(sentence)
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text, start, end):
            if any(match.start() < b and a < match.end() for a, b in taken):
                continue
            if any(a <= match.start() and match.end() <= b for a, b, _ in dates) and not (
                match.groupdict().get("cur") or match.groupdict().get("pct")
            ):
                continue  # "2024 students" is a year before a word, not a count
            hedge = _HEDGE.search(text, max(start, match.start() - 12), match.start())
            qualifier = hedge.group(1).lower() if hedge else None
            figure = _figure(match, measure, period, status, qualifier, dated)
            if figure is not None:
                taken.append((match.start(), match.end()))
                found.append(figure)
    found.sort(key=lambda figure: figure.start)
    return found


def _period(
    sentence: str, dates: list[tuple[int, int, str]], default: str | None
) -> tuple[str | None, bool]:
    """The figure's year, and whether the sentence itself gives it."""
    named = _YEAR.search(sentence)
    if named:
        return named.group(1), True
    years = {date[:4] for _a, _b, date in dates}
    if len(years) == 1:
        return years.pop(), True
    if not dates and not _ANY_YEAR.search(sentence):
        return default, False
    return None, False


def _figure(
    match: re.Match[str],
    measure: str | None,
    period: str | None,
    status: str,
    qualifier: str | None,
    dated: bool,
) -> Figure | None:
    groups = match.groupdict()
    try:
        value = float((groups["n"] or "").replace(",", ""))
    except ValueError:
        return None
    scale = groups.get("scale")
    if scale:
        value *= _SCALES[scale.lower()]
    if groups.get("pct"):
        unit = "%"
    elif groups.get("cur") or groups.get("cur2"):
        currency = (groups.get("cur") or groups.get("cur2") or "").strip().lower()
        unit = _CURRENCIES.get(currency, currency.upper())
    elif groups.get("what"):
        unit = groups["what"].lower()
    else:
        return None
    counted = not (groups.get("pct") or groups.get("cur") or groups.get("cur2") or scale)
    if counted and "." in (groups["n"] or ""):
        return None  # counts are whole numbers
    return Figure(
        match.start(), match.end(), value, unit, measure or unit, period, status, qualifier, dated
    )
