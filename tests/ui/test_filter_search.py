"""Narrowing things down: the '/' filter, global search, topic and year filters, the palette."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from tests.ui.helpers import (
    SIZE,
    AppFactory,
    main_screen,
    palette_idle,
    palette_prompts,
    paste,
    screen_text,
    type_text,
    wait_for,
)
from tui.commands import palette_text
from tui.core.models import TOPICS, Event
from tui.core.queries.knowledge import KnowledgeBase
from tui.presenters.registry import build_blocks
from tui.screens.pickers import TopicPicker, YearRangePrompt
from tui.screens.search import HitList, SearchScreen
from tui.screens.source_reader import SourceReader
from tui.widgets.filter_box import FilterInput
from tui.widgets.record_list import RecordList


def visible_ids(record_list: RecordList) -> list[str]:
    """Ids of the rows the list shows, top to bottom."""
    return [record_list.records[row].id for row in record_list.shown]


def shown_text(kb: KnowledgeBase, record_id: str) -> str:
    """Everything the detail pane shows for a record: a user can see why it matched."""
    return "\n".join(block.content.plain for block in build_blocks(kb, kb.by_id[record_id]))


# Pane key → (query, ids expected in list order), worked out by hand from the fixture.
FILTER_CASES: dict[str, list[tuple[str, list[str]]]] = {
    "1": [
        # Lower case ignores case: "energy" is also a topic of the nuclear centre.
        ("energy", ["ev-nuclear-centre", "ev-state-visit", "ev-energy"]),
        # A capital makes it case-sensitive: the state visit matches through its
        # agreement's name, "Energy cooperation agreements".
        ("Energy", ["ev-state-visit", "ev-energy"]),
        # Every word must match, in any order.
        ("visit putin", ["ev-state-visit"]),
        ("1955 moscow", ["ev-ho-visit"]),
    ],
    # Aliases count on the People pane.
    "2": [("Nguyen Ai Quoc", ["ho-chi-minh"]), ("nguyen", ["ho-chi-minh", "nguyen-thi-lan"])],
    "3": [("1994 treaty", ["friendship-treaty"]), ("Treaty", ["friendship-treaty"])],
    "4": [("eaeu", ["eaeu"])],
}


@pytest.mark.parametrize("pane_key", list(FILTER_CASES))
async def test_filter_narrows_the_list_as_you_type(
    make_app: AppFactory, ui_kb: KnowledgeBase, pane_key: str
) -> None:
    """'/' opens the filter box; typing narrows the list to records containing every word,
    with smart case; the title counts the rows; the detail follows the cursor once
    typing pauses."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(pane_key, "slash")
        screen = main_screen(app)
        box = screen.query_one(FilterInput)
        assert box.display
        assert app.focused is box
        record_list = screen.current_list
        for query, expected in FILTER_CASES[pane_key]:
            await pilot.press("ctrl+u")
            await paste(pilot, query)
            assert box.value == query
            assert visible_ids(record_list) == expected, query
            assert record_list.row_count() == len(expected)
            sensitive = any(char.isupper() for char in query)
            for record_id in expected:
                text = shown_text(ui_kb, record_id)
                for word in query.split():
                    found = (word in text) if sensitive else (word.lower() in text.lower())
                    assert found, f"{record_id} does not show {word!r}"
            assert f"{len(expected)} of {len(record_list.records)}" in screen_text(app)
            # The detail catches up once typing pauses: wait for it, not for the clock.
            await wait_for(pilot, lambda first=expected[0]: screen.detail.record_id == first)


