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
