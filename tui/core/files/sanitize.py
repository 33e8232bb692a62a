"""Neutralise untrusted text at load time.

Article text, names and quotes come from files a user may have been sent.  C0
and C1 control characters (other than newline and tab) can move the cursor,
change the terminal title or colours, so they are removed before any text
reaches the screen.  ESC is a C0 character, so escape sequences lose their
teeth: what remains of them is printable text shown literally.
"""

from __future__ import annotations

import re

# C0 and C1 controls except tab and newline; and the byte-order mark, which an
# editor may leave at the start of a file and which is invisible on screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


def clean_text(text: str) -> str:
    """Return ``text`` with CRLF/CR line ends unified, control characters and BOMs removed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


_WHITESPACE = re.compile(r"\s+")


def collapse_whitespace(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return _WHITESPACE.sub(" ", text).strip()