async def test_filter_matching_nothing_empties_the_detail(make_app: AppFactory) -> None:
    """When the filter hides every row, the detail pane says so instead of showing a
    record that is no longer in the list."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "zz")
        screen = main_screen(app)
        await wait_for(pilot, lambda: "Nothing to show" in screen.detail.text_content())
        assert screen.current_list.row_count() == 0
        assert screen.current_list.current_id is None
        assert "0 of 13" in screen_text(app)
        assert screen.detail.record_id is None or screen.detail.record_id == ""
        assert "Nothing to show" in screen.detail.text_content()
        await pilot.press("enter", "o")  # nothing to open: a warning, no crash
        assert isinstance(app.screen, type(screen))


async def test_filter_enter_keeps_it_n_moves_escape_clears(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """Enter keeps the filter and returns to the list; n/N step through the matches,
    wrapping; Escape in the reopened box closes it with the filter as it was, and
    Escape in the list then clears the filter, keeping the cursor's record: one
    step a press."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        record_list = screen.current_list
        await pilot.press("slash")
        box = screen.query_one(FilterInput)
        await type_text(pilot, "energy")
        await pilot.press("enter")
        assert app.focused is record_list
        assert box.display, "a kept filter stays visible"
        assert record_list.query_text == "energy"
        matches = visible_ids(record_list)
        assert len(matches) == 3

        await pilot.press("n")
        assert record_list.current_id == matches[1]
        assert screen.detail.record_id == matches[1]
        await pilot.press("n", "n")  # wraps round
        assert record_list.current_id == matches[0]
        await pilot.press("N")
        assert record_list.current_id == matches[-1]
        assert screen.detail.record_id == matches[-1]

        await pilot.press("slash")
        assert box.has_focus
        assert box.value == "energy", "reopening the box shows the kept filter"
        await type_text(pilot, " ties")
        assert record_list.row_count() == 0
        await pilot.press("escape")
        assert app.focused is record_list
        assert record_list.query_text == "energy", "Escape in the box puts back the filter"
        assert visible_ids(record_list) == matches
        assert record_list.current_id == matches[-1]
        await pilot.press("escape")
        assert not box.display
        assert app.focused is record_list
        assert not record_list.is_filtered
        assert record_list.row_count() == len(ui_kb.events)
        assert record_list.current_id == matches[-1]
        assert screen.detail.record_id == matches[-1]


async def test_escape_after_a_query_matching_nothing_returns_to_the_same_record(
    make_app: AppFactory,
) -> None:
    """Escape in the filter box cancels the filter: the cursor returns to the record
    highlighted before '/' even when the typed query had hidden it.

    The list forgot that record as soon as the query hid it (here "q" already
    does), so clearing the filter left the cursor on the first row instead.
    """
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("G", "k")
        before = screen.current_list.current_id
        await pilot.press("slash")
        await type_text(pilot, "qx")
        assert screen.current_list.row_count() == 0
        await pilot.press("escape")
        assert screen.current_list.row_count() == len(app.kb.events)
        assert screen.current_list.current_id == before
        assert screen.detail.record_id == before


async def test_escape_in_the_list_clears_a_kept_filter(make_app: AppFactory) -> None:
    """With a kept filter and no history, Escape in the list clears the filter."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("slash")
        await paste(pilot, "visit")
        await pilot.press("enter", "j")
        kept = screen.current_list.current_id
        await pilot.press("escape")
        assert not screen.current_list.is_filtered
        assert not screen.query_one(FilterInput).display
        assert screen.current_list.current_id == kept


async def test_filters_belong_to_their_pane(make_app: AppFactory) -> None:
    """Each pane keeps its own filter: the box shows the visible pane's query only."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("slash")
        box = screen.query_one(FilterInput)
        await paste(pilot, "energy")
        await pilot.press("enter", "2")
        assert not box.display
        assert not screen.current_list.is_filtered
        assert screen.current_list.row_count() == len(app.kb.people)
        await pilot.press("1")
        assert box.display
        assert box.value == "energy"
        assert screen.current_list.row_count() == 3


