"""The keyboard's place is always visible: the cursor in every pane and view, and
which pane has the focus, in a dark theme, a light theme and under NO_COLOR.

Each check reads the screen as the terminal receives it (after Textual's line
filters, where NO_COLOR turns colours to greys), so a highlight that some
segment's own style hides fails here.
"""

from __future__ import annotations

import pytest
from textual.widget import Widget

from tests.ui.helpers import (
    LOOKS,
    SIZE,
    AppFactory,
    main_screen,
    screen_cells,
    set_look,
    type_text,
)
from tui.app import VnruApp
from tui.core.outputs.notebook import Notebook
from tui.core.queries.knowledge import KnowledgeBase
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.discrepancies import DiscrepanciesScreen
from tui.screens.search import HitList, SearchScreen
from tui.widgets.detail_view import DetailView
from tui.widgets.virtual_list import VirtualList

"""The default theme, a light theme, and NO_COLOR (shades of grey)."""


def background_at(
    app: VnruApp, widget: Widget, line: int, columns: tuple[int, int] | None = None
) -> set[object]:
    """The backgrounds of content line ``line`` (on screen) of ``widget``, in
    ``columns`` (first, last + 1) of its content if given."""
    region = widget.scrollable_content_region  # not the scrollbar
    row = screen_cells(app)[region.y + line]
    left, right = (
        (region.x, region.right)
        if columns is None
        else (
            region.x + columns[0],
            region.x + columns[1],
        )
    )
    return {cell[2] for cell in row[left:right]}


def detail_cursor_line(detail: DetailView) -> int:
    """The on-screen line of the detail cursor's first line."""
    first, _count, _left, _right = detail.block_extent(detail.item)
    return first - detail.scroll_offset.y


def plain_line(detail: DetailView) -> int:
    """The on-screen line of a paragraph the cursor cannot rest on."""
    for index, block in enumerate(detail.blocks):
        if block.kind == "text" and index != detail.item:
            first = detail.block_extent(index)[0] - detail.scroll_offset.y
            if 0 <= first < detail.content_region.height:
                return first
    raise AssertionError("no plain paragraph on screen")


def assert_detail_cursor_shows(app: VnruApp, detail: DetailView) -> None:
    """The cursor's lines are drawn in another background than the plain text's."""
    assert detail.item >= 0
    _first, _count, left, right = detail.block_extent(detail.item)
    cursor = background_at(app, detail, detail_cursor_line(detail), (left, right))
    plain = background_at(app, detail, plain_line(detail), (left, right))
    assert cursor.isdisjoint(plain), (cursor, plain)


def assert_list_cursor_shows(app: VnruApp, view: VirtualList) -> None:
    line = view.cursor - view.scroll_offset.y
    # Another item's row, or the empty line under a one-item list (as plain as a row).
    rows = [y for y in range(view.content_region.height) if y != line]
    other = next((y for y in rows if view.scroll_offset.y + y < view.row_count()), rows[0])
    cursor = background_at(app, view, line)
    plain = background_at(app, view, other)
    assert cursor.isdisjoint(plain), (cursor, plain)


@pytest.mark.parametrize("looked", LOOKS, indirect=True)
async def test_the_detail_cursor_is_drawn_and_moves(make_app: AppFactory, looked: str) -> None:
    """Regression: the cursor was applied as a base style under every segment's
    own background, so `j` in the detail pane changed nothing on screen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await set_look(app, pilot, looked)
        screen = main_screen(app)
        screen.go_to("ev-state-visit", remember=False)  # three people: three links
        await pilot.press("enter")
        await pilot.pause()
        detail = screen.detail
        assert detail.has_focus
        assert_detail_cursor_shows(app, detail)
        before = screen_cells(app)
        await pilot.press("j")
        await pilot.pause()
        assert screen_cells(app) != before, "j moved the cursor but the screen did not change"
        assert_detail_cursor_shows(app, detail)


@pytest.mark.parametrize("looked", LOOKS, indirect=True)
async def test_the_focused_pane_is_marked(make_app: AppFactory, looked: str) -> None:
    """The list's title bar is lit while the list has the focus; the detail
    pane's left edge while it has it: the two states look different."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await set_look(app, pilot, looked)
        screen = main_screen(app)
        title = screen.query_one("#list-title")
        edge = screen.detail.region.x

        def marks() -> tuple[set[object], set[object]]:
            cells = screen_cells(app)
            lit_title = {
                cell[2] for cell in cells[title.region.y][title.region.x : title.region.right]
            }
            lit_edge = {cells[y][edge][1:3] for y in range(screen.detail.region.y, 10)}
            return lit_title, lit_edge

        list_focused = marks()
        await pilot.press("tab")
        assert screen.detail.has_focus
        detail_focused = marks()
        assert list_focused[0] != detail_focused[0], "the title bar looks the same either way"
        assert list_focused[1] != detail_focused[1], "the detail's edge looks the same either way"


@pytest.mark.parametrize("looked", LOOKS, indirect=True)
async def test_the_discrepancies_cursor_is_drawn(make_app: AppFactory, looked: str) -> None:
    """In the Discrepancies view the passages take the cursor, one column at a time."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await set_look(app, pilot, looked)
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, DiscrepanciesScreen)
        await pilot.pause()
        assert_list_cursor_shows(app, screen.disagreement_list)
        await pilot.press("tab")
        detail = screen.detail
        assert detail.has_focus
        before = screen_cells(app)
        await pilot.press("j")
        await pilot.pause()
        assert screen_cells(app) != before
        assert_detail_cursor_shows(app, detail)


@pytest.mark.parametrize("looked", LOOKS, indirect=True)
async def test_the_bookmarks_and_search_cursors_are_drawn(
    make_app: AppFactory, looked: str, ui_kb: KnowledgeBase
) -> None:
    """The Bookmarks list and detail, and the search results, show their cursor."""
    notebook = Notebook.open()
    for record_id in ("putin", "ev-energy", "alpha"):
        notebook.toggle_bookmark(ui_kb, record_id)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await set_look(app, pilot, looked)
        await pilot.press("B")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        await pilot.press("j")
        assert_list_cursor_shows(app, screen.bookmark_list)
        await pilot.press("tab")
        assert screen.detail.has_focus
        assert_detail_cursor_shows(app, screen.detail)
        await pilot.press("escape", "escape")
        await pilot.press("s")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "ties")
        await pilot.press("down")
        hits = app.screen.query_one(HitList)
        assert hits.has_focus
        assert_list_cursor_shows(app, hits)
