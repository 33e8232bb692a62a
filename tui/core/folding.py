"""Text folded the way a reader types it: every letter in plain Latin.

Vietnamese diacritics (đ/Đ included, which Unicode decomposition does not fold),
Cyrillic and other scripts, and typographic punctuation become the ASCII a
reader would type on an English keyboard: "Phan Anh Sơn" → "Phan Anh Son",
"Путин" → "Putin", "2024–2025" → "2024-2025". The mapping is anyascii's, one
character at a time, so a match in folded text maps back to the characters it
came from.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


class _FoldTable(dict[int, str]):
    """Code point → its plain-Latin spelling, for ``str.translate``; filled as
    characters are first met, so folding runs at C speed after that."""

    def __missing__(self, code: int) -> str:
        folded: str = anyascii(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable({code: chr(code) for code in range(128)})


def fold(text: str) -> str:
    """``text`` in plain Latin; ASCII text is returned as it is."""
    return text if text.isascii() else text.translate(_TABLE)


def fold_with_origins(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)`` and, for each of its characters, the index in ``text`` of the
    character it came from (``None`` when ``text`` is ASCII: each is its own)."""
    if text.isascii():
        return text, None
    parts: list[str] = []
    origins: list[int] = []
    at = 0
    for run in _NON_ASCII.finditer(text):
        start, end = run.span()
        parts.append(text[at:start])
        origins.extend(range(at, start))
        for index in range(start, end):
            folded = _TABLE[ord(text[index])]
            parts.append(folded)
            origins.extend([index] * len(folded))
        at = end
    parts.append(text[at:])
    origins.extend(range(at, len(text)))
    return "".join(parts), origins


def spans_in_original(
    spans: list[tuple[int, int]], origins: list[int] | None
) -> list[tuple[int, int]]:
    """``[start, end)`` spans of a folded text (:func:`fold_with_origins`) as spans
    of the text it was folded from: a match inside one letter's folding ("hch" in
    the "Shch" of Щ) covers that letter."""
    if origins is None:
        return spans
    return [(origins[start], origins[end - 1] + 1) for start, end in spans]
