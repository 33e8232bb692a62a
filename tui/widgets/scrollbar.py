"""A vertical scrollbar that repaints only when what it draws changes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from math import ceil

from textual.geometry import Region
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar, ScrollBarRender


class QuietScrollBar(ScrollBar):
    """Textual's scrollbar, repainted only when its thumb moves by a drawn step.

    Textual repaints a scrollbar whenever its position or sizes change.  In a
    100,000-row list one row of scrolling moves the thumb by 1/3,000 of a
    cell, and a new record in the detail pane usually leaves its bar as it
    was: each repaint cost ~1 ms of a cursor move for nothing.
    """

    window_virtual_size: Reactive[int] = Reactive(100, repaint=False)
    window_size: Reactive[int] = Reactive(0, repaint=False)
    position: Reactive[float] = Reactive(0, repaint=False)

    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1):
        super().__init__(vertical, name, thickness=thickness)
        self._drawn: tuple[int, ...] = ()
        self._told = False  # the view is telling its sizes: see `sizes_told`

    def watch_window_virtual_size(self) -> None:
        self._repaint_if_moved()

    def watch_window_size(self) -> None:
        self._repaint_if_moved()

    def watch_position(self) -> None:
        self._repaint_if_moved()

    @contextmanager
    def sizes_told(self) -> Iterator[None]:
        """While the view tells the bar its new sizes, a repaint asked for by
        anyone but the bar itself is dropped: the thumb's watchers repaint it
        when what it draws has changed."""
        self._told = True
        try:
            yield
        finally:
            self._told = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> QuietScrollBar:
        if self._told and not (layout or recompose):
            return self
        super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        return self

    def on_resize(self) -> None:
        self._drawn = ()  # Textual repaints a resized widget itself

    def thumb(self) -> tuple[int, ...]:
        """What the bar draws, in eighths of a cell: the bar's length and the
        thumb's first and last eighth (just the length when there is no thumb).
        The arithmetic of ``ScrollBarRender.render_bar``."""
        size = self.size.height if self.vertical else self.size.width
        virtual_size = ceil(self.window_virtual_size)
        window_size = ceil(self.window_size if self.window_size < virtual_size else 0)
        if not (window_size and size and virtual_size and size != virtual_size):
            return (size,)
        steps = len(
            ScrollBarRender.VERTICAL_BARS if self.vertical else ScrollBarRender.HORIZONTAL_BARS
        )
        thumb_size = max(1, window_size / (virtual_size / size))
        offset = (size - thumb_size) * (self.position / (virtual_size - window_size))
        start = int(offset * steps)
        return (size, start, start + ceil(thumb_size * steps))

    def _repaint_if_moved(self) -> None:
        drawn = self.thumb()
        if drawn != self._drawn:
            self._drawn = drawn
            super().refresh()
