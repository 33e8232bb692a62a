"""Keyboard navigation on the main screen, the detail pane, the source reader and help.

Every test drives the app with key presses and asserts on state: which record
is highlighted, what the detail pane shows, which widget has focus and which
screen is on top.  Where a test is about something else, it places the list
cursor directly (``select``) to keep the suite fast; the list keys themselves
are covered by ``test_list_keys_move_cursor_and_detail_follows``.
"""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.pilot import Pilot

from tests.ui.helpers import SIZE, AppFactory, main_screen, screen_text
from tui.app import VnruApp
from tui.core.files.citations import ArticleIndex
from tui.core.kinds import record_label
from tui.core.models import Event
from tui.core.queries.knowledge import KnowledgeBase
from tui.screens.help import HelpScreen, key_label
from tui.screens.main import PANES, MainScreen
from tui.screens.source_reader import SourceReader
from tui.widgets.detail_view import DetailView
from tui.widgets.pane_bar import PaneBar
from tui.widgets.record_list import RecordList


def assert_detail_follows_list(app: VnruApp) -> None:
    """The detail pane shows the highlighted record, title and all."""
    screen = main_screen(app)
    record_list, detail = screen.current_list, screen.detail
    assert record_list.current_id is not None
    assert detail.record_id == record_list.current_id
    record = app.kb.by_id[record_list.current_id]
    assert record_label(record) in detail.text_content()


async def select(pilot: Pilot[int], record_id: str) -> None:
    """Place the visible list's cursor on ``record_id`` and let the detail catch up."""
    screen = main_screen(pilot.app)  # type: ignore[arg-type]
    assert screen.current_list.select_record(record_id)
    await pilot.pause()
    assert screen.detail.record_id == record_id


async def detail_to_link(pilot: Pilot[int], target: str) -> None:
    """Enter the detail pane and press j until the link to ``target`` is highlighted."""
    detail = main_screen(pilot.app).detail  # type: ignore[arg-type]
    await pilot.press("enter")
    assert detail.has_focus
    stops = [index for index, block in enumerate(detail.blocks) if block.selectable]
    wanted = next(index for index, block in enumerate(detail.blocks) if block.link == target)
    await pilot.press(*["j"] * stops.index(wanted))
    assert detail.current_block is not None
    assert detail.current_block.link == target


def event(kb: KnowledgeBase, event_id: str) -> Event:
    """The event ``event_id`` of ``kb``."""
    record = kb.by_id[event_id]
    assert isinstance(record, Event)
    return record


async def test_start_shows_timeline_with_first_event(make_app: AppFactory) -> None:
    """On start the timeline list has focus, its first event is highlighted and shown."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        assert screen.pane == "timeline"
        assert app.focused is screen.current_list
        assert screen.current_list.cursor == 0
        assert screen.current_list.current_id == app.kb.events[0].id
        assert_detail_follows_list(app)
        assert app.kb.events[0].title in screen_text(app)


LIST_KEY_SCRIPT: list[tuple[str, int]] = [
    # (key, index of the event highlighted afterwards; -1 is the last)
    ("k", 0),  # already at the top: stays
    ("j", 1),
    ("down", 2),
    ("down", 3),
    ("k", 2),
    ("up", 1),
    ("G", -1),
    ("j", -1),  # already at the bottom: stays
    ("g", 0),
    ("end", -1),
    ("home", 0),
    ("pagedown", -1),  # the 13 events fit on one page at 36 rows
    ("pageup", 0),
]


async def test_list_keys_move_cursor_and_detail_follows(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """j/k/↓/↑/g/G/Home/End/PgDn/PgUp move the timeline cursor; the detail follows each move."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        record_list = main_screen(app).current_list
        for step, (key, expected) in enumerate(LIST_KEY_SCRIPT):
            await pilot.press(key)
            assert record_list.current_id == ui_kb.events[expected].id, f"step {step}: {key}"
            assert_detail_follows_list(app)


