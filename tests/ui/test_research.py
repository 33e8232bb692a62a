"""From reading to writing: bookmarks, notes, citation styles, export, discrepancies.

Each test gets an empty user data directory (``tests/conftest.py``), so the
notebook a test writes is its own; persistence is checked by starting a
second app on the same directory.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, TextArea

from tests.ui.helpers import (
    SIZE,
    AppFactory,
    main_screen,
    palette_prompts,
    paste,
    screen_text,
    type_text,
    wait_for,
)
from tui.app import VnruApp
from tui.core.outputs.notebook import Notebook, data_key, notebook_path
from tui.core.queries.knowledge import KnowledgeBase
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.citation_picker import CitationStylePicker
from tui.screens.discrepancies import DiscrepanciesScreen
from tui.screens.export_dialog import ExportDialog
from tui.screens.help import HelpScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.source_reader import SourceReader


async def start(pilot: Pilot[int]) -> None:
    """Let the main screen attach the notebook (it does so after the first frame)."""
    await pilot.pause()
    await pilot.pause()


async def select(pilot: Pilot[int], record_id: str) -> None:
    screen = main_screen(pilot.app)  # type: ignore[arg-type]
    screen.go_to(record_id, remember=False)
    await pilot.pause()
    assert screen.detail.record_id == record_id


def row_of(app: VnruApp, record_id: str) -> str:
    """The text of ``record_id``'s row in the visible list."""
    record_list = main_screen(app).current_list
    position = record_list.position_of(record_id)
    assert position is not None
    return record_list.render_row(position, 80).plain


# --- bookmarks ---------------------------------------------------------------------


