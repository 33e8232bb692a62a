"""Names in an article: records the archive already has, and new candidates.

Existing people, agreements, organisations and places are found through their
names and aliases, folded the way the filter folds them (:mod:`tui.core.folding`),
so "Dang Minh Khoi" finds Đặng Minh Khôi and "Sergey Lavrov" finds Сергей
Лавров. One pattern holds every name, longest first, so at any position the
longest name wins. An alias that several records share is reported with all of
them, never resolved by guessing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tui.core.folding import fold, fold_with_origins, spans_in_original

#: Aliases this short and written in capitals ("VUFO", "PM") match only in capitals:
#: folded to lower case they would match ordinary words and abbreviations.
SHORT_ACRONYM = 5


@dataclass(frozen=True, slots=True)
class NameHit:
    """A name found in the text."""

    start: int
    end: int
    kind: str
    """``person``, ``agreement``, ``organization`` or ``place``."""
    ids: tuple[str, ...]
    """The record ids the name belongs to; more than one when ambiguous, none when new."""
    name: str
    """The name as the text writes it."""


@dataclass(frozen=True, slots=True)
class Named:
    """A record's names, for the matcher."""

    id: str
    kind: str
    names: tuple[str, ...]


class NameMatcher:
    """Finds the names of a set of records in texts."""

    def __init__(self, records: Iterable[Named]) -> None:
        owners: dict[str, dict[str, str]] = defaultdict(dict)  # folded name -> id -> kind
        exact: dict[str, dict[str, str]] = defaultdict(dict)  # capitals-only short aliases
        for record in records:
            for name in record.names:
                name = " ".join(name.split())
                if len(name) < 2:
                    continue
                folded = fold(name)
                if len(folded) <= SHORT_ACRONYM and folded.isupper():
                    exact[folded][record.id] = record.kind
                elif len(folded) >= 3:
                    owners[folded.lower()][record.id] = record.kind
        self._owners = owners
        self._exact = exact
        self._pattern = _alternation(owners, re.I)
        self._exact_pattern = _alternation(exact, 0)

    def find(self, text: str) -> list[NameHit]:
        """Every known name in ``text``, longest first, none overlapping another."""
        if self._pattern is None and self._exact_pattern is None:
            return []
        folded, origins = fold_with_origins(text)
        hits: list[tuple[int, int, dict[str, str]]] = []
        if self._pattern is not None:
            for match in self._pattern.finditer(folded):
                hits.append((match.start(), match.end(), self._owners[match.group().lower()]))
        if self._exact_pattern is not None:
            for match in self._exact_pattern.finditer(folded):
                hits.append((match.start(), match.end(), self._exact[match.group()]))
        hits.sort(key=lambda hit: (-(hit[1] - hit[0]), hit[0]))
        taken: list[tuple[int, int]] = []
        found: list[NameHit] = []
        for start, end, owners in hits:
            if any(start < b and a < end for a, b in taken):
                continue
            if _part_of_longer_name(folded, start, end):
                continue
            taken.append((start, end))
            [(begin, finish)] = spans_in_original([(start, end)], origins)
            ids = tuple(sorted(owners))
            found.append(NameHit(begin, finish, owners[ids[0]], ids, text[begin:finish]))
        found.sort(key=lambda hit: hit.start)
        return found


def _part_of_longer_name(text: str, start: int, end: int) -> bool:
    """A single-word name followed by another capitalised word ("Nguyen" in "Nguyen
    Van An"), or any name followed by "City" and the like, is part of another name."""
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    word = following.group(1)
    if word.lower() in _NAME_CONTINUES:
        return True
    single = " " not in text[start:end].strip()
    return single and word[:1].isupper() and word.lower() not in _LEADING


def _alternation(names: dict[str, dict[str, str]], flags: int) -> re.Pattern[str] | None:
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    body = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", flags)


