"""The lists and the detail pane hand Textual finished lines (their border,
padding and line filters applied once, see ``tui/widgets/line_view.py``): what
they hand over must be what Textual would have drawn from the same content.

Each check compares a view's lines with Textual's own drawing of them
(``Widget.render_lines``, which runs every content line through Textual's
styles cache), in a dark and a light theme and under NO_COLOR, focused and not.
"""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widget import Widget

from tests.ui.helpers import LOOKS, SIZE, AppFactory, main_screen, screen_text, set_look
from tui.widgets.line_view import LineView


def assert_drawn_as_textual_would(view: LineView) -> None:
    width, height = view.region.size
    for crop in (Region(0, 0, width, height), Region(3, 2, width - 5, height - 4)):
        ours = view.render_lines(crop)
        textuals = Widget.render_lines(view, crop)
        assert len(ours) == len(textuals) == crop.height
        for y, (mine, theirs) in enumerate(zip(ours, textuals, strict=True)):
            assert mine.cell_length == theirs.cell_length, (view, y)
            assert list(mine) == list(theirs), (view, y, mine.text)


@pytest.mark.parametrize("looked", LOOKS, indirect=True)
async def test_finished_lines_are_textuals(make_app: AppFactory, looked: str) -> None:
    """The timeline and the detail pane (a left edge and padding), with the
    focus on either, and with the list scrolled and the detail cursor on a link."""
    app = make_app()
    async with app.run_test(size=(SIZE[0], 14)) as pilot:  # short: the list scrolls
        await set_look(app, pilot, looked)
        screen = main_screen(app)
        record_list, detail = screen.current_list, screen.detail
        assert_drawn_as_textual_would(record_list)
        assert_drawn_as_textual_would(detail)
        await pilot.press(*"j" * 40)  # past the bottom: the list has scrolled
        await pilot.pause()
        assert record_list.scroll_offset.y > 0
        assert_drawn_as_textual_would(record_list)
        await pilot.press("tab", "j")
        await pilot.pause()
        assert detail.has_focus and detail.item >= 0
        assert_drawn_as_textual_would(record_list)
        assert_drawn_as_textual_would(detail)


async def test_a_box_textual_draws_more_of_is_left_to_textual(make_app: AppFactory) -> None:
    """A view given a top border (which the finished lines do not draw) is
    drawn by Textual, border and all."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = main_screen(app).detail
        detail.styles.border_top = ("heavy", "red")
        await pilot.pause()
        assert_drawn_as_textual_would(detail)
        assert "━" in detail.render_lines(Region(0, 0, *detail.region.size))[0].text


async def test_a_line_shown_again_is_not_finished_again(make_app: AppFactory) -> None:
    """The finished line is kept with its content line: drawing the same
    screen twice hands Textual the same lines, whose divisions and terminal
    text Textual keeps."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        detail = main_screen(app).detail
        crop = Region(0, 0, *detail.region.size)
        first = detail.render_lines(crop)
        again = detail.render_lines(crop)
        assert all(a is b for a, b in zip(first, again, strict=True))


async def test_a_prepared_record_repaints_only_the_lines_that_differ(
    make_app: AppFactory,
) -> None:
    """Stepping down the list to a record laid out ahead (the usual case)
    repaints only the detail lines that differ from the record before: the
    lines both share (a heading, a blank line, the empty lines below) stay as
    Textual last wrote them, and what is on screen is the new record, whole."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        detail = screen.detail
        await pilot.press("j")  # the next record is laid out after this frame
        await pilot.pause()
        before = list(detail._lines)
        repainted: list[tuple[int, int]] = []
        original = detail.refresh_lines

        def noted(y_start: int, line_count: int = 1) -> None:
            repainted.append((y_start, line_count))
            original(y_start, line_count)

        detail.refresh_lines = noted  # type: ignore[method-assign]
        await pilot.press("j")
        await pilot.pause()
        after = detail._lines
        height = detail.scrollable_content_region.height
        differ = [
            y
            for y in range(height)
            if (before[y] if y < len(before) else None) != (after[y] if y < len(after) else None)
        ]
        assert repainted, "the record was not swapped in line by line"
        assert (
            sorted(y for start, count in repainted for y in range(start, start + count)) == differ
        )
        assert len(differ) < height  # (the test needs two records with a line in common)
        shown = screen_text(app)
        detail.refresh()
        await pilot.pause()
        assert screen_text(app) == shown  # a full repaint shows nothing more


async def test_the_rows_the_next_move_repaints_are_drawn_ahead(make_app: AppFactory) -> None:
    """After a move's frame the list makes the two rows the next move the
    same way repaints, as they will look (the next row with the cursor, the
    cursor's row without it), finished for Textual; the next move then draws
    them as they were made."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        record_list = main_screen(app).current_list
        await pilot.press("j")
        await pilot.pause()
        cursor, width = record_list.cursor, record_list.view[2]
        ahead = record_list._strips.get((cursor + 1, width, True, record_list.has_focus))
        assert ahead is not None
        await pilot.press("j")
        await pilot.pause()
        crop = Region(0, 0, *record_list.region.size)
        drawn = record_list.render_lines(crop)[cursor + 1 - record_list.scroll_offset.y]
        assert drawn is record_list._finish(
            record_list.place(ahead, 0, cursor + 1, width),
            record_list._box(),  # type: ignore[arg-type]
        )


async def test_the_record_below_the_first_is_ready_before_the_first_move(
    make_app: AppFactory,
) -> None:
    """At start-up the record below the cursor is laid out ahead too, once the
    first frames are out: the first move is a swap of lines, like every later
    one (it used to build its record, and took twice as long)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        record_list, detail = screen.current_list, screen.detail
        for _ in range(3):
            await pilot.pause()
        following = record_list.records.ids[record_list.shown[1]]
        width = detail.scrollable_content_region.width
        assert (following, width) in detail._prepared
        repainted: list[int] = []
        original = detail.refresh_lines

        def noted(y_start: int, line_count: int = 1) -> None:
            repainted.append(line_count)
            original(y_start, line_count)

        detail.refresh_lines = noted  # type: ignore[method-assign]
        await pilot.press("j")
        await pilot.pause()
        assert detail.record_id == following and repainted, "swapped in line by line"
