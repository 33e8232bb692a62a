"""Text from the data files made safe to place in Markdown.

Titles, quotes and notes are untrusted: a ``*``, ``[^1]``, ``<script>`` or
``$…$`` in them must print as itself, not change the document.
CommonMark lets a backslash escape any ASCII punctuation, so the characters
that can start markup are escaped and runs of whitespace (newlines
included) become one space, which keeps every value on its own line item.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")  # $: GitHub and Pandoc read $…$ as maths
_WHITESPACE = re.compile(r"\s+")


def escape_markdown(text: str) -> str:
    """``text`` on one line, with Markdown-significant characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", _WHITESPACE.sub(" ", text).strip())


_BLOCK_START = re.compile(r"^([#+=-])|^(\d+)([.)])")
"""What would open a heading, list or rule at the start of a line (a digit is
no punctuation: ``1.`` is escaped as ``1\\.``)."""
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def markdown_note(text: str, indent: str) -> str:
    """A note of several lines, its line breaks kept: the lines of a paragraph
    end in hard breaks (a backslash), paragraphs are separated by a blank
    line, and every line after the first is indented by ``indent`` so it stays
    within the list item the note belongs to. Each line is escaped as
    :func:`escape_markdown` escapes, and a line that would open a heading, a
    list or a rule is escaped at its start."""
    paragraphs = []
    for paragraph in _PARAGRAPH_BREAK.split(text.strip()):
        lines = [escape_markdown(line) for line in paragraph.splitlines() if line.strip()]
        lines = [_BLOCK_START.sub(_escape_block_start, line) for line in lines]
        paragraphs.append(f"\\\n{indent}".join(lines))
    return f"\n\n{indent}".join(paragraphs)


def _escape_block_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"
