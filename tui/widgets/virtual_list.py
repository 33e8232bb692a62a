"""A keyboard-driven list that renders only the rows on screen.

Textual's OptionList and DataTable build every row up front (6–11 s at
100,000 rows).  This list asks its subclass for a row only when that row is
about to be painted, so mounting, moving and filtering cost the same at 100
rows or 100,000.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip

from tui.widgets.contrast import legible
from tui.widgets.line_view import LineView, set_scroll_size


class VirtualList(LineView, can_focus=True):
    """Base for virtual lists: cursor, paging, mouse; subclasses supply rows.

    Subclasses implement :meth:`row_count`, :meth:`render_row` and, when some
    rows (group headings) cannot take the cursor, :meth:`is_selectable`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Down", show=False),
        Binding("k,up", "move(-1)", "Up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
        Binding("pagedown,ctrl+f,ctrl+d,space", "page(1)", "Page down", show=False),
        Binding("pageup,ctrl+b,ctrl+u", "page(-1)", "Page up", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--cursor",
        "virtual-list--cursor-blurred",
        "virtual-list--match",
        "virtual-list--muted",
        "virtual-list--accent",
        "virtual-list--heading",
        "virtual-list--warning",
    }

    DEFAULT_CSS = """
    VirtualList {
        background: $surface;
        & > .virtual-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: $block-cursor-text-style; }
        & > .virtual-list--cursor-blurred { background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground; }
        & > .virtual-list--match { color: $text-accent; text-style: bold underline; }
        & > .virtual-list--muted { color: $text-muted; }
        & > .virtual-list--accent { color: $text-primary; }
        & > .virtual-list--heading { color: $text-secondary; text-style: bold; }
        & > .virtual-list--warning { color: $text-warning; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
    """Index of the highlighted row.  Its watcher repaints what changed: the two
    rows, or the whole list when it scrolled (a reactive's own repaint would
    redraw every visible row on every move)."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._strips: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(512)
        self._palette: tuple[Style, ...] = ()
        self._partial_styles: dict[str, Style] = {}
        self._legible: dict[Style, Style] = {}  # a drawn style -> the same, readable

    # -- for subclasses -------------------------------------------------

    def row_count(self) -> int:
        """How many rows the list has."""
        raise NotImplementedError

    def render_row(self, index: int, width: int) -> Text:
        """The text of row ``index`` (without the cursor style)."""
        raise NotImplementedError

    def is_selectable(self, index: int) -> bool:
        """Whether the cursor may rest on row ``index``."""
        return True

    def prepare_rows(self, start: int, end: int) -> None:
        """Called before rows ``start`` to ``end`` (exclusive) are drawn: a subclass
        may read them together."""

    def cursor_moved(self, index: int) -> None:
        """Called after the cursor settles on a new row; subclasses post messages."""

    # -- watchers and events ----------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        self.scroll_cursor_into_view()
        if self.scroll_offset.y == top:
            # Only the two rows whose cursor state changed need painting.
            self.refresh_line(old)
            self.refresh_line(new)
        else:
            self.refresh()
        if 0 <= new < self.row_count():
            self.cursor_moved(new)
            self.call_after_refresh(self._draw_ahead, new, 1 if new >= old else -1)

    # The row cache is keyed by width and focus as well, so neither a resize
    # nor a change of focus empties it: at start-up both arrive after the
    # first render, which would otherwise build every visible row twice.

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self._update_virtual_size()
        self.scroll_cursor_into_view()

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < self.row_count() and self.is_selectable(index):
            self.focus()
            if index == self.cursor and event.chain >= 2:
                self.action_select()
            else:
                self.cursor = index

    # -- actions ----------------------------------------------------------

    def action_move(self, step: int) -> None:
        """Move the cursor ``step`` selectable rows (negative moves up)."""
        target = self._nearest_selectable(self.cursor + step, 1 if step > 0 else -1)
        if target is not None:
            self.cursor = target

    def action_first(self) -> None:
        """Move to the first row."""
        target = self._nearest_selectable(0, 1)
        if target is not None:
            self.cursor = target

    def action_last(self) -> None:
        """Move to the last row."""
        target = self._nearest_selectable(self.row_count() - 1, -1)
        if target is not None:
            self.cursor = target

    def action_page(self, direction: int) -> None:
        """Move a screenful down (1) or up (-1)."""
        height = max(1, self.scrollable_content_region.height - 1)
        last = self.row_count() - 1
        wanted = min(max(self.cursor + direction * height, 0), last)
        target = self._nearest_selectable(wanted, direction)
        if target is None:
            target = self._nearest_selectable(wanted, -direction)
        if target is not None:
            self.cursor = target

    def action_select(self) -> None:
        """Choose the highlighted row (Enter); subclasses post a message."""

    # -- public -----------------------------------------------------------

    def reset_rows(self, cursor: int = 0) -> None:
        """Call after the rows changed: resizes, clears caches, places the cursor."""
        self._strips.clear()
        self._update_virtual_size()
        count = self.row_count()
        target = self._nearest_selectable(min(max(cursor, 0), max(count - 1, 0)), 1)
        if target is None:
            target = self._nearest_selectable(count - 1, -1)
        self.cursor = target if target is not None else 0
        if count == 0:
            self.cursor_moved(-1)  # an empty list still tells its listeners
        self.refresh()

    def refresh_rows(self) -> None:
        """Repaint every row: something the rows show (a mark) changed."""
        self._strips.clear()
        self.refresh()

    def scroll_cursor_into_view(self) -> None:
        """Scroll just enough to show the cursor row."""
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    # -- rendering --------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        top = self.scroll_offset.y
        self.prepare_rows(top + crop.y, min(top + crop.bottom, self.row_count()))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        base_style = self.base_style  # first: a change of styles empties the row cache
        scroll_x, scroll_y, width = self.view
        index = scroll_y + y
        if index >= self.row_count() or width <= 0:
            return Strip.blank(width, base_style)
        return self.place(
            self._row_strip(index, width, index == self.cursor), scroll_x, index, width
        )

    def _row_strip(self, index: int, width: int, is_cursor: bool) -> Strip:
        key = (index, width, is_cursor, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._build_strip(index, width, is_cursor)
        return strip

    def _draw_ahead(self, index: int, step: int) -> None:
        """Once a move's frame is out, make the two rows the next move the same
        way repaints, as they will be drawn: the cursor's row without the
        cursor, the next row with it (at the bottom of the screen that row
        is new, and every move there scrolls the list)."""
        following = self._nearest_selectable(index + step, step)
        if self.cursor != index or following is None or not self.display:
            return
        scroll_x, _scroll_y, width = self.view
        self.prepare_rows(min(index, following), max(index, following) + 1)
        rows = ((index, False), (following, True))
        self.finish_ahead(
            [self.place(self._row_strip(row, width, on), scroll_x, row, width) for row, on in rows]
        )

    def restyled(self) -> None:
        # Rows hold their colours: a new theme (or any change of these styles)
        # builds them again.  A focus change restyles too, but changes none of
        # them (focus is in the rows' cache key), so the rows are kept.
        palette = (
            self.base_style,
            *map(self.get_component_rich_style, sorted(self.COMPONENT_CLASSES)),
        )
        if palette != self._palette:
            self._palette = palette
            self._strips.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._partial_styles.clear()
        self._legible.clear()

    def _build_strip(self, index: int, width: int, is_cursor: bool) -> Strip:
        # A gutter mark shows the cursor without colour too (NO_COLOR, screen readers, captures).
        gutter = Text("▌" if is_cursor else " ", style=self.style_of("virtual-list--accent"))
        text = Text.assemble(gutter, self.render_row(index, width - 1))
        text.expand_tabs()  # a raw tab would jump the terminal's cursor to a tab stop
        text.no_wrap = True
        text.truncate(width, overflow="ellipsis", pad=True)
        base: Style = self.base_style
        if is_cursor:
            name = "virtual-list--cursor" if self.has_focus else "virtual-list--cursor-blurred"
            base = base + self.get_component_rich_style(name)
        # The cursor row and the matches are highlights: their text must stay
        # legible on them; the rest keeps the theme's muted colours as they are.
        match = self.style_of("virtual-list--match").color
        segments = []
        for segment in text.render(self.app.console):
            if segment.text == "\n":
                continue
            style = base + segment.style if segment.style else base
            if is_cursor or (segment.style is not None and segment.style.color == match):
                style = self._readable(style)
            segments.append(Segment(segment.text, style))
        return Strip(segments, width)

    def _readable(self, style: Style) -> Style:
        """``style`` with its text legible on its background (a match's accent
        colour on the cursor row's background can read at 1:1)."""
        found = self._legible.get(style)
        if found is None:
            found = self._legible[style] = legible(style)
        return found

    def style_of(self, component: str) -> Style:
        """The rich style of a component class, without its background (kept
        until the styles change: rows ask for several each)."""
        style = self._partial_styles.get(component)
        if style is None:
            style = self._partial_styles[component] = self.get_component_rich_style(
                component, partial=True
            )
        return style

    # -- internals --------------------------------------------------------

    def _update_virtual_size(self) -> None:
        set_scroll_size(self, Size(self.scrollable_content_region.width, self.row_count()))

    def _nearest_selectable(self, start: int, step: int) -> int | None:
        count = self.row_count()
        index = start
        while 0 <= index < count:
            if self.is_selectable(index):
                return index
            index += step
        return None
