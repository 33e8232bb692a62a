"""Keys typed faster than focus moves reach the widget that has focus.

Textual hands each key to the focused widget's message queue as soon as it is
read, and resolves a key's bindings only when the key has bubbled back up to
the app. Keys typed in one burst ("/dang", or "s" then "putin") are therefore
all queued on the widget that had focus when they arrived, and reach the app
after the first of them has moved the focus: the rest would then be resolved
against the new focus without ever reaching it ("d" opened the Discrepancies
over the filter box it was typed for). Here a key that comes back from a
widget that has lost focus is handed to the app again, as if just typed, so
it goes where the focus is now, in the order typed. (A widget that acts on
keys itself rather than through bindings, as a text box does, hands such keys
back itself: see :class:`tui.widgets.live_input.LiveInput`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

_RECEIVER = "_vnru_receiver"


def note_receiver(event: events.Key, receiver: Widget | None) -> None:
    """Record which widget the app hands ``event`` to (any widget, a built-in one
    in a dialog included), so that :func:`received_elsewhere` can tell."""
    setattr(event, _RECEIVER, receiver)


def hand_back(app: App[Any], event: events.Key) -> None:
    """Type ``event``'s key again: the app gives it to the widget focused now."""
    app.post_message(events.Key(event.key, event.character))


def received_elsewhere(app: App[Any], event: events.Key) -> bool:
    """True for a key that bubbled up from the widget it was handed to, which no
    longer has focus (the app calls this before it resolves the key's bindings)."""
    receiver = getattr(event, _RECEIVER, None)
    return receiver is not None and receiver is not app.focused
