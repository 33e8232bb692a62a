"""The detail pane's blocks laid out into lines: one under another, or the
sides of a discrepancy in columns side by side when the pane is wide enough."""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.widgets.detail_blocks import COLUMN_GAP, MIN_COLUMN_WIDTH, Block

Extent = tuple[int, int, int, int]
"""Where a block is laid out: its first line, its line count, and its first
and last + 1 column."""
RenderBlock = Callable[[Block, int], list[Strip]]
"""Draws a block wrapped to a width, as lines."""


def lay_out(
    blocks: list[Block],
    width: int,
    render: RenderBlock,
    base: Style,
    gap_style: Callable[[], Style],
) -> tuple[list[Strip], list[Extent]]:
    """The lines of ``blocks`` at ``width`` cells, and each block's extent.

    ``render`` draws one block, ``base`` is the pane's style and ``gap_style``
    gives the style of the rule between columns (asked for only when there
    are columns).
    """
    lines: list[Strip] = []
    extents: list[Extent] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        run = 1
        if block.group is not None:
            while index + run < len(blocks) and blocks[index + run].group == block.group:
                run += 1
        group = blocks[index : index + run]
        columns = max(b.column for b in group) + 1
        column_width = (width - (columns - 1) * len(COLUMN_GAP)) // columns
        if block.group is not None and columns > 1 and column_width >= MIN_COLUMN_WIDTH:
            if lines:
                lines.append(Strip.blank(width, base))
            gap = Strip([Segment(COLUMN_GAP, base + gap_style())], len(COLUMN_GAP))
            _lay_out_columns(group, columns, column_width, width, render, base, gap, lines, extents)
        else:
            for one in group:
                if one.kind in ("title", "heading", "excerpt") and lines:
                    lines.append(Strip.blank(width, base))
                first = len(lines)
                lines.extend(render(one, width))
                extents.append((first, len(lines) - first, 0, width))
        index += run
    return lines, extents


def _lay_out_columns(
    group: list[Block],
    columns: int,
    column_width: int,
    width: int,
    render: RenderBlock,
    base: Style,
    gap: Strip,
    lines: list[Strip],
    extents: list[Extent],
) -> None:
    """Lay out ``group`` as ``columns`` side-by-side columns below ``lines``."""
    top = len(lines)
    stacks: list[list[Strip]] = [[] for _ in range(columns)]
    for block in group:
        stack = stacks[block.column]
        if stack:
            stack.append(Strip.blank(column_width, base))
        first = len(stack)
        stack.extend(render(block, column_width))
        left = block.column * (column_width + len(COLUMN_GAP))
        extents.append((top + first, len(stack) - first, left, left + column_width))
    height = max(len(stack) for stack in stacks)
    for row in range(height):
        parts: list[Strip] = []
        for number, stack in enumerate(stacks):
            if number:
                parts.append(gap)
            parts.append(stack[row] if row < len(stack) else Strip.blank(column_width, base))
        lines.append(Strip.join(parts).extend_cell_length(width, base))


def highlight(strip: Strip, style: Style) -> Strip:
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