async def test_following_a_link_to_a_filtered_out_record_clears_that_filter(
    make_app: AppFactory,
) -> None:
    """A cross-link to a record the target pane's filter hides clears the filter and shows it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("2", "slash")
        await paste(pilot, "lam")
        await pilot.press("enter", "1")
        assert screen.current_list.select_record("ev-energy")
        await pilot.pause()
        await pilot.press("enter")  # the detail's first link: Putin, hidden by "lam"
        assert screen.detail.current_block is not None
        assert screen.detail.current_block.link == "putin"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.pane == "people"
        assert screen.current_list.current_id == "putin"
        assert not screen.current_list.is_filtered
        assert not screen.query_one(FilterInput).display


def hit_rows(hits: HitList) -> list[str]:
    """The result rows as 'heading' or 'kind:record id'."""
    rows = []
    for group, index in hits.rows:
        if index < 0 or hits.hits is None:
            rows.append(f"[{group.kind}]")
        else:
            rows.append(f"{group.kind}:{hits.hits[index].record_id}")
    return rows


async def open_search(pilot: Pilot[int], query: str) -> SearchScreen:
    """Press s, type ``query`` and return the search screen."""
    await pilot.press("s")
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    assert pilot.app.focused is screen.query_one("#search-box", Input)
    await paste(pilot, query)
    await pilot.pause()
    return screen


async def test_search_shows_grouped_hits_and_goes_to_one(make_app: AppFactory) -> None:
    """Typing in the search box lists hits under a heading per kind, article text last;
    ↓ moves into the results (skipping headings), Enter shows the record in its pane,
    and Back returns to where the search started."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        search = await open_search(pilot, "rosatom")
        hits = search.query_one(HitList)
        assert hit_rows(hits) == [
            "[event]",
            "event:ev-nuclear-centre",  # names Rosatom in its own text: ranked first
            "event:ev-energy",  # linked to Rosatom
            "[agreement]",
            "agreement:energy-agreements",
            "[organization]",
            "organization:rosatom",
            "[source]",
            "source:alpha",  # ranked: alpha's shorter article says it first
            "source:gamma",
        ]
        text = screen_text(app)
        for heading in ("Events (2)", "Agreements (1)", "Organisations (1)", "Article text (2)"):
            assert heading in text
        assert "6 results in 4 groups" in text
        assert hits.current_hit is not None
        assert hits.current_hit.record_id == "ev-nuclear-centre", "the first hit, not a heading"

        await pilot.press("down")
        assert app.focused is hits
        await pilot.press("down", "down", "down")  # skips the Agreements and Organisations headings
        assert hits.current_hit is not None
        assert hits.current_hit.record_id == "rosatom"
        await pilot.press("enter")
        await pilot.pause()
        screen = main_screen(app)
        assert screen.pane == "organizations"
        assert screen.current_list.current_id == "rosatom"
        assert screen.detail.record_id == "rosatom"
        await pilot.press("escape")
        assert screen.pane == "timeline"
        assert screen.current_list.current_id == app.kb.events[1].id


