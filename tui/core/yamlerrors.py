"""PyYAML's errors, told as one sentence a person can act on.

:mod:`tui.core.yamlfile` reads the files; this module turns what PyYAML raises
into a :class:`YamlProblem`: what it found, on which line, and what to do.
"""

from __future__ import annotations

import re

import yaml


class YamlProblem(Exception):
    """A file that is not a YAML list of records; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


# PyYAML's words for common mistakes, and what a person can do about each:
# (part of the problem, advice, whether the context line is the one to show).
_ADVICE: tuple[tuple[str, str, bool], ...] = (
    (
        "mapping values are not allowed",
        "put a value that contains ': ' in quotes, or indent this line like the fields above it",
        False,
    ),
    ("could not find expected ':'", "write each field as 'name: value'", True),
    ("tab character", "indent with spaces, not tabs", False),
    ("found character '\\t'", "indent with spaces, not tabs", False),
    ("unexpected end of stream", "a quote or bracket opened here is never closed", True),
    ("did not find expected ',' or ']'", "a '[' opened here is never closed with ']'", True),
    ("did not find expected ',' or '}'", "a '{' opened here is never closed with '}'", True),
    ("did not find expected '-' indicator", "indent this line like the list items above it", False),
    (
        "did not find expected key",
        "check this line's indentation; a quote inside a quoted value is written \\\" or ''",
        False,
    ),
    (
        "unknown escape character",
        "in double quotes a backslash starts an escape; write \\\\ or use single quotes",
        False,
    ),
    (
        "cannot start any token",
        "a value starting with @, ` or % must be in quotes",
        False,
    ),
    ("unhashable key", "a field name must be plain text, not a list or a mapping", False),
    ("but found another document", "a data file holds one document: remove the '---' line", False),
)


def explain(error: yaml.MarkedYAMLError) -> YamlProblem:
    """One line from PyYAML's error: what it found, where, and advice when we have some."""
    problem = error.problem or error.context or "invalid YAML"
    prefer_context = False
    tag = re.search(r"constructor for the tag '([^']*)'", problem)
    if tag:
        shown = tag.group(1).replace("tag:yaml.org,2002:", "!!")
        problem = (
            f"the tag '{shown}' is refused; data files hold only plain values "
            "(text, numbers, true/false, lists and mappings)"
        )
    for words, advice, use_context in _ADVICE:
        if words in problem:
            problem = f"{problem}; {advice}"
            prefer_context = use_context
            break
    marks = (error.context_mark, error.problem_mark)
    mark = next((m for m in (marks if prefer_context else marks[::-1]) if m is not None), None)
    return YamlProblem(f"YAML error: {problem}", mark.line + 1 if mark is not None else None)


_CHARACTER_NAMES = {0: "NUL", 0x07: "BEL", 0x08: "BS", 0x1B: "ESC", 0x7F: "DEL"}


def explain_character(text: str, error: yaml.reader.ReaderError) -> YamlProblem:
    """A character YAML refuses (a control character, a NUL byte), with its line."""
    code = error.character if isinstance(error.character, int) else None
    if code is None:
        return YamlProblem(f"YAML error: {error.reason}")
    # The reader stops at the first refused character, so its first occurrence is it.
    index = text.find(chr(code))
    line = text.count("\n", 0, index) + 1 if index >= 0 else None
    column = index - text.rfind("\n", 0, index) if index >= 0 else None
    name = _CHARACTER_NAMES.get(code, "a control character")
    where = f" at column {column}" if column is not None else ""
    if code == 0:
        advice = "is this a binary file, or text saved as UTF-16? Save it as UTF-8 text"
    else:
        advice = "delete it"
    return YamlProblem(
        f"character U+{code:04X} ({name}){where} is not allowed in YAML; {advice}", line
    )
