"""What every kind's list row is drawn with: the marks and the styles of a list."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

CERTAINTY_MARKS = {"stated": " ", "approximate": "~", "inferred": "?"}
"""One-character marks after a date: approximate (~) and inferred (?) dates."""
PLANNED_MARK = "▷"
DISCREPANCY_MARK = "≠"


@dataclass(frozen=True, slots=True)
class RowStyle:
    """The list's styles a row is drawn in, and what the row needs to know of it."""

    muted: Style
    accent: Style
    warning: Style
    heading: Style
    width: int
    """Columns the row may take."""
    previous: str = ""
    """The group of the row above (people are listed under their initial)."""
    date_width: int = 11
    """Columns of the date, where a kind's rows start with one."""

    @property
    def wide(self) -> bool:
        """Room for the columns a narrow list leaves out."""
        return self.width >= 70


def flag(disputed: str, style: RowStyle) -> Text:
    """The discrepancy mark column."""
    return Text(DISCREPANCY_MARK if disputed else " ", style=style.warning)