async def test_search_enter_in_the_box_opens_the_first_hit(make_app: AppFactory) -> None:
    """Enter straight from the search box goes to the first hit."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_search(pilot, "Tô Lâm")
        await pilot.press("enter")
        await pilot.pause()
        screen = main_screen(app)
        assert screen.pane == "people"
        assert screen.current_list.current_id == "to-lam"


async def test_the_reader_steps_through_the_matches_the_search_counted(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """An article-text hit counts its word's occurrences by the whole query's case
    rule: "bilateral Russia" has a capital, so "bilateral" is matched as typed (1×
    in alpha). The reader it opens steps through those same occurrences, not
    through its own '/' search's for the word alone, which ignores case there
    (and so also finds "Bilateral": 2)."""
    from tui.core.queries.articles import find_phrase

    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        search = await open_search(pilot, "bilateral Russia")
        hits = search.query_one(HitList)
        hits.cursor = hit_rows(hits).index("source:alpha")
        hit = hits.current_hit
        assert hit is not None and hit.word == "bilateral" and hit.occurrences == 1
        assert len(find_phrase(ui_kb.texts["alpha"], "bilateral")) == 2  # the reader's own rule
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, SourceReader)
        assert [(span.start, span.end) for span in reader.matches] == list(hit.spans)
        assert ui_kb.texts["alpha"][hit.spans[0][0] : hit.spans[0][1]] == "bilateral"
        assert "match 1 of 1" in screen_text(app)
        await pilot.press("n")
        assert reader.match == 0, "one match: n stays on it"


async def test_search_article_text_hit_opens_the_reader_there(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """Enter on an article-text hit opens the source reader scrolled to the match
    (in a terminal too short to show it from the top)."""
    app = make_app()
    async with app.run_test(size=(120, 12)) as pilot:
        search = await open_search(pilot, "film weeks")
        hits = search.query_one(HitList)
        assert hit_rows(hits)[-2:] == ["[source]", "source:gamma"]
        await pilot.press("down", "G", "enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, SourceReader)
        assert reader.source.id == "gamma"
        assert reader.query_one("#article").scroll_offset.y > 0
        assert "film weeks" in screen_text(app)
        # It searches the article for the word, at the occurrence the hit showed.
        assert reader.search_text == "film" and reader.match == 0
        assert reader.matches[0].start == hits.current_hit.offset  # type: ignore[union-attr]
        assert "match 1 of" in screen_text(app) and "Esc back" in screen_text(app)
        await pilot.press("escape")  # one Escape: the word was not typed in the reader
        await pilot.pause()
        assert main_screen(app).pane == "timeline"


async def test_search_escape_changes_nothing(make_app: AppFactory) -> None:
    """Escape closes the search and leaves the main screen as it was."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "j")
        await open_search(pilot, "putin")
        await pilot.press("escape")
        await pilot.pause()
        screen = main_screen(app)
        assert screen.pane == "people"
        assert screen.current_list.current_id == app.kb.people[1].id
        assert screen.history == []


async def test_search_smart_case(make_app: AppFactory) -> None:
    """A lower-case query ignores case; a capitalised one matches case exactly."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        search = await open_search(pilot, "hit counter")
        lower = hit_rows(search.query_one(HitList))
        assert lower == ["[source]", "source:alpha", "source:gamma"]  # ranked by bm25
        await pilot.press("ctrl+u")  # clear the box
        await paste(pilot, "HIT")
        await pilot.pause()
        assert hit_rows(search.query_one(HitList)) == []
        assert "No matches." in screen_text(app)


async def choose_topic(pilot: Pilot[int], label: str) -> None:
    """Open the topic picker with t and choose ``label`` with j/k and Enter."""
    await pilot.press("t")
    picker = pilot.app.screen
    assert isinstance(picker, TopicPicker)
    options = picker.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    target = labels.index(label)
    assert options.highlighted is not None
    step = "j" if target >= options.highlighted else "k"
    await pilot.press(*[step] * abs(target - options.highlighted), "enter")
    await pilot.pause()


async def test_topic_picker_filters_the_timeline(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """t from any pane switches to the timeline and shows only events on the chosen topic;
    'All topics' shows everything again; Escape cancels without change."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await choose_topic(pilot, "Energy")
        screen = main_screen(app)
        assert screen.pane == "timeline"
        record_list = screen.current_list
        assert visible_ids(record_list) == ["ev-nuclear-centre", "ev-energy"]
        assert "topic: Energy" in screen_text(app)
        assert screen.detail.record_id == "ev-nuclear-centre"

        await pilot.press("t")
        picker = app.screen
        assert isinstance(picker, TopicPicker)
        assert picker.query_one(OptionList).highlighted == 1 + TOPICS.index("energy")
        await pilot.press("escape")
        await pilot.pause()
        assert record_list.topic == "energy"

        await choose_topic(pilot, "All topics")
        assert record_list.topic is None
        assert record_list.row_count() == len(ui_kb.events)


YEAR_CASES = [
    ("1950-1999", ["ev-ties", "ev-first-students", "ev-ho-visit", "ev-treaty"]),
    ("2024", ["ev-state-visit", "ev-energy"]),
    (
        "2023-",
        ["ev-trade-2023", "ev-scholarships", "ev-state-visit", "ev-energy", "ev-trade-target"],
    ),
    ("-1950", ["ev-nguyen-ai-quoc", "ev-ties"]),
    ("2019–2023", ["ev-nuclear-centre", "ev-trade-2023", "ev-scholarships"]),  # an en dash
]


