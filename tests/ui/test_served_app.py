"""The explorer as ``vnru serve`` runs it (Textual's web driver): copying goes
to the browser's clipboard, exports and citation files are downloads, never
files on the server, and the help names the keys a browser keeps.

Textual's ``App.is_web`` is what the app asks; the Pilot's driver is not the
web driver, so the tests set it, and catch what would go to the browser."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input

from tests.ui.helpers import SIZE, AppFactory, main_screen, wait_for
from tui.core.outputs.notebook import Notebook
from tui.core.queries.knowledge import KnowledgeBase
from tui.screens.citation_picker import CitationStylePicker
from tui.screens.export_dialog import ExportDialog
from tui.screens.help import BROWSER, MAIN, HelpScreen, HelpSection


class Delivered:
    """What the app handed to the browser: (file name, content) each."""

    def __init__(self) -> None:
        self.files: list[tuple[str, bytes]] = []

    def text(self, file: Any, *, save_filename: str | None = None, **_: Any) -> str:
        self.files.append((save_filename or "", file.read().encode("utf-8")))
        return "key"

    def binary(self, file: Any, *, save_filename: str | None = None, **_: Any) -> str:
        self.files.append((save_filename or "", file.read()))
        return "key"


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Delivered:
    """The app believes it runs in a browser; the current directory is empty."""
    monkeypatch.setattr(App, "is_web", property(lambda self: True))
    delivered = Delivered()
    monkeypatch.setattr(App, "deliver_text", lambda self, *a, **k: delivered.text(*a, **k))
    monkeypatch.setattr(App, "deliver_binary", lambda self, *a, **k: delivered.binary(*a, **k))
    monkeypatch.chdir(tmp_path)
    return delivered


def notices(app: Any) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_y_says_the_citation_went_to_the_browser_clipboard(
    make_app: AppFactory, web: Delivered
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main_screen(app).go_to("ev-ties", remember=False)
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard.startswith("“")
        assert any("browser's clipboard" in m for m in notices(app)), notices(app)
        assert not any("OSC 52" in m for m in notices(app))


async def test_ctrl_e_downloads_the_export_and_writes_nothing_here(
    make_app: AppFactory, web: Delivered, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        name = dialog.query_one("#export-path", Input).value
        assert "/" not in name and name.startswith("vnru-timeline-") and name.endswith(".md")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog))
        assert any("browser downloads it" in m for m in notices(app)), notices(app)
    assert [file_name for file_name, _ in web.files] == [name]
    assert web.files[0][1].decode("utf-8").startswith("# Vietnam–Russia relations")
    assert list(tmp_path.iterdir()) == []


async def test_several_csv_tables_download_as_one_zip(
    make_app: AppFactory, ui_kb: KnowledgeBase, web: Delivered, tmp_path: Path
) -> None:
    """A page may start one download per key press: the tables come zipped."""
    notebook = Notebook.open()
    notebook.toggle_bookmark(ui_kb, "ev-energy")
    notebook.toggle_bookmark(ui_kb, "putin")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("ctrl+e", "shift+tab", "right", "enter")  # Bookmarks
        await pilot.press("shift+tab", "right", "enter")  # CSV
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.scope == "bookmarks" and dialog.export_format == "csv"
        stem = Path(dialog.query_one("#export-path", Input).value).stem
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog))
    [(name, payload)] = web.files
    assert name == f"{stem}.zip"
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        assert sorted(archive.namelist()) == [f"{stem}-events.csv", f"{stem}-people.csv"]
        assert "ev-energy" in archive.read(f"{stem}-events.csv").decode("utf-8")
    assert list(tmp_path.iterdir()) == []


async def test_Y_file_box_downloads_the_citation(
    make_app: AppFactory, web: Delivered, tmp_path: Path
) -> None:
    """The file box of Y names a download in a browser: the server's files are not the reader's."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main_screen(app).go_to("ev-ties", remember=False)
        await pilot.press("Y")
        assert isinstance(app.screen, CitationStylePicker)
        await pilot.press("j", "j", "tab", "enter")  # BibTeX, citations.bib
        await pilot.pause()
    [(name, payload)] = web.files
    assert name == "citations.bib" and payload.startswith(b"@")
    assert list(tmp_path.iterdir()) == []


async def test_help_names_the_keys_the_browser_keeps(make_app: AppFactory, web: Delivered) -> None:
    """Right below the section the help opens at, where they are seen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        text = help_screen.text()
        assert BROWSER in text and "Ctrl+W" in text and "Ctrl+Tab" in text
        titles = [section.title for section in help_screen.query(HelpSection)]
        assert titles[titles.index(BROWSER) - 1] == MAIN == help_screen.opened_at


async def test_help_in_a_terminal_has_no_browser_section(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert BROWSER not in help_screen.text()
