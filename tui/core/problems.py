"""Load problems: what went wrong, where, in one readable line each."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Control characters (C0, DEL, C1) and the bidirectional overrides: printed raw,
# they could move the cursor, retitle the terminal or reorder the line a person reads.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` on one line, each control character shown as an escape (``\\x1b``)."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a data directory, located as precisely as known."""

    file: str
    """File name relative to the data directory (or the directory itself)."""
    message: str
    """What is wrong and, where it helps, what to do about it."""
    line: int | None = None
    """1-based line in ``file``, when YAML gives one."""
    record: str | None = None
    """Id of the record concerned (or ``#N`` for a record without a usable id)."""

    def __str__(self) -> str:
        # Ids, field names and paths come from the data: the line must not be able
        # to act on the terminal it is printed to.
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        record = self.record or ""
        if len(record) > 60:  # an id of 100,000 letters is named by its start
            record = record[:59] + "…"
        who = f" {record}:" if record else ""
        return printable(f"{where}:{who} {self.message}")


class DataError(Exception):
    """A data directory that cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        summary = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(summary + ":\n" + "\n".join(str(p) for p in problems))
