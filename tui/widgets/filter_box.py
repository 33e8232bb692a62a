"""The '/' box that filters the main screen's lists as it is typed in."""

from __future__ import annotations

from typing import ClassVar, Protocol

from textual.binding import Binding, BindingType

from tui.widgets.live_input import LiveInput


class FilterOwner(Protocol):
    """What the box filters: told of every edit, and of Enter or Escape."""

    def filter_edited(self, value: str) -> None:
        """Filter by ``value``, as typed so far."""

    def finish_filter(self, *, keep: bool) -> None:
        """Leave the box: keep the filter (Enter) or put back the one '/' found (Escape)."""


class FilterInput(LiveInput):
    """The '/' filter box: Enter keeps the filter, Escape puts back the one '/' found.

    Its owner is called at once rather than sent a message: the keys typed
    right behind Enter must find the focus already back on the list, and each
    edit must filter the list in the frame of its keystroke.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Cancel the edit"),
        # Enter is a binding rather than Input.Submitted, run by the box itself
        # (LiveInput.on_key): keys typed right behind it must not land here.
        Binding("enter", "leave", "Keep the filter"),
        Binding("down", "leave", "Back to the list", show=False),
    ]

    def __init__(self, owner: FilterOwner, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self.owner = owner
        """What the box filters."""
        self.on_edit = owner.filter_edited

    def action_clear(self) -> None:
        """Put back the filter '/' found (none: cleared) and go back to the list."""
        self.owner.finish_filter(keep=False)

    def action_leave(self) -> None:
        """Keep the filter and go back to the list."""
        self.owner.finish_filter(keep=True)
