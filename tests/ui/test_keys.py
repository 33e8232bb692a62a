"""Keys with one meaning each, as a less or vim user expects them: Tab and h/l
between the panes, Escape one step a press, paging, the reader's search, q,
help at the current screen's keys, and the palette saying what it finds."""

from __future__ import annotations

import pytest
from textual.command import CommandInput, CommandPalette
from textual.containers import VerticalScroll

from tests.ui.helpers import SIZE, AppFactory, main_screen, type_text
from tui.core.outputs.notebook import NotebookError
from tui.core.queries.articles import find_phrase
from tui.core.queries.knowledge import KnowledgeBase
from tui.screens.help import MAIN, READER, SEARCH, HelpScreen, HelpSection, help_sections
from tui.screens.main import MainScreen
from tui.screens.search import HitList, SearchScreen
from tui.screens.source_reader import ArticleView, SourceReader
from tui.widgets.filter_box import FilterInput

# --- the main screen ----------------------------------------------------------------


async def test_tab_after_a_kept_filter_goes_to_the_detail(make_app: AppFactory) -> None:
    """Regression: with a kept filter the box stayed in the focus chain, so Tab
    went into it and the next key replaced the filter ("/bez Enter Tab j")."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("slash")
        await type_text(pilot, "energy")
        await pilot.press("enter")
        shown = screen.current_list.row_count()
        await pilot.press("tab")
        assert screen.detail.has_focus
        await pilot.press("j", "tab")
        assert screen.current_list.has_focus
        assert screen.current_list.query_text == "energy"
        assert screen.current_list.row_count() == shown
        await pilot.press("slash", "tab")  # from the box too: the filter is kept
        assert screen.detail.has_focus
        assert screen.current_list.query_text == "energy"


async def test_h_and_l_move_between_the_list_and_the_detail(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("l")
        assert screen.detail.has_focus
        await pilot.press("l")
        assert screen.detail.has_focus
        await pilot.press("h")
        assert screen.current_list.has_focus
        await pilot.press("slash", "h")  # typed into the box, not a move
        assert screen.query_one(FilterInput).value == "h"


async def test_ctrl_f_and_ctrl_b_page_the_list(make_app: AppFactory) -> None:
    """ctrl+f pages forward as in less and vim (it used to open the search)."""
    app = make_app()
    async with app.run_test(size=(80, 12)) as pilot:
        record_list = main_screen(app).current_list
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, MainScreen)
        assert record_list.cursor > 1
        await pilot.press("ctrl+b")
        assert record_list.cursor == 0


async def test_escape_takes_one_step_a_press_and_brings_back_a_cleared_filter(
    make_app: AppFactory,
) -> None:
    """A jump (here from the search) that clears a kept filter is undone by one
    Escape, filter and all; the next Escape clears the filter; the next leaves
    the detail pane. Each press changes one thing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        record_list = screen.current_list
        await pilot.press("slash")
        await type_text(pilot, "energy")
        await pilot.press("enter", "tab")
        origin = record_list.current_id
        assert origin is not None and origin != "ev-scholarships"
        await pilot.press("s")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "scholarships")
        await pilot.press("down")
        hits = app.screen.query_one(HitList)
        assert hits.current_hit is not None and hits.current_hit.record_id == "ev-scholarships"
        await pilot.press("enter")
        await pilot.pause()
        assert record_list.current_id == "ev-scholarships"
        assert not record_list.is_filtered, "the jump had to clear the filter"

        await pilot.press("escape")
        assert record_list.current_id == origin
        assert record_list.query_text == "energy", "the filter the jump cleared is back"
        assert screen.query_one(FilterInput).display
        assert screen.detail.has_focus
        assert screen.history == []

        await pilot.press("escape")
        assert not record_list.is_filtered
        assert record_list.current_id == origin
        assert screen.detail.has_focus

        await pilot.press("escape")
        assert screen.current_list.has_focus
        assert record_list.current_id == origin


async def test_escape_clears_a_filter_before_going_back(make_app: AppFactory) -> None:
    """When the jump kept the filter, Escape clears it first, then goes back."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("slash")
        await type_text(pilot, "energy")
        await pilot.press("enter")
        start = screen.current_list.current_id
        screen.go_to("ev-energy")  # a match: the filter stays
        await pilot.pause()
        assert screen.current_list.query_text == "energy"
        await pilot.press("escape")
        assert not screen.current_list.is_filtered
        assert screen.current_list.current_id == "ev-energy"
        assert len(screen.history) == 1
        await pilot.press("escape")
        assert screen.current_list.current_id == start
        assert screen.history == []


# --- q -------------------------------------------------------------------------------


async def test_q_quits_and_says_how_to_come_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.farewell is not None
    assert "Run `vnru --data " in app.farewell  # the test fixture is not the bundled data
    assert "notebook.json" in app.farewell


async def test_q_on_the_bundled_data_names_the_plain_command(make_app: AppFactory) -> None:
    from tui.core.paths import default_data_dir
    from tui.core.queries.opening import load_knowledge_base

    app = make_app(load_knowledge_base(default_data_dir()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
    assert app.farewell is not None
    assert app.farewell.startswith("vnru closed. Run `vnru` to come back;")


async def test_q_at_once_after_start_quits_cleanly(make_app: AppFactory) -> None:
    """Regression: q before the first frame's deferred work ran crashed the exit
    (the filter box was mounted into a screen already leaving)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert app.unexpected_error is None


