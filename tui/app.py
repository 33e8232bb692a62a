"""The vnru Textual application."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.collector import CHECK, Collector
from tui.core.paths import bundled
from tui.core.problems import DataError
from tui.core.queries.knowledge import KnowledgeBase
from tui.screens.session import GoToRecord, RunMainAction
from tui.widgets.key_handoff import hand_back, note_receiver, received_elsewhere
from tui.widgets.textual_private import AppWithShortErrors, become_default_screen

if TYPE_CHECKING:
    from textual.command import Provider

    from tui.core.files.loading import Progress
    from tui.core.outputs.notebook import Notebook
    from tui.screens.main import MainScreen


def main_screen_type() -> type[MainScreen]:
    """The main screen's class, imported when first needed (a progress screen comes first)."""
    from tui.screens.main import MainScreen

    return MainScreen


def _record_commands() -> type[Provider]:
    """The palette's record provider, imported when the palette first opens."""
    from tui.commands import RecordCommands

    return RecordCommands


def _research_commands() -> type[Provider]:
    """The palette's Bookmarks, Discrepancies, Export and Citation style commands."""
    from tui.commands import ResearchCommands

    return ResearchCommands


class VnruApp(AppWithShortErrors):
    """Explore the knowledge base: lists, details, sources, search."""

    TITLE = "vnru"
    SUB_TITLE = "Vietnam–Russia relations"
    CSS_PATH = str(bundled("styles") / "app.tcss")
    COMMANDS = App.COMMANDS | {_record_commands, _research_commands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]  # type: ignore[misc]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (30, "-tall")]  # type: ignore[misc]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark,f1", "help", "Help"),
        # vnru add's suggestions (tui/screens/inbox.py)
        Binding("i", "inbox", "Inbox: review what vnru add suggested", show=False),
    ]

    def __init__(
        self,
        kb: KnowledgeBase | None = None,
        *,
        loader: Callable[[Progress], KnowledgeBase] | None = None,
        directory: str = "",
        notebook: Notebook | None = None,
        manage_collector: bool = False,
    ) -> None:
        """Show ``kb``, or run ``loader`` in a worker behind a progress screen.

        ``notebook`` replaces the user's own (tests); by default it is opened
        from the user data directory when first needed.

        ``manage_collector`` is for the command line, which pauses Python's
        cyclic garbage collector while the interface starts: the app turns it
        back on after the first frame (:mod:`tui.collector`).
        """
        super().__init__()
        if kb is None and loader is None:
            raise ValueError("VnruApp needs a knowledge base or a loader")
        self._kb = kb
        self._loader = loader
        self._directory = directory
        self._frame_shown = False
        self._after_first_frame: list[Callable[[], object]] = []
        self.load_error: DataError | None = None
        """Set when the loader found problems; the command line prints them."""
        self._notebook = notebook
        self.collector = Collector(managed=manage_collector)
        if manage_collector:
            # One refresh later than the rest: after the work deferred to the
            # first frame (the detail pane imports pydantic and the models).
            self._after_first_frame.append(lambda: self.call_after_refresh(self._resume_collector))
        self.farewell: str | None = None
        """What the command line prints once the terminal is restored after ``q``:
        how to come back."""
        self._quit_asked = False
        self._quitting = False  # q was pressed: the app is closing

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base on show."""
        if self._kb is None:
            raise LookupError("the knowledge base is still loading")
        return self._kb

    @property
    def notebook(self) -> Notebook:
        """The user's bookmarks, notes and citation style (opened on first use;
        any problem with the file is shown as a warning)."""
        if self._notebook is None:
            from tui.core.outputs.notebook import Notebook

            self._notebook = Notebook.open()
        for warning in self._notebook.take_warnings():
            self.notify(warning, title="Notebook", severity="warning", timeout=20)
        return self._notebook

    @property
    def is_loaded(self) -> bool:
        """True once the knowledge base is available."""
        return self._kb is not None

    def loaded_knowledge_base(self) -> KnowledgeBase | None:
        """The knowledge base on show, or None while it is still loading."""
        return self._kb

    def open_notebook(self) -> Notebook:
        """The user's notebook (see :attr:`notebook`)."""
        return self.notebook

    def _resume_collector(self) -> None:
        self.collector.resume()
        self.set_interval(CHECK, self.collector.tick)

    def keep_long_lived(self) -> None:
        """Freeze what is alive now out of the collector's full passes: called
        when a large, lasting structure (a knowledge base, its search text)
        has just been built."""
        self.collector.keep_long_lived()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseEvent):
            self.collector.input_seen()
        if isinstance(event, events.Key) and not event.is_forwarded:
            note_receiver(event, self.focused)  # where Textual is about to hand it
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        # A key typed before the focus moved is typed again, for the new focus
        # (see tui.widgets.key_handoff); only then are its bindings resolved.
        if self._quitting:
            # Typed behind q: a key that opens a screen (s, B, d) would compose
            # it in an app already closing, and fail.
            event.prevent_default()
        elif received_elsewhere(self, event):
            event.prevent_default()
            hand_back(self, event)

    def on_ready(self) -> None:
        # Sent when the DOM is ready; the first frame is written on the next refresh.
        self._frame_shown = True
        for callback in self._after_first_frame:
            self.call_after_refresh(callback)
        self._after_first_frame.clear()

    def call_after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the first frame has been written to the terminal.

        Work that would delay the first frame (building the first record's
        detail imports pydantic) is deferred this way.  Textual renders the
        screen once before it starts writing to the terminal, so "after the
        first refresh" is not enough.
        """
        if self._frame_shown:
            self.call_after_refresh(callback)
        else:
            self._after_first_frame.append(callback)

    def get_default_screen(self) -> Screen[None]:
        # The main (or progress) screen is the bottom of the stack itself: an
        # empty default screen underneath would be composed, styled and
        # resized before the first frame for nothing.
        screen: Screen[None]
        if self._kb is not None:
            screen = main_screen_type()(self._kb)
        else:
            from tui.screens.loading import LoadingScreen

            screen = LoadingScreen(self._directory)
        # What push_screen gives every other screen: without it, switch_screen
        # (progress -> main, damaged cache -> progress) fails on the bottom
        # screen with an IndexError in textual 8.2.8.
        become_default_screen(self, screen)
        return screen

    def on_mount(self) -> None:
        if self._kb is not None:
            self.call_after_first_frame(self._prefetch_search_text)
            if self._kb.verify is not None:
                self.call_after_first_frame(self._verify_index)
        else:
            # Started once the progress screen is on the terminal: the loader's
            # imports would otherwise hold the interpreter while it is drawn.
            self.call_after_first_frame(self._load)

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        """Validate and index the archive off the UI thread."""
        assert self._loader is not None
        try:
            kb = self._loader(self._report_progress)
        except DataError as error:
            self.call_from_thread(self._load_failed, error)
            return
        self.call_from_thread(self._loaded, kb)

    def _verify_index(self) -> None:
        if self._kb is not None:
            self._check_index(self._kb)

    @work(thread=True, exclusive=True, group="verify")
    def _check_index(self, kb: KnowledgeBase) -> None:
        """Check, off the interface's thread, the index the archive was opened from."""
        assert kb.verify is not None
        try:
            kb.verify()
        except Exception as error:  # stale, damaged, or the file vanished under us
            self.call_from_thread(self._index_unusable, kb.root, error)

    def _index_unusable(self, root: Path, error: Exception) -> None:
        """Drop the knowledge base of a stale or damaged index and read the data again."""
        from tui.core.queries.opening import IndexStale, open_knowledge_base
        from tui.screens.loading import LoadingScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._kb = None
        self._loader = lambda progress: open_knowledge_base(root, progress=progress)[0]
        self._directory = str(root)
        self.switch_screen(LoadingScreen(self._directory))  # the old main screen goes
        self.notify(
            "A file of this archive changed since it was indexed: reading the changed files again."
            if isinstance(error, IndexStale)
            else "The index of this archive was damaged and has been removed: "
            "reading the data files again.",
            severity="warning",
            timeout=10,
            markup=False,
        )
        self._load()

    def _report_progress(self, stage: str, fraction: float) -> None:
        self.call_from_thread(self._show_progress, stage, fraction)

    def _show_progress(self, stage: str, fraction: float) -> None:
        from tui.screens.loading import LoadingScreen

        if isinstance(self.screen, LoadingScreen):
            self.screen.show_progress(stage, fraction)

    def _loaded(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self.switch_screen(main_screen_type()(kb))
        self.keep_long_lived()
        self.call_after_first_frame(self._prefetch_search_text)

    def _prefetch_search_text(self) -> None:
        # The filter and search text (hundreds of megabytes at 100,000 records)
        # is read in the background, in small frames, once the main screen has
        # settled, so the first '/' or 's' finds it ready and the interface
        # stays live meanwhile.
        kb = self._kb
        if kb is not None:
            self.set_timer(0.3, lambda: self._start_prefetch(kb))

    def _start_prefetch(self, kb: KnowledgeBase) -> None:
        if kb is self._kb:  # (not a knowledge base dropped meanwhile)
            self.run_worker(
                lambda: self._read_search_text(kb),
                thread=True,
                group="prefetch",
                exit_on_error=False,
            )

    def _read_search_text(self, kb: KnowledgeBase) -> None:
        kb.prepare()
        self.call_from_thread(self.keep_long_lived)

    def _load_failed(self, error: DataError) -> None:
        self.load_error = error
        self.exit(1)

    def recover_from(self, error: BaseException) -> bool:
        """A page of the index that cannot be read: the index is damaged, not the
        app.  It is removed and the data files are read again; True when handled."""
        if not isinstance(error, sqlite3.DatabaseError) or self._kb is None:
            return False
        from tui.core.index.schema import index_path

        index_path(self._kb.root).unlink(missing_ok=True)
        self._index_unusable(self._kb.root, error)
        return True

    @property
    def main_screen(self) -> MainScreen:
        """The main screen (the bottom of the stack once mounted)."""
        for screen in self.screen_stack:
            if isinstance(screen, main_screen_type()):
                return screen
        raise LookupError("the main screen is not mounted")

    def action_help(self) -> None:
        """Show every key, opened at the keys of the screen it was asked from."""
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, everywhere=self.BINDINGS))

    def action_inbox(self) -> None:
        """The Inbox: review what `vnru add` suggested; the explorer reloads what was written."""
        from tui.screens.inbox import InboxScreen

        if self.is_loaded and not isinstance(self.screen, InboxScreen):
            self.push_screen(
                InboxScreen(self.kb), lambda kb: None if kb is None else self._loaded(kb)
            )

    def action_command_palette(self) -> None:
        """The command palette, saying what it finds: records first."""
        from textual.command import CommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(
                CommandPalette(
                    placeholder="Jump to an event, person, agreement, source…",
                    id="--command-palette",
                )
            )

    async def action_quit(self) -> None:
        """Quit at once, unless a change to the notebook could not be saved:
        then say so, and quit on a second ``q``."""
        notebook = self._notebook
        if notebook is not None and notebook.unsaved and not self._quit_asked:
            self._quit_asked = True
            self.notify(
                "A bookmark or note change could not be saved and would be lost. "
                "Press q again to quit anyway.",
                title="Not saved",
                severity="warning",
                timeout=15,
            )
            return
        self.farewell = self._how_to_come_back()
        self._quitting = True
        self.exit()

    def _how_to_come_back(self) -> str:
        from tui.core.outputs.notebook import notebook_path
        from tui.core.paths import default_data_dir

        command = "vnru"
        if self._kb is not None and self._kb.root.resolve() != default_data_dir().resolve():
            command = f"vnru --data {self._kb.root}"
        return (
            f"vnru closed. Run `{command}` to come back; "
            f"your bookmarks and notes are kept in {notebook_path()}."
        )

    def go_to(self, record_id: str) -> None:
        """Close any screens above the main one and show ``record_id`` there."""
        self._back_to_main().go_to(record_id)

    @on(GoToRecord)
    def _go_to_record(self, message: GoToRecord) -> None:
        self.go_to(message.record_id)

    @on(RunMainAction)
    def _run_main_action(self, message: RunMainAction) -> None:
        if self.is_loaded:
            self.call_later(self._back_to_main().run_action, message.action)

    def _back_to_main(self) -> MainScreen:
        """Close any screens above the main one, and return it."""
        main = self.main_screen
        while self.screen is not main:
            self.pop_screen()
        return main
