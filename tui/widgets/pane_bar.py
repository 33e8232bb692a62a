"""The pane bar: which list is on show, and the number keys that switch."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class PaneBar(Widget, can_focus=False):
    """One line naming the panes, the current one highlighted; a click switches.

    A single widget rather than Textual's ``Tabs`` (seven widgets and an
    animated underline): the main screen's start-up cost grows with its widget
    count, and the number keys do the switching anyway.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pane-bar--active", "pane-bar--key"}

    active: reactive[str] = reactive("")
    """Id of the pane on show."""

    class Chosen(Message):
        """A pane was clicked."""

        def __init__(self, pane: str) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, panes: tuple[tuple[str, str], ...], *, id: str | None = None) -> None:
        """``panes``: (pane id, label) in key order."""
        super().__init__(id=id)
        self.panes = panes
        self._spans: list[tuple[int, int, str]] = []

    def on_click(self, event: events.Click) -> None:
        for start, end, pane in self._spans:
            if start <= event.x < end:
                self.post_message(self.Chosen(pane))
                return

    def render(self) -> Text:
        # Narrower terminals get tighter gaps, then shortened names for the panes
        # not on show, then their keys alone: every key stays visible at 80 columns.
        width = self.size.width or 10_000
        for gap, room in (("   ", None), ("  ", None), (" ", None), (" ", 4), (" ", 0)):
            text = self._line(gap, room)
            if len(text) <= width:
                break
        return text

    def _line(self, gap: str, room: int | None) -> Text:
        """The bar with ``gap`` between panes and inactive names cut to ``room``."""
        active_style = self.get_component_rich_style("pane-bar--active")
        key_style = self.get_component_rich_style("pane-bar--key")
        text = Text(" ", no_wrap=True, overflow="ellipsis", end="")
        self._spans = []
        for number, (pane, label) in enumerate(self.panes, 1):
            if number > 1:
                text.append(gap)
            start = len(text)
            if pane == self.active:
                text.append(f"{number} {label} ", active_style)
            else:
                if room is not None and room < len(label):
                    label = f"{label[:room]}." if room else ""
                text.append(str(number), key_style)
                text.append(f" {label}" if label else "")
            self._spans.append((start, len(text), pane))
        return text
