"""The Inbox, driven with the Pilot: accept, cite, dismiss, undo, a cancelled form."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.ui.helpers import wait_for
from tui.app import VnruApp
from tui.commands import RESEARCH_COMMANDS
from tui.core.index.reader import load_knowledge_base
from tui.ingest.adding import commit, prepare
from tui.ingest.inbox import Inbox
from tui.screens.inbox import InboxScreen
from tui.screens.inbox_form import RecordForm
from tui.screens.main import MainScreen

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "lavrov-hanoi.html"
BUNDLED = Path(__file__).resolve().parents[2] / "data"
SIZE = (120, 36)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A copy of the bundled data with the test article added (not reviewed)."""
    target = tmp_path / "archive"
    shutil.copytree(BUNDLED, target)
    commit(prepare(target, [ARTICLE]))
    return target


def files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.glob("*.yaml"))}


def source_id(root: Path) -> str:
    [(found, _pending)] = list(Inbox(root).articles())
    return found


def inbox_of(app: VnruApp) -> InboxScreen:
    assert isinstance(app.screen, InboxScreen)
    return app.screen


async def open_inbox(app: VnruApp, pilot) -> InboxScreen:  # type: ignore[no-untyped-def]
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
    await pilot.pause()
    return inbox_of(app)


async def test_dismiss_then_undo(archive: Path) -> None:
    app = VnruApp(load_knowledge_base(archive))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inbox(app, pilot)
        current = screen.current()
        assert current is not None
        first = current[1]
        open_before = len(Inbox(archive).pending(source_id(archive)).open)  # type: ignore[union-attr]
        await pilot.press("x")
        pending = Inbox(archive).pending(source_id(archive))
        assert pending is not None and pending.decisions[first.id].action == "dismissed"
        assert len(pending.open) == open_before - 1
        assert screen.current() is not None and screen.current()[1].id != first.id  # type: ignore[index]
        await pilot.press("u")
        pending = Inbox(archive).pending(source_id(archive))
        assert pending is not None and first.id not in pending.decisions
        assert screen.current()[1].id == first.id  # type: ignore[index]


async def test_accept_an_event_through_the_form_and_find_it_in_the_timeline(
    archive: Path,
) -> None:
    before = files(archive)
    app = VnruApp(load_knowledge_base(archive))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inbox(app, pilot)
        suggestion = screen.current()[1]  # type: ignore[index]
        assert suggestion.kind == "event"
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert isinstance(form, RecordForm)
        values = form.values()
        # "Hanoi, July 6, 2024 - … on Friday": the Friday before the dateline.
        assert values["date"] == "2024-07-05" and values["date_certainty"] == "inferred"
        assert values["quote"] == suggestion.quote
        assert "vladimir-putin" in values["people"]
        form.set_value("id", "lavrov-hanoi-talks")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        events = (archive / "events.yaml").read_text(encoding="utf-8")
        assert events.startswith(before["events.yaml"].decode("utf-8"))
        assert "- id: lavrov-hanoi-talks" in events
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert "lavrov-hanoi-talks" in app.kb.by_id  # the explorer shows the new data
        assert app.kb.by_id["lavrov-hanoi-talks"].date == "2024-07-05"  # type: ignore[union-attr]


async def test_a_cancelled_form_writes_nothing(archive: Path) -> None:
    before = files(archive)
    app = VnruApp(load_knowledge_base(archive))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inbox(app, pilot)
        suggestion = screen.current()[1]  # type: ignore[index]
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        assert files(archive) == before
        assert screen.current()[1].id == suggestion.id  # type: ignore[index]
        pending = Inbox(archive).pending(source_id(archive))
        assert pending is not None and suggestion.id not in pending.decisions


async def test_an_invalid_form_stays_open_and_writes_nothing(archive: Path) -> None:
    before = files(archive)
    app = VnruApp(load_knowledge_base(archive))
    async with app.run_test(size=SIZE) as pilot:
        await open_inbox(app, pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert isinstance(form, RecordForm)
        form.set_value("quote", "A sentence this article never printed.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open, saying why
        assert files(archive) == before


async def test_accept_then_undo_takes_the_record_back_out(archive: Path) -> None:
    before = files(archive)
    app = VnruApp(load_knowledge_base(archive))
    async with app.run_test(size=SIZE) as pilot:
        await open_inbox(app, pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        assert files(archive) != before
        await pilot.press("u")
        assert files(archive) == before


async def test_a_known_person_gets_the_sentence_as_a_citation(archive: Path) -> None:
    app = VnruApp(load_knowledge_base(archive))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inbox(app, pilot)
        options = screen.query_one(OptionList)
        for index in range(options.option_count):
            if (options.get_option_at_index(index).id or "").endswith(
                next(
                    s.id
                    for s in Inbox(archive).pending(source_id(archive)).open  # type: ignore[union-attr]
                    if s.match == "dang-minh-khoi"
                )
            ):
                options.highlighted = index
        await pilot.pause()
        assert screen.current()[1].match == "dang-minh-khoi"  # type: ignore[index]
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
        assert app.screen.values()["record"] == "dang-minh-khoi"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
    record = load_knowledge_base(archive).by_id["dang-minh-khoi"]
    assert record.citations[-1].source == source_id(archive)  # type: ignore[union-attr]
    assert record.citations[-1].quote.startswith("Đặng Minh Khôi, Deputy Minister")  # type: ignore[union-attr]


async def test_the_bundled_data_has_no_inbox_to_write() -> None:
    app = VnruApp(load_knowledge_base(BUNDLED))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inbox(app, pilot)
        assert screen.review is None
        assert screen.current() is None
        await pilot.press("a", "x", "u")
        assert isinstance(app.screen, InboxScreen)


def test_the_palette_offers_the_inbox() -> None:
    assert any(action == "app.inbox" for _name, _help, action in RESEARCH_COMMANDS)


async def test_the_articles_details_are_editable(archive: Path) -> None:
    app = VnruApp(load_knowledge_base(archive))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inbox(app, pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.values()["outlet"] == "Hanoi Courier"
        form.set_value("title", "Lavrov holds talks in Hanoi")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        options = screen.query_one(OptionList)
        assert "Lavrov holds talks in Hanoi" in str(options.get_option_at_index(0).prompt)
    assert "title: Lavrov holds talks in Hanoi" in (archive / "sources.yaml").read_text(
        encoding="utf-8"
    )
