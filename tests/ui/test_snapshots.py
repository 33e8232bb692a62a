"""Snapshot tests: every screen state a user can reach, at fixed sizes, on fixed data.

Update after an intended change with
``.venv/bin/python -m pytest tests/ui/test_snapshots.py --snapshot-update``
and look at every changed SVG (``snapshot_report.html``) before keeping it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.ui.helpers import SIZE, AppFactory, screen_text, wait_for
from tui.core.outputs.export_files import default_path
from tui.core.outputs.notebook import Notebook
from tui.core.queries.knowledge import KnowledgeBase
from tui.screens.main import PANES, MainScreen

SnapCompare = Callable[..., bool]
NARROW = (80, 24)


class Paste(str):
    """Text pasted into the focused input in one event (typing it would cost a key each)."""


def before(
    record_id: str | None = None, keys: Iterable[str] = (), *, steady_input: bool = False
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A ``run_before`` that shows ``record_id`` in its pane, then presses ``keys``
    (a :class:`Paste` among them is pasted instead).

    ``steady_input`` stops the focused input's cursor blinking, which would
    otherwise make the screenshot depend on timing.
    """

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        if record_id is not None:
            main = pilot.app.screen
            assert isinstance(main, MainScreen)
            main.go_to(record_id, remember=False)
            await pilot.pause()
        for key in keys:
            if isinstance(key, Paste):
                assert isinstance(pilot.app.focused, Input)
                pilot.app.focused.post_message(events.Paste(key))
                await pilot.pause()
            else:
                await pilot.press(key)
            if steady_input and isinstance(pilot.app.focused, Input):
                pilot.app.focused.cursor_blink = False
        await pilot.pause()

    return run


@pytest.mark.parametrize(("key", "pane"), [(str(n), pane) for n, (pane, *_) in enumerate(PANES, 1)])
def test_main_screen_pane(
    snap_compare: SnapCompare, make_app: AppFactory, key: str, pane: str
) -> None:
    """Each pane at 120×36: the list on the left, the first record's detail on the right."""
    assert snap_compare(make_app(), press=[key], terminal_size=SIZE)


