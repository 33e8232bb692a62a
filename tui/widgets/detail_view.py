"""The detail pane: a record's fields, its links, and every cited excerpt in full."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from tui.core.queries.knowledge import KnowledgeBase
from tui.presenters.registry import build_blocks
from tui.widgets.block_layout import Extent, highlight, lay_out
from tui.widgets.detail_blocks import Block, notebook_blocks
from tui.widgets.line_view import LineView, set_scroll_size

if TYPE_CHECKING:
    from tui.core.models import Citation
    from tui.core.outputs.notebook import Notebook


_Prepared = tuple[list[Block], list[Strip], list[Extent]]
"""A record's detail ready to show: its blocks, their lines, and each block's extent."""
PREPARED_DETAILS = 8
"""Details kept laid out: a few steps back along the list are shown again at once."""


class DetailView(LineView, can_focus=True):
    """Shows the highlighted record; ``j``/``k`` move between links and excerpts.

    The blocks are laid out into lines once per record (and width), and only
    the lines on screen are painted: following the list cursor repaints this
    pane alone, with no layout pass over the rest of the screen.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Next link or excerpt", show=False),
        Binding("k,up", "move(-1)", "Previous link or excerpt", show=False),
        Binding("g,home", "edge(0)", "First item", show=False),
        Binding("G,end", "edge(1)", "Last item", show=False),
        Binding("pagedown,ctrl+f,ctrl+d,space", "page(1)", "Page down", show=False),
        Binding("pageup,ctrl+b,ctrl+u", "page(-1)", "Page up", show=False),
        Binding("enter", "follow", "Follow link / open excerpt"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail-view--title",
        "detail-view--heading",
        "detail-view--link",
        "detail-view--bar",
        "detail-view--cursor",
        "detail-view--cursor-blurred",
    }

    DEFAULT_CSS = """
    DetailView {
        & > .detail-view--title { text-style: bold; }
        & > .detail-view--heading { color: $text-secondary; text-style: bold; }
        & > .detail-view--link { color: $text-primary; }
        & > .detail-view--bar { color: $primary; }
        & > .detail-view--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
        & > .detail-view--cursor-blurred { background: $block-cursor-blurred-background; }
    }
    """

    record_id: reactive[str | None] = reactive(None, always_update=True, init=False)
    """Id of the record shown."""
    item: reactive[int] = reactive(-1, init=False, repaint=False)  # the watcher repaints
    """Index of the highlighted block (a link or excerpt), or -1."""

    class LinkChosen(Message):
        """Enter on a link: go to that record."""

        def __init__(self, record_id: str) -> None:
            super().__init__()
            self.record_id = record_id

    class ExcerptChosen(Message):
        """Enter on an excerpt: open the source reader there."""

        def __init__(self, citation: Citation) -> None:
            super().__init__()
            self.citation = citation

    def __init__(self, kb: KnowledgeBase, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kb = kb
        self.notebook: Notebook | None = None
        """The user's bookmarks and notes, shown with each record once attached."""
        self.blocks: list[Block] = []
        self._lines: list[Strip] = []
        self._extents: list[Extent] = []
        self._laid_out_width = -1
        self._pending: tuple[str | None] | None = None  # shown once the first frame is out
        self._prepared: OrderedDict[tuple[str, int], _Prepared] = OrderedDict()
        """Details built and laid out (by record and width): the one on show, the
        ones shown last and the one the list's cursor goes to next."""

    # -- watchers ---------------------------------------------------------

    def watch_record_id(self, record_id: str | None) -> None:
        self._pending = None
        width = self.scrollable_content_region.width
        key = (record_id or "", width)
        prepared = self._prepared.get(key)
        if prepared is None:
            self._show(self._build(record_id))
            if record_id and self._laid_out_width == width:
                self._keep(record_id, (self.blocks, self._lines, self._extents))
        else:
            self._prepared.move_to_end(key)
            # At the top with nothing highlighted, only the lines that differ change.
            at_top = self.item < 0 and self.scroll_offset == (0, 0)
            before = self._lines if at_top and self._laid_out_width == width else None
            self.blocks, self._lines, self._extents = prepared
            self._laid_out_width = width
            set_scroll_size(self, Size(width, len(self._lines)), repaint=before is None)
            if before is None:
                self._reset_view()
            else:
                self.repaint_changed(before, self._lines)

    def watch_item(self, old: int, new: int) -> None:
        self.refresh()
        if 0 <= new < len(self._extents):
            first, count, _left, _right = self._extents[new]
            width = self.scrollable_content_region.width
            self.scroll_to_region(
                Region(0, max(first - 1, 0), width, count + 1), animate=False, immediate=True
            )

    def on_focus(self) -> None:
        if self.item < 0:
            self.item = self._next_selectable(0, 1)
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self._layout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._laid_out_width = -1  # a theme change recolours the laid-out lines
        self._prepared.clear()
        self._layout()

    def on_click(self, event: events.Click) -> None:
        line = event.y + self.scroll_offset.y
        column = event.x + self.scroll_offset.x
        for index, (first, count, left, right) in enumerate(self._extents):
            if (
                first <= line < first + count
                and left <= column < right
                and self.blocks[index].selectable
            ):
                self.focus()
                self.item = index
                if event.chain >= 2:
                    self.action_follow()
                return

    # -- actions ----------------------------------------------------------

    def action_move(self, step: int) -> None:
        """Highlight the next (1) or previous (-1) link or excerpt."""
        start = self.item + step if self.item >= 0 else 0
        found = self._next_selectable(start, step)
        if found >= 0:
            self.item = found
        else:  # nothing further: scroll, so long excerpts can still be read
            self.scroll_relative(y=step * 3, animate=False)

    def action_edge(self, last: int) -> None:
        """Highlight the first (0) or last (1) link or excerpt."""
        found = (
            self._next_selectable(len(self.blocks) - 1, -1) if last else self._next_selectable(0, 1)
        )
        if found >= 0:
            self.item = found

    def action_page(self, direction: int) -> None:
        """Scroll a screenful."""
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_relative(y=direction * height, animate=False)

    def action_follow(self) -> None:
        """Follow the highlighted link, or open the highlighted excerpt in its article."""
        block = self.current_block
        if block is None:
            return
        if block.link is not None:
            self.post_message(self.LinkChosen(block.link))
        elif block.citation is not None:
            self.post_message(self.ExcerptChosen(block.citation))

    # -- public -----------------------------------------------------------

    @property
    def current_block(self) -> Block | None:
        """The highlighted block, if any."""
        if 0 <= self.item < len(self.blocks):
            return self.blocks[self.item]
        return None

    @property
    def current_citation(self) -> Citation | None:
        """The highlighted excerpt's citation, else the record's first citation."""
        block = self.current_block
        if block is not None and block.citation is not None:
            return block.citation
        record = self.kb.by_id.get(self.record_id) if self.record_id else None
        citations = getattr(record, "citations", ())
        return citations[0] if citations else None

    def follow(self, record_id: str | None) -> None:
        """Show ``record_id`` unless it is already shown (keeps the detail cursor)."""
        if record_id != self.record_id:
            self.record_id = record_id

    def prepare(self, record_id: str | None) -> None:
        """Build and lay out ``record_id``'s detail ahead of need (the record the
        list's cursor is likely to go to next), so that showing it is a swap."""
        width = self.scrollable_content_region.width
        if record_id is None or width <= 0 or self._pending is not None:
            return
        if (record_id, width) in self._prepared or record_id not in self.kb.by_id:
            return
        blocks = self._build(record_id)
        lines, extents = lay_out(
            blocks, width, self._render_block, self.base_style, self._muted_style
        )
        self._keep(record_id, (blocks, lines, extents))
        # Its first screenful as it will be shown (at the top, no item
        # highlighted), finished for Textual: showing it is then a look-up.
        height = self.scrollable_content_region.height
        self.finish_ahead(
            [self.place(line, 0, index, width) for index, line in enumerate(lines[:height])]
        )

    def hold(self, record_id: str | None) -> None:
        """Show ``record_id`` when :meth:`release` is called.

        At start-up the first record's detail builds records, which imports
        pydantic (~70 ms): the screen holds it until the first frame is out,
        so the list appears without waiting for it.
        """
        self._pending = (record_id,)

    def release(self) -> None:
        """Show the held record, if any."""
        if self._pending is not None:
            record_id, self._pending = self._pending[0], None
            self.record_id = record_id

    def select_item(self, index: int) -> None:
        """Highlight block ``index`` (used to restore a position when going back)."""
        if 0 <= index < len(self.blocks) and self.blocks[index].selectable:
            self.item = index

    def show_blocks(self, blocks: list[Block], record_id: str | None = None) -> None:
        """Show ``blocks`` (views other than a record's own detail build their
        own); ``record_id`` is the record they are about, for citations."""
        self.set_reactive(DetailView.record_id, record_id)
        self._show(blocks)

    def rebuild(self) -> None:
        """Rebuild the current record's blocks (after a bookmark or note changed),
        keeping the highlighted item and the scroll position."""
        if self._pending is not None:
            return  # not shown yet: it will be built with the change
        self._prepared.clear()  # they show the notebook as it was
        item, scroll = self.item, self.scroll_offset.y
        self.blocks = self._build(self.record_id)
        self._laid_out_width = -1
        self._layout()
        self.item = item if item < len(self.blocks) and self.blocks[item].selectable else -1
        self.scroll_to(0, scroll, animate=False, immediate=True)

    def block_extent(self, index: int) -> Extent:
        """Where block ``index`` is laid out: its first line, its line count, and
        its first and last + 1 column."""
        return self._extents[index]

    def text_content(self) -> str:
        """All the pane's text, for tests and copying."""
        return "\n".join(block.content.plain for block in self.blocks)

    # -- rendering --------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y, width = self.view
        index = scroll_y + y
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, self.base_style)
        strip = self._lines[index]
        if 0 <= self.item < len(self._extents):
            first, count, left, right = self._extents[self.item]
            if first <= index < first + count:
                name = "detail-view--cursor" if self.has_focus else "detail-view--cursor-blurred"
                style = self.get_component_rich_style(name)
                if left == 0 and right >= strip.cell_length:
                    strip = highlight(strip, style)
                else:  # a block in a column: highlight that column only
                    strip = Strip.join(
                        [
                            strip.crop(0, left),
                            highlight(strip.crop(left, right), style),
                            strip.crop(right, strip.cell_length),
                        ]
                    )
        return self.place(strip, scroll_x, index, width)

    def _layout(self) -> None:
        """Wrap every block to the pane's width, once per record and width."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._laid_out_width:
            return
        self._laid_out_width = width
        self._lines, self._extents = lay_out(
            self.blocks, width, self._render_block, self.base_style, self._muted_style
        )
        set_scroll_size(self, Size(width, len(self._lines)))

    def _muted_style(self) -> Style:
        return self.get_component_rich_style("detail-view--bar", partial=True)

    def _render_block(self, block: Block, width: int) -> list[Strip]:
        """``block`` wrapped to ``width`` cells, styled by its kind."""
        console = self.app.console
        base = self.base_style
        content = block.content.copy()
        content.expand_tabs()
        indent: list[Segment] = []
        if block.kind == "title":
            content.stylize_before(
                self.get_component_rich_style("detail-view--title", partial=True)
            )
        elif block.kind == "heading":
            content.stylize_before(
                self.get_component_rich_style("detail-view--heading", partial=True)
            )
        elif block.kind == "link":
            content.stylize_before(self.get_component_rich_style("detail-view--link", partial=True))
            indent = [Segment(" ")]
        elif block.kind == "excerpt":
            bar = self.get_component_rich_style("detail-view--bar", partial=True)
            indent = [Segment("▌ ", bar)]
        inner = max(width - sum(len(s.text) for s in indent), 4)
        options = console.options.update(width=inner, no_wrap=False, overflow="fold")
        return [
            Strip([*indent, *segments]).apply_style(base).adjust_cell_length(width, base)
            for segments in console.render_lines(content, options, style=base, pad=True)
        ]

    def _build(self, record_id: str | None) -> list[Block]:
        """The blocks of ``record_id``'s detail, with the user's bookmark and note."""
        record = self.kb.by_id.get(record_id) if record_id else None
        if record is None:
            return [Block("text", Text("Nothing to show: the list is empty.", style="italic"))]
        blocks = build_blocks(self.kb, record)
        if self.notebook is not None and record_id is not None:
            blocks[1:1] = notebook_blocks(self.notebook, record_id)
        return blocks

    def _show(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self._laid_out_width = -1
        self._layout()
        self._reset_view()

    def _reset_view(self) -> None:
        """No item highlighted, at the top: a new record on show."""
        self.item = -1
        self.scroll_to(0, 0, animate=False, immediate=True)

    def _keep(self, record_id: str, prepared: _Prepared) -> None:
        self._prepared[(record_id, self.scrollable_content_region.width)] = prepared
        while len(self._prepared) > PREPARED_DETAILS:
            self._prepared.popitem(last=False)

    def _next_selectable(self, start: int, step: int) -> int:
        index = start
        while 0 <= index < len(self.blocks):
            if self.blocks[index].selectable:
                return index
            index += step
        return -1
