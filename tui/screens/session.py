"""What screens and the palette may ask of the app, without importing it.

Data flows down and messages flow up: a screen that wants the app to do
something (show a record on the main screen) posts one of these messages,
which bubbles from the screen to the app; what a screen needs to read of the
app's state (the knowledge base, the user's notebook) it reads through
:class:`Session`, which the app implements.  The app imports the screens;
nothing here or in a screen imports the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.message import Message

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tui.core.outputs.notebook import Notebook
    from tui.core.queries.knowledge import KnowledgeBase


class GoToRecord(Message):
    """Close the screens above the main one and show a record there."""

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id
        """The record to show."""


class RunMainAction(Message):
    """Close the screens above the main one and run one of its actions there
    (the palette's Bookmarks, Discrepancies, Export and Citation style)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        """The main screen's action, as a binding names it (``show_bookmarks``)."""


@runtime_checkable
class Session(Protocol):
    """The app-wide state a screen may read: methods only, so that checking an
    app against this protocol runs none of them."""

    def loaded_knowledge_base(self) -> KnowledgeBase | None:
        """The knowledge base on show, or None while it is still loading."""

    def open_notebook(self) -> Notebook:
        """The user's bookmarks, notes and citation style (opened on first use;
        any problem with the file is shown as a warning)."""

    def call_after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the first frame is on the terminal."""


def session_of(node: DOMNode) -> Session | None:
    """The session of the app ``node`` runs in (None in an app that is not vnru's)."""
    app = node.app
    return app if isinstance(app, Session) else None


def notebook_of(node: DOMNode) -> Notebook:
    """The user's notebook, from the app ``node`` runs in."""
    session = session_of(node)
    if session is None:
        raise LookupError("the notebook is kept by the vnru app")
    return session.open_notebook()