async def test_pagedown_moves_a_screenful_in_a_short_window(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """In a window shorter than the list, PgDn moves by the visible height, not to the end,
    and keeps the cursor row on screen."""
    app = make_app()
    async with app.run_test(size=(120, 14)) as pilot:
        await pilot.pause()
        record_list = main_screen(app).current_list
        height = record_list.scrollable_content_region.height
        assert 1 < height < len(ui_kb.events)
        await pilot.press("pagedown")
        first_page = record_list.cursor
        assert 0 < first_page < len(ui_kb.events) - 1
        assert_detail_follows_list(app)
        assert ui_kb.events[first_page].title[:20] in screen_text(app)
        await pilot.press("pagedown")
        assert record_list.cursor > first_page
        assert_detail_follows_list(app)
        assert ui_kb.events[record_list.cursor].title[:20] in screen_text(app)
        await pilot.press("pageup", "pageup")
        assert record_list.cursor == 0


async def test_number_keys_switch_panes(make_app: AppFactory) -> None:
    """Each pane's number key shows it, focuses its list, activates its tab and shows its
    first record (an empty list shows none)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        for number, (pane, _label, _kind) in reversed(list(enumerate(PANES, 1))):
            await pilot.press(str(number))
            assert screen.pane == pane
            record_list = screen.query_one(f"#{pane}", RecordList)
            assert app.focused is record_list, pane
            assert record_list.display
            others = [w for w in screen.query(RecordList) if w is not record_list]
            assert not any(w.display for w in others), pane
            assert screen.query_one(PaneBar).active == pane
            if not len(record_list.records):  # a kind this archive has none of
                assert record_list.current_id is None
                continue
            assert record_list.current_id == record_list.records[0].id
            assert_detail_follows_list(app)


async def test_each_pane_keeps_its_own_cursor(make_app: AppFactory, ui_kb: KnowledgeBase) -> None:
    """Switching away from a pane and back returns to the record highlighted there."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "2", "j", "1")
        screen = main_screen(app)
        assert screen.current_list.current_id == ui_kb.events[2].id
        assert_detail_follows_list(app)
        await pilot.press("2")
        assert screen.current_list.current_id == ui_kb.people[1].id
        assert_detail_follows_list(app)


async def test_tab_cycles_focus_between_list_and_detail(make_app: AppFactory) -> None:
    """Tab and Shift+Tab move focus list → detail → list (nothing else takes focus)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        for key in ("tab", "shift+tab"):
            await pilot.press(key)
            assert screen.detail.has_focus, key
            await pilot.press(key)
            assert screen.current_list.has_focus, key
        await pilot.press("3", "tab")
        assert screen.detail.has_focus
        assert screen.detail.record_id == screen.current_list.current_id


async def test_enter_in_list_focuses_detail_on_first_item(make_app: AppFactory) -> None:
    """Enter on a list row moves focus to the detail pane with its first link or excerpt lit."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("j", "enter")
        detail = screen.detail
        assert app.focused is detail
        first = next(index for index, block in enumerate(detail.blocks) if block.selectable)
        assert detail.item == first
        assert detail.current_block is not None  # ev-ties links nothing: its excerpt
        assert detail.current_block.citation == event(app.kb, "ev-ties").citations[0]
        assert_detail_follows_list(app)


async def test_detail_j_k_walk_links_then_excerpts(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """In the detail pane j/k step through the links and excerpts in order, g/G jump to the ends."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ev-state-visit")
        await pilot.press("enter")
        detail = main_screen(app).detail
        visit = event(ui_kb, "ev-state-visit")
        expected = [*visit.people, *visit.agreements, *(c.quote for c in visit.citations)]
        seen: list[str] = []
        for step in range(len(expected)):
            if step:
                await pilot.press("j")
            block = detail.current_block
            assert block is not None
            seen.append(block.link or (block.citation.quote if block.citation else "?"))
        assert seen == expected
        last = detail.item
        await pilot.press("down")  # nothing further: the cursor stays on the last excerpt
        assert detail.item == last
        await pilot.press("up")
        assert detail.current_block is not None
        assert detail.current_block.citation == visit.citations[0]
        await pilot.press("g")
        assert detail.current_block is not None
        assert detail.current_block.link == expected[0]
        await pilot.press("G")
        assert detail.item == last
        # The list cursor did not move while the detail had focus.
        assert main_screen(app).current_list.current_id == "ev-state-visit"


async def test_enter_on_person_link_shows_person_in_people_pane(make_app: AppFactory) -> None:
    """Enter on a person link switches to People with that person highlighted and shown."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ev-state-visit")
        await detail_to_link(pilot, "to-lam")
        await pilot.press("enter")
        await pilot.pause()
        screen = main_screen(app)
        assert screen.pane == "people"
        assert screen.current_list.current_id == "to-lam"
        assert app.focused is screen.current_list
        assert screen.query_one(PaneBar).active == "people"
        assert_detail_follows_list(app)
        assert "General Secretary" in screen.detail.text_content()


async def follow_three_links(pilot: Pilot[int]) -> list[tuple[str, str, int]]:
    """Timeline → People → Timeline → Agreements by Enter on links in the detail pane.

    Returns (pane, record id, detail item) as they were before each jump.
    """
    screen = main_screen(pilot.app)  # type: ignore[arg-type]
    trail: list[tuple[str, str, int]] = []
    await select(pilot, "ev-energy")
    for record_id, link in (
        ("ev-energy", "putin"),  # → People: Putin
        ("putin", "ev-partnership"),  # → Timeline: the strategic partnership
        ("ev-partnership", "strategic-partnership"),  # → Agreements: the declaration
    ):
        await detail_to_link(pilot, link)
        trail.append((screen.pane, record_id, screen.detail.item))
        await pilot.press("enter")
        await pilot.pause()
    assert screen.pane == "agreements"
    assert screen.current_list.current_id == "strategic-partnership"
    assert len(screen.history) == 3
    return trail


async def test_back_retraces_several_cross_links(make_app: AppFactory) -> None:
    """Escape and Backspace go back through every followed link: pane, record and focus;
    with the history empty, Back leaves the detail pane, and then does nothing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        trail = await follow_three_links(pilot)
        for back_key, (pane, record_id, _item) in zip(
            ["escape", "backspace", "escape"], reversed(trail), strict=True
        ):
            await pilot.press(back_key)
            await pilot.pause()
            assert screen.pane == pane
            assert screen.query_one(PaneBar).active == pane
            assert screen.current_list.current_id == record_id
            assert screen.detail.record_id == record_id
            assert app.focused is screen.detail, (
                "the detail pane had focus when the link was followed"
            )
        assert screen.history == []

        await pilot.press("backspace")
        assert app.focused is screen.current_list
        assert screen.current_list.current_id == "ev-energy"
        await pilot.press("escape")
        assert screen.pane == "timeline"
        assert screen.current_list.current_id == "ev-energy"
        assert isinstance(app.screen, MainScreen)


async def test_back_restores_the_highlighted_link_in_the_detail(make_app: AppFactory) -> None:
    """Back puts the detail cursor on the link that was followed, at every level.

    The list's Highlighted message, posted when Back moves the list cursor,
    reached the screen after the item was restored and reloaded the detail pane,
    leaving it focused with nothing highlighted.
    """
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = main_screen(app).detail
        trail = await follow_three_links(pilot)
        for pane, record_id, item in reversed(trail):
            await pilot.press("escape")
            await pilot.pause()
            assert detail.record_id == record_id, pane
            assert detail.item == item, f"back to {record_id}: detail item lost"


async def test_enter_on_excerpt_opens_reader_at_that_quote(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """Enter on an excerpt opens the source reader with that quote as the current passage;
    n/N step through the cited passages, z folds page furniture, Escape closes."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ev-state-visit")
        await pilot.press("enter", "G")  # the last item: the state visit's second excerpt
        detail = main_screen(app).detail
        second = event(ui_kb, "ev-state-visit").citations[1]
        assert detail.current_block is not None
        assert detail.current_block.citation == second
        await pilot.press("enter")
        await pilot.pause()

        reader = app.screen
        assert type(reader) is SourceReader
        assert reader.source.id == second.source
        assert reader.passages[reader.current] == ui_kb.span_of(second)
        lit = [widget for widget in reader._widgets if widget.has_class("-current")]
        assert len(lit) == 1
        assert second.quote in str(lit[0].content)
        assert f"passage {reader.current + 1} of {len(reader.passages)}" in screen_text(app)

        start, count = reader.current, len(reader.passages)
        await pilot.press("n")
        assert reader.current == (start + 1) % count
        await pilot.press("N", "N")
        assert reader.current == (start - 1) % count

        text = ui_kb.texts[reader.source.id]
        assert all(widget.display for widget in reader._widgets)
        assert "Hit Counter" in screen_text(app)
        await pilot.press("z")
        assert reader.folded
        pairs = list(zip(reader.paragraphs, reader._widgets, strict=True))
        hidden = [paragraph for paragraph, widget in pairs if not widget.display]
        assert hidden, "z hid no paragraph"
        assert all(paragraph.boilerplate for paragraph in hidden)
        assert "Hit Counter" not in screen_text(app)
        shown = "\n".join(text[p.start : p.end] for p, widget in pairs if widget.display)
        for passage in reader.passages:  # a cited passage is never folded away
            assert text[passage.start : passage.end] in shown
        await pilot.press("z")
        assert all(widget.display for widget in reader._widgets)

        await pilot.press("escape")
        await pilot.pause()
        screen = main_screen(app)
        assert screen.detail.record_id == "ev-state-visit"
        assert app.focused is screen.detail
        assert screen.detail.current_block is not None
        assert screen.detail.current_block.citation == second