async def test_q_asks_first_when_a_change_could_not_be_saved(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bookmark kept in memory only (its save failed) would be lost: the first
    q says so and the app stays; a second q quits."""

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tui.core.outputs.notebook.write_atomically", fail)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        assert app.notebook.unsaved
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        assert any("could not be saved" in n.message for n in app._notifications)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


def test_a_successful_save_clears_the_unsaved_mark(
    ui_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.outputs import notebook as module

    notebook = module.Notebook.open()
    real = module.write_atomically

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "write_atomically", fail)
    with pytest.raises(NotebookError):
        notebook.toggle_bookmark(ui_kb, "ev-ties")
    assert notebook.unsaved
    monkeypatch.setattr(module, "write_atomically", real)
    notebook.toggle_bookmark(ui_kb, "ev-energy")
    assert not notebook.unsaved
    assert module.Notebook.open().is_bookmarked("ev-ties")


# --- the reader ----------------------------------------------------------------------


async def test_reader_slash_searches_the_article_and_n_steps_through_matches(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "o")
        reader = app.screen
        assert isinstance(reader, SourceReader)
        expected = find_phrase(ui_kb.texts[reader.source.id], "russia")
        assert len(expected) >= 2
        await pilot.press("slash")
        await type_text(pilot, "russia")
        await pilot.press("enter")
        assert reader.matches == expected
        assert reader.match == 0
        assert reader.query_one(ArticleView).has_focus
        await pilot.press("n")
        assert reader.match == 1
        await pilot.press("N", "N")
        assert reader.match == len(expected) - 1, "N wraps round"
        await pilot.press("escape")  # clears the search, stays in the reader
        assert app.screen is reader
        assert reader.matches == [] and reader.search_text == ""
        await pilot.press("n")  # with no search, n steps through the cited passages
        assert reader.current == 0
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


def test_find_phrase_is_smart_case_and_spans_line_breaks() -> None:
    text = "Vietnam and\nRussia; RUSSIA and russia."
    assert [text[s.start : s.end] for s in find_phrase(text, "russia")] == [
        "Russia",
        "RUSSIA",
        "russia",
    ]
    assert [text[s.start : s.end] for s in find_phrase(text, "Russia")] == ["Russia"]
    assert [text[s.start : s.end] for s in find_phrase(text, "and  russia")] == [
        "and\nRussia",
        "and russia",
    ]
    assert find_phrase(text, "   ") == []
    assert find_phrase(text, "[") == []


async def test_reader_pages_like_less(make_app: AppFactory) -> None:
    """space / ctrl+f forward, ctrl+b back, G bottom, g top; b no longer pages."""
    app = make_app()
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.press("5", "o")
        view = app.screen.query_one(ArticleView)
        assert view.max_scroll_y > 10
        await pilot.press("ctrl+f")
        await pilot.pause()
        paged = view.scroll_y
        assert paged > 0
        await pilot.press("space")
        await pilot.pause()
        further = view.scroll_y
        assert further > paged
        await pilot.press("ctrl+b")
        await pilot.pause()
        back = view.scroll_y
        assert back < further
        await pilot.press("b")
        await pilot.pause()
        assert view.scroll_y == back
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0


# --- help and the palette ------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "section"),
    [([], MAIN), (["5", "o"], READER), (["s"], SEARCH)],
    ids=["main", "reader", "search"],
)
async def test_help_opens_at_the_current_screens_keys(
    make_app: AppFactory, keys: list[str], section: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.opened_at == section
        await pilot.pause()
        current = next(s for s in help_screen.query(HelpSection) if s.title == section)
        body = help_screen.query_one("#help-body", VerticalScroll)
        # The section's title is the first line in view (below its one-line margin).
        top = min(current.virtual_region.y - 1, body.max_scroll_y)
        assert body.scroll_offset.y == top
        assert top > 0, "the section is not the first"


def test_help_lists_no_key_twice_in_a_section() -> None:
    """Regression: Enter in the filter box and Tab on the main screen were listed twice."""
    for title, rows in help_sections():
        keys = [key for labels, _description in rows for key in labels.split(" / ")]
        assert len(keys) == len(set(keys)), (title, keys)


async def test_the_palette_says_it_finds_records(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        placeholder = app.screen.query_one(CommandInput).placeholder
        assert "event" in placeholder and "person" in placeholder
        assert "command" not in placeholder.lower()


async def test_keys_typed_ahead_of_enter_and_tab_follow_the_focus(make_app: AppFactory) -> None:
    """Regression (tried in tmux: 'Enter Tab j' sent at once): Textual queued all
    three keys on the filter box, so j was typed into the filter ('/bezj')."""
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("slash")
        await type_text(pilot, "energy")
        for key, character in (("enter", "\r"), ("tab", "\t"), ("j", "j")):
            app.post_message(events.Key(key, character))  # a burst: no pause between
        await pilot.pause()
        await pilot.pause()
        assert screen.current_list.query_text == "energy"
        assert screen.detail.has_focus
        assert screen.detail.item > 0, "j moved the detail cursor"
