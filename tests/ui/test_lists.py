"""What the lists and the detail pane say: people in family-name groups, a
single year written once, both notebook marks, a role listed once."""

from __future__ import annotations

from tests.ui.helpers import SIZE, AppFactory, main_screen, screen_text, type_text
from tui.app import VnruApp
from tui.core.outputs.notebook import Notebook
from tui.core.paths import default_data_dir
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.opening import load_knowledge_base


async def test_people_are_listed_under_their_family_names_initial(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """The first row of each group shows the group's letter; the others do not."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        people = main_screen(app).current_list
        rows = [people.render_row(i, 100).plain for i in range(people.row_count())]
        names = [ui_kb.rows["people"][people.shown[i]][1] for i in range(people.row_count())]
        assert names == [
            "Ho Chi Minh",
            "Nguyen Thi Lan",
            "Pham Minh Chinh",
            "Vladimir Putin",
            "To Lam",
            "Tran Luu Quang",
        ]
        marks = [row[2:4] for row in rows]  # after the two columns of notebook marks
        assert marks == ["H ", "N ", "P ", "  ", "T ", "  "], rows
        await pilot.press("slash")
        await type_text(pilot, "putin")
        await pilot.press("enter")
        assert people.render_row(0, 100).plain[2:4] == "P ", "a filtered list keeps its letters"


async def test_a_single_year_filter_reads_as_one_year(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await type_text(pilot, "2024")
        await pilot.press("enter")
        await pilot.pause()
        title = str(main_screen(app).query_one("#list-title").render())
        assert "years: 2024" in title and "2024–2024" not in title
        await pilot.press("r")
        assert app.screen.query_one("#years").value == "2024"  # type: ignore[attr-defined]


async def test_a_bookmarked_and_annotated_row_shows_both_marks(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    notebook = Notebook.open()
    notebook.toggle_bookmark(ui_kb, "ev-ties")
    notebook.set_note(ui_kb, "ev-ties", "a note")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        record_list = main_screen(app).current_list
        position = record_list.position_of("ev-ties")
        assert position is not None
        assert record_list.render_row(position, 100).plain.startswith("★✎")


async def test_the_sources_list_shows_numbers_and_the_detail_the_address(
    make_app: AppFactory,
) -> None:
    """The bundled sources, in date order, each with the number the notes use;
    the detail gives the address where the page names one."""
    kb = load_knowledge_base(default_data_dir())
    app = make_app(kb)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        screen = main_screen(app)
        sources = screen.current_list
        rows = [sources.render_row(i, 100).plain for i in range(sources.row_count())]
        assert [row.split()[0] for row in rows] == ["000", "001", "002", "004", "003"]
        assert "Article: 000" in screen.detail.text_content()
        assert "URL: https://vov.vn" in screen.detail.text_content()
        await pilot.press("j")
        assert "URL: not given by the page" in screen.detail.text_content()


async def test_sources_keep_their_columns_whatever_the_date() -> None:
    """Regression: a source dated by an inferred range ("15 May – 19 Jun 2024")
    pushed its outlet and title out of the columns of the rows around it."""
    kb = load_knowledge_base(default_data_dir())
    app = VnruApp(kb)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        lines = [line[: SIZE[0] // 2] for line in screen_text(app).splitlines()]  # the list
        starts = set()
        for source in kb.sources:
            row = next(line for line in lines if source.title[:12] in line)
            starts.add(row.index(source.title[:12]))
        assert len(starts) == 1, starts
        assert any("–" in source.published_span.human() for source in kb.sources)