async def test_n_wraps_round_the_cited_passages(make_app: AppFactory, ui_kb: KnowledgeBase) -> None:
    """n past the last cited passage comes back to the first; N before the first goes to the last."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "o")  # the first source, no passage chosen
        reader = app.screen
        assert isinstance(reader, SourceReader)
        assert reader.current == -1
        assert f"{len(reader.passages)} cited passages" in screen_text(app)
        await pilot.press("N")
        assert reader.current == len(reader.passages) - 1
        await pilot.press("n")
        assert reader.current == 0
        index = ArticleIndex(ui_kb.texts[reader.source.id])
        spans = {
            index.find(citation.quote)
            for record in ui_kb.by_id.values()
            for citation in ui_kb.citations_of(record)
            if citation.source == reader.source.id
        }
        assert sorted(spans, key=lambda s: (s.start, s.end)) == reader.passages  # type: ignore[union-attr]


async def test_o_in_list_opens_reader_on_first_citation(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """'o' with the list focused opens the reader at the record's first citation;
    q closes the reader (it does not quit the app)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ev-scholarships")
        await pilot.press("o")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, SourceReader)
        first = event(ui_kb, "ev-scholarships").citations[0]
        assert reader.source.id == first.source
        assert reader.passages[reader.current] == ui_kb.span_of(first)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