async def test_year_range_filters_the_timeline(make_app: AppFactory, ui_kb: KnowledgeBase) -> None:
    """r asks for a year range; Enter shows only the events within it; the title says so."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        record_list = main_screen(app).current_list
        for typed, expected in YEAR_CASES:
            await pilot.press("r")
            assert isinstance(app.screen, YearRangePrompt)
            await pilot.press("ctrl+u")
            await paste(pilot, typed)
            await pilot.press("enter")
            await pilot.pause()
            assert visible_ids(record_list) == expected, typed
            low, high = record_list.years
            for record_id in expected:
                found = ui_kb.by_id[record_id]
                assert isinstance(found, Event)
                assert low is None or found.span.last_year >= low
                assert high is None or found.span.first_year <= high
            shown = str(low) if low == high else f"{low or '…'}–{high or '…'}"
            assert f"years: {shown}" in screen_text(app)


async def test_year_range_rejects_nonsense_and_empty_clears(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """A malformed range keeps the prompt open with the reason; an empty one clears the range."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await paste(pilot, "1999-1950")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, YearRangePrompt)
        assert "ends before it starts" in screen_text(app)
        await pilot.press("ctrl+u")
        await paste(pilot, "1950-1960")
        await pilot.press("enter")
        await pilot.pause()
        record_list = main_screen(app).current_list
        assert record_list.row_count() == 3

        await pilot.press("r")
        prompt = app.screen
        assert isinstance(prompt, YearRangePrompt)
        assert prompt.query_one(Input).value == "1950-1960"
        await pilot.press("ctrl+u", "enter")
        await pilot.pause()
        assert record_list.years == (None, None)
        assert record_list.row_count() == len(ui_kb.events)


