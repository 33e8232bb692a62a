"""Filtering one list and searching everything, with match positions for highlighting.

Queries are split into words; every word must match (AND) the start of a word
of the text, as a search engine matches ("ener" finds energy).  The index
(SQLite FTS5, :mod:`tui.core.index`) finds the candidates; matching follows
how a reader of this material types:

- Smart case: a query with no capital letters ignores case; one with a capital
  letter matches case exactly (as in fzf, less and vim).
- A word typed in plain ASCII matches the text folded to plain Latin
  (:mod:`tui.core.folding`): "son" finds Sơn, "dang" finds Đặng, "putin" finds
  Путин, "-" finds "–". A word typed with a diacritic or in another script
  matches only itself: "sơn" does not find "son".

The index holds every text folded, so each word is first looked up there; a
word that needs more — a capital, a diacritic — is then checked against the
text itself, for those candidates only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from tui.core.folding import fold, fold_with_origins, spans_in_original

WORD = re.compile(r"[0-9A-Za-z]+")
"""A word as the index splits folded text (FTS5's unicode61 on plain Latin)."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: its words and whether case matters."""

    terms: tuple[str, ...]
    case_sensitive: bool

    @classmethod
    def parse(cls, text: str) -> Query:
        """Split ``text`` into words; smart case decides case sensitivity."""
        words = tuple(dict.fromkeys(text.split()))
        sensitive = any(char.isupper() for char in text)
        return cls(words, sensitive)

    @property
    def empty(self) -> bool:
        """True when there is nothing to match: every item matches."""
        return not self.terms

    def needles(self) -> tuple[str, ...]:
        """The terms as the query compares them: lower-cased unless case matters."""
        return self.terms if self.case_sensitive else tuple(t.lower() for t in self.terms)

    def keys(self) -> tuple[bytes, ...]:
        """Each term as it must occur in folded, lower-cased UTF-8 text (a match
        needs that, and for a lower-case ASCII term it is all a match needs)."""
        return tuple(fold(term).lower().encode() for term in self.terms)

    def exact(self) -> tuple[str, ...]:
        """The needles a folded match does not settle: any with a letter when case
        matters, any with a character outside ASCII. Each is checked in the text."""
        return tuple(
            needle
            for needle in self.needles()
            if not needle.isascii() or (self.case_sensitive and needle.lower() != needle.upper())
        )

    def matches_text(self, text: str, needles: Iterable[str] | None = None) -> bool:
        """True when every term (or every one of ``needles``, taken from
        :meth:`needles`) occurs in ``text`` by the rules above."""
        folded: str | None = None
        lowered: str | None = None
        for needle in self.needles() if needles is None else needles:
            if needle.isascii():
                if folded is None:
                    folded = fold(text) if self.case_sensitive else fold(text).lower()
                if needle not in folded:
                    return False
            else:
                if lowered is None:
                    lowered = text if self.case_sensitive else text.lower()
                if needle not in lowered:
                    return False
        return True

    def matches_words(self, text: str) -> bool:
        """The rule the filter and the search follow: every word, folded to plain
        Latin, starts a word of ``text`` folded likewise (a word typed as several,
        "2024-05", must find them in a row); words that need more (a capital, a
        diacritic, only punctuation) must also occur as :meth:`matches_text` says."""
        words = WORD.findall(fold(text).lower())
        for term in self.terms:
            wanted = WORD.findall(fold(term).lower())
            if wanted and not _starts_words(words, wanted):
                return False
        return self.matches_text(text, self.unsettled())

    def short_prefix(self) -> bool:
        """True when a word ends in a prefix of one or two characters, which the
        index answers only once it has gathered every word it begins."""
        return any(short_word(term) for term in self.terms)

    def index_matcher(self) -> Callable[[str], bool]:
        """What the index finds (:func:`fts_query` and :func:`candidates`), as a test
        of one text folded to plain Latin, as the index holds it: every word starts a
        word of it, and every word of punctuation occurs in it. What only the text as
        written settles (a capital, a diacritic) is left to the caller, as the index
        leaves it."""
        tests = []
        for term in self.terms:
            wanted = WORD.findall(fold(term).lower())
            if len(wanted) == 1:
                tests.append(partial(_starts_a_word, wanted[0]))
            elif wanted:
                # Consecutive words of the text, the first at a word's start and the
                # last as a prefix; WORD splits lower-cased text at anything else.
                between = "[^0-9a-z]+"
                pattern = re.compile("(?<![0-9a-z])" + between.join(map(re.escape, wanted)))
                tests.append(partial(_has, wanted[0], pattern))
        marks = [fold(needle) for needle in self.needles() if not WORD.search(fold(needle))]

        def matches(folded: str) -> bool:
            lowered = folded.lower()
            return all(test(lowered) for test in tests) and all(mark in folded for mark in marks)

        return matches

    def word_matcher(self) -> Callable[[str], bool]:
        """:meth:`matches_words` as one function, quicker over many texts: the
        query's words become one regular expression per term, made once."""
        matches = self.folded_matcher()
        return lambda text: matches(text, fold(text))

    def folded_matcher(self) -> Callable[[str, str], bool]:
        """:meth:`word_matcher` of a text given with its :func:`fold` made ahead."""
        indexed = self.index_matcher()
        unsettled = self.unsettled()

        def matches(text: str, folded: str) -> bool:
            return indexed(folded) and (not unsettled or self.matches_text(text, unsettled))

        return matches

    def unsettled(self) -> tuple[str, ...]:
        """The needles an index of folded words does not settle: :meth:`exact`, and
        any without a letter or a digit."""
        return self.exact() + tuple(
            needle
            for needle in self.needles()
            if not WORD.search(fold(needle)) and needle not in self.exact()
        )

    def ranges(self, text: str) -> list[tuple[int, int]]:
        """Every ``[start, end)`` where a term occurs in ``text``, merged and sorted."""
        if self.empty:
            return []  # every unfiltered row drawn asks: no folding for nothing
        found: list[tuple[int, int]] = []
        folding = fold_with_origins(text)  # once for every term
        for needle in self.needles():
            found += self.term_ranges(text, needle, folding)
        return _merge(found)

    def term_ranges(
        self,
        text: str,
        needle: str,
        folding: tuple[str, list[int] | None] | None = None,
    ) -> list[tuple[int, int]]:
        """Where one of :meth:`needles` occurs in ``text``, in ``text``'s positions
        (``folding``: :func:`fold_with_origins` of ``text``, when already made)."""
        if not needle:
            return []
        if not needle.isascii():
            target = text if self.case_sensitive else text.lower()
            return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), target)]
        folded, origins = folding if folding is not None else fold_with_origins(text)
        target = folded if self.case_sensitive else folded.lower()
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), target)]
        return spans_in_original(spans, origins)


