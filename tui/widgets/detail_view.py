"""The detail pane: a record's fields, its links, and every cited excerpt in full."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from tui.core.articles import excerpt
from tui.core.kinds import current_role, roles_by_title
from tui.core.knowledge import KIND_LABELS, KnowledgeBase
from tui.core.search import record_label
from tui.core.topics import TOPIC_LABELS
from tui.widgets.virtual_list import LineView, set_scroll_size

if TYPE_CHECKING:
    from tui.core.knowledge import AnyRecord
    from tui.core.models import Citation, Discrepancy, Source
    from tui.core.notebook import Notebook

BlockKind = Literal["title", "text", "heading", "link", "excerpt"]


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the detail pane; links and excerpts can take the cursor."""

    kind: BlockKind
    content: Text
    link: str | None = None
    """Record id a link block leads to."""
    citation: Citation | None = None
    """Citation an excerpt block shows."""
    group: int | None = None
    """Consecutive blocks of one group are laid out side by side, in columns,
    when the pane is wide enough (the sides of a discrepancy)."""
    column: int = 0
    """The block's column within its group."""

    @property
    def selectable(self) -> bool:
        """Whether the detail cursor can rest on this block."""
        return self.kind in ("link", "excerpt")


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
        # first line, line count, first and last+1 column of each block
        self._extents: list[tuple[int, int, int, int]] = []
        self._laid_out_width = -1
        self._pending: tuple[str | None] | None = None  # shown once the first frame is out

    # -- watchers ---------------------------------------------------------

    def watch_record_id(self, record_id: str | None) -> None:
        self._pending = None
        self._show(self._build(record_id))

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
        item, scroll = self.item, self.scroll_offset.y
        self.blocks = self._build(self.record_id)
        self._laid_out_width = -1
        self._layout()
        self.item = item if item < len(self.blocks) and self.blocks[item].selectable else -1
        self.scroll_to(0, scroll, animate=False, immediate=True)

    def block_extent(self, index: int) -> tuple[int, int, int, int]:
        """Where block ``index`` is laid out: its first line, its line count, and
        its first and last + 1 column."""
        return self._extents[index]

    def text_content(self) -> str:
        """All the pane's text, for tests and copying."""
        return "\n".join(block.content.plain for block in self.blocks)

    # -- rendering --------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, self.base_style)
        strip = self._lines[index]
        if 0 <= self.item < len(self._extents):
            first, count, left, right = self._extents[self.item]
            if first <= index < first + count:
                name = "detail-view--cursor" if self.has_focus else "detail-view--cursor-blurred"
                style = self.get_component_rich_style(name)
                if left == 0 and right >= strip.cell_length:
                    strip = _highlight(strip, style)
                else:  # a block in a column: highlight that column only
                    strip = Strip.join(
                        [
                            strip.crop(0, left),
                            _highlight(strip.crop(left, right), style),
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
        base = self.base_style
        lines: list[Strip] = []
        extents: list[tuple[int, int, int, int]] = []
        index = 0
        while index < len(self.blocks):
            block = self.blocks[index]
            run = 1
            if block.group is not None:
                while (
                    index + run < len(self.blocks) and self.blocks[index + run].group == block.group
                ):
                    run += 1
            group = self.blocks[index : index + run]
            columns = max(b.column for b in group) + 1
            column_width = (width - (columns - 1) * len(COLUMN_GAP)) // columns
            if block.group is not None and columns > 1 and column_width >= MIN_COLUMN_WIDTH:
                if lines:
                    lines.append(Strip.blank(width, base))
                self._layout_columns(group, columns, column_width, lines, extents)
            else:
                for one in group:
                    if one.kind in ("title", "heading", "excerpt") and lines:
                        lines.append(Strip.blank(width, base))
                    first = len(lines)
                    lines.extend(self._render_block(one, width))
                    extents.append((first, len(lines) - first, 0, width))
            index += run
        self._lines = lines
        self._extents = extents
        set_scroll_size(self, Size(width, len(lines)))

    def _layout_columns(
        self,
        group: list[Block],
        columns: int,
        column_width: int,
        lines: list[Strip],
        extents: list[tuple[int, int, int, int]],
    ) -> None:
        """Lay out ``group`` as ``columns`` side-by-side columns below ``lines``."""
        base = self.base_style
        top = len(lines)
        stacks: list[list[Strip]] = [[] for _ in range(columns)]
        for block in group:
            stack = stacks[block.column]
            if stack:
                stack.append(Strip.blank(column_width, base))
            first = len(stack)
            stack.extend(self._render_block(block, column_width))
            left = block.column * (column_width + len(COLUMN_GAP))
            extents.append((top + first, len(stack) - first, left, left + column_width))
        height = max(len(stack) for stack in stacks)
        gap = Strip([Segment(COLUMN_GAP, base + self._muted_style())], len(COLUMN_GAP))
        width = self.scrollable_content_region.width
        for row in range(height):
            parts: list[Strip] = []
            for number, stack in enumerate(stacks):
                if number:
                    parts.append(gap)
                parts.append(stack[row] if row < len(stack) else Strip.blank(column_width, base))
            lines.append(Strip.join(parts).extend_cell_length(width, base))

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
        self.item = -1
        self.scroll_to(0, 0, animate=False, immediate=True)

    def _next_selectable(self, start: int, step: int) -> int:
        index = start
        while 0 <= index < len(self.blocks):
            if self.blocks[index].selectable:
                return index
            index += step
        return -1


def _highlight(strip: Strip, style: Style) -> Strip:
    """``strip`` under the cursor: ``style`` goes over each segment's own style
    (every segment carries the pane's background, which a base style would
    leave on top), and the bar or indent in the first cell becomes a bold
    ``▌``, so the cursor shows without colour too."""
    segments = list(Segment.apply_style(strip, post_style=style))
    if segments and segments[0].text[:1] in (" ", "▌"):
        first = segments[0]
        segments[0:1] = [
            Segment("▌", (first.style or Style()) + Style(bold=True)),
            *([Segment(first.text[1:], first.style)] if len(first.text) > 1 else []),
        ]
    return Strip(segments, strip.cell_length)


# -- building the blocks ---------------------------------------------------

COLUMN_GAP = " │ "
"""Between side-by-side columns."""
MIN_COLUMN_WIDTH = 26
"""Narrower than this, the sides of a discrepancy are stacked instead."""
COLUMN_CONTEXT = 90
"""Characters of context each side of a quote in a column (less than in full width)."""

_BOLD = Style(bold=True)
_MUTED = Style(dim=True)
_QUOTE = Style(bold=True, italic=False)


def _field(label: str, value: str | Text) -> Block:
    return Block("text", Text.assemble((f"{label}: ", _MUTED), value))


def _link(kb: KnowledgeBase, record_id: str) -> Block:
    # Drawn from the list rows: a person linked to a thousand events must not
    # build a thousand records each time the cursor passes over them.
    if record_id not in kb.by_id:
        return Block("text", Text(f"→ {record_id} (missing)"))
    prefix = ""
    fields = kb.row_of(record_id)
    if kb.kind_of(record_id) == "event":
        prefix = f"{fields[0]}  "
    label = Text.assemble(("→ ", _MUTED), (prefix, _MUTED), kb.label_of(record_id))
    return Block("link", label, link=record_id)


def link_block(kb: KnowledgeBase, record_id: str, label: str) -> Block:
    """A link to ``record_id`` reading ``→ label``."""
    if record_id not in kb.by_id:
        return Block("text", Text(f"→ {record_id} (missing)"))
    return Block("link", Text.assemble(("→ ", _MUTED), label), link=record_id)


def _links(kb: KnowledgeBase, heading: str, ids: tuple[str, ...] | list[str]) -> list[Block]:
    if not ids:
        return []
    return [Block("heading", Text(f"{heading} ({len(ids)})")), *(_link(kb, i) for i in ids)]


def source_heading(source: Source) -> Text:
    """'002 Title — Outlet · date' for an excerpt or a citation (the number as
    the notes call the article)."""
    date = source.published_span.human()
    if source.date_certainty != "stated":
        date += f" ({source.date_certainty})"
    number = (f"{source.number}  ", _MUTED) if source.number else ""
    return Text.assemble(
        number, (source.title, _BOLD), ("  —  ", _MUTED), source.outlet, (" · ", _MUTED), date
    )


def excerpt_block(
    kb: KnowledgeBase,
    citation: Citation,
    *,
    context: int = 220,
    group: int | None = None,
    column: int = 0,
) -> Block:
    """A citation in full: its source heading, then the quote in its context."""
    source = kb.source(citation.source)
    before, quote, after = excerpt(kb.texts[citation.source], kb.span_of(citation), context)
    body = Text.assemble((before, _MUTED), (quote, _QUOTE), (after, _MUTED))
    content = Text.assemble(source_heading(source), "\n", body)
    return Block("excerpt", content, citation=citation, group=group, column=column)


def _excerpts(kb: KnowledgeBase, record: AnyRecord) -> list[Block]:
    citations = getattr(record, "citations", ())
    count = len({citation.source for citation in citations})
    heading = f"Sources — {len(citations)} excerpt{'s' * (len(citations) != 1)}, {count} article{'s' * (count != 1)}"
    return [Block("heading", Text(heading)), *(excerpt_block(kb, c) for c in citations)]


def discrepancy_blocks(kb: KnowledgeBase, item: Discrepancy, group: int) -> list[Block]:
    """What differs, then the conflicting passages, one column per side."""
    from tui.core.discrepancies import sides

    blocks = [Block("text", Text.assemble((f"{item.about.title()}: ", _BOLD), item.note))]
    for column, side in enumerate(sides(item.citations)):
        blocks.extend(
            excerpt_block(kb, citation, context=COLUMN_CONTEXT, group=group, column=column)
            for citation in side
        )
    return blocks


def _discrepancies(kb: KnowledgeBase, record: AnyRecord) -> list[Block]:
    items = getattr(record, "discrepancies", ())
    if not items:
        return []
    blocks = [Block("heading", Text(f"≠ Where the sources disagree ({len(items)})"))]
    for number, item in enumerate(items):
        blocks += discrepancy_blocks(kb, item, number)
    return blocks


def evidence_block(kb: KnowledgeBase, record: AnyRecord) -> Block:
    """How many articles and excerpts support ``record``."""
    articles = len(kb.supporting_sources(record))
    excerpts = len(kb.citations_of(record))
    text = Text(
        f"{articles} article{'s' * (articles != 1)} · {excerpts} excerpt{'s' * (excerpts != 1)}"
    )
    if articles == 1:
        text.append("  (a single source)", _MUTED)
    return _field("Supported by", text)


def notebook_blocks(notebook: Notebook, record_id: str) -> list[Block]:
    """The user's bookmark and note on ``record_id``, for the top of its detail."""
    from tui.core.notebook import BOOKMARK_MARK, NOTE_MARK

    entry = notebook.entry(record_id)
    if entry is None:
        return []
    blocks: list[Block] = []
    if entry.bookmarked and not entry.note:
        blocks.append(
            Block(
                "text",
                Text.assemble(
                    (f"{BOOKMARK_MARK} Bookmarked", _BOLD), ("  · m adds a note", _MUTED)
                ),
            )
        )
    if entry.note:
        mark = f"{BOOKMARK_MARK} " if entry.bookmarked else ""
        blocks.append(Block("heading", Text(f"{mark}{NOTE_MARK} My note")))
        blocks.append(Block("text", Text(entry.note, style="italic")))
    return blocks


def _date_line(label: str, value: str, certainty: str, note: str | None) -> list[Block]:
    from tui.core.dates import parse_span

    human = parse_span(value).human()
    text = Text(human)
    if human != value:
        text.append(f"   ({value})", _MUTED)
    blocks = [_field(label, text)]
    if certainty != "stated":
        blocks.append(_field(f"Date {certainty}", note or ""))
    return blocks


def build_blocks(kb: KnowledgeBase, record: AnyRecord) -> list[Block]:
    """The detail pane's paragraphs for ``record``."""
    from tui.core.models import Agreement, Event, Organization, Person, Source

    kind = KIND_LABELS[type(record).__name__.lower()]
    title = Text.assemble((f"{kind}  ", _MUTED), (record_label(record), _BOLD))
    blocks: list[Block] = [Block("title", title)]
    if isinstance(record, Event):
        blocks += _date_line("Date", record.date, record.date_certainty, record.date_note)
        if record.planned:
            blocks.append(_field("Status", "planned or targeted when reported"))
        blocks.append(_field("Topics", ", ".join(TOPIC_LABELS[t] for t in record.topics)))
        blocks.append(Block("text", Text(record.description)))
        blocks += _links(kb, "People", list(record.people))
        blocks += _links(kb, "Agreements", list(record.agreements))
        blocks += _links(kb, "Organisations", list(record.organizations))
    elif isinstance(record, Person):
        if record.aliases:
            blocks.append(_field("Also written", "; ".join(record.aliases)))
        blocks.append(_field("Country", record.country))
        if record.description:
            blocks.append(Block("text", Text(record.description)))
        if record.roles:
            blocks.append(Block("heading", Text("Roles")))
            for role_title, dates in roles_by_title(record):
                when = f"  ({', '.join(map(_human, dates))})" if dates else ""
                blocks.append(Block("text", Text.assemble("• ", role_title, (when, _MUTED))))
        blocks += _links(kb, "Events", kb.person_events.get(record.id, ()))
    elif isinstance(record, Agreement):
        blocks.append(_field("Kind", record.kind))
        if record.aliases:
            blocks.append(_field("Also called", "; ".join(record.aliases)))
        blocks.append(_field("Parties", ", ".join(record.parties)))
        if record.signed:
            blocks += _date_line("Signed", record.signed, record.date_certainty, record.date_note)
        if record.in_force:
            blocks += _date_line("In force", record.in_force, "stated", None)
        if not record.signed and not record.in_force:
            blocks.append(_field("Date", "not given by the articles"))
        blocks.append(Block("text", Text(record.summary)))
        blocks += _links(kb, "Events", kb.agreement_events.get(record.id, ()))
        blocks += _links(kb, "Organisations", list(record.organizations))
    elif isinstance(record, Organization):
        blocks.append(_field("Kind", record.kind))
        if record.aliases:
            blocks.append(_field("Also called", "; ".join(record.aliases)))
        if record.country:
            blocks.append(_field("Country", record.country))
        blocks.append(Block("text", Text(record.description)))
        blocks += _links(kb, "Events", kb.organization_events.get(record.id, ()))
        blocks += _links(kb, "Agreements", kb.organization_agreements.get(record.id, ()))
    elif isinstance(record, Source):
        if record.number:
            blocks.append(_field("Article", f"{record.number} (as the notes call it)"))
        blocks.append(_field("Outlet", record.outlet))
        blocks += _date_line("Published", record.published, record.date_certainty, record.date_note)
        if record.byline:
            blocks.append(_field("Byline", record.byline))
        blocks.append(_field("URL", record.url or "not given by the page"))
        if record.accessed:
            blocks.append(_field("Accessed", _human(record.accessed)))
        blocks.append(_field("File", record.file))
        if record.note:
            blocks.append(Block("text", Text(record.note)))
        blocks.append(Block("text", Text("Press o to read the whole article.", style="italic")))
        blocks += _links(kb, "Records citing it", kb.source_records.get(record.id, ()))
        return blocks
    blocks.insert(1, evidence_block(kb, record))
    if isinstance(record, Person):
        roles_current = current_role(record)
        if roles_current:
            blocks.insert(1, _field("Latest role", roles_current))
    blocks += _discrepancies(kb, record)
    blocks += _excerpts(kb, record)
    return blocks


def _human(value: str) -> str:
    from tui.core.dates import parse_span

    return parse_span(value).human()