def test_event_with_discrepancy_and_links(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """An event with people, an agreement, an organisation and a '≠' discrepancy; detail focused."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before("ev-energy", ["enter"]))


def test_detail_long_excerpts_scrolled(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """Long excerpts: the detail pane focused and scrolled down to its third excerpt."""
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=before("ev-scholarships", ["enter", "j", "j"])
    )


def test_source_reader_highlight(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """The reader opened from an excerpt: the cited passage highlighted, furniture dimmed."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before("ev-state-visit", ["o"]))


def test_search_results(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """Search results for 'rosatom', grouped by kind, the cursor in the results."""
    keys = ["s", Paste("rosatom"), "down"]
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before(keys=keys))


def test_filtered_timeline(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """The timeline filtered by '/energy' and kept with Enter: matches underlined, count shown."""
    keys = ["slash", Paste("energy"), "enter"]
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before(keys=keys))


def test_help_screen(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """The help screen over the main screen."""
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=SIZE)


def test_topic_picker(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """The topic picker, 'Energy' highlighted."""
    assert snap_compare(make_app(), press=["t", "j", "j", "j"], terminal_size=SIZE)


def test_topic_filtered_timeline(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """The timeline after choosing the Energy topic and the years 2019–2024."""
    keys = ["t", "j", "j", "j", "enter", "r", Paste("2019-2024"), "enter"]
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before(keys=keys))


def test_year_range_prompt_error(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """The year prompt explaining why '1999-1950' is refused."""
    keys = ["r", Paste("1999-1950"), "enter"]
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=before(keys=keys, steady_input=True)
    )


def test_narrow_main_screen(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """At 80×24 the detail pane goes below the list."""
    assert snap_compare(make_app(), terminal_size=NARROW)


def test_narrow_detail_focused(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """At 80×24 with the detail pane focused on an event with links."""
    assert snap_compare(
        make_app(), terminal_size=NARROW, run_before=before("ev-state-visit", ["enter", "j"])
    )


def test_narrow_figures_pane(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """At 80×24 the Figures pane: values lead the rows, the measure's chart below."""
    assert snap_compare(make_app(), terminal_size=NARROW, press=["7"])


def test_figure_chart_bar_highlighted(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """A target's detail focused with the cursor on the actual's bar of its chart."""
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=before("trade-target-2030", ["enter"])
    )


def test_timeline_chart_follows_filter_and_cursor(
    snap_compare: SnapCompare, make_app: AppFactory
) -> None:
    """The events-per-year chart of a filtered timeline, its ▲ under the second row's year."""
    keys = ["slash", *"trade", "enter", "j"]
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before(keys=keys))


def test_narrow_timeline_chart_under_no_color(
    snap_compare: SnapCompare, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80×24 under NO_COLOR: the chart's heights and the ▲ read without colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=NARROW, press=["j", "j", "j"])


# --- bookmarks, notes, citations, export, discrepancies ------------------------------------


@pytest.fixture
def notebook_with_items(ui_kb: KnowledgeBase) -> Notebook:
    """Bookmarks on an event and a person, a note on the event, a note alone on a source."""
    notebook = Notebook.open()
    notebook.toggle_bookmark(ui_kb, "ev-energy")
    notebook.set_note(ui_kb, "ev-energy", "11 or a dozen? Ask VOV.VN which agreements it counted.")
    notebook.toggle_bookmark(ui_kb, "putin")
    notebook.toggle_bookmark(ui_kb, "ev-ties")
    notebook.set_note(ui_kb, "gamma", "Undated page: cite with care.")
    return notebook


def test_bookmark_marks_and_note_in_detail(
    snap_compare: SnapCompare, make_app: AppFactory, notebook_with_items: Notebook
) -> None:
    """★ marks bookmarked rows; the detail shows the note above the record's fields."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before("ev-energy"))


def test_bookmarks_view(
    snap_compare: SnapCompare, make_app: AppFactory, notebook_with_items: Notebook
) -> None:
    """B: every bookmarked or annotated item, the first one's detail beside it."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before(keys=["B"]))


def test_bookmarks_view_narrow(
    snap_compare: SnapCompare, make_app: AppFactory, notebook_with_items: Notebook
) -> None:
    """The Bookmarks view at 80×24: the detail goes below the list."""
    assert snap_compare(make_app(), terminal_size=NARROW, run_before=before(keys=["B", "j"]))


def test_note_editor(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """m: the note editor over the main screen, a note being written."""

    async def run(pilot: Pilot[Any]) -> None:
        await before("ev-ties", ["m"])(pilot)
        area = pilot.app.screen.query_one(TextArea)
        area.insert("Check the date against the 1950 communiqué.")
        area.cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run)


def test_citation_style_picker(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """Y: the citation styles, BibTeX highlighted and previewed."""
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=before("ev-ties", ["Y", "j", "j"])
    )


def test_export_dialog(
    snap_compare: SnapCompare, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+E on the filtered timeline: format, what to export, the proposed file."""
    import tui.screens.export_dialog as export_dialog

    monkeypatch.setattr(export_dialog, "default_directory", lambda: Path("/home/me/notes"))
    monkeypatch.setattr(
        export_dialog, "default_path", partial(default_path, today=date(2025, 1, 30))
    )
    keys = ["slash", Paste("energy"), "enter", "ctrl+e"]
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=before(keys=keys, steady_input=True)
    )


def test_discrepancies_view(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """d: the one point listed above, the passages side by side below, then the four
    records it touches."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.press("d")
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("DisagreementList")))
        await wait_for(pilot, lambda: "1 point" in screen_text(pilot.app))
        await pilot.press("tab", "j")  # the second side highlighted

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run)


def test_discrepancies_view_narrow(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    """The Discrepancies view at 80×24, the first passage highlighted."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.press("d")
        await wait_for(pilot, lambda: "1 point" in screen_text(pilot.app))
        await pilot.press("tab")

    assert snap_compare(make_app(), terminal_size=NARROW, run_before=run)


# --- every screen at 60×20, 80×24 and 120×36 -----------------------------------------


async def _discrepancies(pilot: Pilot[Any]) -> None:
    await pilot.press("d")
    await wait_for(pilot, lambda: "1 point" in screen_text(pilot.app))
    await pilot.press("tab", "j")


async def _note(pilot: Pilot[Any]) -> None:
    await before("ev-ties", ["m"])(pilot)
    area = pilot.app.screen.query_one(TextArea)
    area.insert("Check the date against the 1950 communiqué.")
    area.cursor_blink = False
    await pilot.pause()


SCREENS: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "main": before("ev-state-visit"),
    "detail": before("ev-state-visit", ["enter", "j"]),
    "filter box": before(keys=["slash"], steady_input=True),
    "reader": before("ev-state-visit", ["o"]),
    "reader search": before("ev-state-visit", ["o", "slash", Paste("Russia"), "enter"]),
    "search": before(keys=["s", Paste("energy"), "down"]),
    "help": before(keys=["question_mark"]),
    "topics": before(keys=["t", "j"]),
    "years": before(keys=["r"], steady_input=True),
    "note": _note,
    "citation style": before("ev-ties", ["Y", "j", "j"]),
    "export": before(keys=["ctrl+e"], steady_input=True),
    "bookmarks": before(keys=["B", "j"]),
    "discrepancies": _discrepancies,
}
SIZES = {"60x20": (60, 20), "80x24": (80, 24), "120x36": (120, 36)}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_at_every_size(
    snap_compare: SnapCompare,
    make_app: AppFactory,
    notebook_with_items: Notebook,
    monkeypatch: pytest.MonkeyPatch,
    screen: str,
    size: str,
) -> None:
    """Each screen a user reaches, at the narrow, the common and the roomy size:
    no control, key or date is lost at 60×20 (dialogs wrap or scroll)."""
    import tui.core.outputs.export_files as export_files
    import tui.screens.export_dialog as export_dialog

    monkeypatch.setattr(export_dialog, "default_directory", lambda: Path("/home/me/notes"))
    monkeypatch.setattr(
        export_dialog, "default_path", partial(default_path, today=date(2025, 1, 30))
    )
    monkeypatch.setattr(export_files, "default_directory", Path.cwd)  # the Y picker's file box
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=SCREENS[screen])
