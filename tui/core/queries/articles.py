"""Article text for reading: paragraphs, page boilerplate, excerpt context.

The articles were saved from news sites with their navigation: 'Related'
blocks, page counters, 'Hit Counter', headlines repeated as photo captions.
:func:`paragraphs` marks those lines as boilerplate so the reader can dim or
fold them; nothing is ever removed from the text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.files.citations import Span
from tui.core.folding import fold_with_origins, spans_in_original

_BOILERPLATE_LINES = frozenset(
    {
        "related",
        "related news",
        "hit counter",
        "useful information",
        "foreign news",
        "« back",
        "source",
        "comment (0)",
    }
)
_BOILERPLATE_PATTERNS = (
    re.compile(r"^trang \d+/\d+$"),  # Vietnamese page counter
    re.compile(r"^page \d+ of \d+$"),
    re.compile(r"^mời quý độc giả"),  # 'readers, follow VOV.VN on…'
    re.compile(r"^\(source: .*\)$"),
    re.compile(r"^comment \(\d+\)$"),
)
_RELATED_MARKERS = frozenset({"related", "related news"})
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":", ")")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One non-blank line of an article."""

    start: int
    end: int
    boilerplate: bool
    """Navigation or page furniture rather than the story."""


def paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs (non-blank lines) and mark the boilerplate.

    Boilerplate: known navigation lines, lines repeating an earlier line
    (duplicated headlines), everything after a 'Related' marker, and the run of
    unpunctuated headline-like lines that closes a page.
    """
    found: list[tuple[int, int, str]] = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            found.append((position + lead, position + lead + len(stripped), stripped))
        position += len(line) + 1

    seen: set[str] = set()
    marks: list[bool] = []
    in_related = False
    for _start, _end, stripped in found:
        key = stripped.casefold()
        if key in _RELATED_MARKERS:
            in_related = True
        boiler = (
            in_related
            or key in _BOILERPLATE_LINES
            or any(p.match(key) for p in _BOILERPLATE_PATTERNS)
            or stripped in seen
        )
        seen.add(stripped)
        marks.append(boiler)

    # The closing run of short unpunctuated lines (headline lists) is navigation.
    index = len(found) - 1
    while index >= 0 and marks[index]:
        index -= 1
    while index > 0:
        stripped = found[index][2]
        if stripped.endswith(_SENTENCE_END) or len(stripped) > 160:
            break
        marks[index] = True
        index -= 1
    return [Paragraph(s, e, m) for (s, e, _), m in zip(found, marks, strict=True)]


def excerpt(text: str, span: Span, context: int = 220) -> tuple[str, str, str]:
    """The quote with a little surrounding context: ``(before, quote, after)``.

    Context stays within the quote's paragraph(s) and is cut at a word
    boundary, at most ``context`` characters each side, marked with '…'.
    """
    para_start = text.rfind("\n", 0, span.start) + 1
    para_end = text.find("\n", span.end)
    if para_end < 0:
        para_end = len(text)
    before = text[para_start : span.start]
    after = text[span.end : para_end]
    if len(before) > context:
        cut = before[-context:]
        space = cut.find(" ")
        before = "…" + (cut[space + 1 :] if 0 <= space < 40 else cut)
    if len(after) > context:
        cut = after[:context]
        space = cut.rfind(" ")
        after = (cut[:space] if space > context - 40 else cut) + "…"
    return before.lstrip(), text[span.start : span.end], after.rstrip()


def find_phrase(text: str, phrase: str) -> list[Span]:
    """Every occurrence of ``phrase`` in ``text``, in order (the reader's ``/``).

    Smart case, as everywhere in vnru: a capital letter makes the search
    case-sensitive.  A phrase typed in plain ASCII also matches the text with
    its diacritics and in other scripts ("son" finds Sơn), as the filter does;
    one typed with diacritics matches only itself.  Any run of spaces or line
    breaks in ``phrase`` matches any run of whitespace in the text, as a quote
    wrapped over lines still reads.
    """
    words = phrase.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(word) for word in words)
    flags = 0 if any(char.isupper() for char in phrase) else re.IGNORECASE
    if not phrase.isascii():
        return [Span(match.start(), match.end()) for match in re.finditer(pattern, text, flags)]
    folded, origins = fold_with_origins(text)
    found = [(match.start(), match.end()) for match in re.finditer(pattern, folded, flags)]
    return [Span(start, end) for start, end in spans_in_original(found, origins)]