async def test_o_on_a_source_opens_the_whole_article(make_app: AppFactory) -> None:
    """'o' on the Sources pane opens that article at the top with no passage chosen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "j", "o")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, SourceReader)
        assert reader.source.id == app.kb.sources[1].id
        assert reader.current == -1
        assert reader.source.title in screen_text(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert main_screen(app).pane == "sources"
        assert main_screen(app).current_list.current_id == app.kb.sources[1].id


async def test_y_copies_the_current_citation(make_app: AppFactory, ui_kb: KnowledgeBase) -> None:
    """y copies the highlighted excerpt as a plain citation: quote, title, outlet, date."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ev-state-visit")
        await pilot.press("enter", "G", "y")
        second = event(ui_kb, "ev-state-visit").citations[1]
        source = ui_kb.source(second.source)
        assert second.quote in app.clipboard
        assert source.title in app.clipboard
        assert source.outlet in app.clipboard


def help_table_text(app: VnruApp) -> str:
    """The help screen's table as plain text, however tall it is."""
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return screen.text()


async def test_help_lists_every_main_screen_binding(make_app: AppFactory) -> None:
    """? and F1 open the help, which names every binding of the main screen, the
    detail pane and the reader (read from the classes, so a new key cannot be missed)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for key in ("question_mark", "f1"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen), key
            text = help_table_text(app)
            for binding in [*MainScreen.BINDINGS, *DetailView.BINDINGS, *SourceReader.BINDINGS]:
                assert isinstance(binding, Binding)
                assert binding.description, f"{binding.key} has no description"
                assert binding.description in text, binding
                assert key_label(binding.key).split(" / ")[0] in text, binding
            await pilot.press(key)  # the same key closes it again
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), key


async def test_help_opens_over_the_reader_and_closes_back_to_it(make_app: AppFactory) -> None:
    """Help opens on top of the source reader and Escape returns to the reader."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SourceReader)


async def test_q_quits(make_app: AppFactory) -> None:
    """q on the main screen exits the app with status 0."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_a_scrollbar_repaints_only_when_its_thumb_moves(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a long list one row of scrolling moves the thumb by a sliver of a
    cell: the bar is not repainted until the drawn thumb changes."""
    from textual.scrollbar import ScrollBar

    from tui.widgets.scrollbar import QuietScrollBar

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        record_list = main_screen(app).current_list
        bar = record_list.vertical_scrollbar
        assert isinstance(bar, QuietScrollBar)
        await pilot.pause()
        repaints: list[object] = []
        original = ScrollBar.refresh

        def counted(this: ScrollBar, *args: object, **kwargs: object) -> ScrollBar:
            if this is bar:
                repaints.append(args)
            return original(this, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(ScrollBar, "refresh", counted)
        bar.window_virtual_size = 100_000
        bar.window_size = 30
        assert len(repaints) == 1  # a thumb appeared
        drawn = bar.thumb()
        bar.position = 1
        bar.position = 2
        assert bar.thumb() == drawn and len(repaints) == 1  # 2 rows of 100,000: same cells
        bar.position = 50_000
        assert bar.thumb() != drawn and len(repaints) == 2  # half way down: it moved


async def test_a_new_length_repaints_the_scrollbar_only_when_its_thumb_moves(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual repaints a view's scrollbar whenever the view's scrollable size
    is set, which the detail pane does for every record: a record that fits
    the pane, after another that fitted, leaves the bar as it was drawn."""
    from textual.geometry import Size
    from textual.scrollbar import ScrollBar

    from tui.widgets.line_view import set_scroll_size

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = main_screen(app).detail
        await pilot.pause()
        repaints: list[object] = []
        original = ScrollBar.refresh

        def counted(bar: ScrollBar, *args: object, **kwargs: object) -> ScrollBar:
            if bar is detail.vertical_scrollbar:
                repaints.append(args)
            return original(bar, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(ScrollBar, "refresh", counted)
        width, height = detail.scrollable_content_region.size
        set_scroll_size(detail, Size(width, height - 5))
        set_scroll_size(detail, Size(width, height - 2))
        assert repaints == []  # no thumb before, none after
        set_scroll_size(detail, Size(width, height * 10))
        assert repaints  # a thumb appeared