async def palette_jump(pilot: Pilot[int], typed: str, wanted: str) -> None:
    """Open the command palette, type, wait until ``wanted`` is offered first, press Enter."""
    app = pilot.app
    await pilot.press("ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    await type_text(pilot, typed)
    await wait_for(pilot, lambda: palette_prompts(app)[:1] == [wanted])
    await pilot.press("enter")
    await pilot.pause()


@pytest.fixture(params=["every record scored", "large archive"])
def palette_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The palette's two ways to find records: a small archive fuzzy-scores every
    record; above FUZZY_LIMIT the filter text picks the candidates."""
    if request.param == "large archive":
        monkeypatch.setattr("tui.commands.FUZZY_LIMIT", 0)
    return str(request.param)


async def test_command_palette_jumps_to_a_person(make_app: AppFactory, palette_mode: str) -> None:
    """Ctrl+P, a person's name, Enter: the People pane with that person highlighted."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await palette_jump(pilot, "To Lam", "Person · To Lam")
        screen = main_screen(app)
        assert screen.pane == "people"
        assert screen.current_list.current_id == "to-lam"
        assert screen.detail.record_id == "to-lam"
        assert app.focused is screen.current_list


async def test_command_palette_from_the_reader_closes_it(
    make_app: AppFactory, palette_mode: str
) -> None:
    """Jumping from the palette while the reader is open closes the reader first."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, SourceReader)
        await palette_jump(pilot, "Rosatom", "Organisation · Rosatom")
        screen = main_screen(app)
        assert screen.pane == "organizations"
        assert screen.current_list.current_id == "rosatom"
        assert len(app.screen_stack) == 1  # the main screen, at the bottom


async def test_command_palette_finds_a_record_by_alias(
    make_app: AppFactory, ui_kb: KnowledgeBase, palette_mode: str
) -> None:
    """Regression: Ctrl+P matched names only, so aliases that / and s find were missed."""
    texts = [palette_text(ui_kb, r.id) for r in (*ui_kb.events, *ui_kb.people, *ui_kb.agreements)]
    person, alias = next(
        (p, alias)
        for p in ui_kb.people
        for alias in p.aliases
        if not any(alias.lower() in text.lower() for text in texts)
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await palette_jump(pilot, alias, f"Person · {person.name}")
        screen = main_screen(app)
        assert screen.pane == "people"
        assert screen.current_list.current_id == person.id


async def test_the_filter_box_takes_keys_typed_at_once_after_start(make_app: AppFactory) -> None:
    """The box is mounted after the first frame (or by '/' itself, if sooner):
    a '/' and a query typed the moment the app starts still filter."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "e", "n", "e", "r", "g", "y")
        await pilot.pause()
        screen = main_screen(app)
        assert screen.query_one(FilterInput).value == "energy"
        assert screen.current_list.query_text == "energy"
        assert screen.current_list.row_count() == 3


async def test_command_palette_offers_a_bounded_number_of_records_in_a_large_archive(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query nearly every record matches ("e") must not hand the palette one
    hit per record (at 100,000 events: seconds and ~200 MB); the best are offered."""
    monkeypatch.setattr("tui.commands.FUZZY_LIMIT", 0)
    monkeypatch.setattr("tui.commands.HIT_LIMIT", 5)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "e")
        await wait_for(pilot, lambda: any(" · " in prompt for prompt in palette_prompts(app)))
        await wait_for(pilot, lambda: palette_idle(app))  # every provider has answered
        records = [prompt for prompt in palette_prompts(app) if " · " in prompt]
        assert len(records) == 5


async def test_the_detail_catches_up_when_typing_pauses(make_app: AppFactory) -> None:
    """The detail shows the highlighted record once typing pauses."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.pause()
        before = screen.detail.record_id
        await pilot.press("slash")
        await type_text(pilot, "putin")
        record_list = screen.current_list
        assert record_list.current_id not in (None, before)
        await wait_for(pilot, lambda: screen.detail.record_id == record_list.current_id)


async def test_the_detail_waits_while_typing_goes_on_and_enter_ends_the_wait(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the list follows each keystroke; Enter brings the detail at once.  The
    pause is made longer than any test (the keys' own pace is the pilot's, not ours)."""
    monkeypatch.setattr("tui.widgets.list_pane.FOLLOW_PAUSE", 3600)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.pause()
        before = screen.detail.record_id
        await pilot.press("slash")
        await type_text(pilot, "putin visit")
        record_list = screen.current_list
        assert record_list.current_id not in (None, before)
        assert screen.detail.record_id == before  # typing may go on
        await pilot.press("enter")
        assert screen.detail.record_id == record_list.current_id  # Enter: at once


async def test_a_slow_filter_shows_its_first_rows_then_the_rest(
    make_app: AppFactory, ui_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A filter the index is slow to finish (a letter typed at 1,000,000 events)
    shows its first rows at once, the title counting them with a '+', then the
    rest from a worker: the list ends as a quick filter leaves it, and the cursor
    goes back to the record it was on before the filter."""
    from tui.core.queries import search
    from tui.core.queries.matching import Query
    from tui.core.queries.search import Listing

    monkeypatch.setattr(search, "QUICK_LIST", 0)  # the fixture's lists behave as large ones
    monkeypatch.setattr(search, "FIRST_ROWS", 1)
    monkeypatch.setattr(search, "SCAN_SECONDS", 0.0)  # a single batch of rows is read
    monkeypatch.setattr(search, "RARE", 0)  # and the rest is always left to the worker
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        record_list = screen.current_list
        whole = list(Listing(ui_kb, "events").filter(Query.parse("e")))
        await pilot.press(*["j"] * whole[-2])  # onto a record the filter keeps, not its first
        kept = record_list.current_id
        assert kept == record_list.records.ids[whole[-2]]
        await pilot.press("slash", "e")
        await wait_for(pilot, lambda: record_list.is_complete)
        assert list(record_list.shown) == whole
        assert record_list.current_id == kept
        assert f"{len(whole)} of {len(record_list.records)}" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.detail.record_id == kept)
