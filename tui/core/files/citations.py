"""Find quotes in their articles, ignoring differences in whitespace only."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_WHITESPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets ``[start, end)`` of a passage in an article's text."""

    start: int
    end: int


class ArticleIndex:
    """An article's text with a whitespace-collapsed copy for quote lookup.

    The collapsed copy is made of segments of the original separated by single
    spaces; ``_segments`` holds where each segment starts in the copy and in
    the original, so a match in the copy maps back to an exact span of the
    original (which the UI highlights) without a per-character table.
    """

    __slots__ = ("_collapsed", "_copy_starts", "_original_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        copy_starts = [0]
        original_starts = [0]
        shrink = 0  # characters removed so far
        for match in _WHITESPACE_RUN.finditer(text):
            shrink += match.end() - match.start() - 1
            copy_starts.append(match.end() - shrink)
            original_starts.append(match.end())
        self._collapsed = _WHITESPACE_RUN.sub(" ", text)
        self._copy_starts = copy_starts
        self._original_starts = original_starts

    def _original(self, position: int) -> int:
        segment = bisect_right(self._copy_starts, position) - 1
        return self._original_starts[segment] + position - self._copy_starts[segment]

    def find(self, quote: str) -> Span | None:
        """Locate ``quote`` (whitespace-insensitive); ``None`` when absent."""
        needle = _WHITESPACE_RUN.sub(" ", quote).strip()
        if not needle:
            return None
        at = self._collapsed.find(needle)
        if at < 0:
            return None
        return Span(self._original(at), self._original(at + len(needle) - 1) + 1)
