"""The key bar: one line at the bottom naming the keys that work here."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget, can_focus=False):
    """The keys that work in the focused widget, as one line of text.

    It shows what Textual's ``Footer`` shows, but as a single widget: the
    Footer mounts a widget per key and recomposes on every focus change,
    which costs about 90 ms of start-up here.  A click on a key presses it.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[tuple[int, int, str]] = []  # (start, end, key) of each hint

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._keys:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        disabled_style = self.get_component_rich_style("key-bar--disabled")
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        self._keys = []
        shown: set[str] = set()
        palette = self.app.COMMAND_PALETTE_BINDING
        hints = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown and binding.key != palette:
                shown.add(binding.action)
                hints.append((binding, enabled))
        command = self.screen.active_bindings.get(palette)
        if command is not None and self.app.ENABLE_COMMAND_PALETTE:
            hints.append((command.binding, command.enabled))
        labels = [
            (self.app.get_key_display(binding), binding, enabled) for binding, enabled in hints
        ]
        # Keys padded like Textual's footer when they fit; tighter, then with
        # one-word descriptions, then the last hints lose their word (help
        # keeps its own) when they do not: a narrow terminal loses words, never keys.
        width = self.size.width
        keys = [key for key, _binding, _enabled in labels]
        words = [binding.description for _key, binding, _enabled in labels]
        roomy = _length(keys, words, padding=5) <= width
        if not roomy and _length(keys, words) > width:
            words = [word.split()[0] if word else word for word in words]
            droppable = [
                index
                for index, (_key, binding, _enabled) in enumerate(labels)
                if binding.action != "help"
            ]
            while _length(keys, words) > width and droppable:
                words[droppable.pop()] = ""
        for (key, binding, enabled), word in zip(labels, words, strict=True):
            start = len(text)
            text.append(
                f" {key} " if roomy else f" {key}", key_style if enabled else disabled_style
            )
            if word:
                text.append(f" {word} " + (" " if roomy else ""), description_style)
            self._keys.append((start, len(text), binding.key))
        return text

    @property
    def hints(self) -> list[tuple[int, int, str]]:
        """The first and last + 1 column and the key of each hint drawn."""
        return list(self._keys)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()


def _length(keys: list[str], words: list[str], padding: int = 3) -> int:
    """Cells taken by the hints ``keys`` and ``words`` with ``padding`` around each."""
    return sum(len(key) + len(word) + padding for key, word in zip(keys, words, strict=True))