SHORT_WORD = 2
"""A word of this many letters or fewer is a prefix of so many words that the index
gathers them all before it answers, and ranking its matches orders half the archive."""


def short_word(term: str) -> bool:
    """True when ``term`` ends in a word of :data:`SHORT_WORD` letters or fewer."""
    tokens = WORD.findall(fold(term))
    return bool(tokens) and len(tokens[-1]) <= SHORT_WORD


_WORD_CHARACTERS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")


def _starts_a_word(word: str, text: str) -> bool:
    """True when ``word`` begins a word of ``text`` (both folded and lower-cased):
    a literal search, many times quicker than a regular expression's look-behind."""
    at = text.find(word)
    while at > 0 and text[at - 1] in _WORD_CHARACTERS:
        at = text.find(word, at + 1)
    return at >= 0


def _has(first: str, pattern: re.Pattern[str], text: str) -> bool:
    """True when ``pattern`` is in ``text``, looked for only where ``first``, the
    literal it begins with, is."""
    return first in text and pattern.search(text) is not None


def _starts_words(words: list[str], wanted: list[str]) -> bool:
    """True when ``wanted`` occurs in ``words`` in a row, its last word as a prefix."""
    *whole, last = wanted
    size = len(whole)
    for at in range(len(words) - size):
        if words[at : at + size] == whole and words[at + size].startswith(last):
            return True
    return False


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def fts_query(query: Query, column: str | None = None) -> str | None:
    """The FTS5 expression finding the records that may match ``query``: each word,
    folded to plain Latin, as a quoted phrase whose last token is a prefix.

    What the user typed is only ever inside double quotes (doubled, as FTS5
    escapes them), so ``"``, ``*``, ``AND``, ``(``, ``-`` and ``NEAR`` are text.
    None when no word has a letter or a digit (every record is a candidate).
    """
    phrases = []
    for term in query.terms:
        tokens = WORD.findall(fold(term))
        if tokens:
            phrase = '"' + " ".join(tokens).replace('"', '""') + '"*'
            phrases.append(f"{column} : {phrase}" if column else phrase)
    return " AND ".join(phrases) if phrases else None


def candidates(
    query: Query, table: str, columns: tuple[str, ...], *, words: bool = True
) -> tuple[str, list[str]] | None:
    """An SQL condition on ``rowid`` that keeps the rows of the FTS5 table ``table``
    that may match ``query`` in ``columns``, and its parameters; None when every row
    may.  Words are looked up in the index; a word of punctuation only ("[", "–"),
    which the index does not hold, is looked for in the folded text it keeps.
    ``words=False`` leaves the words out (the caller matches them itself, to rank)."""
    conditions: list[str] = []
    values: list[str] = []
    column = columns[0] if len(columns) == 1 else "{" + " ".join(columns) + "}"
    expression = fts_query(query, column) if words else None
    if expression is not None:
        conditions.append(f"rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)")
        values.append(expression)
    text = " || char(10) || ".join(columns)
    for needle in query.needles():
        if not WORD.search(fold(needle)):
            conditions.append(f"rowid IN (SELECT rowid FROM {table} WHERE instr({text}, ?) > 0)")
            values.append(fold(needle))
    return (" AND ".join(conditions), values) if conditions else None
