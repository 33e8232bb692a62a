"""A scroll view drawn a line at a time, which hands Textual finished lines."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.style import Style as ContentStyle

from tui.widgets.scrollbar import QuietScrollBar
from tui.widgets.textual_private import line_edges, own_vertical_scrollbar, update_scrollbars

FINISHED_LINES = 512
"""Finished lines kept: a screenful of each list and several of the detail pane's."""


@dataclass(frozen=True)
class _Box:
    """What Textual adds to a content line of a view, for one pass of drawing."""

    before: list[Segment]
    after: list[Segment]
    content_width: int
    width: int
    padding: Style
    """The style Textual pads a short content line with."""
    background: Color
    """The background the line filters are given."""
    filters: tuple[LineFilter, ...]


class LineView(ScrollView):
    """A scroll view drawn a line at a time (``render_line``), as the lists and
    the detail pane are.

    It keeps its own rich style until its styles change (Textual computes
    ``rich_style`` from every ancestor on each call: three quarters of the
    cost of drawing a row), and its vertical scrollbar repaints only when
    the drawn thumb moves (:class:`~tui.widgets.scrollbar.QuietScrollBar`).

    It hands Textual finished lines: each content line with the view's
    border, padding and line filters applied once, and kept for as long as
    the content line itself is.  Textual would apply them to every repainted
    line, every time; a list scrolled by a row repaints every row, and a new
    record repaints the whole detail pane, so each move paid for a screenful.
    A box Textual draws more of (a top edge, a tint…) is left to Textual.
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._base_style: Style | None = None
        self._drawing: tuple[int, int, int] | None = None  # see `view`
        self._finished: LRUCache[int, tuple[Strip, Strip]] = LRUCache(FINISHED_LINES)
        self._finished_for: _Box | None = None  # the box the finished lines are for

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        # What Textual's Widget.vertical_scrollbar does, with the quiet bar.
        return own_vertical_scrollbar(
            self,
            lambda: QuietScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            ),
        )

    @property
    def base_style(self) -> Style:
        """The widget's own rich style, kept until its styles change."""
        if self._base_style is None:
            self._base_style = self.rich_style
            self.restyled()
        return self._base_style

    def restyled(self) -> None:
        """Called when :attr:`base_style` is first computed after a style change."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None

    @property
    def view(self) -> tuple[int, int, int]:
        """The scroll offset (x, y) and the content's width, asked for once while
        the lines are drawn (Textual works out the width anew on each call)."""
        if self._drawing is not None:
            return self._drawing
        scroll_x, scroll_y = self.scroll_offset
        return scroll_x, scroll_y, self.scrollable_content_region.width

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawing = None
        self._drawing = self.view
        try:
            box = self._box()
            if box is None:
                return super().render_lines(crop)
            lines = [self._finish(self.render_line(y), box) for y in crop.line_range]
            if crop.column_span != (0, box.width):
                lines = [line.crop(crop.x, crop.right) for line in lines]
            return lines
        finally:
            self._drawing = None

    def place(self, strip: Strip, scroll_x: int, index: int, width: int) -> Strip:
        """Line ``index`` of the content (``strip``) as shown at ``scroll_x`` in
        a pane ``width`` cells wide."""
        if scroll_x or strip.cell_length != width:
            # (Skipped when it would change nothing: Strip caches such a no-op
            # result as itself, a reference cycle only a full collection frees.)
            strip = strip.crop_extend(scroll_x, scroll_x + width, self.base_style)
        return strip.apply_offsets(scroll_x, index)

    def repaint_changed(self, before: list[Strip], after: list[Strip]) -> None:
        """Repaint the lines on screen that differ between the content lines
        ``before`` and ``after`` (at the top, not scrolled sideways).

        Two records' details often share lines at the same place (a heading, a
        blank line, the empty lines below a short record): Textual composites
        and writes to the terminal only the lines repainted, so those are left
        as they are."""
        height = self.scrollable_content_region.height
        first: int | None = None
        for index in range(height + 1):
            old = before[index] if index < len(before) else None
            new = after[index] if index < len(after) else None
            changed = index < height and old != new
            if changed and first is None:
                first = index
            elif not changed and first is not None:
                self.refresh_lines(first, index - first)
                first = None

    def finish_ahead(self, lines: list[Strip]) -> None:
        """Finish the content lines ``lines`` (from :meth:`place`, not yet on
        screen) and render them to terminal text, so that showing them later
        costs Textual a look-up."""
        box = self._box()
        if box is None:
            return
        console = self.app.console
        for line in lines:
            self._finish(line, box).render(console)

    def _finish(self, line: Strip, box: _Box) -> Strip:
        """Content line ``line`` as Textual would draw it in this view."""
        key = id(line)  # (the entry holds `line`: the id is not reused while it is kept)
        found = self._finished.get(key)
        if found is not None and found[0] is line:
            return found[1]
        strip = line.adjust_cell_length(box.content_width, box.padding)
        if box.before or box.after:
            strip = Strip([*box.before, *strip, *box.after], box.width)
        for line_filter in box.filters:
            strip = strip.apply_filter(line_filter, box.background)
        self._finished[key] = (line, strip)
        return strip

    def _box(self) -> _Box | None:
        """What Textual adds to each content line now, or None when it adds
        more than a left and right edge (then Textual draws the lines itself).
        (Worked out on each pass: a style set in code changes it without
        telling the widget.)"""
        edges = line_edges(self)
        if edges is None:
            return None
        before, after = edges
        region = self.region
        base_background, background = self.background_colors
        padding = ContentStyle(background=base_background + background).rich_style
        box = _Box(
            before,
            after,
            region.width - sum(segment.cell_length for segment in before + after),
            region.width,
            padding,
            background,
            tuple(self.get_line_filters()),
        )
        if box != self._finished_for:
            self._finished_for = box
            self._finished.clear()
        return box


def set_scroll_size(view: ScrollView, size: Size, *, repaint: bool = True) -> None:
    """Give ``view`` a new scrollable size without a screen-wide layout pass.

    Setting ``virtual_size`` lays out the whole screen (~10 ms here, on every
    keystroke of a filter or cursor move of the detail pane).  The views that
    use this always show their vertical scrollbar (``overflow-y: scroll``), so
    their size cannot change the layout: only the scrollbar needs telling, and
    it repaints only if its thumb moved (a new record's length usually leaves
    it as it was).  With ``repaint=False`` the view itself is not repainted:
    the caller repaints what changed.
    """
    if size != view.virtual_size:
        view.set_reactive(ScrollView.virtual_size, size)
        bar = view.vertical_scrollbar
        with bar.sizes_told() if isinstance(bar, QuietScrollBar) else nullcontext():
            update_scrollbars(view, size)
    if repaint:
        view.refresh()
