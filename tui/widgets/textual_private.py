"""Every use of a private Textual API, in one place.

Where Textual 8 offers no public way to do what vnru needs, the workaround
lives here, each with the reason no public API serves.  Nothing else in
``tui/`` may touch a Textual name that starts with an underscore:
``tests/unit/test_import_rules.py`` checks that, and
``tests/unit/test_textual_private.py`` checks that each name used here still
exists with the signature it was written against, and fails on a Textual
version not in :data:`CHECKED_VERSIONS` until someone has looked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.segment import Segment
from textual._border import get_box
from textual.app import App
from textual.geometry import Size
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import WorkerFailed

CHECKED_VERSIONS: tuple[str, ...] = ("8.2.8",)
"""Textual versions whose private APIs below were read and tested.  A new
version is added here once ``tests/unit/test_textual_private.py`` passes on it
and the snapshot tests show nothing changed."""


class AppWithShortErrors(App[int]):
    """An app that keeps its first unexpected error and prints no traceback.

    Textual prints a long traceback, with local variables (which may hold
    data), after restoring the terminal; vnru's command line prints one short
    line instead, and the traceback only with ``--debug``.  Textual has no
    public hook for an unhandled exception: ``App._handle_exception`` is where
    every one arrives (from handlers and from workers), and the traceback it
    prepares waits in ``App._exit_renderables``.  Under the Pilot the error is
    still raised to the test.
    """

    unexpected_error: BaseException | None = None
    """The first unexpected exception, which closed the app; the command line
    reports it once the terminal is restored."""

    def recover_from(self, error: BaseException) -> bool:
        """Handle ``error`` and keep running (True), or let it close the app (False)."""
        return False

    def _handle_exception(self, error: Exception) -> None:
        cause = error.error if isinstance(error, WorkerFailed) else error
        if self.recover_from(cause):
            return
        if self.unexpected_error is None:
            self.unexpected_error = cause
        super()._handle_exception(error)
        self._exit_renderables.clear()  # what Textual would print on exit


class InputWithoutRelayout(Input):
    """An ``Input`` whose edits do not lay out the whole screen.

    ``Input._watch_value`` sets ``virtual_size``, whose change lays out the
    screen (~10 ms at 100,000 records, on every keystroke).  A one-line box of
    fixed height cannot change the layout, so the size is set first, without
    the layout pass, and Textual's watcher then finds it unchanged.  The public
    ``watch_value`` runs after the private one, too late to prevent it.
    """

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)  # finds the size already set: no layout


def own_vertical_scrollbar(widget: Widget, make: Callable[[], ScrollBar]) -> ScrollBar:
    """``widget.vertical_scrollbar``, created by ``make`` on first use.

    What ``Widget.vertical_scrollbar`` does, with a scrollbar class of vnru's
    own (it repaints only when its thumb moves): Textual has no setting for
    the scrollbar's class, and starting a widget outside ``mount`` (as the
    scrollbars are, so they need no place in the DOM's children) is only done
    by the private ``App._start_widget``.
    """
    bar = widget._vertical_scrollbar
    if bar is None:
        bar = make()
        bar.display = False
        widget._vertical_scrollbar = bar
        widget.app._start_widget(widget, bar)
    return bar


def update_scrollbars(widget: Widget, size: Size) -> None:
    """Tell ``widget``'s scrollbars its new scrollable ``size``.

    Setting the public ``virtual_size`` does this and then lays out the whole
    screen; ``Widget._scroll_update`` is the scrollbar part alone.
    """
    widget._scroll_update(size)


def become_default_screen(app: App[Any], screen: Screen[Any]) -> None:
    """Give ``screen``, returned by ``get_default_screen``, what ``push_screen``
    gives every other screen: a result callback.  Without it, ``switch_screen``
    away from the bottom screen (progress -> main, damaged cache -> progress)
    fails with an IndexError in Textual 8.2.8.  ``Screen._push_result_callback``
    is the only way to add one."""
    screen._push_result_callback(app, None)


def breakpoint_classes(app: App[Any]) -> str:
    """The classes Textual's ``Screen._on_resize`` gives a screen for ``app``'s
    size and breakpoints (``Screen._get_breakpoint_classes``, in the order of
    the dimensions).

    A screen born with them is not restyled once more before the first frame
    when the first resize adds them; Textual offers no public way to compute
    them, so this repeats its rule: the largest breakpoint not above the size.
    """
    width, height = app.size
    chosen = []
    for dimension, breakpoints in (
        (width, app.HORIZONTAL_BREAKPOINTS or []),
        (height, app.VERTICAL_BREAKPOINTS or []),
    ):
        for limit, name in sorted(breakpoints, reverse=True):
            if dimension >= limit:
                chosen.append(name)
                break
    return " ".join(chosen)


def line_edges(widget: Widget) -> tuple[list[Segment], list[Segment]] | None:
    """The segments Textual draws before and after each content line of
    ``widget`` (its left border and padding, its right padding and border), or
    None when its box draws more than that: a top or bottom edge, an outline,
    a tint, opacity, text opacity or hatching.

    Textual draws these anew around every repainted line
    (``StylesCache.render_line``, the branch for a content line); a view that
    hands Textual finished lines adds them once per line instead.  Textual
    offers no public way to get them: this repeats that branch, with the
    private ``textual._border.get_box`` that draws a border's side.
    """
    styles = widget.styles
    (top, _), (right, right_color), (bottom, _), (left, left_color) = styles.border
    pad_top, pad_right, pad_bottom, pad_left = styles.padding
    if top or bottom or pad_top or pad_bottom or any(edge for edge, _ in styles.outline):
        return None
    if styles.tint.a or widget.opacity != 1.0 or styles.text_opacity != 1.0:
        return None
    if styles.has_rule("hatch") and styles.hatch != "none":
        return None
    base_background, background = widget.background_colors
    inner = Style(background=base_background + background)
    outer = Style(background=base_background)
    before: list[Segment] = []
    after: list[Segment] = []
    if left:
        edge = Style(foreground=base_background + left_color)
        before.append(get_box(left, inner, outer, edge)[1][0])
    if pad_left:
        before.append(Segment(" " * pad_left, inner.rich_style))
    if pad_right:
        after.append(Segment(" " * pad_right, inner.rich_style))
    if right:
        edge = Style(foreground=base_background + right_color)
        after.append(get_box(right, inner, outer, edge)[1][2])
    return before, after