# ---------------------------------------------------------------- new names


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: a long word list kept as a paragraph."""
    return frozenset(text.split())


_MONTHS_AND_DAYS = _words(
    """
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
    thursday friday saturday sunday
    """
)
#: Words that start a sentence or a capitalised run without being part of a name.
_LEADING = _words(
    """
    the a an in on at as by for from of to with and but or this that these those its his
    her their our during after before since while when where according under over about
    also both some many most all each every meanwhile however although it he she they we
    i you there here what who why how read related photo source video see follow more mr
    mrs ms dr prof president prime minister deputy general secretary ambassador director
    chairman chairwoman chair head foreign minister vice permanent state party secretary
    governor mayor spokesperson spokeswoman spokesman trade representative professor
    academician colonel senator comrade first former acting
    """
)
#: Words allowed inside a name in lower case ("Ministry of Foreign Affairs").
_CONNECTORS = frozenset({"of", "and", "for", "the", "de", "van", "von", "bin", "&"})
#: Nationalities before a title ("Russian Foreign Minister …") are not part of the name.
_NATIONALITIES = frozenset({"russian", "vietnamese", "soviet", "american", "chinese", "french"})
#: A known name followed by one of these is part of another name ("Ho Chi Minh City").
_NAME_CONTINUES = frozenset(
    {"city", "province", "street", "square", "mausoleum", "museum", "trail", "district", "port"}
)
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|&")

ORGANIZATION_WORDS = _words(
    """
    ministry company corporation bank university institute association union agency
    committee council party group center centre academy federation fund embassy assembly
    parliament duma organization organisation office department commission society
    school college hospital army navy force forces government club chamber service
    services ltd inc jsc petroleum gas oil energy airlines airline railways court
    """
)
AGREEMENT_WORDS = _words(
    """
    agreement treaty declaration statement convention memorandum protocol accord pact
    charter framework plan programme program roadmap partnership
    """
)
PLACE_NAMES = _words(
    """
    vietnam viet nam russia russian federation moscow hanoi ha noi ho chi minh city
    saint petersburg st petersburg vladivostok da nang danang hai phong haiphong hue nha
    trang can tho siberia crimea kazan novosibirsk ukraine china united states ninh
    thuan khanh hoa quang ninh ba ria vung tau binh duong dong nai thanh hoa nghe an
    quang nam lao cai ha long cam ranh phu quoc soviet union ussr asean laos cambodia
    thailand japan india
    """
)
_PLACE_PHRASES = frozenset(
    {
        "viet nam",
        "russian federation",
        "ho chi minh city",
        "saint petersburg",
        "st petersburg",
        "da nang",
        "hai phong",
        "nha trang",
        "can tho",
        "united states",
        "soviet union",
        "ninh thuan",
        "khanh hoa",
        "quang ninh",
        "vung tau",
        "ba ria",
        "ha long",
        "cam ranh",
        "phu quoc",
    }
)


def guess_kind(name: str) -> str:
    """What a new name most likely is: organisation, agreement, place or person."""
    words = [word.lower().strip(".") for word in fold(name).split()]
    if " ".join(words) in _PLACE_PHRASES or (len(words) == 1 and words[0] in PLACE_NAMES):
        return "place"
    if any(word in AGREEMENT_WORDS for word in words):
        return "agreement"
    if any(word in ORGANIZATION_WORDS for word in words):
        return "organization"
    if words and all(word in PLACE_NAMES for word in words):
        return "place"
    return "person"


def new_names(
    text: str,
    start: int,
    end: int,
    *,
    known: list[tuple[int, int]],
    ignore: frozenset[str],
) -> list[tuple[int, int, str]]:
    """Capitalised runs of two or more words in ``text[start:end]`` that are not
    known names: ``(start, end, name)`` each.

    ``known`` spans (names already matched) are skipped; ``ignore`` holds folded
    lower-case names never to offer (the outlet's).
    """
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for word in _WORD.finditer(text, start, end):
        token = word.group()
        gap = text[current[-1].end() : word.start()] if current else ""
        joined = not current or (gap.strip() == "" and "\n" not in gap)
        if _capitalised(token) and joined:
            current.append(word)
            continue
        if (
            current
            and joined
            and (token.lower() in _CONNECTORS or (token == "on" and _institutional(current)))
        ):
            current.append(word)  # "on" only in "Declaration on the …", "Committee on …"
            continue
        if current:
            runs.append(current)
        current = [word] if _capitalised(token) else []
    if current:
        runs.append(current)
    found: list[tuple[int, int, str]] = []
    for run in runs:
        for piece in _split_on_months(run):
            piece = _trim(piece)
            if not piece:
                continue
            words = [w for w in piece if w.group().lower() not in _CONNECTORS]
            if len(words) < 2:
                continue
            begin, finish = piece[0].start(), piece[-1].end()
            if text[finish - 1] == "." and not re.search(r"\b\w\.$", text[begin:finish]):
                finish -= 1
            name = text[begin:finish]
            if any(begin < b and a < finish for a, b in known):
                continue
            if " ".join(fold(name).lower().split()) in ignore:
                continue
            found.append((begin, finish, name))
    return found


def _capitalised(token: str) -> bool:
    return (token[:1].isupper() and not token.isupper()) or (token.isupper() and len(token) > 1)


def _is_leading(token: str) -> bool:
    word = fold(token).lower().rstrip(".")
    return word in _LEADING or word in _MONTHS_AND_DAYS


def _institutional(run: list[re.Match[str]]) -> bool:
    """Whether a run of words names an organisation or an agreement."""
    return any(fold(word.group()).lower() in ORGANIZATION_WORDS | AGREEMENT_WORDS for word in run)


def _split_on_months(run: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """A run cut at months and weekdays, and at "and" unless it names an
    organisation ("Ministry of Industry and Trade"): "Putin and Trong" is two names."""
    institutional = _institutional(run)
    pieces: list[list[re.Match[str]]] = [[]]
    for word in run:
        token = fold(word.group()).lower().rstrip(".")
        if token in _MONTHS_AND_DAYS or (token in ("and", "&") and not institutional):
            pieces.append([])
        else:
            pieces[-1].append(word)
    return [piece for piece in pieces if piece]


def _trim(piece: list[re.Match[str]]) -> list[re.Match[str]]:
    """A piece without leading title words ("President") and dangling connectors."""
    while piece and (
        _is_leading(piece[0].group())
        or piece[0].group().lower() in _CONNECTORS
        or (
            piece[0].group().lower() in _NATIONALITIES
            and len(piece) > 1
            and _is_leading(piece[1].group())
        )
    ):
        piece = piece[1:]
    while piece and piece[-1].group().lower() in _CONNECTORS:
        piece = piece[:-1]
    return piece
