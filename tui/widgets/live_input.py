"""An input box that acts on every edit in the same frame as the keystroke."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.geometry import Size
from textual.widgets import Input


class LiveInput(Input):
    """A one-line ``Input`` whose edits are handled synchronously and cheaply.

    Two costs of Textual's ``Input`` matter when every keystroke filters or
    searches 100,000 records: ``Input.Changed`` reaches the screen a message
    later (a second frame), and each edit sets the box's scrollable size,
    which lays out the whole screen.  Here ``on_edit`` is called from the
    value's watcher, and the size is set without a layout pass (the box is
    one line of fixed height, so its layout cannot change).
    """

    LEAVING_KEYS: ClassVar[frozenset[str]] = frozenset()
    """Keys whose binding takes the focus out of the box (run as they arrive)."""

    def __init__(self, *, value: str = "", placeholder: str = "", id: str | None = None) -> None:
        super().__init__(value=value, placeholder=placeholder, id=id)
        self.on_edit: Callable[[str], None] | None = None
        """Called with the text after every edit by the user (set by the screen)."""
        self._quiet = False

    async def _on_key(self, event: events.Key) -> None:
        # Textual queues each key on the widget focused when it was read, and
        # checks bindings only once a key has bubbled up to the app: keys typed
        # right behind an Enter or Tab (a fast typist, a paste, tmux send-keys)
        # reach this box before the binding has moved the focus away. So the
        # keys that leave the box run their binding here, at once, and keys
        # that arrive once it has lost the focus go to whatever has it now.
        if self.screen.focused is not self:  # (has_focus changes a message later)
            event.prevent_default()  # not Input's: it would type the character here
            event.stop()
            self.app.post_message(events.Key(event.key, event.character))
            return
        if event.key in self.LEAVING_KEYS:
            active = self.screen.active_bindings.get(event.key)
            if active is not None:
                event.prevent_default()
                event.stop()
                await self.app.run_action(active.binding.action, active.node)

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)  # finds the size already set: no layout

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