async def test_b_toggles_a_bookmark_and_marks_the_row(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await select(pilot, "ev-ties")
        assert row_of(app, "ev-ties").startswith(" ")
        await pilot.press("b")
        assert app.notebook.is_bookmarked("ev-ties")
        assert row_of(app, "ev-ties").startswith("★")
        assert "★ Bookmarked" in main_screen(app).detail.text_content()
        assert "★" in screen_text(app)
        await pilot.press("b")
        assert not app.notebook.is_bookmarked("ev-ties")
        assert row_of(app, "ev-ties").startswith(" ")
    assert json.loads(notebook_path().read_text())["items"] == {}


async def test_b_in_the_detail_pane_bookmarks_the_record_shown(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await select(pilot, "ev-energy")
        await pilot.press("enter", "j", "b")
        assert main_screen(app).detail.has_focus
        assert app.notebook.is_bookmarked("ev-energy")


async def test_bookmarks_and_notes_survive_a_restart(make_app: AppFactory) -> None:
    """Regression guard: the notebook is written to the user data directory and read back."""
    first = make_app()
    async with first.run_test(size=SIZE) as pilot:
        await start(pilot)
        await select(pilot, "ev-ties")
        await pilot.press("b", "m")
        assert isinstance(first.screen, NoteEditor)
        first.screen.query_one(TextArea).insert("Cross-check with the archive")
        await pilot.press("ctrl+s")
        await pilot.press("2")  # a person too
        await pilot.press("b")
        person = main_screen(first).detail.record_id
    assert person is not None
    second = make_app()
    async with second.run_test(size=SIZE) as pilot:
        await start(pilot)
        await select(pilot, "ev-ties")
        assert row_of(second, "ev-ties").startswith("★")
        text = main_screen(second).detail.text_content()
        assert "My note" in text and "Cross-check with the archive" in text
        await pilot.press("B")
        assert isinstance(second.screen, BookmarksScreen)
        ids = [item.record_id for item in second.screen.bookmark_list.items]
        assert ids == ["ev-ties", person]


async def test_bookmarks_view_lists_any_kind_with_excerpts(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    notebook = Notebook.open()
    for record_id in ("putin", "ev-energy", "alpha"):
        notebook.toggle_bookmark(ui_kb, record_id)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("B")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert [item.record_id for item in screen.bookmark_list.items] == [
            "ev-energy",
            "putin",
            "alpha",
        ]
        assert screen.detail.record_id == "ev-energy"
        assert any(block.kind == "excerpt" for block in screen.detail.blocks)
        await pilot.press("j")
        assert screen.detail.record_id == "putin"
        await pilot.press("enter")  # goes to the record on the main screen
        assert main_screen(app).pane == "people"
        assert main_screen(app).current_list.current_id == "putin"


async def test_removing_a_bookmark_in_the_view_keeps_the_row_until_closed(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    Notebook.open().toggle_bookmark(ui_kb, "ev-ties")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("B", "b")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert not app.notebook.is_bookmarked("ev-ties")
        assert screen.bookmark_list.render_row(0, 80).plain.startswith("☆")
        await pilot.press("b")  # a slip is undone
        assert app.notebook.is_bookmarked("ev-ties")
        await pilot.press("escape")
        assert row_of(app, "ev-ties").startswith("★")  # the main list follows


async def test_a_bookmark_missing_from_the_data_is_shown_as_such(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    """An item whose record left the data is listed and explained, and a later
    save of the notebook keeps it exactly as it was (label, note, data key)."""
    notebook = Notebook.open()
    notebook.toggle_bookmark(ui_kb, "ev-ties")
    notebook.set_note(ui_kb, "ev-ties", "Why did this go?")
    raw = json.loads(notebook_path().read_text())
    long_ago = "2020-01-01T00:00:00Z"  # a save that touched every item would show
    missing = raw["items"].pop("ev-ties") | {
        "label": "A removed event",
        "created": long_ago,
        "updated": long_ago,
    }
    raw["items"]["ev-removed"] = missing
    notebook_path().write_text(json.dumps(raw))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("B")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        row = screen.bookmark_list.render_row(0, 100).plain
        assert "A removed event" in row and "missing from the data" in row
        text = screen.detail.text_content()
        assert "ev-removed" in text and "missing from the data" in text
        assert "Why did this go?" in text
        await pilot.press("enter")  # nowhere to go: the view stays, and says why
        assert app.screen is screen
        await pilot.press("escape")
        await select(pilot, "ev-energy")
        await pilot.press("b")  # a save, with the missing item still in the notebook
        assert app.notebook.is_bookmarked("ev-energy")
    saved = json.loads(notebook_path().read_text())["items"]
    assert set(saved) == {"ev-removed", "ev-energy"}
    assert saved["ev-removed"] == missing  # never dropped nor changed
    assert saved["ev-removed"]["data"] == data_key(ui_kb.root)


async def test_empty_bookmarks_view_explains_itself(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("B")
        assert isinstance(app.screen, BookmarksScreen)
        assert "Press b on any event" in app.screen.detail.text_content()


async def test_a_corrupt_notebook_is_set_aside_with_a_visible_warning(
    make_app: AppFactory,
) -> None:
    path = notebook_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ this is not json")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await wait_for(pilot, lambda: bool(app._notifications))
        messages = [n.message for n in app._notifications]
        assert any("notebook.json.corrupt" in m for m in messages)
    assert (path.parent / "notebook.json.corrupt").read_text() == "{ this is not json"


# --- notes ----------------------------------------------------------------------------


async def test_m_writes_a_note_shown_in_the_detail(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await select(pilot, "ev-energy")
        await pilot.press("m")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.label == "Energy agreements signed"
        await type_text(pilot, "[bold]11 or 12?")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, NoteEditor)
        assert app.notebook.note("ev-energy") == "[bold]11 or 12?"
        detail = main_screen(app).detail
        assert "[bold]11 or 12?" in detail.text_content()  # shown as text, not markup
        assert row_of(app, "ev-energy").startswith("✎")  # a note alone has its own mark
        await pilot.press("m")  # the editor opens on the saved note
        assert app.screen.query_one(TextArea).text == "[bold]11 or 12?"


async def test_escape_asks_before_discarding_a_changed_note(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("m")
        await type_text(pilot, "draft")
        await pilot.press("escape")
        assert isinstance(app.screen, NoteEditor)  # not lost on one key
        assert "Esc again discards" in str(app.screen.query_one("#note-help").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, NoteEditor)
        assert app.notebook.items == {}


async def test_an_emptied_note_is_removed(make_app: AppFactory, ui_kb: KnowledgeBase) -> None:
    Notebook.open().set_note(ui_kb, "ev-ties", "old")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await select(pilot, "ev-ties")
        await pilot.press("m")
        app.screen.query_one(TextArea).clear()
        await pilot.press("ctrl+s")
        assert app.notebook.note("ev-ties") == ""
        assert "My note" not in main_screen(app).detail.text_content()


# --- citations ------------------------------------------------------------------------------


async def test_Y_chooses_the_style_and_y_remembers_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await select(pilot, "ev-ties")
        await pilot.press("y")
        assert app.clipboard.startswith("“")  # plain text at first
        await pilot.press("Y")
        picker = app.screen
        assert isinstance(picker, CitationStylePicker)
        await pilot.press("j", "j")  # BibTeX, previewed
        assert "@misc{beta," in str(picker.query_one("#citation-preview").render())
        await pilot.press("enter")
        assert app.clipboard.startswith("@misc{beta,")
        assert app.notebook.citation_style == "bibtex"
        await pilot.press("j", "y")
        assert app.clipboard.startswith("@misc{")
    assert Notebook.open().citation_style == "bibtex"


async def test_y_in_the_reader_uses_the_chosen_style(
    make_app: AppFactory, ui_kb: KnowledgeBase
) -> None:
    Notebook.open().set_citation_style("markdown")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await select(pilot, "ev-ties")
        await pilot.press("o")
        assert isinstance(app.screen, SourceReader)
        await pilot.press("y")
        assert app.clipboard.startswith("> The Soviet Union established")


# --- export dialog -----------------------------------------------------------------------------


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def test_ctrl_e_exports_the_filtered_list(make_app: AppFactory, in_tmp: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("slash")
        await paste(pilot, "energy")
        await pilot.press("enter", "ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        box = dialog.query_one("#export-path", Input)
        assert Path(box.value).parent == in_tmp
        assert Path(box.value).name.startswith("vnru-timeline-") and box.value.endswith(".md")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog))
        written = Path(box.value)
        text = written.read_text(encoding="utf-8")
        assert "filtered by /energy" in text
        assert "Energy agreements signed" in text and "Diplomatic relations" not in text
        assert any(str(written) in n.message for n in app._notifications)


async def test_export_never_replaces_a_file_silently(make_app: AppFactory, in_tmp: Path) -> None:
    target = in_tmp / "mine.md"
    target.write_text("my own work")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        box = dialog.query_one("#export-path", Input)
        box.value = "mine.md"
        await pilot.press("enter")
        assert app.screen is dialog
        assert "already exists" in str(dialog.query_one("#export-status").render())
        assert target.read_text() == "my own work"
        await pilot.press("enter")  # confirmed
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog))
        assert target.read_text().startswith("# Vietnam–Russia relations")


async def test_export_bookmarks_as_csv_tables(
    make_app: AppFactory, ui_kb: KnowledgeBase, in_tmp: Path
) -> None:
    notebook = Notebook.open()
    notebook.toggle_bookmark(ui_kb, "ev-energy")
    notebook.toggle_bookmark(ui_kb, "putin")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.press("shift+tab")  # to 'What'
        assert isinstance(app.focused, RadioSet) and app.focused.id == "export-scope"
        await pilot.press("right", "enter")  # Bookmarks
        await pilot.press("shift+tab", "right", "enter")  # Format: CSV
        assert dialog.scope == "bookmarks" and dialog.export_format == "csv"
        value = dialog.query_one("#export-path", Input).value
        assert Path(value).name.startswith("vnru-bookmarks-") and value.endswith(".csv")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog))
    stem = Path(value).stem
    assert sorted(p.name for p in in_tmp.iterdir()) == [f"{stem}-events.csv", f"{stem}-people.csv"]
    assert "ev-energy" in (in_tmp / f"{stem}-events.csv").read_text()


async def test_export_dialog_escape_writes_nothing(make_app: AppFactory, in_tmp: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+e", "escape")
        assert not isinstance(app.screen, ExportDialog)
    assert list(in_tmp.iterdir()) == []


# --- discrepancies ---------------------------------------------------------------------------------


async def test_discrepancies_view_shows_the_sides_side_by_side(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, DiscrepanciesScreen)
        await wait_for(pilot, lambda: bool(screen.disagreement_list.items))
        # One point, written on an event and an agreement and found on two figures.
        [point] = screen.disagreement_list.items
        assert [record.record_id for record in point.records] == [
            "ev-energy",
            "energy-agreements",
            "energy-agreements-beta",
            "energy-agreements-alpha",
        ]
        detail = screen.detail
        assert [block.link for block in detail.blocks if block.kind == "link"] == [
            record.record_id for record in point.records
        ]
        excerpts = [
            (index, extent)
            for index, (block, extent) in enumerate(
                zip(detail.blocks, detail._extents, strict=True)
            )
            if block.kind == "excerpt"
        ]
        assert len(excerpts) == 2
        (_, (top_a, _, _, right_a)), (_, (top_b, _, left_b, _)) = excerpts
        assert top_a == top_b  # the same lines …
        assert right_a <= left_b  # … in two columns
        assert "VOV.VN counts 11 agreements" in detail.text_content()
        assert "Found by the figure rule" in detail.text_content()
        await pilot.press("tab", "j")  # the first passage, then the second
        assert detail.item == excerpts[1][0]
        await pilot.press("enter")  # opens that passage in its article
        assert isinstance(app.screen, SourceReader)
        assert app.screen.source.id == "beta"
        await pilot.press("escape", "shift+tab", "enter")
        assert main_screen(app).current_list.current_id == "ev-energy"


async def test_narrow_detail_stacks_the_sides(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(50, 40)) as pilot:
        await start(pilot)
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, DiscrepanciesScreen)
        await wait_for(pilot, lambda: bool(screen.disagreement_list.items))
        await pilot.pause()
        extents = [
            extent
            for block, extent in zip(screen.detail.blocks, screen.detail._extents, strict=True)
            if block.kind == "excerpt"
        ]
        assert extents[0][0] < extents[1][0]  # one above the other
        assert extents[0][2] == extents[1][2] == 0


async def test_records_with_discrepancies_show_both_sides_in_their_detail(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await select(pilot, "ev-energy")
        assert "≠ Energy agreements signed" in row_of(app, "ev-energy")
        detail = main_screen(app).detail
        grouped = [b for b in detail.blocks if b.group is not None]
        assert {b.column for b in grouped} == {0, 1}
        assert "Supported by: 2 articles" in detail.text_content()


async def test_palette_offers_the_research_views(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "discrep")
        await wait_for(pilot, lambda: palette_prompts(app)[:1] == ["Discrepancies"])
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DiscrepanciesScreen))


async def test_help_shows_the_new_keys(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text()
        for phrase in ("Bookmark", "Bookmarks and notes", "Where the sources disagree", "Ctrl+E"):
            assert phrase in text, phrase
