"""Untrusted text stays text: markup, escape sequences, emoji, RTL scripts, tabs, long words.

The ``strange`` fixture fills every field the UI shows with Rich markup
(``[bold]x[/bold]``, ``[/]``, ``[link=…]``, an unclosed ``[red``), escape
sequences (stripped to their printable remains at load time), emoji, combining
marks, Arabic and Hebrew, tabs and a 300-character word.  Every screen must show
it literally and nothing may crash; tests/ui/test_every_screen.py takes every
screen through every terminal size.
"""

from __future__ import annotations

from tests.ui.helpers import (
    SIZE,
    AppFactory,
    assert_inert,
    main_screen,
    palette_prompts,
    paste,
    screen_text,
    wait_for,
)
from tui.core.kinds import record_label
from tui.core.models import Agreement, Event, Organization, Person, Source
from tui.core.queries.knowledge import AnyRecord, KnowledgeBase
from tui.screens.main import PANES, MainScreen
from tui.screens.search import HitList, SearchScreen
from tui.screens.source_reader import SourceReader

MARKUP = ("[bold]Bold[/bold]", "[/]", "[link=https://x]y[/link]", "[red")
"""Markup-like strings the fixture uses; each must reach the screen as typed."""
CONTROL = ("\x1b", "\x07", "\x9b")


def literal_fields(kb: KnowledgeBase, record: AnyRecord) -> list[str]:
    """Texts of a record the detail pane must show character for character."""
    fields = [record_label(record)]
    if isinstance(record, Event):
        fields += [record.description]
        if record.date_note:
            fields.append(record.date_note)
    elif isinstance(record, Person):
        fields += [record.country, *record.aliases, *(role.title for role in record.roles)]
        fields += [record.description] if record.description else []
    elif isinstance(record, Agreement):
        fields += [record.summary, *record.aliases, *record.parties]
    elif isinstance(record, Organization):
        fields += [record.kind, record.description, *record.aliases]
        fields += [d.note for d in record.discrepancies]
    elif isinstance(record, Source):
        fields += [record.outlet, record.file]
        fields += [record.byline] if record.byline else []
    # An excerpt shows the article's own text of the quote (whitespace as in the article).
    for citation in kb.citations_of(record):
        span = kb.span_of(citation)
        fields.append(kb.texts[citation.source][span.start : span.end])
    return fields


def assert_no_control_characters(text: str) -> None:
    """Nothing that a terminal would act on instead of printing."""
    for char in CONTROL:
        assert char not in text, f"{char!r} reached the screen"


def test_the_fixture_is_as_strange_as_intended(strange_kb: KnowledgeBase) -> None:
    """Guard the fixture itself: it holds every kind of hostile text the tests rely on."""
    everything = "\n".join(
        [*strange_kb.texts.values(), *(record_label(r) for r in strange_kb.by_id.values())]
    )
    for marker in (*MARKUP, "🇻🇳", "\u0301", "العلاقات", "שלום", "\t", "[31m", "]0;pwned"):
        assert marker in everything, marker
    assert "Đổimới" * 50 in everything
    assert_no_control_characters(everything)  # the loader stripped them


async def test_every_record_shows_its_text_literally(
    make_app: AppFactory, strange_kb: KnowledgeBase
) -> None:
    """Walk every pane and every record: the detail pane holds each field verbatim, markup
    is printed rather than applied, and no control character reaches the screen."""
    app = make_app(strange_kb)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        visited = 0
        for number, (pane, _label, _kind) in enumerate(PANES, 1):
            await pilot.press(str(number))
            record_list = screen.current_list
            for row in range(record_list.row_count()):
                if row:
                    await pilot.press("j")
                assert record_list.current_id is not None
                record = strange_kb.by_id[record_list.current_id]
                assert screen.detail.record_id == record.id
                shown = screen.detail.text_content()
                for field in literal_fields(strange_kb, record):
                    assert field in shown, f"{pane}/{record.id}: {field!r} not shown verbatim"
                rendered = screen_text(app)
                assert_no_control_characters(rendered)
                assert_inert(app, f"{pane}/{record.id}")
                label = record_label(record)
                for marker in MARKUP:
                    if marker in label:
                        assert marker in rendered, f"{pane}/{record.id}: {marker!r} not on screen"
                visited += 1
        assert visited == len(strange_kb.by_id)


