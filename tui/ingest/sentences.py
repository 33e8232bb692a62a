"""Sentences of an article as ``[start, end)`` spans of its text.

A citation quotes at least one whole sentence, so every suggestion is anchored
to the sentence it was found in. The split is deliberately simple: a full stop,
question or exclamation mark (and any closing quote or bracket) followed by
space and a capital, a digit or an opening quote, and every line end; initials
("V. N. Kharinov") and common abbreviations ("Mr.", "Nov.") do not end one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]*[^\W_a-z])|\n")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sr",
        "jr",
        "st",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "gov",
        "sen",
        "rep",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "approx",
    ]
)
_TOKEN_BEFORE = re.compile(r"([\w.]+)\.$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its offsets in the article's text."""

    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order, each trimmed of surrounding spaces."""
    found: list[Sentence] = []
    begin = 0
    for mark in _END.finditer(text):
        end = mark.end() if mark.group() != "\n" else mark.start()
        if mark.group() != "\n" and _is_abbreviation(text, begin, mark.start() + 1):
            continue
        _add(text, begin, end, found)
        begin = mark.end()
    _add(text, begin, len(text), found)
    return found


def _is_abbreviation(text: str, begin: int, dot_end: int) -> bool:
    token = _TOKEN_BEFORE.search(text, max(begin, dot_end - 12), dot_end)
    if token is None:
        return False
    word = token.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "V. N. Kharinov"
        return True
    return word.lower() in _ABBREVIATIONS


def _add(text: str, start: int, end: int, found: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        found.append(Sentence(start, end))
