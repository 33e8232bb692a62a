"""An input box that acts on every edit in the same frame as the keystroke."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from textual import events
from textual.binding import Binding

from tui.widgets.key_handoff import hand_back
from tui.widgets.textual_private import InputWithoutRelayout


class LiveInput(InputWithoutRelayout):
    """A one-line ``Input`` whose edits are handled synchronously and cheaply.

    Two costs of Textual's ``Input`` matter when every keystroke filters or
    searches 100,000 records: ``Input.Changed`` reaches the screen a message
    later (a second frame), and each edit sets the box's scrollable size,
    which lays out the whole screen.  Here ``on_edit`` is called from the
    value's watcher, and the size is set without a layout pass (the box is
    one line of fixed height, so its layout cannot change).
    """

    def __init__(self, *, value: str = "", placeholder: str = "", id: str | None = None) -> None:
        super().__init__(value=value, placeholder=placeholder, id=id)
        self.on_edit: Callable[[str], None] | None = None
        """Called with the text after every edit by the user (set by the screen)."""
        self._quiet = False

    async def on_key(self, event: events.Key) -> None:
        if self.app.focused is not self:
            # Typed before the focus left the box (see tui.widgets.key_handoff):
            # the box would type it in; the widget focused now gets it instead.
            event.prevent_default()
            event.stop()
            hand_back(self.app, event)
            return
        # The box's own bindings (a subclass's: Enter, Escape) act here, in order
        # with the typing around them; resolved at the app, as bindings are, the
        # keys typed after Enter would be typed into the box before Enter left it.
        if action := _own_actions(type(self)).get(event.key):
            event.prevent_default()
            event.stop()
            await self.run_action(action)

    def watch_value(self, value: str) -> None:
        if self.on_edit is not None and not self._quiet and self.is_mounted:
            self.on_edit(value)

    def set_quietly(self, value: str) -> None:
        """Set the text without calling ``on_edit`` (the screen restoring a state)."""
        self._quiet = True
        try:
            self.value = value
        finally:
            self._quiet = False


@cache
def _own_actions(box: type[LiveInput]) -> dict[str, str]:
    """Key to action for the bindings a subclass of :class:`LiveInput` declares
    (not Input's own), read once per class: this runs on every keystroke."""
    actions: dict[str, str] = {}
    for klass in box.__mro__:
        if klass is LiveInput:
            break
        for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", [])):
            actions.setdefault(binding.key, binding.action)
    return actions
