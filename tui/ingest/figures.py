"""Numbers with units: money, percentages and counts of people, universities, agreements.

Each figure gets a *measure* (what is counted: ``trade``, ``scholarships``…,
from the words around it) and a *period* (the year the sentence names, else the
publication year), so two articles' figures for the same measure and period can
be compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

    @property
    def key(self) -> tuple[str, str, str | None]:
        """Figures with the same key can be compared."""
        return (self.measure, self.unit, self.period)


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
    period = _period(sentence, dates, default_period)
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
            figure = _figure(match, measure, period)
            if figure is not None:
                taken.append((match.start(), match.end()))
                found.append(figure)
    found.sort(key=lambda figure: figure.start)
    return found


def _period(sentence: str, dates: list[tuple[int, int, str]], default: str | None) -> str | None:
    named = _YEAR.search(sentence)
    if named:
        return named.group(1)
    years = {date[:4] for _a, _b, date in dates}
    if len(years) == 1:
        return years.pop()
    if not dates and not _ANY_YEAR.search(sentence):
        return default
    return None


def _figure(match: re.Match[str], measure: str | None, period: str | None) -> Figure | None:
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
    return Figure(match.start(), match.end(), value, unit, measure or unit, period)


def same_value(first: float, second: float) -> bool:
    """Two reported values agree to within rounding (1 %)."""
    if first == second:
        return True
    return abs(first - second) <= 0.01 * max(abs(first), abs(second))