async def test_list_rows_contain_no_raw_tab(
    make_app: AppFactory, strange_kb: KnowledgeBase
) -> None:
    """A tab in a title is shown as spaces in the list row, never sent to the terminal raw.

    A raw tab moves the terminal's cursor to the next tab stop, so the rest of
    the row (the ellipsis, the pane divider) lands in the wrong columns.
    """
    app = make_app(strange_kb)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("\t" in event.title for event in strange_kb.events)
        rendered = screen_text(app)
        assert "A word of three hundred letters" in rendered
        assert "\t" not in rendered


async def test_every_source_opens_in_the_reader_literally(
    make_app: AppFactory, strange_kb: KnowledgeBase
) -> None:
    """Every article opens; each paragraph shows its text verbatim; n/N, z and Escape work."""
    app = make_app(strange_kb)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        for row, source in enumerate(strange_kb.sources):
            if row:
                await pilot.press("j")
            await pilot.press("o")
            reader = app.screen
            assert isinstance(reader, SourceReader)
            assert reader.source.id == source.id
            text = strange_kb.texts[source.id]
            for paragraph, widget in zip(reader.paragraphs, reader._widgets, strict=True):
                assert str(widget.content) == text[paragraph.start : paragraph.end]
            rendered = screen_text(app)
            assert_no_control_characters(rendered)
            assert_inert(app, f"reader on {source.id}")
            for marker in MARKUP:
                if marker in source.title:
                    assert marker in rendered, marker
            await pilot.press("n", "n", "N", "z")
            assert reader.current >= 0
            assert_no_control_characters(screen_text(app))
            await pilot.press("z", "escape")
            assert isinstance(app.screen, MainScreen)


async def test_search_for_markup_finds_it_literally(
    make_app: AppFactory, strange_kb: KnowledgeBase
) -> None:
    """Searching for markup characters finds records and article text containing them
    literally, shows the query on screen, and opening a hit works."""
    app = make_app(strange_kb)
    async with app.run_test(size=SIZE) as pilot:
        for query in ("[", "[/]", "link="):
            await pilot.press("s")
            search = app.screen
            assert isinstance(search, SearchScreen)
            await paste(pilot, query)
            hits = search.query_one(HitList)
            kinds = {hit.kind for hit in hits.hits}
            assert {"event", "source"} <= kinds, f"{query!r} found only {kinds}"
            for hit in hits.hits:
                assert query in hit.snippet or query in hit.label, hit
            rendered = screen_text(app)
            assert_no_control_characters(rendered)
            assert_inert(app, f"search for {query!r}")
            results = rendered.split("\n", 3)[3]  # below the title, the box and the status
            assert query in results, f"{query!r} is not shown in any result"
            await pilot.press("down", "G", "enter")  # the last hit: article text
            assert isinstance(app.screen, SourceReader), query
            await pilot.press("escape")
        await pilot.press("s")
        await paste(pilot, "[/]")
        await pilot.press("enter")  # the first hit: a record
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).detail.record_id == "ev-markup"


async def test_filter_and_palette_take_markup_literally(
    make_app: AppFactory, strange_kb: KnowledgeBase
) -> None:
    """The '/' filter and the command palette match '[/]' as plain characters."""
    app = make_app(strange_kb)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("slash")
        await paste(pilot, "[/]")
        record_list = screen.current_list
        shown = [record_list.records[row] for row in record_list.shown]
        assert [event.id for event in shown] == ["ev-markup"]
        assert "[/]" in screen_text(app)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await paste(pilot, "Rosatom [/]")
        await wait_for(pilot, lambda: palette_prompts(app)[:1] == ["Organisation · Rosatom [/] ⚛️"])
        assert "Rosatom [/] ⚛️" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current_list.current_id == "org-strange"


async def test_topic_picker_survives_a_very_narrow_terminal(make_app: AppFactory) -> None:
    """The topic picker opens and stays open in a 12-column terminal (a narrow tmux pane).

    Below 13 columns the dialog's OptionList gets no room for text and Rich's
    line wrapping raised ``ValueError: range() arg 3 must not be zero``, closing
    the app.
    """
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.resize_terminal(12, 24)
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
